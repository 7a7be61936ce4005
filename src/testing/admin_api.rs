//! The fake's routes for tenant administration: projects, users, teams, roles and API keys, each behind its category's feature.

use super::coverage::Routes;

pub(crate) fn routes() -> Routes {
    let routes = Routes::new();
    #[cfg(feature = "projects")]
    let routes = projects::routes(routes);
    #[cfg(feature = "users")]
    let routes = users::routes(routes);
    #[cfg(feature = "teams")]
    let routes = teams::routes(routes);
    #[cfg(feature = "roles")]
    let routes = roles::routes(routes);
    #[cfg(feature = "api_keys")]
    let routes = api_keys::routes(routes);
    routes
}

#[cfg(any(
    feature = "projects",
    feature = "users",
    feature = "teams",
    feature = "roles"
))]
fn created(uid: String) -> super::http::Reply {
    super::http::json(201, &crate::types::Uid { uid: Some(uid) })
}

#[cfg(feature = "projects")]
mod projects {

    use axum::routing::{get, post};

    use super::super::coverage::Routes;
    use super::super::http::{Reply, Req, authenticate, body, json, no_content, serve};
    use super::super::paging::page;
    use super::created;
    use crate::types;

    pub(super) fn routes(routes: Routes) -> Routes {
        routes
            .route("/v1/projects", post(serve(create)))
            .route("/v1/projects/{uid}", get(serve(read)).delete(serve(remove)))
            .route("/v1/dashboard/projects", post(serve(summaries)))
    }

    fn create(req: Req) -> Reply {
        let state = req.state;
        let headers = req.headers;
        let bytes = req.body;
        authenticate(&state, &headers)?;
        let entity: types::ProjectEntity = body(&bytes)?;
        let uid = state.model().create_project(entity)?;
        created(uid)
    }

    fn read(req: Req) -> Reply {
        let [uid] = req.path()?;
        let state = req.state;
        let headers = req.headers;
        authenticate(&state, &headers)?;
        let project = state.model().project_reply(&uid)?;
        json(200, &project)
    }

    fn remove(req: Req) -> Reply {
        let [uid] = req.path()?;
        let state = req.state;
        let headers = req.headers;
        authenticate(&state, &headers)?;
        state.model().delete_project(&uid)?;
        no_content()
    }

    /// The dashboard's project list: filtered by name, sorted, paged.
    fn summaries(req: Req) -> Reply {
        let params = req.query();
        let state = req.state;
        let headers = req.headers;
        let bytes = req.body;
        authenticate(&state, &headers)?;
        let spec: types::ProjectsFilterSpec = if bytes.is_empty() {
            Default::default()
        } else {
            body(&bytes)?
        };
        let mut items = state.model().project_summaries();
        if let Some(filter) = spec.filter.and_then(|f| f.name) {
            items.retain(|p| super::super::paging::passes(&filter, name_of(p)));
        }
        for sort in spec.sort.iter().flatten().rev() {
            use crate::enums::{ProjectFilterSortFields as Field, SortOrder};
            let time = |p: &types::ProjectSummary| {
                p.metadata
                    .as_ref()
                    .and_then(|m| m.creation_timestamp.clone())
                    .map(|t| t.0)
            };
            let changed = |p: &types::ProjectSummary| {
                p.metadata
                    .as_ref()
                    .and_then(|m| m.last_modified_timestamp.clone())
                    .map(|t| t.0)
            };
            match sort.field.as_ref() {
                Some(Field::Name) => items.sort_by(|a, b| name_of(a).cmp(name_of(b))),
                Some(Field::CreationTimestamp) => items.sort_by_key(time),
                Some(Field::LastModifiedTimestamp) => items.sort_by_key(changed),
                _ => {}
            }
            if sort.order.as_ref() == Some(&SortOrder::Desc) {
                items.reverse();
            }
        }
        let (items, listmeta) = page(items, &params)?;
        json(
            200,
            &types::ProjectsSummary {
                items: Some(items),
                listmeta: Some(listmeta),
            },
        )
    }

    fn name_of(project: &types::ProjectSummary) -> &str {
        project
            .metadata
            .as_ref()
            .and_then(|m| m.name.as_deref())
            .unwrap_or_default()
    }
}

/// A user's or team's project roles, read and replaced the same way.
#[cfg(any(feature = "users", feature = "teams"))]
mod project_roles {
    use axum::body::Bytes;

    use super::super::admin::Holder;
    use super::super::http::{Reply, Shared, body, json, no_content};
    use super::super::model::refuse;
    use crate::types;

    pub(super) fn read(state: &Shared, holder: Holder) -> Reply {
        let roles = state.model().project_roles(&holder);
        json(200, &roles)
    }

    /// Replaces every project role of `holder` by the body's.
    pub(super) fn replace(state: &Shared, holder: Holder, bytes: &Bytes) -> Reply {
        let patch: types::ProjectRolesPatch = body(bytes)?;
        let mut wanted = Vec::new();
        for item in patch.projects.into_iter().flatten() {
            let Some(project) = item.project_uid.filter(|p| !p.is_empty()) else {
                return Err(refuse(
                    400,
                    "InvalidProjectRoles",
                    "every entry needs a projectUid",
                ));
            };
            wanted.push((project, item.roles.unwrap_or_default()));
        }
        state.model().set_project_roles(holder, wanted)?;
        no_content()
    }
}

#[cfg(feature = "users")]
mod users {

    use axum::routing::get;

    use super::super::admin::Holder;
    use super::super::coverage::Routes;
    use super::super::http::{Reply, Req, authenticate, body, json, no_content, serve};
    use super::super::paging::page;
    use super::{created, project_roles};
    use crate::types;

    pub(super) fn routes(routes: Routes) -> Routes {
        routes
            .route("/v1/users", get(serve(list)).post(serve(create)))
            .route("/v1/users/{uid}", get(serve(read)).delete(serve(remove)))
            .route(
                "/v1/users/{uid}/projects",
                get(serve(roles)).put(serve(set_roles)),
            )
    }

    fn list(req: Req) -> Reply {
        let params = req.query();
        let state = req.state;
        let headers = req.headers;
        authenticate(&state, &headers)?;
        let all: Vec<types::User> = state.model().admin.users.values().cloned().collect();
        let (items, listmeta) = page(all, &params)?;
        json(
            200,
            &types::Users {
                items: Some(items),
                listmeta: Some(listmeta),
            },
        )
    }

    fn create(req: Req) -> Reply {
        let state = req.state;
        let headers = req.headers;
        let bytes = req.body;
        authenticate(&state, &headers)?;
        let entity: types::UserEntity = body(&bytes)?;
        let uid = state.model().create_user(entity)?;
        created(uid)
    }

    fn read(req: Req) -> Reply {
        let [uid] = req.path()?;
        let state = req.state;
        let headers = req.headers;
        authenticate(&state, &headers)?;
        let user = state.model().user(&uid)?.clone();
        json(200, &user)
    }

    fn remove(req: Req) -> Reply {
        let [uid] = req.path()?;
        let state = req.state;
        let headers = req.headers;
        authenticate(&state, &headers)?;
        state.model().delete_user(&uid)?;
        no_content()
    }

    fn roles(req: Req) -> Reply {
        let [uid] = req.path()?;
        let state = req.state;
        let headers = req.headers;
        authenticate(&state, &headers)?;
        state.model().user(&uid)?;
        project_roles::read(&state, Holder::User(uid))
    }

    fn set_roles(req: Req) -> Reply {
        let [uid] = req.path()?;
        let state = req.state;
        let headers = req.headers;
        let bytes = req.body;
        authenticate(&state, &headers)?;
        state.model().user(&uid)?;
        project_roles::replace(&state, Holder::User(uid), &bytes)
    }
}

#[cfg(feature = "teams")]
mod teams {

    use axum::routing::get;

    use super::super::admin::Holder;
    use super::super::coverage::Routes;
    use super::super::http::{Reply, Req, authenticate, body, json, no_content, serve};
    use super::super::paging::page;
    use super::{created, project_roles};
    use crate::types;

    pub(super) fn routes(routes: Routes) -> Routes {
        routes
            .route("/v1/teams", get(serve(list)).post(serve(create)))
            .route("/v1/teams/{uid}", get(serve(read)).delete(serve(remove)))
            .route(
                "/v1/teams/{uid}/projects",
                get(serve(roles)).put(serve(set_roles)),
            )
    }

    fn list(req: Req) -> Reply {
        let params = req.query();
        let state = req.state;
        let headers = req.headers;
        authenticate(&state, &headers)?;
        let all: Vec<types::Team> = state.model().admin.teams.values().cloned().collect();
        let (items, listmeta) = page(all, &params)?;
        json(
            200,
            &types::Teams {
                items: Some(items),
                listmeta: Some(listmeta),
            },
        )
    }

    fn create(req: Req) -> Reply {
        let state = req.state;
        let headers = req.headers;
        let bytes = req.body;
        authenticate(&state, &headers)?;
        let team: types::Team = body(&bytes)?;
        let uid = state.model().create_team(team)?;
        created(uid)
    }

    fn read(req: Req) -> Reply {
        let [uid] = req.path()?;
        let state = req.state;
        let headers = req.headers;
        authenticate(&state, &headers)?;
        let team = state.model().team(&uid)?.clone();
        json(200, &team)
    }

    fn remove(req: Req) -> Reply {
        let [uid] = req.path()?;
        let state = req.state;
        let headers = req.headers;
        authenticate(&state, &headers)?;
        state.model().delete_team(&uid)?;
        no_content()
    }

    fn roles(req: Req) -> Reply {
        let [uid] = req.path()?;
        let state = req.state;
        let headers = req.headers;
        authenticate(&state, &headers)?;
        state.model().team(&uid)?;
        project_roles::read(&state, Holder::Team(uid))
    }

    fn set_roles(req: Req) -> Reply {
        let [uid] = req.path()?;
        let state = req.state;
        let headers = req.headers;
        let bytes = req.body;
        authenticate(&state, &headers)?;
        state.model().team(&uid)?;
        project_roles::replace(&state, Holder::Team(uid), &bytes)
    }
}

#[cfg(feature = "roles")]
mod roles {

    use axum::routing::get;

    use super::super::coverage::Routes;
    use super::super::http::{Reply, Req, authenticate, body, json, no_content, serve};
    use super::super::paging::page;
    use super::created;
    use crate::types;

    pub(super) fn routes(routes: Routes) -> Routes {
        routes
            .route("/v1/roles", get(serve(list)).post(serve(create)))
            .route("/v1/roles/{uid}", get(serve(read)).delete(serve(remove)))
    }

    fn list(req: Req) -> Reply {
        let params = req.query();
        let state = req.state;
        let headers = req.headers;
        authenticate(&state, &headers)?;
        let all: Vec<types::Role> = state.model().admin.roles.values().cloned().collect();
        let (items, listmeta) = page(all, &params)?;
        json(
            200,
            &types::Roles {
                items: Some(items),
                listmeta: Some(listmeta),
            },
        )
    }

    fn create(req: Req) -> Reply {
        let state = req.state;
        let headers = req.headers;
        let bytes = req.body;
        authenticate(&state, &headers)?;
        let role: types::Role = body(&bytes)?;
        let uid = state.model().create_role(role)?;
        created(uid)
    }

    fn read(req: Req) -> Reply {
        let [uid] = req.path()?;
        let state = req.state;
        let headers = req.headers;
        authenticate(&state, &headers)?;
        let role = state.model().role(&uid)?.clone();
        json(200, &role)
    }

    fn remove(req: Req) -> Reply {
        let [uid] = req.path()?;
        let state = req.state;
        let headers = req.headers;
        authenticate(&state, &headers)?;
        state.model().delete_role(&uid)?;
        no_content()
    }
}

#[cfg(feature = "api_keys")]
mod api_keys {

    use axum::routing::{get, put};

    use super::super::coverage::Routes;
    use super::super::http::{Reply, Req, authenticate, body, json, no_content, serve};
    use crate::types;

    pub(super) fn routes(routes: Routes) -> Routes {
        routes
            .route("/v1/apiKeys", get(serve(list)).post(serve(create)))
            .route(
                "/v1/apiKeys/{uid}",
                get(serve(read))
                    .put(serve(update))
                    .patch(serve(set_state))
                    .delete(serve(remove)),
            )
            .route("/v1/apiKeys/{uid}/state", put(serve(set_state)))
    }

    /// Every key, secrets masked; Palette does not page this list.
    fn list(req: Req) -> Reply {
        let state = req.state;
        let headers = req.headers;
        authenticate(&state, &headers)?;
        let model = state.model();
        let items = model
            .admin
            .api_keys
            .values()
            .map(|key| model.api_key_reply(key))
            .collect();
        json(200, &types::ApiKeys { items: Some(items) })
    }

    fn create(req: Req) -> Reply {
        let state = req.state;
        let headers = req.headers;
        let bytes = req.body;
        authenticate(&state, &headers)?;
        let entity: types::ApiKeyEntity = body(&bytes)?;
        let (uid, secret) = state.model().create_api_key(entity)?;
        json(
            201,
            &types::ApiKeyCreateResponse {
                api_key: Some(secret),
                uid: Some(uid),
            },
        )
    }

    fn read(req: Req) -> Reply {
        let [uid] = req.path()?;
        let state = req.state;
        let headers = req.headers;
        authenticate(&state, &headers)?;
        let mut model = state.model();
        let key = model.api_key_mut(&uid)?.clone();
        json(200, &model.api_key_reply(&key))
    }

    fn update(req: Req) -> Reply {
        let [uid] = req.path()?;
        let state = req.state;
        let headers = req.headers;
        let bytes = req.body;
        authenticate(&state, &headers)?;
        let update: types::ApiKeyUpdate = body(&bytes)?;
        state.model().update_api_key(&uid, update)?;
        no_content()
    }

    /// `apiKeysUidState` and `apiKeysUidActiveState`: switch a key off or back on.
    fn set_state(req: Req) -> Reply {
        let [uid] = req.path()?;
        let state = req.state;
        let headers = req.headers;
        let bytes = req.body;
        authenticate(&state, &headers)?;
        let wanted: types::ApiKeyActiveState = body(&bytes)?;
        let Some(active) = wanted.is_active else {
            return Err(super::super::model::refuse(
                400,
                "InvalidApiKeyState",
                "isActive is required",
            ));
        };
        state.model().set_api_key_active(&uid, active)?;
        no_content()
    }

    fn remove(req: Req) -> Reply {
        let [uid] = req.path()?;
        let state = req.state;
        let headers = req.headers;
        authenticate(&state, &headers)?;
        let mut model = state.model();
        model.api_key_mut(&uid)?;
        model.admin.api_keys.remove(&uid);
        no_content()
    }
}
