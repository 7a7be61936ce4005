//! The fake's SSH key, cluster group and private cloud gateway operations.

#[cfg(any(feature = "clustergroups", feature = "overlords"))]
use axum::routing::get;

use crate::testing::http::coverage::Routes;
#[cfg(any(feature = "clustergroups", feature = "overlords"))]
use crate::testing::http::serve;
use crate::testing::model::assets::Named;
use crate::types;

pub(crate) fn routes() -> Routes {
    let routes = Routes::new();
    #[cfg(feature = "users")]
    let routes = ssh::routes(routes);
    #[cfg(feature = "clustergroups")]
    let routes = routes
        .route(
            "/v1/clustergroups/hostCluster/metadata",
            get(serve(groups::group_names)),
        )
        .route("/v1/clustergroups/{uid}", get(serve(groups::group)));
    #[cfg(feature = "overlords")]
    let routes = routes
        .route("/v1/overlords", get(serve(gateways::gateways)))
        .route("/v1/overlords/{uid}", get(serve(gateways::gateway)));
    routes
}

/// The metadata Palette writes for an object: its uid and name.
fn meta(item: &Named) -> Option<types::ObjectMeta> {
    Some(types::ObjectMeta {
        uid: Some(item.uid.clone()),
        name: Some(item.name.clone()),
        ..Default::default()
    })
}

#[cfg(feature = "users")]
mod ssh {

    use axum::routing::get;

    use super::meta;
    use crate::testing::http::coverage::Routes;
    use crate::testing::http::{Reply, Req, body, json, no_content, serve};
    use crate::types;

    pub(super) fn routes(routes: Routes) -> Routes {
        routes
            .route(
                "/v1/users/assets/sshkeys",
                get(serve(list)).post(serve(create)),
            )
            .route(
                "/v1/users/assets/sshkeys/{uid}",
                get(serve(read)).delete(serve(remove)),
            )
    }

    fn key(item: &super::Named) -> types::UserAssetSsh {
        types::UserAssetSsh {
            metadata: meta(item),
            spec: Some(types::UserAssetSshSpec {
                public_key: Some(item.detail.clone()),
            }),
        }
    }

    /// The keys of the caller's scope (a project sees its own, not the tenant's).
    fn list(req: Req) -> Reply {
        let project = req.caller()?;
        let model = req.model();
        let items: Vec<_> = model
            .assets
            .ssh_keys
            .iter()
            .filter(|k| k.project == project)
            .map(key)
            .collect();
        json(
            200,
            &types::UserAssetsSsh {
                items: (!items.is_empty()).then_some(items),
            },
        )
    }

    fn create(req: Req) -> Reply {
        let project = req.caller()?;
        let entity: types::UserAssetSshEntity = body(&req.body)?;
        let name = entity.metadata.and_then(|m| m.name).unwrap_or_default();
        let public_key = entity.spec.and_then(|s| s.public_key).unwrap_or_default();
        let model = &mut *req.model();
        let uid =
            model
                .assets
                .add_ssh_key(&mut model.uids, project.as_deref(), name, public_key)?;
        json(201, &types::Uid { uid: Some(uid) })
    }

    fn read(req: Req) -> Reply {
        let [uid] = req.path()?;
        let project = req.caller()?;
        let model = req.model();
        json(200, &key(model.assets.ssh_key(project.as_deref(), &uid)?))
    }

    fn remove(req: Req) -> Reply {
        let [uid] = req.path()?;
        let project = req.caller()?;
        req.model()
            .assets
            .delete_ssh_key(project.as_deref(), &uid)?;
        no_content()
    }
}

#[cfg(feature = "clustergroups")]
mod groups {

    use super::meta;
    use crate::testing::http::{Reply, Req, json};
    use crate::testing::model::assets::{visible, visible_one};
    use crate::types;

    /// Every cluster group the caller's scope sees, by uid, name and scope.
    pub(super) fn group_names(req: Req) -> Reply {
        let project = req.caller()?;
        let model = req.model();
        let items: Vec<_> = visible(&model.assets.cluster_groups, project.as_deref())
            .map(|g| types::ObjectScopeEntity {
                uid: Some(g.uid.clone()),
                name: Some(g.name.clone()),
                scope: Some(g.detail.clone()),
            })
            .collect();
        json(
            200,
            &types::ClusterGroupsHostClusterMetadata {
                items: (!items.is_empty()).then_some(items),
            },
        )
    }

    pub(super) fn group(req: Req) -> Reply {
        let [uid] = req.path()?;
        let project = req.caller()?;
        let model = req.model();
        let found = visible_one(
            &model.assets.cluster_groups,
            project.as_deref(),
            "cluster group",
            &uid,
        )?;
        json(
            200,
            &types::ClusterGroup {
                metadata: meta(found),
                ..Default::default()
            },
        )
    }
}

#[cfg(feature = "overlords")]
mod gateways {

    use super::meta;
    use crate::testing::http::{Reply, Req, json};
    use crate::testing::model::assets::{visible, visible_one};
    use crate::types;

    /// The gateways the caller's scope sees; `name` keeps those whose name contains it.
    pub(super) fn gateways(req: Req) -> Reply {
        let params = req.query();
        let project = req.caller()?;
        let wanted = params.get("name").map(String::as_str).unwrap_or_default();
        let model = req.model();
        let items: Vec<_> = visible(&model.assets.gateways, project.as_deref())
            .filter(|g| g.name.contains(wanted))
            .map(|g| types::Overlord {
                kind: Some("private-cloud-gateway".into()),
                metadata: meta(g),
                ..Default::default()
            })
            .collect();
        json(
            200,
            &types::Overlords {
                items: (!items.is_empty()).then_some(items),
            },
        )
    }

    pub(super) fn gateway(req: Req) -> Reply {
        let [uid] = req.path()?;
        let project = req.caller()?;
        let model = req.model();
        let found = visible_one(
            &model.assets.gateways,
            project.as_deref(),
            "private cloud gateway",
            &uid,
        )?;
        json(
            200,
            &types::Overlord {
                metadata: meta(found),
                ..Default::default()
            },
        )
    }
}
