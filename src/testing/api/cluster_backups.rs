//! The fake's cluster backup operations: backup settings, backups on demand, their list and deletion, restores; and the backup locations they go to.

use axum::routing::get;
#[cfg(feature = "spectroclusters")]
use axum::routing::post;

use crate::testing::http::coverage::Routes;
use crate::testing::http::{Reply, Req, json, serve};
use crate::types;

pub(crate) fn routes() -> Routes {
    let routes = Routes::new().route("/v1/users/assets/locations", get(serve(locations::list)));
    #[cfg(feature = "users")]
    let routes = routes
        .route(
            "/v1/users/assets/locations/s3",
            axum::routing::post(serve(move |req| locations::create(req, "s3"))),
        )
        .route(
            "/v1/users/assets/locations/minio",
            axum::routing::post(serve(move |req| locations::create(req, "minio"))),
        )
        .route(
            "/v1/users/assets/locations/gcp",
            axum::routing::post(serve(move |req| locations::create(req, "gcp"))),
        )
        .route(
            "/v1/users/assets/locations/azure",
            axum::routing::post(serve(move |req| locations::create(req, "azure"))),
        );
    #[cfg(feature = "spectroclusters")]
    let routes = routes
        .route(
            "/v1/spectroclusters/{uid}/features/backup",
            get(serve(backups::read))
                .post(serve(backups::configure))
                .put(serve(backups::reconfigure))
                .delete(serve(backups::reset)),
        )
        .route(
            "/v1/spectroclusters/{uid}/features/backup/onDemand",
            post(serve(backups::run_now)),
        )
        .route(
            "/v1/spectroclusters/{uid}/features/backup/{backupName}/request/{requestUid}",
            axum::routing::delete(serve(backups::remove)),
        )
        .route(
            "/v1/spectroclusters/{uid}/features/restore",
            get(serve(backups::restores)),
        )
        .route(
            "/v1/spectroclusters/{uid}/features/restore/onDemand",
            post(serve(backups::restore_now)),
        );
    routes
}

fn created(uid: String) -> Reply {
    json(201, &types::Uid { uid: Some(uid) })
}

// ---------------------------------------------------------------- backup locations

mod locations {
    use super::*;
    use crate::enums::LocationType;

    /// The locations the caller's scope sees: the tenant's, and a project's own.
    pub(super) fn list(req: Req) -> Reply {
        let project = req.caller()?;
        let model = req.model();
        let items = model
            .cluster_backups
            .visible(project.as_deref())
            .into_iter()
            .map(|l| types::UserAssetsLocation {
                metadata: Some(types::ObjectMeta {
                    name: Some(l.name.clone()),
                    uid: Some(l.uid.clone()),
                    creation_timestamp: Some(types::Time(l.created)),
                    last_modified_timestamp: Some(types::Time(l.created)),
                    deletion_timestamp: Some(crate::testing::refusal::zero_time()),
                    ..Default::default()
                }),
                spec: Some(types::UserAssetsLocationSpec {
                    is_default: Some(l.is_default),
                    // Palette's storage types are s3, gcp and minio; an Azure location says
                    // what it is in `type` only.
                    storage: match l.kind {
                        "s3" => Some(LocationType::S3),
                        "gcp" => Some(LocationType::Gcp),
                        "minio" => Some(LocationType::Minio),
                        _ => None,
                    },
                    type_: Some(l.kind.to_string()),
                }),
            })
            .collect();
        json(200, &types::UserAssetsLocations { items: Some(items) })
    }

    /// Adds a location of `kind` to the caller's scope: a name, and a bucket (a container on
    /// Azure), or 400 `InvalidBackupLocation`.
    #[cfg(feature = "users")]
    pub(super) fn create(req: Req, kind: &'static str) -> Reply {
        use crate::testing::http::body;
        use crate::testing::model::cluster_backups::StoredLocation;
        use crate::testing::refusal::refuse;

        let project = req.caller()?;
        // Read as the kind's body, so that a malformed one is refused as Palette refuses it.
        let raw: serde_json::Value = match kind {
            "s3" | "minio" => to_value(body::<types::UserAssetsLocationS3>(&req.body)?),
            "gcp" => to_value(body::<types::UserAssetsLocationGcp>(&req.body)?),
            _ => to_value(body::<types::UserAssetsLocationAzure>(&req.body)?),
        };
        let text = |pointer: &str| {
            raw.pointer(pointer)
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let bucket = if kind == "azure" {
            ("containerName", text("/spec/config/containerName"))
        } else {
            ("bucketName", text("/spec/config/bucketName"))
        };
        if bucket.1.is_empty() {
            return Err(refuse(
                400,
                "InvalidBackupLocation",
                format!("spec.config.{} is required", bucket.0),
            ));
        }
        let mut model = req.model();
        let uid = model.new_uid();
        let location = StoredLocation {
            uid,
            name: text("/metadata/name"),
            kind,
            project: None,
            is_default: raw
                .pointer("/spec/isDefault")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false),
            created: chrono::Utc::now(),
        };
        let uid = model
            .cluster_backups
            .add_location(project.as_deref(), location)?;
        created(uid)
    }

    #[cfg(feature = "users")]
    fn to_value<T: serde::Serialize>(value: T) -> serde_json::Value {
        serde_json::to_value(value).unwrap_or_default()
    }
}

// ---------------------------------------------------------------- backups and restores

#[cfg(feature = "spectroclusters")]
mod backups {

    use super::*;
    use crate::testing::http::{Req, body, no_content};
    use crate::testing::model::cluster_backups::StoredBackup;
    use crate::testing::refusal::zero_time;
    use crate::testing::seed;

    fn actor() -> types::ClusterFeatureActor {
        types::ClusterFeatureActor {
            actor_type: Some("user".into()),
            uid: Some(seed::USER_UID.into()),
        }
    }

    fn time(at: Option<chrono::DateTime<chrono::Utc>>) -> Option<types::Time> {
        Some(at.map(types::Time).unwrap_or_else(zero_time))
    }

    fn backup_status(
        backup: &StoredBackup,
        now: std::time::Duration,
        restores: Vec<types::BackupRestoreStatusMeta>,
    ) -> types::ClusterBackupStatusMeta {
        let (state, _) = backup.state(now);
        let config = &backup.config;
        let expiry = config.duration_in_hours.and_then(|hours| {
            Some(backup.requested + chrono::Duration::try_hours(hours)?).filter(|_| hours > 0)
        });
        types::ClusterBackupStatusMeta {
            actor: Some(actor()),
            backup_config: Some(types::BackupStatusConfig {
                include_all_disks: config.include_all_disks,
                include_cluster_resource_mode: config.include_cluster_resource_mode.clone(),
                include_cluster_resources: config.include_cluster_resources,
                namespaces: config.namespaces.clone(),
            }),
            backup_location_config: Some(types::BackupLocationConfig {
                name: Some(backup.location.name.clone()),
                type_: Some(backup.location.kind.to_string()),
                uid: Some(backup.location.uid.clone()),
            }),
            backup_request_uid: Some(backup.request_uid.clone()),
            backup_status_meta: Some(vec![types::BackupStatusMeta {
                backup_name: Some(backup.backup_name.clone()),
                backup_state: Some(types::BackupState {
                    backup_time: time(backup.ended_at(now)),
                    delete_state: Some(String::new()),
                    msg: Some(String::new()),
                    state: Some(state.into()),
                }),
                backuped_namespaces: config.namespaces.clone(),
                expiry_date: time(expiry),
            }]),
            restore_status_meta: Some(restores),
            state: Some(state.into()),
        }
    }

    pub(super) fn read(req: Req) -> Reply {
        let [uid] = req.path()?;
        let params = req.query();
        let project = req.caller()?;
        let mut model = req.model();
        let only = params.get("backupRequestUid").map(String::as_str);
        let view = model.cluster_backups_of(project.as_deref(), &uid, only)?;
        let statuses = view
            .backups
            .iter()
            .map(|backup| {
                // The restores made of this backup, wherever they went.
                let restores = model
                    .cluster_backups
                    .restores
                    .iter()
                    .filter(|r| r.backup_request_uid == backup.request_uid)
                    .map(|r| types::BackupRestoreStatusMeta {
                        backup_name: Some(r.backup_name.clone()),
                        destination_cluster_ref: Some(types::ResourceReference {
                            kind: Some("spectrocluster".into()),
                            name: model
                                .clusters
                                .all
                                .get(&r.destination_uid)
                                .map(|c| c.name.clone()),
                            uid: Some(r.destination_uid.clone()),
                        }),
                        restore_state: Some(r.state(view.now).0.into()),
                    })
                    .collect();
                backup_status(backup, view.now, restores)
            })
            .collect();
        let reply = types::ClusterBackup {
            metadata: Some(types::ObjectMeta {
                name: Some(view.cluster_name.clone()),
                uid: Some(uid.clone()),
                ..Default::default()
            }),
            spec: Some(types::ClusterBackupSpec {
                cluster_uid: Some(uid.clone()),
                config: view.config.clone(),
            }),
            status: Some(types::ClusterBackupStatus {
                cluster_backup_statuses: Some(statuses),
            }),
        };
        json(200, &reply)
    }

    pub(super) fn configure(req: Req) -> Reply {
        let [uid] = req.path()?;
        let project = req.caller()?;
        let config: types::ClusterBackupConfig = body(&req.body)?;
        req.model()
            .configure_cluster_backup(project.as_deref(), &uid, config)?;
        created(uid)
    }

    pub(super) fn reconfigure(req: Req) -> Reply {
        let [uid] = req.path()?;
        let project = req.caller()?;
        let config: types::ClusterBackupConfig = body(&req.body)?;
        req.model()
            .reconfigure_cluster_backup(project.as_deref(), &uid, config)?;
        no_content()
    }

    pub(super) fn reset(req: Req) -> Reply {
        let [uid] = req.path()?;
        let project = req.caller()?;
        req.model().reset_cluster_backup(project.as_deref(), &uid)?;
        no_content()
    }

    pub(super) fn run_now(req: Req) -> Reply {
        let [uid] = req.path()?;
        let project = req.caller()?;
        let config: types::ClusterBackupConfig = body(&req.body)?;
        let request_uid = req
            .model()
            .start_cluster_backup(project.as_deref(), &uid, config)?;
        created(request_uid)
    }

    pub(super) fn remove(req: Req) -> Reply {
        let [uid, backup_name, request_uid] = req.path()?;
        let project = req.caller()?;
        req.model()
            .delete_cluster_backup(project.as_deref(), &uid, &backup_name, &request_uid)?;
        no_content()
    }

    pub(super) fn restore_now(req: Req) -> Reply {
        let [uid] = req.path()?;
        let project = req.caller()?;
        let request: types::ClusterRestoreConfig = body(&req.body)?;
        let request_uid = req
            .model()
            .start_cluster_restore(project.as_deref(), &uid, request)?;
        created(request_uid)
    }

    /// The restores into the cluster.
    pub(super) fn restores(req: Req) -> Reply {
        let [uid] = req.path()?;
        let params = req.query();
        let project = req.caller()?;
        let only = params.get("restoreRequestUid").map(String::as_str);
        let view = req
            .model()
            .cluster_restores_of(project.as_deref(), &uid, only)?;
        let statuses = view
            .restores
            .iter()
            .map(|(restore, source_name)| {
                let (restore_state, ended) = restore.state(view.now);
                types::ClusterRestoreStatusMeta {
                    actor: Some(actor()),
                    backup_name: Some(restore.backup_name.clone()),
                    backup_request_uid: Some(restore.backup_request_uid.clone()),
                    restore_request_uid: Some(restore.request_uid.clone()),
                    restore_status_meta: Some(types::RestoreStatusMeta {
                        is_succeeded: Some(restore_state == "Completed"),
                        msg: Some(String::new()),
                        restore_time: time(ended.then_some(restore.requested)),
                    }),
                    source_cluster_ref: Some(types::ResourceReference {
                        kind: Some("spectrocluster".into()),
                        name: Some(source_name.clone()),
                        uid: Some(restore.source_uid.clone()),
                    }),
                    state: Some(restore_state.into()),
                }
            })
            .collect();
        json(
            200,
            &types::ClusterRestore {
                metadata: Some(types::ObjectMeta {
                    name: Some(view.cluster_name),
                    uid: Some(uid.clone()),
                    ..Default::default()
                }),
                spec: Some(types::ClusterRestoreSpec {
                    cluster_uid: Some(uid),
                }),
                status: Some(types::ClusterRestoreStatus {
                    cluster_restore_statuses: Some(statuses),
                }),
            },
        )
    }
}
