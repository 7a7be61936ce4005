//! The fake's Clusterprofiles operations for versions: clone, and adding, changing and removing a profile's packs.

use axum::routing::{post, put};

use crate::enums::Scope;
use crate::testing::http::coverage::Routes;
use crate::testing::http::{Reply, Req, body, json, no_content, serve};
use crate::testing::model::profile_versions::CloneTarget;
use crate::testing::refusal::refuse;
use crate::types;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/v1/clusterprofiles/{uid}/clone", post(serve(clone)))
        .route("/v1/clusterprofiles/{uid}/packs", post(serve(add_pack)))
        .route(
            "/v1/clusterprofiles/{uid}/packs/{packName}",
            put(serve(update_pack)).delete(serve(remove_pack)),
        )
}

/// Clones a profile: into its own scope unless the body names a target (`tenant`, or
/// `project` with a `projectUid` the tenant has).
fn clone(req: Req) -> Reply {
    let [uid] = req.path()?;
    let project = req.caller()?;
    let entity: types::ClusterProfileCloneEntity = body(&req.body)?;
    let Some(meta) = entity.metadata else {
        return Err(refuse(400, "InvalidRequestBody", "metadata is required"));
    };
    let mut model = req.model();
    let target = match meta.target {
        None => CloneTarget::SameScope,
        Some(target) => match (target.scope, target.project_uid.filter(|p| !p.is_empty())) {
            (Scope::Tenant, _) => CloneTarget::Scope(None),
            (Scope::Project, Some(to)) => {
                model.admin.project(&to)?;
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

fn add_pack(req: Req) -> Reply {
    let [uid] = req.path()?;
    let project = req.caller()?;
    let entity: types::PackInputEntity = body(&req.body)?;
    let Some(pack) = entity.pack else {
        return Err(refuse(400, "InvalidRequestBody", "pack is required"));
    };
    let pack_uid = req
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

fn update_pack(req: Req) -> Reply {
    let [uid, pack] = req.path()?;
    let project = req.caller()?;
    let entity: types::PackUpdateEntity = body(&req.body)?;
    let Some(given) = entity.pack else {
        return Err(refuse(400, "InvalidRequestBody", "pack is required"));
    };
    req.model()
        .catalog
        .update_pack(project.as_deref(), &uid, &pack, given)?;
    no_content()
}

fn remove_pack(req: Req) -> Reply {
    let [uid, pack] = req.path()?;
    let project = req.caller()?;
    req.model()
        .catalog
        .remove_pack(project.as_deref(), &uid, &pack)?;
    no_content()
}
