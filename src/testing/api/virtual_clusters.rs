//! The fake's virtual cluster operations after creation: pause and resume, the lifecycle status on a cluster's read, and (with `cloudconfigs`) the virtual cloud config and its resize.

use axum::routing::patch;

use crate::enums::LifecycleStatusStatus;
use crate::testing::http::coverage::Routes;
use crate::testing::http::{Reply, Req, body, no_content, serve};
use crate::testing::model::Model;
use crate::testing::model::clusters::Cloud;
use crate::testing::model::virtual_clusters::STEP;
use crate::testing::refusal::refuse;
use crate::types;

pub(crate) fn routes() -> Routes {
    let routes = Routes::new().route(
        "/v1/spectroclusters/{uid}/clusterConfig/lifecycleConfig",
        patch(serve(update_lifecycle)),
    );
    #[cfg(feature = "cloudconfigs")]
    let routes = routes
        .route(
            "/v1/cloudconfigs/virtual/{configUid}",
            axum::routing::get(serve(config::read)),
        )
        .route(
            "/v1/cloudconfigs/virtual/{configUid}/resize",
            axum::routing::put(serve(config::resize)),
        );
    routes
}

/// Pauses or resumes a running virtual cluster (`lifecycleConfig.pause`): it is `Pausing`,
/// then `Paused`, or `Resuming`, then `Running`, each for [`STEP`] of the fake's time.
/// Another cloud's cluster is refused with 400 `LifecycleNotSupported`, one that is not
/// running with 409 `ClusterNotRunning`.
fn update_lifecycle(req: Req) -> Reply {
    let [uid] = req.path()?;
    let project = req.caller()?;
    let entity: types::LifecycleConfigEntity = body(&req.body)?;
    let Some(pause) = entity.lifecycle_config.and_then(|l| l.pause) else {
        return Err(refuse(
            400,
            "InvalidRequestBody",
            "lifecycleConfig.pause is required",
        ));
    };
    let mut model = req.model();
    let now = model.clusters.now();
    let (cluster, phase) = model.clusters.get_mut(project.as_deref(), &uid)?;
    if cluster.cloud != Cloud::Virtual {
        return Err(refuse(
            400,
            "LifecycleNotSupported",
            format!(
                "cluster '{}' is a {} cluster: only virtual clusters pause",
                cluster.name,
                cluster.cloud_type()
            ),
        ));
    }
    if phase != "Running" {
        return Err(refuse(
            409,
            "ClusterNotRunning",
            format!(
                "cluster '{}' is {phase}: only a running cluster pauses or resumes",
                cluster.name
            ),
        ));
    }
    cluster.modified = chrono::Utc::now();
    model.lifecycles.set(&uid, pause, now);
    no_content()
}

/// Adds a virtual cluster's pause state to its read: the pause asked for as
/// `spec.clusterConfig.lifecycleConfig.pause`, and, while the cluster runs, the lifecycle
/// status as `status.virtual.lifecycleStatus`.
pub(crate) fn show_lifecycle(model: &Model, cluster: &mut types::SpectroCluster) {
    let is_virtual =
        cluster.spec.as_ref().and_then(|s| s.cloud_type.as_deref()) == Some(Cloud::Virtual.name());
    if !is_virtual {
        return;
    }
    let uid = cluster
        .metadata
        .as_ref()
        .and_then(|m| m.uid.clone())
        .unwrap_or_default();
    let asked = model.lifecycles.get(&uid);
    let spec = cluster.spec.get_or_insert_with(Default::default);
    spec.cluster_config
        .get_or_insert_with(Default::default)
        .lifecycle_config = Some(types::LifecycleConfig {
        pause: Some(asked.is_some_and(|l| l.pause)),
    });
    let status = cluster.status.get_or_insert_with(Default::default);
    let running = status.state.as_deref() == Some("Running");
    let lifecycle = running.then(|| {
        let shown = model.lifecycles.status(&uid, model.clusters.now());
        types::LifecycleStatus {
            msg: Some(match shown {
                "Pausing" => format!("scaling the workloads down; paused within {STEP:?}"),
                "Resuming" => format!("scaling the workloads up; running within {STEP:?}"),
                other => format!("the virtual cluster is {other}"),
            }),
            status: Some(LifecycleStatusStatus::from(shown)),
        }
    });
    status.virtual_ = Some(types::Virtual {
        lifecycle_status: lifecycle,
        ..Default::default()
    });
}

/// The virtual cloud config and its resize.
#[cfg(feature = "cloudconfigs")]
mod config {

    use serde_json::{Map, Value, json};

    use crate::testing::http::{Reply, Req, body, json, no_content};
    use crate::testing::model::clusters::Cloud;
    use crate::testing::refusal::refuse;
    use crate::types;

    /// A virtual cluster's cloud config: its Kubernetes settings as created, and its machine
    /// pool with the size (`instanceType`) it was created or last resized with.
    pub(super) fn read(req: Req) -> Reply {
        let [config_uid] = req.path()?;
        let project = req.caller()?;
        let mut model = req.model();
        let c = model
            .clusters
            .by_config_mut(project.as_deref(), Cloud::Virtual, &config_uid)?;
        let pools: Vec<Value> = c
            .pools
            .iter()
            .map(|p| {
                let mut p = p.clone();
                p.entry("instanceType").or_insert(json!({}));
                p.entry("isControlPlane").or_insert(Value::Bool(false));
                Value::Object(p)
            })
            .collect();
        let meta = types::ObjectMeta {
            name: Some(c.name.clone()),
            uid: Some(c.config_uid.clone()),
            creation_timestamp: Some(types::Time(c.created)),
            last_modified_timestamp: Some(types::Time(c.modified)),
            ..Default::default()
        };
        let config = json!({
            "apiVersion": "v1",
            "kind": Cloud::Virtual.config_kind(),
            "metadata": meta,
            "spec": {"clusterConfig": c.cluster_config, "machinePoolConfig": pools},
            "status": {},
        });
        let typed: types::VirtualCloudConfig = serde_json::from_value(config).map_err(|e| {
            refuse(
                500,
                "InternalError",
                format!("the fake could not build its cloud config: {e}"),
            )
        })?;
        json(200, &typed)
    }

    /// Resizes a virtual cluster: the `instanceType` given (required, with at least one
    /// value, every value positive and each minimum at most its maximum) replaces its pool's.
    pub(super) fn resize(req: Req) -> Reply {
        let [config_uid] = req.path()?;
        let project = req.caller()?;
        let resize: types::VirtualClusterResize = body(&req.body)?;
        let size = resize.instance_type;
        let pairs = [
            ("CPU", size.min_cpu, size.max_cpu),
            ("MemInMiB", size.min_mem_in_mi_b, size.max_mem_in_mi_b),
            ("StorageGiB", size.min_storage_gi_b, size.max_storage_gi_b),
        ];
        let invalid = |message: String| refuse(400, "InvalidVirtualClusterSize", message);
        if pairs
            .iter()
            .all(|(_, min, max)| min.is_none() && max.is_none())
        {
            return Err(invalid("instanceType gives no size".into()));
        }
        for (name, min, max) in pairs {
            for (bound, value) in [("min", min), ("max", max)] {
                if let Some(value) = value.filter(|v| *v <= 0) {
                    return Err(invalid(format!(
                        "instanceType.{bound}{name} must be positive, not {value}"
                    )));
                }
            }
            if let (Some(min), Some(max)) = (min, max)
                && min > max
            {
                return Err(invalid(format!(
                    "instanceType.min{name} ({min}) is more than max{name} ({max})"
                )));
            }
        }
        let instance_type = serde_json::to_value(&size).unwrap_or(Value::Null);
        let mut model = req.model();
        let c = model
            .clusters
            .by_config_mut(project.as_deref(), Cloud::Virtual, &config_uid)?;
        if c.pools.is_empty() {
            c.pools.push(Map::new());
        }
        for pool in &mut c.pools {
            pool.insert("instanceType".into(), instance_type.clone());
        }
        c.modified = chrono::Utc::now();
        no_content()
    }
}
