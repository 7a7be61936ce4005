//! The handlers: one module per area, each with its routes, reading requests and shaping replies over the model and the rules across areas; they use every layer below (helpers, model, rules, HTTP plumbing), and nothing uses them but the fake's start.

#[cfg(any(
    feature = "api_keys",
    feature = "projects",
    feature = "roles",
    feature = "teams",
    feature = "users"
))]
mod admin;
#[cfg(any(feature = "users", feature = "clustergroups", feature = "overlords"))]
mod assets;
mod auth;
#[cfg(any(feature = "cloudaccounts", feature = "clusterprofiles"))]
mod catalog;
#[cfg(feature = "spectroclusters")]
mod clouds;
#[cfg(any(feature = "users", feature = "spectroclusters"))]
mod cluster_backups;
#[cfg(feature = "spectroclusters")]
mod clusters;
#[cfg(feature = "edgehosts")]
mod edge;
#[cfg(feature = "spectroclusters")]
mod imports;
#[cfg(feature = "spectroclusters")]
mod machine_pools;
#[cfg(feature = "clusterprofiles")]
mod profile_versions;
#[cfg(any(feature = "packs", feature = "registries"))]
mod registries;
mod tenant;
#[cfg(feature = "spectroclusters")]
mod virtual_clusters;
mod workspaces;

use crate::testing::http::coverage::Routes;

/// Every route the fake serves, in the features built.
pub(crate) fn routes() -> Routes {
    let routes = Routes::new()
        .merge(auth::routes())
        .merge(tenant::routes())
        .merge(workspaces::routes());
    #[cfg(any(
        feature = "api_keys",
        feature = "projects",
        feature = "roles",
        feature = "teams",
        feature = "users"
    ))]
    let routes = routes.merge(admin::routes());
    #[cfg(any(feature = "cloudaccounts", feature = "clusterprofiles"))]
    let routes = routes.merge(catalog::routes());
    #[cfg(feature = "clusterprofiles")]
    let routes = routes.merge(profile_versions::routes());
    #[cfg(feature = "spectroclusters")]
    let routes = routes
        .merge(clusters::routes())
        .merge(clouds::routes())
        .merge(imports::routes())
        .merge(virtual_clusters::routes());
    #[cfg(any(feature = "packs", feature = "registries"))]
    let routes = routes.merge(registries::routes());
    #[cfg(feature = "edgehosts")]
    let routes = routes.merge(edge::routes());
    #[cfg(any(feature = "users", feature = "spectroclusters"))]
    let routes = routes.merge(cluster_backups::routes());
    #[cfg(any(feature = "users", feature = "clustergroups", feature = "overlords"))]
    let routes = routes.merge(assets::routes());
    routes
}
