//! The fake's edge operations: registration tokens (create, list, get, on/off, delete) and edge hosts (register, search, get, tags, cluster links, delete).

use axum::routing::{get, patch, post, put};

use crate::enums::{
    SearchFilterConjunctionOperator as Conjunction, SearchFilterStringOperator as Operator,
};
use crate::testing::http::coverage::Routes;
use crate::testing::http::{Reply, Req, body, json, no_content, serve};
use crate::testing::model::edge::StoredHost;
use crate::testing::paging::page;
use crate::testing::refusal::{Refusal, refuse};
use crate::types;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route(
            "/v1/edgehosts/tokens",
            get(serve(list_tokens)).post(serve(create_token)),
        )
        .route(
            "/v1/edgehosts/tokens/{uid}",
            get(serve(read_token)).delete(serve(remove_token)),
        )
        .route(
            "/v1/edgehosts/tokens/{uid}/state",
            put(serve(set_token_state)),
        )
        .route("/v1/edgehosts/register", post(serve(register)))
        .route(
            "/v1/edgehosts/{uid}",
            get(serve(read_host)).delete(serve(remove_host)),
        )
        .route("/v1/edgehosts/{uid}/meta", put(serve(update_meta)))
        .route(
            "/v1/edgehosts/{uid}/cluster/associate",
            patch(serve(associate)).delete(serve(deassociate)),
        )
        .route("/v1/dashboard/edgehosts/search", post(serve(search)))
}

// ---------------------------------------------------------------- tokens (tenant-level)

/// Every token; Palette does not page this list.
fn list_tokens(req: Req) -> Reply {
    req.authenticate()?;
    let items = req.model().edge_tokens();
    json(200, &types::EdgeTokens { items: Some(items) })
}

fn create_token(req: Req) -> Reply {
    req.authenticate()?;
    let entity: types::EdgeTokenEntity = body(&req.body)?;
    let uid = req.model().create_edge_token(entity)?;
    json(201, &types::Uid { uid: Some(uid) })
}

fn read_token(req: Req) -> Reply {
    let [uid] = req.path()?;
    req.authenticate()?;
    let token = req.model().edge_token(&uid)?;
    json(200, &token)
}

fn set_token_state(req: Req) -> Reply {
    let [uid] = req.path()?;
    req.authenticate()?;
    let wanted: types::EdgeTokenActiveState = body(&req.body)?;
    let Some(active) = wanted.is_active else {
        return Err(refuse(400, "InvalidEdgeTokenState", "isActive is required"));
    };
    req.model().set_edge_token_active(&uid, active)?;
    no_content()
}

fn remove_token(req: Req) -> Reply {
    let [uid] = req.path()?;
    req.authenticate()?;
    req.model().edge.delete_token(&uid)?;
    no_content()
}

// ---------------------------------------------------------------- hosts (project-level)

/// A host registering itself: its registration token authorizes it, not the headers' key or
/// session (a host has neither). A `ProjectUid` header must name a known project.
fn register(req: Req) -> Reply {
    let project = match req.headers.get("ProjectUid") {
        Some(value) => {
            let uid = value.to_str().unwrap_or_default().to_string();
            req.model().admin.project(&uid)?;
            Some(uid)
        }
        None => None,
    };
    let device: types::EdgeHostDevice = body(&req.body)?;
    let host = req.model().register_edge_host(project.as_deref(), device)?;
    json(200, &host)
}

fn read_host(req: Req) -> Reply {
    let [uid] = req.path()?;
    let project = req.caller()?;
    let host = req.model().edge_host(project.as_deref(), &uid)?;
    json(200, &host)
}

fn update_meta(req: Req) -> Reply {
    let [uid] = req.path()?;
    let project = req.caller()?;
    let entity: types::EdgeHostDeviceMetaUpdateEntity = body(&req.body)?;
    req.model()
        .update_edge_host_meta(project.as_deref(), &uid, entity)?;
    no_content()
}

fn remove_host(req: Req) -> Reply {
    let [uid] = req.path()?;
    let project = req.caller()?;
    req.model().edge.delete_host(project.as_deref(), &uid)?;
    no_content()
}

fn associate(req: Req) -> Reply {
    let [uid] = req.path()?;
    let project = req.caller()?;
    let entity: types::EdgeHostClusterEntity = body(&req.body)?;
    req.model()
        .associate_edge_host(project.as_deref(), &uid, entity.cluster_uid)?;
    no_content()
}

fn deassociate(req: Req) -> Reply {
    let [uid] = req.path()?;
    let project = req.caller()?;
    req.model()
        .deassociate_edge_host(project.as_deref(), &uid)?;
    no_content()
}

// ---------------------------------------------------------------- search

fn invalid(message: String) -> Refusal {
    refuse(400, "InvalidSearchFilter", message)
}

/// Whether a host passes one filter item: a string condition on `name`, `tags`, `state` or
/// `healthState`, with `eq`, `contains` or `beginsWith`, its values joined by the match's
/// conjunction (`or` unless `and`), negated when asked.
fn item_matches(item: &types::SearchFilterItem, host: &StoredHost) -> Result<bool, Refusal> {
    let property = item.property.as_deref().unwrap_or_default();
    let Some(condition) = item.condition.as_ref().and_then(|c| c.string.as_ref()) else {
        return Err(invalid(format!(
            "filter on '{property}' needs a string condition (condition.string)"
        )));
    };
    let have = host.property(property).ok_or_else(|| {
        invalid(format!(
            "the fake filters edge hosts by name, tags, state and healthState, not by '{property}'"
        ))
    })?;
    let wanted = condition
        .match_
        .as_ref()
        .and_then(|m| m.values.clone())
        .unwrap_or_default();
    if wanted.is_empty() {
        return Err(invalid(format!(
            "filter on '{property}' has no values to match"
        )));
    }
    let fold = |s: &str| {
        if condition.ignore_case == Some(true) {
            s.to_lowercase()
        } else {
            s.to_string()
        }
    };
    let operator = condition.operator.clone().unwrap_or(Operator::Eq);
    let mut hits = Vec::with_capacity(wanted.len());
    for value in &wanted {
        let value = fold(value);
        let mut hit = false;
        for candidate in have.iter().map(|c| fold(c)) {
            hit |= match &operator {
                Operator::Eq => candidate == value,
                Operator::Contains => candidate.contains(&value),
                Operator::BeginsWith => candidate.starts_with(&value),
                Operator::Unknown(other) => {
                    return Err(invalid(format!(
                        "string operator '{other}' is not eq, contains or beginsWith"
                    )));
                }
            };
        }
        hits.push(hit);
    }
    let all = matches!(
        condition
            .match_
            .as_ref()
            .and_then(|m| m.conjunction.as_ref()),
        Some(Conjunction::And)
    );
    let matched = if all {
        hits.iter().all(|h| *h)
    } else {
        hits.iter().any(|h| *h)
    };
    Ok(matched != condition.negation.unwrap_or(false))
}

/// Whether a host passes the filter: groups joined by the spec's conjunction, the items of
/// a group by the group's (`and` unless `or` is given).
fn passes(spec: &types::SearchFilterSpec, host: &StoredHost) -> Result<bool, Refusal> {
    let either = |c: &Option<Conjunction>| matches!(c, Some(Conjunction::Or));
    let groups = spec.filter_groups.clone().unwrap_or_default();
    if groups.is_empty() {
        return Ok(true);
    }
    let mut verdicts = Vec::with_capacity(groups.len());
    for group in &groups {
        let items = group.filters.clone().unwrap_or_default();
        let mut hits = Vec::with_capacity(items.len());
        for item in &items {
            hits.push(item_matches(item, host)?);
        }
        verdicts.push(if either(&group.conjunction) {
            hits.is_empty() || hits.iter().any(|h| *h)
        } else {
            hits.iter().all(|h| *h)
        });
    }
    Ok(if either(&spec.conjunction) {
        verdicts.iter().any(|v| *v)
    } else {
        verdicts.iter().all(|v| *v)
    })
}

/// The project's hosts the filter passes, by name, 50 a page (tenant scope: none, as hosts
/// live in projects).
fn search(req: Req) -> Reply {
    let params = req.query();
    let project = req.caller()?;
    let spec: types::SearchFilterSummarySpec = if req.body.iter().all(u8::is_ascii_whitespace) {
        types::SearchFilterSummarySpec::default()
    } else {
        body(&req.body)?
    };
    let model = req.model();
    let filter = spec.filter.unwrap_or_default();
    let mut items = Vec::new();
    for host in model.edge.hosts_in(project.as_deref()) {
        if passes(&filter, &host)? {
            items.push(model.edge_host_summary(&host));
        }
    }
    let (items, listmeta) = page(items, &params)?;
    json(
        200,
        &types::EdgeHostsSearchSummary {
            items: Some(items),
            listmeta: Some(listmeta),
        },
    )
}
