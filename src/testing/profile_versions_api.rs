//! The fake's Clusterprofiles operations for versions: clone, and adding, changing and removing a profile's packs.

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::HeaderMap;
use axum::routing::{post, put};

use super::coverage::Routes;
use super::http::{Reply, State, body, caller, json, no_content};
use super::model::refuse;
use super::profile_versions::CloneTarget;
use crate::enums::Scope;
use crate::types;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/v1/clusterprofiles/{uid}/clone", post(clone))
        .route("/v1/clusterprofiles/{uid}/packs", post(add_pack))
        .route(
            "/v1/clusterprofiles/{uid}/packs/{packName}",
            put(update_pack).delete(remove_pack),
        )
}

/// Clones a profile: into its own scope unless the body names a target (`tenant`, or
/// `project` with a `projectUid` the tenant has).
async fn clone(state: State, headers: HeaderMap, Path(uid): Path<String>, bytes: Bytes) -> Reply {
    let project = caller(&state, &headers)?;
    let entity: types::ClusterProfileCloneEntity = body(&bytes)?;
    let Some(meta) = entity.metadata else {
        return Err(refuse(400, "InvalidRequestBody", "metadata is required"));
    };
    let mut model = state.model();
    let target = match meta.target {
        None => CloneTarget::SameScope,
        Some(target) => match (target.scope, target.project_uid.filter(|p| !p.is_empty())) {
            (Scope::Tenant, _) => CloneTarget::Scope(None),
            (Scope::Project, Some(to)) => {
                model.project(&to)?;
                CloneTarget::Scope(Some(to))
            }
            (Scope::Project, None) => {
                return Err(refuse(
                    400,
                    "InvalidCloneTarget",
                    "a clone into a project needs target.projectUid",
                ));
            }
            (other, _) => {
                return Err(refuse(
                    400,
                    "InvalidCloneTarget",
                    format!(
                        "a cluster profile is cloned into a tenant or a project, not '{}'",
                        other.as_str()
                    ),
                ));
            }
        },
    };
    let new_uid = model.new_uid();
    let new_uid = model.catalog.clone_profile(
        project.as_deref(),
        &uid,
        new_uid,
        meta.name,
        meta.version,
        target,
    )?;
    json(201, &types::Uid { uid: Some(new_uid) })
}

async fn add_pack(
    state: State,
    headers: HeaderMap,
    Path(uid): Path<String>,
    bytes: Bytes,
) -> Reply {
    let project = caller(&state, &headers)?;
    let entity: types::PackInputEntity = body(&bytes)?;
    let Some(pack) = entity.pack else {
        return Err(refuse(400, "InvalidRequestBody", "pack is required"));
    };
    let pack_uid = state
        .model()
        .catalog
        .add_pack(project.as_deref(), &uid, pack)?;
    json(
        201,
        &types::Uid {
            uid: Some(pack_uid),
        },
    )
}

async fn update_pack(
    state: State,
    headers: HeaderMap,
    Path((uid, pack)): Path<(String, String)>,
    bytes: Bytes,
) -> Reply {
    let project = caller(&state, &headers)?;
    let entity: types::PackUpdateEntity = body(&bytes)?;
    let Some(given) = entity.pack else {
        return Err(refuse(400, "InvalidRequestBody", "pack is required"));
    };
    state
        .model()
        .catalog
        .update_pack(project.as_deref(), &uid, &pack, given)?;
    no_content()
}

async fn remove_pack(
    state: State,
    headers: HeaderMap,
    Path((uid, pack)): Path<(String, String)>,
) -> Reply {
    let project = caller(&state, &headers)?;
    state
        .model()
        .catalog
        .remove_pack(project.as_deref(), &uid, &pack)?;
    no_content()
}
