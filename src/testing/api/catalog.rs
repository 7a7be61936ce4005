//! The fake's Cloudaccounts and Clusterprofiles operations.

use crate::testing::http::coverage::Routes;

pub(crate) fn routes() -> Routes {
    let routes = Routes::new();
    #[cfg(feature = "cloudaccounts")]
    let routes = accounts::routes(routes);
    #[cfg(feature = "clusterprofiles")]
    let routes = profiles::routes(routes);
    routes
}

#[cfg(feature = "cloudaccounts")]
mod accounts {

    use axum::routing::get;

    use crate::testing::http::coverage::Routes;
    use crate::testing::http::{Reply, Req, json, serve};
    use crate::testing::paging::page;

    use crate::types;

    pub(super) fn routes(routes: Routes) -> Routes {
        routes.route("/v1/cloudaccounts/summary", get(serve(summaries)))
    }

    /// Every account, whatever the scope, paged.
    fn summaries(req: Req) -> Reply {
        let params = req.query();
        req.caller()?;
        let items = req.model().catalog.account_summaries();
        let (items, listmeta) = page(items, &params)?;
        json(
            200,
            &types::CloudAccountsSummary {
                items: Some(items),
                listmeta: Some(listmeta),
            },
        )
    }
}

#[cfg(feature = "clusterprofiles")]
mod profiles {

    use axum::routing::{get, patch, post};

    use crate::testing::http::coverage::Routes;
    use crate::testing::http::{Reply, Req, body, flag, json, no_content, serve};
    use crate::testing::paging::page;

    use crate::types;

    pub(super) fn routes(routes: Routes) -> Routes {
        routes
            .route("/v1/clusterprofiles", post(serve(create)))
            .route(
                "/v1/clusterprofiles/{uid}",
                get(serve(read)).delete(serve(remove)),
            )
            .route("/v1/clusterprofiles/{uid}/publish", patch(serve(publish)))
            .route(
                "/v1/clusterprofiles/{uid}/variables",
                get(serve(variables)).put(serve(set_variables)),
            )
            .route("/v1/dashboard/clusterprofiles", post(serve(summaries)))
    }

    fn create(req: Req) -> Reply {
        let params = req.query();
        let project = req.caller()?;
        let entity: types::ClusterProfileEntity = body(&req.body)?;
        let publish = flag(&params, "publish", false)?;
        let mut model = req.model();
        let uid = model.new_uid();
        let uid = model
            .catalog
            .create_profile(project.as_deref(), uid, entity, publish)?;
        json(201, &types::Uid { uid: Some(uid) })
    }

    fn read(req: Req) -> Reply {
        let [uid] = req.path()?;
        let project = req.caller()?;
        let profile = req
            .model()
            .catalog
            .profile_reply(project.as_deref(), &uid)?;
        json(200, &profile)
    }

    fn remove(req: Req) -> Reply {
        let [uid] = req.path()?;
        let project = req.caller()?;
        req.model()
            .catalog
            .delete_profile(project.as_deref(), &uid)?;
        no_content()
    }

    fn publish(req: Req) -> Reply {
        let [uid] = req.path()?;
        let project = req.caller()?;
        req.model()
            .catalog
            .publish_profile(project.as_deref(), &uid)?;
        no_content()
    }

    fn variables(req: Req) -> Reply {
        let [uid] = req.path()?;
        let project = req.caller()?;
        let variables = req.model().catalog.variables(project.as_deref(), &uid)?;
        json(
            200,
            &types::Variables {
                variables: Some(variables),
            },
        )
    }

    fn set_variables(req: Req) -> Reply {
        let [uid] = req.path()?;
        let project = req.caller()?;
        let given: types::Variables = body(&req.body)?;
        req.model().catalog.set_variables(
            project.as_deref(),
            &uid,
            given.variables.unwrap_or_default(),
        )?;
        no_content()
    }

    /// The dashboard's profile list for the caller's scope: filtered by name, version and
    /// type, paged, in creation order.
    fn summaries(req: Req) -> Reply {
        let params = req.query();
        let project = req.caller()?;
        let spec: types::ClusterProfilesFilterSpec = if req.body.is_empty() {
            Default::default()
        } else {
            body(&req.body)?
        };
        let mut items = req.model().catalog.profile_summaries(project.as_deref());
        if let Some(filter) = spec.filter {
            if let Some(name) = filter.profile_name {
                items.retain(|p| crate::testing::paging::passes(&name, name_of(p)));
            }
            if let Some(version) = filter.version {
                items.retain(|p| version_passes(&version, version_of(p)));
            }
            if let Some(wanted) = filter.profile_type.filter(|t| !t.is_empty()) {
                items.retain(|p| wanted.iter().any(|t| Some(t.as_str()) == type_of(p)));
            }
        }
        let (items, listmeta) = page(items, &params)?;
        json(
            200,
            &types::ClusterProfilesSummary {
                items: Some(items),
                listmeta: Some(listmeta),
            },
        )
    }

    fn name_of(p: &types::ClusterProfileSummary) -> &str {
        p.metadata
            .as_ref()
            .and_then(|m| m.name.as_deref())
            .unwrap_or_default()
    }

    fn version_of(p: &types::ClusterProfileSummary) -> &str {
        p.spec_summary
            .as_ref()
            .and_then(|s| s.version.as_deref())
            .unwrap_or_default()
    }

    fn type_of(p: &types::ClusterProfileSummary) -> Option<&str> {
        let spec = p.spec_summary.as_ref()?;
        spec.draft
            .as_ref()
            .or(spec.published.as_ref())?
            .type_
            .as_deref()
    }

    fn version_passes(filter: &types::FilterVersionString, version: &str) -> bool {
        filter.eq.as_deref().is_none_or(|v| version == v)
            && filter.ne.as_deref().is_none_or(|v| version != v)
            && filter
                .begins_with
                .as_deref()
                .is_none_or(|v| version.starts_with(v))
    }
}
