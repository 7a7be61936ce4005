//! The fake's routes for tenant administration: projects, users, teams, roles and API keys, each behind its category's feature.

use crate::testing::http::coverage::Routes;

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
fn created(uid: String) -> crate::testing::http::Reply {
    crate::testing::http::json(201, &crate::types::Uid { uid: Some(uid) })
}

#[cfg(feature = "projects")]
mod projects {

    use axum::routing::{get, post};

    use super::created;
    use crate::testing::http::coverage::Routes;
    use crate::testing::http::{Reply, Req, body, json, no_content, serve};
    use crate::testing::paging::page;
    use crate::types;

    pub(super) fn routes(routes: Routes) -> Routes {
        routes
            .route("/v1/projects", post(serve(create)))
            .route("/v1/projects/{uid}", get(serve(read)).delete(serve(remove)))
            .route("/v1/dashboard/projects", post(serve(summaries)))
    }

    fn create(req: Req) -> Reply {
        req.authenticate()?;
        let entity: types::ProjectEntity = body(&req.body)?;
        let model = &mut *req.model();
        let uid = model.admin.create_project(&mut model.uids, entity)?;
        created(uid)
    }

    fn read(req: Req) -> Reply {
        let [uid] = req.path()?;
        req.authenticate()?;
        let project = req.model().admin.project_reply(&uid)?;
        json(200, &project)
    }

    fn remove(req: Req) -> Reply {
        let [uid] = req.path()?;
        req.authenticate()?;
        req.model().delete_project(&uid)?;
        no_content()
    }

    /// The dashboard's project list: filtered by name, sorted, paged.
    fn summaries(req: Req) -> Reply {
        let params = req.query();
        req.authenticate()?;
        let spec: types::ProjectsFilterSpec = if req.body.is_empty() {
            Default::default()
        } else {
            body(&req.body)?
        };
        let mut items = req.model().admin.project_summaries();
        if let Some(filter) = spec.filter.and_then(|f| f.name) {
            items.retain(|p| crate::testing::paging::passes(&filter, name_of(p)));
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

    use crate::testing::http::{Reply, Shared, body, json, no_content};
    use crate::testing::model::admin::Holder;
    use crate::testing::refusal::refuse;
    use crate::types;

    pub(super) fn read(state: &Shared, holder: Holder) -> Reply {
        let roles = state.model().admin.project_roles(&holder);
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
        state.model().admin.set_project_roles(holder, wanted)?;
        no_content()
    }
}

#[cfg(feature = "users")]
mod users {

    use axum::routing::get;

    use super::{created, project_roles};
    use crate::testing::http::coverage::Routes;
    use crate::testing::http::{Reply, Req, body, json, no_content, serve};
    use crate::testing::model::admin::Holder;
    use crate::testing::paging::page;
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
        req.authenticate()?;
        let all: Vec<types::User> = req.model().admin.users.values().cloned().collect();
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
        req.authenticate()?;
        let entity: types::UserEntity = body(&req.body)?;
        let model = &mut *req.model();
        let uid = model.admin.create_user(&mut model.uids, entity)?;
        created(uid)
    }

    fn read(req: Req) -> Reply {
        let [uid] = req.path()?;
        req.authenticate()?;
        let user = req.model().admin.user(&uid)?.clone();
        json(200, &user)
    }

    fn remove(req: Req) -> Reply {
        let [uid] = req.path()?;
        req.authenticate()?;
        req.model().delete_user(&uid)?;
        no_content()
    }

    fn roles(req: Req) -> Reply {
        let [uid] = req.path()?;
        req.authenticate()?;
        req.model().admin.user(&uid)?;
        project_roles::read(&req.state, Holder::User(uid))
    }

    fn set_roles(req: Req) -> Reply {
        let [uid] = req.path()?;
        req.authenticate()?;
        req.model().admin.user(&uid)?;
        project_roles::replace(&req.state, Holder::User(uid), &req.body)
    }
}

#[cfg(feature = "teams")]
mod teams {

    use axum::routing::get;

    use super::{created, project_roles};
    use crate::testing::http::coverage::Routes;
    use crate::testing::http::{Reply, Req, body, json, no_content, serve};
    use crate::testing::model::admin::Holder;
    use crate::testing::paging::page;
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
        req.authenticate()?;
        let all: Vec<types::Team> = req.model().admin.teams.values().cloned().collect();
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
        req.authenticate()?;
        let team: types::Team = body(&req.body)?;
        let model = &mut *req.model();
        let uid = model.admin.create_team(&mut model.uids, team)?;
        created(uid)
    }

    fn read(req: Req) -> Reply {
        let [uid] = req.path()?;
        req.authenticate()?;
        let team = req.model().admin.team(&uid)?.clone();
        json(200, &team)
    }

    fn remove(req: Req) -> Reply {
        let [uid] = req.path()?;
        req.authenticate()?;
        req.model().delete_team(&uid)?;
        no_content()
    }

    fn roles(req: Req) -> Reply {
        let [uid] = req.path()?;
        req.authenticate()?;
        req.model().admin.team(&uid)?;
        project_roles::read(&req.state, Holder::Team(uid))
    }

    fn set_roles(req: Req) -> Reply {
        let [uid] = req.path()?;
        req.authenticate()?;
        req.model().admin.team(&uid)?;
        project_roles::replace(&req.state, Holder::Team(uid), &req.body)
    }
}

#[cfg(feature = "roles")]
mod roles {

    use axum::routing::get;

    use super::created;
    use crate::testing::http::coverage::Routes;
    use crate::testing::http::{Reply, Req, body, json, no_content, serve};
    use crate::testing::paging::page;
    use crate::types;

    pub(super) fn routes(routes: Routes) -> Routes {
        routes
            .route("/v1/roles", get(serve(list)).post(serve(create)))
            .route("/v1/roles/{uid}", get(serve(read)).delete(serve(remove)))
    }

    fn list(req: Req) -> Reply {
        let params = req.query();
        req.authenticate()?;
        let all: Vec<types::Role> = req.model().admin.roles.values().cloned().collect();
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
        req.authenticate()?;
        let role: types::Role = body(&req.body)?;
        let model = &mut *req.model();
        let uid = model.admin.create_role(&mut model.uids, role)?;
        created(uid)
    }

    fn read(req: Req) -> Reply {
        let [uid] = req.path()?;
        req.authenticate()?;
        let role = req.model().admin.role(&uid)?.clone();
        json(200, &role)
    }

    fn remove(req: Req) -> Reply {
        let [uid] = req.path()?;
        req.authenticate()?;
        req.model().admin.delete_role(&uid)?;
        no_content()
    }
}

#[cfg(feature = "api_keys")]
mod api_keys {

    use axum::routing::{get, put};

    use crate::testing::http::coverage::Routes;
    use crate::testing::http::{Reply, Req, body, json, no_content, serve};
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
        req.authenticate()?;
        let model = req.model();
        let items = model
            .admin
            .api_keys
            .values()
            .map(|key| model.admin.api_key_reply(key))
            .collect();
        json(200, &types::ApiKeys { items: Some(items) })
    }

    fn create(req: Req) -> Reply {
        req.authenticate()?;
        let entity: types::ApiKeyEntity = body(&req.body)?;
        let model = &mut *req.model();
        let (uid, secret) = model.admin.create_api_key(&mut model.uids, entity)?;
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
        req.authenticate()?;
        let mut model = req.model();
        let key = model.admin.api_key_mut(&uid)?.clone();
        json(200, &model.admin.api_key_reply(&key))
    }

    fn update(req: Req) -> Reply {
        let [uid] = req.path()?;
        req.authenticate()?;
        let update: types::ApiKeyUpdate = body(&req.body)?;
        req.model().admin.update_api_key(&uid, update)?;
        no_content()
    }

    /// `apiKeysUidState` and `apiKeysUidActiveState`: switch a key off or back on.
    fn set_state(req: Req) -> Reply {
        let [uid] = req.path()?;
        req.authenticate()?;
        let wanted: types::ApiKeyActiveState = body(&req.body)?;
        let Some(active) = wanted.is_active else {
            return Err(crate::testing::refusal::refuse(
                400,
                "InvalidApiKeyState",
                "isActive is required",
            ));
        };
        req.model().admin.set_api_key_active(&uid, active)?;
        no_content()
    }

    fn remove(req: Req) -> Reply {
        let [uid] = req.path()?;
        req.authenticate()?;
        let mut model = req.model();
        model.admin.api_key_mut(&uid)?;
        model.admin.api_keys.remove(&uid);
        no_content()
    }
}
