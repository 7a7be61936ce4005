//! The fake's SSH key, cluster group and private cloud gateway operations.

#[cfg(any(feature = "clustergroups", feature = "overlords"))]
use axum::routing::get;

use super::assets::Named;
use super::coverage::Routes;
use crate::types;

#[cfg(feature = "overlords")]
type Params = axum::extract::Query<std::collections::HashMap<String, String>>;

pub(crate) fn routes() -> Routes {
    let routes = Routes::new();
    #[cfg(feature = "users")]
    let routes = ssh::routes(routes);
    #[cfg(feature = "clustergroups")]
    let routes = routes
        .route(
            "/v1/clustergroups/hostCluster/metadata",
            get(groups::group_names),
        )
        .route("/v1/clustergroups/{uid}", get(groups::group));
    #[cfg(feature = "overlords")]
    let routes = routes
        .route("/v1/overlords", get(gateways::gateways))
        .route("/v1/overlords/{uid}", get(gateways::gateway));
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
    use axum::body::Bytes;
    use axum::extract::Path;
    use axum::http::HeaderMap;
    use axum::routing::get;

    use super::super::coverage::Routes;
    use super::super::http::{Reply, State, body, caller, json, no_content};
    use super::meta;
    use crate::types;

    pub(super) fn routes(routes: Routes) -> Routes {
        routes
            .route("/v1/users/assets/sshkeys", get(list).post(create))
            .route("/v1/users/assets/sshkeys/{uid}", get(read).delete(remove))
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
    async fn list(state: State, headers: HeaderMap) -> Reply {
        let project = caller(&state, &headers)?;
        let model = state.model();
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

    async fn create(state: State, headers: HeaderMap, bytes: Bytes) -> Reply {
        let project = caller(&state, &headers)?;
        let entity: types::UserAssetSshEntity = body(&bytes)?;
        let name = entity.metadata.and_then(|m| m.name).unwrap_or_default();
        let public_key = entity.spec.and_then(|s| s.public_key).unwrap_or_default();
        let uid = state
            .model()
            .add_ssh_key(project.as_deref(), name, public_key)?;
        json(201, &types::Uid { uid: Some(uid) })
    }

    async fn read(state: State, headers: HeaderMap, Path(uid): Path<String>) -> Reply {
        let project = caller(&state, &headers)?;
        let model = state.model();
        json(200, &key(model.ssh_key(project.as_deref(), &uid)?))
    }

    async fn remove(state: State, headers: HeaderMap, Path(uid): Path<String>) -> Reply {
        let project = caller(&state, &headers)?;
        state.model().delete_ssh_key(project.as_deref(), &uid)?;
        no_content()
    }
}

#[cfg(feature = "clustergroups")]
mod groups {
    use axum::extract::Path;
    use axum::http::HeaderMap;

    use super::super::assets::visible;
    use super::super::http::{Reply, State, caller, json};
    use super::super::model::Model;
    use super::meta;
    use crate::types;

    /// Every cluster group the caller's scope sees, by uid, name and scope.
    pub(super) async fn group_names(state: State, headers: HeaderMap) -> Reply {
        let project = caller(&state, &headers)?;
        let model = state.model();
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

    pub(super) async fn group(state: State, headers: HeaderMap, Path(uid): Path<String>) -> Reply {
        let project = caller(&state, &headers)?;
        let model = state.model();
        let found = Model::visible_one(
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
    use axum::extract::{Path, Query};
    use axum::http::HeaderMap;

    use super::super::assets::visible;
    use super::super::http::{Reply, State, caller, json};
    use super::super::model::Model;
    use super::{Params, meta};
    use crate::types;

    /// The gateways the caller's scope sees; `name` keeps those whose name contains it.
    pub(super) async fn gateways(state: State, headers: HeaderMap, Query(params): Params) -> Reply {
        let project = caller(&state, &headers)?;
        let wanted = params.get("name").map(String::as_str).unwrap_or_default();
        let model = state.model();
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

    pub(super) async fn gateway(
        state: State,
        headers: HeaderMap,
        Path(uid): Path<String>,
    ) -> Reply {
        let project = caller(&state, &headers)?;
        let model = state.model();
        let found = Model::visible_one(
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
