//! The fake's machine pool operations on every cloud it keeps clusters on: add, remove, list machines, and read and update pools on the seeded clouds (custom cloud types and virtual clusters in part).

use axum::http::HeaderMap;
use axum::routing::{get, post, put};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::clusters::{Cloud, Phase, flatten_pool};
use super::clusters_api::{check_pool as check_entity, cloud_config, typed_reply, update_pool};
use super::coverage::Routes;
use super::http::{Reply, Req, Served, State, body, caller, json, no_content, serve};
use super::model::{Refusal, refuse};
use crate::types;

pub(crate) fn routes() -> Routes {
    let mut routes = Routes::new();
    // Every cloud: add a pool, remove one, list a pool's machines.
    macro_rules! pools {
        ($cloud:expr, $pools:literal, $pool:literal, $machines:literal) => {
            routes = routes
                .route($pools, post(serve(move |req| add(req, $cloud))))
                .route(
                    $pool,
                    axum::routing::delete(serve(move |req| remove(req, $cloud))),
                )
                .route($machines, get(serve(move |req| machines(req, $cloud))));
        };
        // The clouds the cluster area does not read and update pools of.
        ($cloud:expr, $config:literal, $pools:literal, $pool:literal, $machines:literal) => {
            pools!($cloud, $pools, $pool, $machines);
            routes = routes
                .route($config, get(serve(move |req| cloud_config(req, $cloud))))
                .route($pool, put(serve(move |req| update_pool(req, $cloud))));
        };
    }
    pools!(
        Cloud::Aws,
        "/v1/cloudconfigs/aws/{configUid}/machinePools",
        "/v1/cloudconfigs/aws/{configUid}/machinePools/{machinePoolName}",
        "/v1/cloudconfigs/aws/{configUid}/machinePools/{machinePoolName}/machines"
    );
    pools!(
        Cloud::Eks,
        "/v1/cloudconfigs/eks/{configUid}/machinePools",
        "/v1/cloudconfigs/eks/{configUid}/machinePools/{machinePoolName}",
        "/v1/cloudconfigs/eks/{configUid}/machinePools/{machinePoolName}/machines"
    );
    pools!(
        Cloud::EdgeNative,
        "/v1/cloudconfigs/edge-native/{configUid}/machinePools",
        "/v1/cloudconfigs/edge-native/{configUid}/machinePools/{machinePoolName}",
        "/v1/cloudconfigs/edge-native/{configUid}/machinePools/{machinePoolName}/machines"
    );
    pools!(
        Cloud::Azure,
        "/v1/cloudconfigs/azure/{configUid}",
        "/v1/cloudconfigs/azure/{configUid}/machinePools",
        "/v1/cloudconfigs/azure/{configUid}/machinePools/{machinePoolName}",
        "/v1/cloudconfigs/azure/{configUid}/machinePools/{machinePoolName}/machines"
    );
    pools!(
        Cloud::Aks,
        "/v1/cloudconfigs/aks/{configUid}",
        "/v1/cloudconfigs/aks/{configUid}/machinePools",
        "/v1/cloudconfigs/aks/{configUid}/machinePools/{machinePoolName}",
        "/v1/cloudconfigs/aks/{configUid}/machinePools/{machinePoolName}/machines"
    );
    pools!(
        Cloud::Gcp,
        "/v1/cloudconfigs/gcp/{configUid}",
        "/v1/cloudconfigs/gcp/{configUid}/machinePools",
        "/v1/cloudconfigs/gcp/{configUid}/machinePools/{machinePoolName}",
        "/v1/cloudconfigs/gcp/{configUid}/machinePools/{machinePoolName}/machines"
    );
    pools!(
        Cloud::Gke,
        "/v1/cloudconfigs/gke/{configUid}",
        "/v1/cloudconfigs/gke/{configUid}/machinePools",
        "/v1/cloudconfigs/gke/{configUid}/machinePools/{machinePoolName}",
        "/v1/cloudconfigs/gke/{configUid}/machinePools/{machinePoolName}/machines"
    );
    pools!(
        Cloud::Vsphere,
        "/v1/cloudconfigs/vsphere/{configUid}",
        "/v1/cloudconfigs/vsphere/{configUid}/machinePools",
        "/v1/cloudconfigs/vsphere/{configUid}/machinePools/{machinePoolName}",
        "/v1/cloudconfigs/vsphere/{configUid}/machinePools/{machinePoolName}/machines"
    );
    pools!(
        Cloud::Maas,
        "/v1/cloudconfigs/maas/{configUid}",
        "/v1/cloudconfigs/maas/{configUid}/machinePools",
        "/v1/cloudconfigs/maas/{configUid}/machinePools/{machinePoolName}",
        "/v1/cloudconfigs/maas/{configUid}/machinePools/{machinePoolName}/machines"
    );
    pools!(
        Cloud::ApacheCloudStack,
        "/v1/cloudconfigs/apache-cloudstack/{configUid}",
        "/v1/cloudconfigs/apache-cloudstack/{configUid}/machinePools",
        "/v1/cloudconfigs/apache-cloudstack/{configUid}/machinePools/{machinePoolName}",
        "/v1/cloudconfigs/apache-cloudstack/{configUid}/machinePools/{machinePoolName}/machines"
    );
    pools!(
        Cloud::Generic,
        "/v1/cloudconfigs/generic/{configUid}",
        "/v1/cloudconfigs/generic/{configUid}/machinePools",
        "/v1/cloudconfigs/generic/{configUid}/machinePools/{machinePoolName}",
        "/v1/cloudconfigs/generic/{configUid}/machinePools/{machinePoolName}/machines"
    );
    // A virtual cluster's config is read and resized by the virtual cluster area; its pool's
    // machines are listed here. Its pool entity is only the quota (no name, no size), so the
    // fake leaves adding, changing and removing virtual pools to the resize.
    routes = routes.route(
        "/v1/cloudconfigs/virtual/{configUid}/machinePools/{machinePoolName}/machines",
        get(serve(move |req| machines(req, Cloud::Virtual))),
    );
    // Custom cloud types: the type's name is one more path segment, checked against the
    // cluster's before the request is served as on any other cloud. A new custom pool is its
    // `values` (the cloud's own templates, which name and size it): the fake does not read
    // those, so it leaves the creation out.
    routes
        .route(
            "/v1/cloudconfigs/cloudTypes/{cloudType}/{configUid}",
            get(custom(cloud_config)),
        )
        .route(
            "/v1/cloudconfigs/cloudTypes/{cloudType}/{configUid}/machinePools/{machinePoolName}",
            put(custom(update_pool)).delete(custom(remove)),
        )
        .route(
            "/v1/cloudconfigs/cloudTypes/{cloudType}/{configUid}/machinePools/{machinePoolName}/machines",
            get(custom(machines)),
        )
}

/// Serves `handler` on a custom cloud type's route: the type, the route's first parameter,
/// must be the cluster's, and `handler` reads the parameters after it.
fn custom(handler: fn(Req, Cloud) -> Reply) -> Served {
    serve(move |mut req: Req| {
        let cloud_type = req.shift()?;
        custom_config(&req.state, &req.headers, &cloud_type, req.param(0)?)?;
        handler(req, Cloud::Custom)
    })
}

/// 404 unless `config_uid` is the cloud config of a cluster on the custom cloud type
/// `cloud_type`, in the caller's scope.
fn custom_config(
    state: &State,
    headers: &HeaderMap,
    cloud_type: &str,
    config_uid: &str,
) -> Result<(), Refusal> {
    let project = caller(state, headers)?;
    let mut model = state.model();
    let cluster = model
        .clusters
        .by_config_mut(project.as_deref(), Cloud::Custom, config_uid)?;
    if cluster.custom_type != cloud_type {
        return Err(refuse(
            404,
            "ResourceNotFound",
            format!("{cloud_type} cloud config '{config_uid}' not found"),
        ));
    }
    Ok(())
}

/// Checks a pool entity of the clouds the cluster area leaves to this one.
pub(super) fn check_pool(cloud: Cloud, entity: &Value) -> Result<(), String> {
    fn typed<T: DeserializeOwned>(entity: &Value) -> Result<(), String> {
        serde_json::from_value::<T>(entity.clone())
            .map(drop)
            .map_err(|e| e.to_string())
    }
    match cloud {
        Cloud::Azure | Cloud::Aks => typed::<types::AzureMachinePoolConfigEntity>(entity),
        Cloud::Gcp | Cloud::Gke => typed::<types::GcpMachinePoolConfigEntity>(entity),
        Cloud::Vsphere => typed::<types::VsphereMachinePoolConfigEntity>(entity),
        Cloud::Maas => typed::<types::MaasMachinePoolConfigEntity>(entity),
        Cloud::ApacheCloudStack => typed::<types::CloudStackMachinePoolConfigEntity>(entity),
        Cloud::Generic => typed::<types::GenericMachinePoolConfigEntity>(entity),
        Cloud::Custom => typed::<types::CustomMachinePoolConfigEntity>(entity),
        Cloud::Aws | Cloud::Eks | Cloud::EdgeNative | Cloud::Virtual => check_entity(cloud, entity),
    }
}

/// A cloud config of the clouds the cluster area leaves to this one, as its generated type.
pub(super) fn typed_config(cloud: Cloud, config: Value) -> Reply {
    match cloud {
        Cloud::Azure | Cloud::Aks => typed_reply::<types::AzureCloudConfig>(config),
        Cloud::Gcp | Cloud::Gke => typed_reply::<types::GcpCloudConfig>(config),
        Cloud::Vsphere => typed_reply::<types::VsphereCloudConfig>(config),
        Cloud::Maas => typed_reply::<types::MaasCloudConfig>(config),
        Cloud::ApacheCloudStack => typed_reply::<types::CloudStackCloudConfig>(config),
        Cloud::Generic => typed_reply::<types::GenericCloudConfig>(config),
        Cloud::Custom => typed_reply::<types::CustomCloudConfig>(config),
        Cloud::Aws => typed_reply::<types::AwsCloudConfig>(config),
        Cloud::Eks => typed_reply::<types::EksCloudConfig>(config),
        Cloud::EdgeNative | Cloud::Virtual => typed_reply::<types::EdgeNativeCloudConfig>(config),
    }
}

fn pool_not_found(config_uid: &str, pool: &str) -> Refusal {
    refuse(
        404,
        "MachinePoolNotFound",
        format!("machine pool '{pool}' not found in cloud config '{config_uid}'"),
    )
}

/// Adds a pool: 400 for an entity the cloud's type does not take or without a name or size,
/// 409 when the cluster has a pool of the name.
fn add(req: Req, cloud: Cloud) -> Reply {
    let [config_uid] = req.path()?;
    let state = req.state;
    let headers = req.headers;
    let bytes = req.body;
    let project = caller(&state, &headers)?;
    let entity: Value = body(&bytes)?;
    check_pool(cloud, &entity).map_err(|e| {
        refuse(
            400,
            "InvalidRequestBody",
            format!("the machine pool is not valid: {e}"),
        )
    })?;
    let pool = flatten_pool(&entity);
    let name = pool.get("name").and_then(Value::as_str).unwrap_or_default();
    if name.is_empty() || pool.get("size").and_then(Value::as_i64).is_none() {
        return Err(refuse(
            400,
            "InvalidRequestBody",
            "a machine pool needs poolConfig.name and poolConfig.size".to_string(),
        ));
    }
    let name = name.to_string();
    let mut model = state.model();
    let uid = model.new_uid();
    let cluster = model
        .clusters
        .by_config_mut(project.as_deref(), cloud, &config_uid)?;
    if cluster.pool_mut(&name).is_some() {
        return Err(refuse(
            409,
            "MachinePoolAlreadyExists",
            format!("machine pool '{name}' already exists in cloud config '{config_uid}'"),
        ));
    }
    cluster.pools.push(pool);
    cluster.modified = chrono::Utc::now();
    json(201, &json!({ "uid": uid }))
}

/// Removes a pool; the control plane's pool cannot be removed (400).
fn remove(req: Req, cloud: Cloud) -> Reply {
    let [config_uid, name] = req.path()?;
    let state = req.state;
    let headers = req.headers;
    let project = caller(&state, &headers)?;
    let mut model = state.model();
    let cluster = model
        .clusters
        .by_config_mut(project.as_deref(), cloud, &config_uid)?;
    let pool = cluster
        .pool_mut(&name)
        .ok_or_else(|| pool_not_found(&config_uid, &name))?;
    if pool.get("isControlPlane").and_then(Value::as_bool) == Some(true) {
        return Err(refuse(
            400,
            "InvalidMachinePoolDelete",
            format!("machine pool '{name}' is the control plane's and cannot be deleted"),
        ));
    }
    cluster
        .pools
        .retain(|p| p.get("name").and_then(Value::as_str) != Some(name.as_str()));
    cluster.modified = chrono::Utc::now();
    no_content()
}

/// The machines of a pool: as many as its size, running and ready once the cluster is
/// `Running`, provisioning before.
fn machines(req: Req, cloud: Cloud) -> Reply {
    let [config_uid, name] = req.path()?;
    let state = req.state;
    let headers = req.headers;
    let project = caller(&state, &headers)?;
    let mut model = state.model();
    let (now, keep) = (model.clusters.now(), model.clusters.keep_deleted);
    let cluster = model
        .clusters
        .by_config_mut(project.as_deref(), cloud, &config_uid)?;
    let running = cluster.phase(now, keep) == Phase::Live("Running".into());
    let cluster_name = cluster.name.clone();
    let pool = cluster
        .pool_mut(&name)
        .ok_or_else(|| pool_not_found(&config_uid, &name))?;
    let size = pool.get("size").and_then(Value::as_i64).unwrap_or(0).max(0);
    let items: Vec<Value> = (0..size)
        .map(|i| {
            json!({
                "kind": "Machine",
                "metadata": {
                    "name": format!("{cluster_name}-{name}-{i}"),
                    "uid": format!("{config_uid}-{name}-{i}"),
                },
                "status": {
                    "instanceState": if running { "Running" } else { "Provisioning" },
                    "ready": running,
                    "health": { "state": if running { "Healthy" } else { "UnKnown" } },
                    "addresses": [{ "type": "InternalIP", "address": format!("10.0.0.{}", i + 10) }],
                },
            })
        })
        .collect();
    json(
        200,
        &json!({ "items": items, "listmeta": { "count": items.len(), "offset": 0 } }),
    )
}
