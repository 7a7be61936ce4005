//! The fake's tenant-level reads: who am I, project lookup, and the dashboard's workspace list.

use axum::routing::get;

use crate::testing::http::coverage::Routes;
use crate::testing::http::{Reply, Req, json, serve};
use crate::testing::seed;
use crate::types;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/v1/users/info", get(serve(user_info)))
        .route("/v1/dashboard/projects/metadata", get(serve(projects)))
        .route("/v1/dashboard/workspaces", get(serve(workspaces)))
}

fn user_info(req: Req) -> Reply {
    req.authenticate()?;
    json(
        200,
        &types::UserInfo {
            org_name: Some(seed::ORG.into()),
            tenant_uid: Some(seed::TENANT_UID.into()),
            user_uid: Some(seed::USER_UID.into()),
        },
    )
}

fn projects(req: Req) -> Reply {
    let params = req.query();
    req.authenticate()?;
    let wanted = params.get("name");
    let model = req.model();
    let items = model
        .admin
        .projects
        .values()
        .filter(|meta| wanted.is_none_or(|w| meta.name.as_ref() == Some(w)))
        .map(|meta| types::ProjectMetadata {
            metadata: Some(types::ObjectEntity {
                name: meta.name.clone(),
                uid: meta.uid.clone(),
            }),
        })
        .collect();
    json(200, &types::ProjectsMetadata { items: Some(items) })
}

fn workspaces(req: Req) -> Reply {
    let project = req.caller()?;
    let model = req.model();
    let items = model
        .workspaces
        .all
        .values()
        .filter(|ws| ws.project == project)
        .map(|ws| {
            let spec = ws.workspace.spec.clone().unwrap_or_default();
            let refs: Vec<types::DashboardWorkspaceClusterRef> = spec
                .cluster_refs
                .iter()
                .flatten()
                .map(|c| types::DashboardWorkspaceClusterRef {
                    name: c.cluster_name.clone(),
                    uid: c.cluster_uid.clone(),
                })
                .collect();
            let namespaces: Vec<String> = spec
                .cluster_namespaces
                .iter()
                .flatten()
                .filter_map(|n| n.name.clone())
                .collect();
            let quota = spec.quota.and_then(|q| q.resource_allocation).map(|a| {
                types::DashboardWorkspaceQuota {
                    resource_allocation: Some(types::DashboardWorkspaceQuotaResourceAllocation {
                        cpu: a.cpu_cores,
                        memory: a.memory_mi_b,
                        gpu_config: a.gpu_config,
                    }),
                }
            });
            types::DashboardWorkspace {
                meta: None,
                metadata: ws.workspace.metadata.clone(),
                spec: Some(types::DashboardWorkspaceSpec {
                    cluster_refs: Some(refs),
                    namespaces: Some(namespaces),
                    quota,
                }),
                status: Some(types::DashboardWorkspaceStatus {
                    namespaces: Some(Vec::new()),
                    total: None,
                }),
            }
        })
        .collect();
    json(
        200,
        &types::DashboardWorkspaces {
            cpu_unit: Some("cores".into()),
            memory_unit: Some("MiB".into()),
            items: Some(items),
        },
    )
}
