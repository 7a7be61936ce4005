//! The fake's machine pool handlers on every cloud it keeps clusters on: a cloud config read, and pools checked against each cloud's generated types, added, replaced, removed and their machines listed (the routes are the per-cloud table of `clouds`).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::testing::http::{Reply, Req, Served, body, json, no_content, serve};
use crate::testing::model::clusters::{Cloud, Phase, flatten_pool};
use crate::testing::refusal::{Refusal, refuse};
use crate::types;

/// Checks one machine pool entity against the cloud's generated type.
pub(super) fn check_pool(cloud: Cloud, entity: &Value) -> Result<(), String> {
    fn typed<T: DeserializeOwned>(entity: &Value) -> Result<(), String> {
        serde_json::from_value::<T>(entity.clone())
            .map(drop)
            .map_err(|e| e.to_string())
    }
    match cloud {
        Cloud::Aws => typed::<types::AwsMachinePoolConfigEntity>(entity),
        Cloud::Eks => typed::<types::EksMachinePoolConfigEntity>(entity),
        Cloud::EdgeNative => typed::<types::EdgeNativeMachinePoolConfigEntity>(entity),
        Cloud::Virtual => typed::<types::VirtualMachinePoolConfigEntity>(entity),
        #[cfg(feature = "cloudconfigs")]
        Cloud::Azure | Cloud::Aks => typed::<types::AzureMachinePoolConfigEntity>(entity),
        #[cfg(feature = "cloudconfigs")]
        Cloud::Gcp | Cloud::Gke => typed::<types::GcpMachinePoolConfigEntity>(entity),
        #[cfg(feature = "cloudconfigs")]
        Cloud::Vsphere => typed::<types::VsphereMachinePoolConfigEntity>(entity),
        #[cfg(feature = "cloudconfigs")]
        Cloud::Maas => typed::<types::MaasMachinePoolConfigEntity>(entity),
        #[cfg(feature = "cloudconfigs")]
        Cloud::ApacheCloudStack => typed::<types::CloudStackMachinePoolConfigEntity>(entity),
        #[cfg(feature = "cloudconfigs")]
        Cloud::Generic => typed::<types::GenericMachinePoolConfigEntity>(entity),
        #[cfg(feature = "cloudconfigs")]
        Cloud::Custom => typed::<types::CustomMachinePoolConfigEntity>(entity),
        #[cfg(not(feature = "cloudconfigs"))]
        other => Err(format!(
            "the fake takes {} machine pools with the cloudconfigs feature",
            other.name()
        )),
    }
}

/// A cloud config as the cloud's generated type.
fn typed_config(cloud: Cloud, config: Value) -> Reply {
    match cloud {
        Cloud::Aws => typed_reply::<types::AwsCloudConfig>(config),
        Cloud::Eks => typed_reply::<types::EksCloudConfig>(config),
        Cloud::EdgeNative | Cloud::Virtual => typed_reply::<types::EdgeNativeCloudConfig>(config),
        #[cfg(feature = "cloudconfigs")]
        Cloud::Azure | Cloud::Aks => typed_reply::<types::AzureCloudConfig>(config),
        #[cfg(feature = "cloudconfigs")]
        Cloud::Gcp | Cloud::Gke => typed_reply::<types::GcpCloudConfig>(config),
        #[cfg(feature = "cloudconfigs")]
        Cloud::Vsphere => typed_reply::<types::VsphereCloudConfig>(config),
        #[cfg(feature = "cloudconfigs")]
        Cloud::Maas => typed_reply::<types::MaasCloudConfig>(config),
        #[cfg(feature = "cloudconfigs")]
        Cloud::ApacheCloudStack => typed_reply::<types::CloudStackCloudConfig>(config),
        #[cfg(feature = "cloudconfigs")]
        Cloud::Generic => typed_reply::<types::GenericCloudConfig>(config),
        #[cfg(feature = "cloudconfigs")]
        Cloud::Custom => typed_reply::<types::CustomCloudConfig>(config),
        #[cfg(not(feature = "cloudconfigs"))]
        _ => json(200, &config),
    }
}

fn typed_reply<T: DeserializeOwned + Serialize>(value: Value) -> Reply {
    let typed: T = serde_json::from_value(value).map_err(|e| {
        refuse(
            500,
            "InternalError",
            format!("the fake could not build its cloud config: {e}"),
        )
    })?;
    json(200, &typed)
}

/// A pool entity the cloud's type does not take.
fn invalid_pool(error: String) -> Refusal {
    refuse(
        400,
        "InvalidRequestBody",
        format!("the machine pool is not valid: {error}"),
    )
}

fn pool_not_found(config_uid: &str, pool: &str) -> Refusal {
    refuse(
        404,
        "MachinePoolNotFound",
        format!("machine pool '{pool}' not found in cloud config '{config_uid}'"),
    )
}

/// A cluster's cloud config, with its machine pools, as the cloud's generated type.
pub(super) fn cloud_config(req: Req, cloud: Cloud) -> Reply {
    let [config_uid] = req.path()?;
    let project = req.caller()?;
    let mut model = req.model();
    let c = model
        .clusters
        .by_config_mut(project.as_deref(), cloud, &config_uid)?;
    let pools: Vec<Value> = c
        .pools
        .iter()
        .map(|p| {
            let mut p = p.clone();
            p.entry("isControlPlane").or_insert(Value::Bool(false));
            Value::Object(p)
        })
        .collect();
    let mut spec = json!({
        "clusterConfig": c.cluster_config,
        "machinePoolConfig": pools,
    });
    if !c.cloud_account_uid.is_empty() {
        spec["cloudAccountRef"] = json!({"kind": "cloudaccount", "uid": c.cloud_account_uid});
    }
    let kind = cloud.config_kind();
    let meta = types::ObjectMeta {
        name: Some(c.name.clone()),
        uid: Some(c.config_uid.clone()),
        creation_timestamp: Some(types::Time(c.created)),
        last_modified_timestamp: Some(types::Time(c.modified)),
        ..Default::default()
    };
    let config = json!({
        "apiVersion": "v1",
        "kind": kind,
        "metadata": meta,
        "spec": spec,
        "status": {},
    });
    typed_config(cloud, config)
}

/// Replaces a machine pool with the one given (a PUT: a field the entity leaves out is no
/// longer set), keeping its name; a size the entity cannot carry (a custom cloud's pool is
/// sized by its values) stays as it was.
pub(super) fn update_pool(req: Req, cloud: Cloud) -> Reply {
    let [config_uid, pool_name] = req.path()?;
    let project = req.caller()?;
    let entity: Value = body(&req.body)?;
    check_pool(cloud, &entity).map_err(invalid_pool)?;
    let mut update = flatten_pool(&entity);
    update.insert("name".into(), Value::String(pool_name.clone()));
    let mut model = req.model();
    let c = model
        .clusters
        .by_config_mut(project.as_deref(), cloud, &config_uid)?;
    let pool = c
        .pool_mut(&pool_name)
        .ok_or_else(|| pool_not_found(&config_uid, &pool_name))?;
    let size = pool.get("size").cloned();
    *pool = update;
    if let Some(size) = size {
        pool.entry("size").or_insert(size);
    }
    c.modified = chrono::Utc::now();
    no_content()
}

/// Adds a pool: 400 for an entity the cloud's type does not take or without a name or size,
/// 409 when the cluster has a pool of the name.
pub(super) fn add(req: Req, cloud: Cloud) -> Reply {
    let [config_uid] = req.path()?;
    let project = req.caller()?;
    let entity: Value = body(&req.body)?;
    check_pool(cloud, &entity).map_err(invalid_pool)?;
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
    let mut model = req.model();
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
pub(super) fn remove(req: Req, cloud: Cloud) -> Reply {
    let [config_uid, name] = req.path()?;
    let project = req.caller()?;
    let mut model = req.model();
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
pub(super) fn machines(req: Req, cloud: Cloud) -> Reply {
    let [config_uid, name] = req.path()?;
    let project = req.caller()?;
    let mut model = req.model();
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

/// Serves `handler` on a custom cloud type's route: the type, the route's first parameter,
/// must be the cluster's, and `handler` reads the parameters after it.
pub(super) fn custom(handler: fn(Req, Cloud) -> Reply) -> Served {
    serve(move |mut req: Req| {
        let cloud_type = req.shift()?;
        custom_config(&req, &cloud_type, req.param(0)?)?;
        handler(req, Cloud::Custom)
    })
}

/// 404 unless `config_uid` is the cloud config of a cluster on the custom cloud type
/// `cloud_type`, in the caller's scope.
fn custom_config(req: &Req, cloud_type: &str, config_uid: &str) -> Result<(), Refusal> {
    let project = req.caller()?;
    let mut model = req.model();
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
