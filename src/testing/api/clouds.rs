//! The fake's one per-cloud route table: for each cloud it keeps clusters on, which of cluster creation, the cloud config and machine pools it serves, on Palette's paths for that cloud.

use std::sync::Arc;

use axum::routing::{MethodRouter, get, post};

use super::{clusters, machine_pools};
use crate::testing::http::coverage::Routes;
use crate::testing::http::{Shared, serve};
use crate::testing::model::clusters::Cloud;

/// Each cloud the fake keeps clusters on, with what it serves of it: (cloud, `created`,
/// `pools`).
///
/// - `created`: clusters are created and validated through the API
///   (`/v1/spectroclusters/{cloud}`); the other clouds' clusters are seeded
///   ([`FakePaletteBuilder::running_cluster`](crate::testing::FakePaletteBuilder::running_cluster)).
/// - `pools`: its cloud config is read, and its pools added, replaced and removed, here. A
///   virtual cluster's config is read and resized by the virtual cluster handlers, and its
///   pool entity is only the quota (no name, no size), so the resize stands in for its pools.
///
/// Every cloud's pools list their machines.
const CLOUDS: &[(Cloud, bool, bool)] = &[
    (Cloud::Aws, true, true),
    (Cloud::Eks, true, true),
    (Cloud::EdgeNative, true, true),
    (Cloud::Virtual, true, false),
    (Cloud::Azure, false, true),
    (Cloud::Aks, false, true),
    (Cloud::Gcp, false, true),
    (Cloud::Gke, false, true),
    (Cloud::Vsphere, false, true),
    (Cloud::Maas, false, true),
    (Cloud::ApacheCloudStack, false, true),
    (Cloud::Generic, false, true),
];

/// Every cloud's routes. With `spectroclusters` alone, the clouds clusters are created on
/// serve their creation, cloud config and pool replacement; `cloudconfigs` adds the rest of
/// the machine pool operations, the seeded clouds and custom cloud types.
pub(crate) fn routes() -> Routes {
    let with_pools = cfg!(feature = "cloudconfigs");
    let mut routes = Routes::new();
    for &(cloud, created, pools) in CLOUDS {
        let name = cloud.name();
        if created {
            routes = routes
                .route(
                    &format!("/v1/spectroclusters/{name}"),
                    post(serve(move |req| clusters::create(req, cloud))),
                )
                .route(
                    &format!("/v1/spectroclusters/{name}/validate"),
                    post(serve(move |req| clusters::validate(req, cloud))),
                );
        }
        let config = format!("/v1/cloudconfigs/{name}/{{configUid}}");
        let pool = format!("{config}/machinePools/{{machinePoolName}}");
        let mut pool_routes: Option<MethodRouter<Arc<Shared>>> = None;
        if pools && (created || with_pools) {
            routes = routes.route(
                &config,
                get(serve(move |req| machine_pools::cloud_config(req, cloud))),
            );
            pool_routes = Some(axum::routing::put(serve(move |req| {
                machine_pools::update_pool(req, cloud)
            })));
        }
        if with_pools {
            if pools {
                routes = routes.route(
                    &format!("{config}/machinePools"),
                    post(serve(move |req| machine_pools::add(req, cloud))),
                );
                let remove = serve(move |req| machine_pools::remove(req, cloud));
                pool_routes = Some(match pool_routes {
                    Some(put) => put.delete(remove),
                    None => axum::routing::delete(remove),
                });
            }
            routes = routes.route(
                &format!("{pool}/machines"),
                get(serve(move |req| machine_pools::machines(req, cloud))),
            );
        }
        if let Some(pool_routes) = pool_routes {
            routes = routes.route(&pool, pool_routes);
        }
    }
    if with_pools {
        routes = custom_routes(routes);
    }
    routes
}

/// Custom cloud types: the type's name is one more path segment, checked against the
/// cluster's before the request is served as on any other cloud. A new custom pool is its
/// `values` (the cloud's own templates, which name and size it): the fake does not read
/// those, so it leaves the creation out.
fn custom_routes(routes: Routes) -> Routes {
    use machine_pools::custom;
    let config = "/v1/cloudconfigs/cloudTypes/{cloudType}/{configUid}";
    let pool = format!("{config}/machinePools/{{machinePoolName}}");
    routes
        .route(config, get(custom(machine_pools::cloud_config)))
        .route(
            &pool,
            axum::routing::put(custom(machine_pools::update_pool))
                .delete(custom(machine_pools::remove)),
        )
        .route(
            &format!("{pool}/machines"),
            get(custom(machine_pools::machines)),
        )
}
