//! The fake's Workspaces operations: CRUD, namespaces, RBAC, roles, backups and restores.

use axum::body::Bytes;
use axum::routing::{get, post, put};

use crate::testing::http::coverage::Routes;
use crate::testing::http::{Reply, Req, Shared, body, json, no_content, serve};
use crate::testing::model::workspaces::{Run, StoredWorkspace};
use crate::testing::refusal::{Refusal, refuse, zero_time};
use crate::testing::seed;
use crate::types;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/v1/workspaces", post(serve(create)))
        .route("/v1/workspaces/validate/name", get(serve(validate_name)))
        .route(
            "/v1/workspaces/{uid}",
            get(serve(read)).delete(serve(remove)),
        )
        .route("/v1/workspaces/{uid}/meta", put(serve(update_meta)))
        .route(
            "/v1/workspaces/{uid}/clusterNamespaces",
            put(serve(update_namespaces)),
        )
        .route(
            "/v1/workspaces/{uid}/resourceAllocations",
            put(serve(update_namespaces)),
        )
        .route("/v1/workspaces/{uid}/clusterRbacs", post(serve(add_rbac)))
        .route(
            "/v1/workspaces/{uid}/clusterRbacs/{rbac}",
            put(serve(update_rbac)).delete(serve(remove_rbac)),
        )
        .route(
            "/v1/workspaces/{uid}/backup",
            get(serve(backups))
                .post(serve(configure_backup))
                .put(serve(reconfigure_backup))
                .delete(serve(delete_backup)),
        )
        .route(
            "/v1/workspaces/{uid}/backup/onDemand",
            post(serve(backup_now)),
        )
        .route("/v1/workspaces/{uid}/restore", get(serve(restores)))
        .route(
            "/v1/workspaces/{uid}/restore/onDemand",
            post(serve(restore_now)),
        )
        .route(
            "/v1/workspaces/users/{user}/roles",
            get(serve(user_roles)).put(serve(set_user_roles)),
        )
        .route(
            "/v1/workspaces/teams/{team}/roles",
            get(serve(team_roles)).put(serve(set_team_roles)),
        )
}

fn created(uid: String) -> Reply {
    json(201, &types::Uid { uid: Some(uid) })
}

fn create(req: Req) -> Reply {
    let project = req.caller()?;
    let entity: types::WorkspaceEntity = body(&req.body)?;
    let model = &mut *req.model();
    let uid = model
        .workspaces
        .create(&mut model.uids, project.as_deref(), entity)?;
    created(uid)
}

fn validate_name(req: Req) -> Reply {
    let params = req.query();
    let project = req.caller()?;
    let name = params.get("name").map(String::as_str).unwrap_or_default();
    req.model()
        .workspaces
        .check_name(project.as_deref(), name)?;
    no_content()
}

fn read(req: Req) -> Reply {
    let [uid] = req.path()?;
    let project = req.caller()?;
    let mut model = req.model();
    let ws = model.workspaces.workspace_mut(project.as_deref(), &uid)?;
    json(200, &ws.workspace)
}

fn remove(req: Req) -> Reply {
    let [uid] = req.path()?;
    let project = req.caller()?;
    let mut model = req.model();
    model.workspaces.workspace_mut(project.as_deref(), &uid)?;
    model.workspaces.all.remove(&uid);
    no_content()
}

/// Runs `change` on the workspace `uid` in the caller's scope, then answers 204.
fn change(
    req: &Req,
    uid: &str,
    change: impl FnOnce(&mut StoredWorkspace) -> Result<(), Refusal>,
) -> Reply {
    let project = req.caller()?;
    let mut model = req.model();
    let ws = model.workspaces.workspace_mut(project.as_deref(), uid)?;
    change(ws)?;
    if let Some(meta) = ws.workspace.metadata.as_mut() {
        meta.last_modified_timestamp = Some(types::Time(chrono::Utc::now()));
    }
    no_content()
}

fn update_meta(req: Req) -> Reply {
    let [uid] = req.path()?;
    let new: types::ObjectMeta = body(&req.body)?;
    change(&req, &uid, |ws| {
        let meta = ws.workspace.metadata.get_or_insert_with(Default::default);
        if let Some(name) = new.name.filter(|n| Some(n) != meta.name.as_ref()) {
            return Err(refuse(
                400,
                "WorkspaceRenameNotAllowed",
                format!("a workspace cannot be renamed to '{name}'"),
            ));
        }
        meta.labels = new.labels;
        meta.annotations = new.annotations;
        Ok(())
    })
}

fn update_namespaces(req: Req) -> Reply {
    let [uid] = req.path()?;
    let new: types::WorkspaceClusterNamespacesEntity = body(&req.body)?;
    change(&req, &uid, |ws| {
        let spec = ws.workspace.spec.get_or_insert_with(Default::default);
        spec.cluster_namespaces = Some(new.cluster_namespaces.unwrap_or_default());
        if new.cluster_refs.is_some() {
            spec.cluster_refs = new.cluster_refs;
        }
        spec.quota = new.quota;
        Ok(())
    })
}

fn add_rbac(req: Req) -> Reply {
    let [uid] = req.path()?;
    let mut rbac: types::ClusterRbac = body(&req.body)?;
    let project = req.caller()?;
    let mut model = req.model();
    let rbac_uid = model.new_uid();
    let ws = model.workspaces.workspace_mut(project.as_deref(), &uid)?;
    rbac.metadata.get_or_insert_with(Default::default).uid = Some(rbac_uid.clone());
    let spec = ws.workspace.spec.get_or_insert_with(Default::default);
    spec.cluster_rbacs.get_or_insert_with(Vec::new).push(rbac);
    created(rbac_uid)
}

fn rbac_position(ws: &StoredWorkspace, rbac_uid: &str) -> Result<usize, Refusal> {
    ws.workspace
        .spec
        .as_ref()
        .and_then(|s| s.cluster_rbacs.as_ref())
        .and_then(|all| {
            all.iter()
                .position(|r| r.metadata.as_ref().and_then(|m| m.uid.as_deref()) == Some(rbac_uid))
        })
        .ok_or_else(|| {
            refuse(
                404,
                "ClusterRbacNotFound",
                format!("cluster rbac '{rbac_uid}' not found"),
            )
        })
}

fn update_rbac(req: Req) -> Reply {
    let [uid, rbac_uid] = req.path()?;
    let mut rbac: types::ClusterRbac = body(&req.body)?;
    change(&req, &uid, |ws| {
        let at = rbac_position(ws, &rbac_uid)?;
        rbac.metadata.get_or_insert_with(Default::default).uid = Some(rbac_uid.clone());
        if let Some(all) = ws
            .workspace
            .spec
            .as_mut()
            .and_then(|s| s.cluster_rbacs.as_mut())
        {
            all[at] = rbac;
        }
        Ok(())
    })
}

fn remove_rbac(req: Req) -> Reply {
    let [uid, rbac_uid] = req.path()?;
    change(&req, &uid, |ws| {
        let at = rbac_position(ws, &rbac_uid)?;
        if let Some(all) = ws
            .workspace
            .spec
            .as_mut()
            .and_then(|s| s.cluster_rbacs.as_mut())
        {
            all.remove(at);
        }
        Ok(())
    })
}

// ---------------------------------------------------------------- backups and restores

fn backup_meta(run: &Run) -> types::WorkspaceBackupStatusMeta {
    let state = run.state();
    let finished = state != "New" && state != "InProgress";
    let time = |done: bool| {
        Some(if done {
            types::Time(chrono::Utc::now())
        } else {
            zero_time()
        })
    };
    types::WorkspaceBackupStatusMeta {
        actor: Some(types::ClusterFeatureActor {
            actor_type: Some("user".into()),
            uid: Some(seed::USER_UID.into()),
        }),
        request_uid: Some(run.request_uid.clone()),
        workspace_backup_config: Some(types::WorkspaceClusterBackupConfig {
            backup_name: Some(run.backup_name.clone()),
            backup_state: Some(types::WorkspaceBackupState {
                delete_state: Some(String::new()),
                state: Some(state.into()),
            }),
            backup_time: time(finished),
            request_time: Some(types::Time(run.requested)),
            config: None,
            cluster_backup_refs: Some(
                run.clusters
                    .iter()
                    .map(|(uid, name)| types::WorkspaceClusterBackupResponse {
                        backup_status_meta: Some(types::BackupStatusMeta {
                            backup_name: Some(format!("{}-{name}", run.backup_name)),
                            backup_state: Some(types::BackupState {
                                backup_time: time(finished),
                                delete_state: Some(String::new()),
                                msg: Some(String::new()),
                                state: Some(state.into()),
                            }),
                            backuped_namespaces: Some(Vec::new()),
                            expiry_date: Some(zero_time()),
                        }),
                        backup_uid: Some(format!("{}-{uid}", run.request_uid)),
                        cluster_name: Some(name.clone()),
                        cluster_uid: Some(uid.clone()),
                    })
                    .collect(),
            ),
        }),
    }
}

fn restore_meta(run: &Run) -> types::WorkspaceRestoreStatusMeta {
    let state = run.state();
    types::WorkspaceRestoreStatusMeta {
        actor: Some(types::ClusterFeatureActor {
            actor_type: Some("user".into()),
            uid: Some(seed::USER_UID.into()),
        }),
        request_uid: Some(run.request_uid.clone()),
        workspace_restore_config: Some(types::WorkspaceClusterRestoreConfig {
            backup_name: Some(run.backup_name.clone()),
            restore_state: Some(types::WorkspaceRestoreState {
                delete_state: Some(String::new()),
                state: Some(state.into()),
            }),
            restore_time: Some(zero_time()),
            cluster_restore_refs: Some(
                run.clusters
                    .iter()
                    .map(|(uid, name)| types::WorkspaceClusterRestoreResponse {
                        backup_name: Some(format!("{}-{name}", run.backup_name)),
                        cluster_name: Some(name.clone()),
                        cluster_uid: Some(uid.clone()),
                        restore_status_meta: Some(types::WorkspaceClusterRestoreState {
                            msg: Some(String::new()),
                            restore_time: Some(zero_time()),
                            state: Some(state.into()),
                        }),
                        restore_uid: Some(format!("{}-{uid}", run.request_uid)),
                    })
                    .collect(),
            ),
        }),
    }
}

/// Each read of a workspace's runs moves every run one step on.
fn observe(runs: &mut [Run], only: Option<&String>) -> Vec<Run> {
    runs.iter_mut()
        .filter(|run| only.is_none_or(|uid| *uid == run.request_uid))
        .map(|run| {
            run.polls += 1;
            run.clone()
        })
        .collect()
}

fn backups(req: Req) -> Reply {
    let [uid] = req.path()?;
    let params = req.query();
    let project = req.caller()?;
    let mut model = req.model();
    let ws = model.workspaces.workspace_mut(project.as_deref(), &uid)?;
    let runs = observe(&mut ws.backups, params.get("backupRequestUid"));
    let reply = types::WorkspaceBackup {
        metadata: ws.workspace.metadata.clone(),
        spec: Some(types::WorkspaceBackupSpec {
            config: ws
                .backup_config
                .clone()
                .map(|c| types::WorkspaceBackupConfig {
                    backup_config: c.backup_config,
                    cluster_uids: c.cluster_uids,
                    include_all_clusters: c.include_all_clusters,
                }),
            workspace_uid: Some(uid.clone()),
        }),
        status: Some(types::WorkspaceBackupStatus {
            workspace_backup_statuses: Some(runs.iter().map(backup_meta).collect()),
        }),
    };
    json(200, &reply)
}

fn configure_backup(req: Req) -> Reply {
    let [uid] = req.path()?;
    let config: types::WorkspaceBackupConfigEntity = body(&req.body)?;
    let project = req.caller()?;
    let mut model = req.model();
    let request_uid = model.new_uid();
    let ws = model.workspaces.workspace_mut(project.as_deref(), &uid)?;
    if ws.backup_config.is_some() {
        return Err(refuse(
            409,
            "BackupConfigAlreadyExists",
            "the workspace's backups are configured; update them",
        ));
    }
    ws.backup_config = Some(config);
    created(request_uid)
}

fn reconfigure_backup(req: Req) -> Reply {
    let [uid] = req.path()?;
    let config: types::WorkspaceBackupConfigEntity = body(&req.body)?;
    change(&req, &uid, |ws| {
        if ws.backup_config.is_none() {
            return Err(refuse(
                404,
                "BackupConfigNotFound",
                "the workspace has no backup settings yet",
            ));
        }
        ws.backup_config = Some(config);
        Ok(())
    })
}

fn delete_backup(req: Req) -> Reply {
    let [uid] = req.path()?;
    let request: types::WorkspaceBackupDeleteEntity = body(&req.body)?;
    change(&req, &uid, |ws| {
        let target = request.request_uid.unwrap_or_default();
        let before = ws.backups.len();
        ws.backups.retain(|run| run.request_uid != target);
        if ws.backups.len() == before {
            return Err(refuse(
                404,
                "BackupNotFound",
                format!("backup '{target}' not found"),
            ));
        }
        Ok(())
    })
}

fn backup_now(req: Req) -> Reply {
    let [uid] = req.path()?;
    let config: types::WorkspaceBackupConfigEntity = body(&req.body)?;
    let project = req.caller()?;
    let model = &mut *req.model();
    let request_uid =
        model
            .workspaces
            .start_backup(&mut model.uids, project.as_deref(), &uid, config)?;
    created(request_uid)
}

fn restores(req: Req) -> Reply {
    let [uid] = req.path()?;
    let params = req.query();
    let project = req.caller()?;
    let mut model = req.model();
    let ws = model.workspaces.workspace_mut(project.as_deref(), &uid)?;
    let runs = observe(&mut ws.restores, params.get("restoreRequestUid"));
    let reply = types::WorkspaceRestore {
        metadata: ws.workspace.metadata.clone(),
        spec: Some(types::WorkspaceRestoreSpec {
            workspace_uid: Some(uid.clone()),
        }),
        status: Some(types::WorkspaceRestoreStatus {
            workspace_restore_statuses: Some(runs.iter().map(restore_meta).collect()),
        }),
    };
    json(200, &reply)
}

fn restore_now(req: Req) -> Reply {
    let [uid] = req.path()?;
    let request: types::WorkspaceRestoreConfigEntity = body(&req.body)?;
    let project = req.caller()?;
    let model = &mut *req.model();
    let request_uid =
        model
            .workspaces
            .start_restore(&mut model.uids, project.as_deref(), &uid, request)?;
    created(request_uid)
}

// ---------------------------------------------------------------- roles

fn scope_roles(state: &Shared, subject: &str) -> types::WorkspaceScopeRoles {
    let model = state.model();
    let granted = model
        .workspaces
        .roles
        .get(subject)
        .cloned()
        .unwrap_or_default();
    let projects = model
        .admin
        .projects
        .iter()
        .map(|(project_uid, project)| {
            let workspaces = granted
                .workspaces
                .iter()
                .flatten()
                .filter_map(|grant| {
                    let uid = grant.uid.clone()?;
                    let ws = model.workspaces.all.get(&uid)?;
                    (ws.project.as_ref() == Some(project_uid)).then(|| types::WorkspacesRoles {
                        name: ws.workspace.metadata.as_ref().and_then(|m| m.name.clone()),
                        uid: Some(uid),
                        roles: Some(
                            grant
                                .roles
                                .iter()
                                .flatten()
                                .map(|role| types::WorkspaceRolesUidSummary {
                                    uid: Some(role.clone()),
                                    name: seed::ROLE_UIDS
                                        .iter()
                                        .find(|(uid, _)| uid == role)
                                        .map(|(_, name)| name.to_string()),
                                })
                                .collect(),
                        ),
                        inherited_roles: Some(Vec::new()),
                    })
                })
                .collect();
            types::ProjectsWorkspaces {
                name: project.name.clone(),
                uid: Some(project_uid.clone()),
                workspaces: Some(workspaces),
            }
        })
        .collect();
    types::WorkspaceScopeRoles {
        projects: Some(projects),
    }
}

fn known_user(state: &Shared, user: &str) -> Result<(), Refusal> {
    if state.model().admin.known_user(user) {
        Ok(())
    } else {
        Err(refuse(
            404,
            "UserNotFound",
            format!("user '{user}' not found"),
        ))
    }
}

fn known_team(state: &Shared, team: &str) -> Result<(), Refusal> {
    if state.model().admin.known_team(team) {
        Ok(())
    } else {
        Err(refuse(
            404,
            "TeamNotFound",
            format!("team '{team}' not found"),
        ))
    }
}

fn set_roles(state: &Shared, subject: &str, bytes: &Bytes) -> Reply {
    let patch: types::WorkspacesRolesPatch = body(bytes)?;
    let mut model = state.model();
    for grant in patch.workspaces.iter().flatten() {
        let uid = grant.uid.as_deref().unwrap_or_default();
        if !model.workspaces.all.contains_key(uid) {
            return Err(refuse(
                404,
                "WorkspaceNotFound",
                format!("workspace '{uid}' not found"),
            ));
        }
        for role in grant.roles.iter().flatten() {
            if !seed::ROLE_UIDS.iter().any(|(r, _)| r == role) {
                return Err(refuse(
                    404,
                    "RoleNotFound",
                    format!("role '{role}' not found"),
                ));
            }
        }
    }
    model.workspaces.roles.insert(subject.to_string(), patch);
    no_content()
}

fn user_roles(req: Req) -> Reply {
    let [user] = req.path()?;
    req.caller()?;
    known_user(&req.state, &user)?;
    json(200, &scope_roles(&req.state, &user))
}

fn set_user_roles(req: Req) -> Reply {
    let [user] = req.path()?;
    req.caller()?;
    known_user(&req.state, &user)?;
    set_roles(&req.state, &user, &req.body)
}

fn team_roles(req: Req) -> Reply {
    let [team] = req.path()?;
    req.caller()?;
    known_team(&req.state, &team)?;
    json(200, &scope_roles(&req.state, &team))
}

fn set_team_roles(req: Req) -> Reply {
    let [team] = req.path()?;
    req.caller()?;
    known_team(&req.state, &team)?;
    set_roles(&req.state, &team, &req.body)
}
