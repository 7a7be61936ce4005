//! The fake's cluster operations: create and validate (routed per cloud by `clouds`), get and search, overview, kubeconfigs, profiles, delete.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

use super::machine_pools::check_pool;
use crate::enums::{
    SearchFilterConjunctionOperator as Conjunction, SearchFilterStringOperator as Operator,
    SearchSortFields, SortOrder,
};
use crate::testing::http::coverage::Routes;
use crate::testing::http::{Reply, Req, body, flag, json, no_content, serve};
use crate::testing::model::Model;
use crate::testing::model::clusters::{Cloud, NewCluster, StoredCluster, flatten_pool};
use crate::testing::paging::page;
use crate::testing::refusal::{Refusal, refuse, zero_time};
use crate::types;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route(
            "/v1/spectroclusters/validate/name",
            get(serve(validate_name)),
        )
        .route(
            "/v1/spectroclusters/{uid}",
            get(serve(read)).delete(serve(remove)),
        )
        .route(
            "/v1/spectroclusters/{uid}/profiles",
            get(serve(profiles))
                .put(serve(update_profiles))
                .patch(serve(update_profiles)),
        )
        .route(
            "/v1/spectroclusters/{uid}/assets/kubeconfig",
            get(serve(move |req| kubeconfig(req, false))),
        )
        .route(
            "/v1/spectroclusters/{uid}/assets/adminKubeconfig",
            get(serve(move |req| kubeconfig(req, true))),
        )
        .route("/v1/dashboard/spectroclusters/search", post(serve(search)))
        .route(
            "/v1/dashboard/spectroclusters/{uid}/overview",
            get(serve(overview)),
        )
}

// ---------------------------------------------------------------- create and validate

fn invalid(message: String) -> Refusal {
    refuse(400, "InvalidRequestBody", message)
}

/// Reads a creation entity of any cloud: what the fake keeps of it, with clear 400s.
fn read_new(bytes: &Bytes, cloud: Cloud) -> Result<NewCluster, Refusal> {
    let raw: Value = body(bytes)?;
    let Some(raw) = raw.as_object() else {
        return Err(invalid("the request body must be a JSON object".into()));
    };
    let meta: types::ObjectMeta = match raw.get("metadata") {
        None | Some(Value::Null) => types::ObjectMeta::default(),
        Some(m) => serde_json::from_value(m.clone())
            .map_err(|e| invalid(format!("metadata is not valid: {e}")))?,
    };
    let spec = match raw.get("spec") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(spec)) => spec.clone(),
        Some(_) => return Err(invalid("spec must be an object".into())),
    };
    let text = |key: &str| -> Result<String, Refusal> {
        match spec.get(key) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(invalid(format!("spec.{key} must be a string"))),
        }
    };
    let cloud_account_uid = text("cloudAccountUid")?;
    let profiles: Vec<types::SpectroClusterProfileEntity> = match spec.get("profiles") {
        None | Some(Value::Null) => Vec::new(),
        Some(p) => serde_json::from_value(p.clone())
            .map_err(|e| invalid(format!("spec.profiles is not valid: {e}")))?,
    };
    let entities = match spec.get("machinepoolconfig") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(pools)) => pools.clone(),
        Some(_) => return Err(invalid("spec.machinepoolconfig must be a list".into())),
    };
    let mut pools: Vec<Map<String, Value>> = Vec::new();
    for (at, entity) in entities.iter().enumerate() {
        check_pool(cloud, entity)
            .map_err(|e| invalid(format!("spec.machinepoolconfig[{at}] is not valid: {e}")))?;
        let pool = flatten_pool(entity);
        let name = pool.get("name").and_then(Value::as_str).unwrap_or_default();
        if cloud != Cloud::Virtual && name.is_empty() {
            return Err(refuse(
                400,
                "InvalidMachinePool",
                format!("spec.machinepoolconfig[{at}].poolConfig.name is required"),
            ));
        }
        if !name.is_empty() && pools.iter().any(|p| p.get("name") == pool.get("name")) {
            return Err(refuse(
                400,
                "InvalidMachinePool",
                format!("machine pool '{name}' is given twice"),
            ));
        }
        pools.push(pool);
    }
    let pack_values = profiles
        .iter()
        .filter_map(|p| Some((p.uid.clone()?, overrides(p))))
        .filter(|(_, values)| !values.is_empty())
        .collect();
    Ok(NewCluster {
        name: meta.name.clone().unwrap_or_default(),
        labels: meta.labels.clone().unwrap_or_default(),
        cloud_account_uid,
        cluster_config: spec.get("cloudConfig").cloned().unwrap_or(json!({})),
        pools,
        profiles: profiles
            .into_iter()
            .map(|p| p.uid.unwrap_or_default())
            .collect(),
        pack_values,
    })
}

pub(super) fn create(req: Req, cloud: Cloud) -> Reply {
    let project = req.caller()?;
    let new = read_new(&req.body, cloud)?;
    let mut model = req.model();
    model.clusters.check_new(project.as_deref(), cloud, &new)?;
    let uid = model.new_uid();
    let config_uid = model.new_uid();
    let project = project.unwrap_or_default();
    let uid = model.clusters.create(&project, cloud, uid, config_uid, new);
    json(201, &types::Uid { uid: Some(uid) })
}

pub(super) fn validate(req: Req, cloud: Cloud) -> Reply {
    let project = req.caller()?;
    let new = read_new(&req.body, cloud)?;
    req.model()
        .clusters
        .check_new(project.as_deref(), cloud, &new)?;
    let reply = types::SpectroClusterValidatorResponse {
        machine_pools: Some(types::ConstraintValidatorResponse {
            results: Some(Vec::new()),
        }),
        profiles: Some(
            new.profiles
                .iter()
                .map(|p| types::SpectroClusterProfileValidatorResponse {
                    packs: Some(types::ConstraintValidatorResponse {
                        results: Some(Vec::new()),
                    }),
                    uid: Some(p.clone()),
                })
                .collect(),
        ),
    };
    json(200, &reply)
}

fn validate_name(req: Req) -> Reply {
    let params = req.query();
    let project = req.caller()?;
    let name = params.get("name").map(String::as_str).unwrap_or_default();
    req.model().clusters.check_name(project.as_deref(), name)?;
    no_content()
}

// ---------------------------------------------------------------- reads

/// Conditions a cluster in `state` plausibly reports: (type, status, reason, message).
fn conditions(state: &str) -> Vec<types::ClusterCondition> {
    let rows: &[(&str, &str, &str, &str)] = match state {
        "Pending" => &[(
            "CloudInfrastructureReady",
            "False",
            "WaitingForResources",
            "the cloud resources are being requested",
        )],
        "Provisioning" => &[
            (
                "CloudInfrastructureReady",
                "True",
                "InfrastructureReady",
                "the network and load balancer are ready",
            ),
            (
                "ControlPlaneReady",
                "False",
                "ControlPlaneInitializing",
                "the control plane nodes are starting",
            ),
        ],
        "Running" => &[
            (
                "CloudInfrastructureReady",
                "True",
                "InfrastructureReady",
                "",
            ),
            ("ControlPlaneReady", "True", "ControlPlaneReady", ""),
            (
                "ClusterReady",
                "True",
                "Ready",
                "every machine pool is healthy",
            ),
        ],
        "Deleting" => &[(
            "ClusterDeleting",
            "True",
            "DeleteRequested",
            "the cluster's cloud resources are being released",
        )],
        "Deleted" => &[(
            "ClusterDeleted",
            "True",
            "Deleted",
            "the cluster and its cloud resources are gone",
        )],
        "Importing" => &[(
            "ClusterImporting",
            "True",
            "AgentPending",
            "waiting for the cluster's agent to connect",
        )],
        _ => &[],
    };
    let now = types::Time(chrono::Utc::now());
    if rows.is_empty() {
        return vec![types::ClusterCondition {
            last_probe_time: Some(now.clone()),
            last_transition_time: Some(now),
            message: Some(format!("the cluster is {state}")),
            reason: Some(state.to_string()),
            status: Some("False".into()),
            type_: Some("ClusterReady".into()),
        }];
    }
    rows.iter()
        .map(|(kind, status, reason, message)| types::ClusterCondition {
            last_probe_time: Some(now.clone()),
            last_transition_time: Some(now.clone()),
            message: Some(message.to_string()),
            reason: Some(reason.to_string()),
            status: Some(status.to_string()),
            type_: Some(kind.to_string()),
        })
        .collect()
}

fn metadata(c: &StoredCluster, state: &str) -> types::ObjectMeta {
    types::ObjectMeta {
        annotations: None,
        creation_timestamp: Some(types::Time(c.created)),
        deletion_timestamp: Some(if state == "Deleting" || state == "Deleted" {
            types::Time(c.modified)
        } else {
            zero_time()
        }),
        labels: Some(c.labels.clone()),
        last_modified_timestamp: Some(types::Time(c.modified)),
        name: Some(c.name.clone()),
        uid: Some(c.uid.clone()),
    }
}

/// The health Palette's overview shows: `Healthy` once running, `UnHealthy` in an error state
/// a script put it in, `UnKnown` while it comes or goes (or is gone).
fn health(state: &str) -> &'static str {
    match state {
        "Running" => "Healthy",
        "Pending" | "Provisioning" | "Importing" | "Deleting" | "Deleted" => "UnKnown",
        _ => "UnHealthy",
    }
}

fn pool_meta(c: &StoredCluster) -> Vec<types::MachinePoolMeta> {
    c.pools
        .iter()
        .map(|p| {
            let int = |key: &str| {
                p.get(key)
                    .and_then(Value::as_i64)
                    .and_then(|n| i32::try_from(n).ok())
            };
            types::MachinePoolMeta {
                cloud_type: Some(c.cloud_type().into()),
                healthy: int("size"),
                is_control_plane: p.get("isControlPlane").and_then(Value::as_bool),
                labels: p
                    .get("labels")
                    .and_then(|l| serde_json::from_value(l.clone()).ok()),
                size: int("size"),
                ..Default::default()
            }
        })
        .collect()
}

fn config_meta(c: &StoredCluster) -> types::CloudConfigMeta {
    types::CloudConfigMeta {
        cloud_type: Some(c.cloud_type().into()),
        machine_pools: Some(pool_meta(c)),
        uid: Some(c.config_uid.clone()),
        ..Default::default()
    }
}

fn read(req: Req) -> Reply {
    let [uid] = req.path()?;
    let project = req.caller()?;
    let mut model = req.model();
    let (c, phase) = model.clusters.get_mut(project.as_deref(), &uid)?;
    let mut cluster = types::SpectroCluster {
        api_version: Some("v1".into()),
        kind: Some("SpectroCluster".into()),
        metadata: Some(metadata(c, &phase)),
        spec: Some(types::SpectroClusterSpec {
            cloud_config_ref: Some(types::ObjectReference {
                kind: Some(c.cloud_type().into()),
                name: Some(c.name.clone()),
                uid: Some(c.config_uid.clone()),
            }),
            cloud_type: Some(c.cloud_type().into()),
            ..Default::default()
        }),
        status: Some(types::SpectroClusterStatus {
            conditions: Some(conditions(&phase)),
            state: Some(phase),
            ..Default::default()
        }),
    };
    // What Palette adds for an imported cluster and for a virtual cluster's pause state.
    crate::testing::api::imports::show_import(&model, &req.headers, &mut cluster);
    crate::testing::api::virtual_clusters::show_lifecycle(&model, &mut cluster);
    json(200, &cluster)
}

fn overview(req: Req) -> Reply {
    let [uid] = req.path()?;
    let project = req.caller()?;
    let mut model = req.model();
    let (c, phase) = model.clusters.get_mut(project.as_deref(), &uid)?;
    let summary = types::SpectroClusterUidSummary {
        metadata: Some(metadata(c, &phase)),
        spec: Some(types::SpectroClusterUidSummarySpec {
            cloud_config: Some(config_meta(c)),
            ..Default::default()
        }),
        status: Some(types::SpectroClusterUidStatusSummary {
            conditions: Some(conditions(&phase)),
            health: Some(types::SpectroClusterHealthStatus {
                state: Some(health(&phase).into()),
                ..Default::default()
            }),
            state: Some(phase),
            ..Default::default()
        }),
    };
    json(200, &summary)
}

/// A kubeconfig for a running cluster; before that (and while deleting) 404
/// `KubeconfigNotFound`, which is how Palette says the file is not there yet.
fn kubeconfig(req: Req, admin: bool) -> Reply {
    let [uid] = req.path()?;
    let params = req.query();
    let project = req.caller()?;
    let via_proxy = flag(&params, "frp", true)?;
    let mut model = req.model();
    let (c, phase) = model.clusters.get_mut(project.as_deref(), &uid)?;
    if phase != "Running" {
        return Err(refuse(
            404,
            "KubeconfigNotFound",
            format!(
                "cluster '{}' is {phase}; its kubeconfig is ready once it is Running",
                c.name
            ),
        ));
    }
    let server = if via_proxy {
        format!("https://proxy.fake-palette.invalid/{}", c.uid)
    } else {
        format!("https://{}.fake-palette.invalid:6443", c.name)
    };
    let (user, credential) = if admin {
        (
            format!("{}-admin", c.name),
            "    client-certificate-data: ZmFrZS1hZG1pbi1jZXJ0\n    client-key-data: ZmFrZS1hZG1pbi1rZXk=\n"
                .to_string(),
        )
    } else {
        (
            format!("{}-user", c.name),
            format!("    token: fake-token-{}\n", c.uid),
        )
    };
    let name = &c.name;
    let text = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: {name}\n  cluster:\n    server: {server}\n    \
         certificate-authority-data: ZmFrZS1jbHVzdGVyLWNh\ncontexts:\n- name: {user}@{name}\n  context:\n    \
         cluster: {name}\n    user: {user}\ncurrent-context: {user}@{name}\nusers:\n- name: {user}\n  user:\n{credential}"
    );
    let file = if admin {
        format!("{name}-admin.kubeconfig")
    } else {
        format!("{name}.kubeconfig")
    };
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename={file}"),
            ),
        ],
        text,
    )
        .into_response())
}

// ---------------------------------------------------------------- search

/// What a filter property reads of a cluster.
fn property_values(property: &str, c: &StoredCluster, state: &str) -> Result<Vec<String>, Refusal> {
    Ok(match property {
        "clusterName" | "name" => vec![c.name.clone()],
        "tag" | "tags" => c.tags(),
        "clusterState" | "state" => vec![state.to_string()],
        "environment" | "cloudType" => vec![c.cloud_type().to_string()],
        other => {
            return Err(refuse(
                400,
                "InvalidSearchFilter",
                format!(
                    "the fake filters clusters by clusterName, tags, clusterState and \
                     environment (cloud type), not by '{other}'"
                ),
            ));
        }
    })
}

fn item_matches(
    item: &types::SearchFilterItem,
    c: &StoredCluster,
    state: &str,
) -> Result<bool, Refusal> {
    let property = item.property.as_deref().unwrap_or_default();
    let Some(condition) = item.condition.as_ref().and_then(|c| c.string.as_ref()) else {
        return Err(refuse(
            400,
            "InvalidSearchFilter",
            format!("filter on '{property}' needs a string condition (condition.string)"),
        ));
    };
    let have = property_values(property, c, state)?;
    let wanted = condition
        .match_
        .as_ref()
        .and_then(|m| m.values.clone())
        .unwrap_or_default();
    if wanted.is_empty() {
        return Err(refuse(
            400,
            "InvalidSearchFilter",
            format!("filter on '{property}' has no values to match"),
        ));
    }
    let ignore_case = condition.ignore_case.unwrap_or(false);
    let fold = |s: &str| {
        if ignore_case {
            s.to_lowercase()
        } else {
            s.to_string()
        }
    };
    let operator = condition.operator.clone().unwrap_or(Operator::Eq);
    let one = |value: &String| -> Result<bool, Refusal> {
        let value = fold(value);
        let mut hit = false;
        for candidate in &have {
            let candidate = fold(candidate);
            hit |= match &operator {
                Operator::Eq => candidate == value,
                Operator::Contains => candidate.contains(&value),
                Operator::BeginsWith => candidate.starts_with(&value),
                Operator::Unknown(other) => {
                    return Err(refuse(
                        400,
                        "InvalidSearchFilter",
                        format!("string operator '{other}' is not eq, contains or beginsWith"),
                    ));
                }
            };
        }
        Ok(hit)
    };
    let all = matches!(
        condition
            .match_
            .as_ref()
            .and_then(|m| m.conjunction.as_ref()),
        Some(Conjunction::And)
    );
    let mut result = all;
    for value in &wanted {
        let hit = one(value)?;
        result = if all { result && hit } else { result || hit };
    }
    Ok(result != condition.negation.unwrap_or(false))
}

/// Whether a cluster passes the filter: groups joined by the spec's conjunction, the items
/// of a group by the group's (`and` unless `or` is given).
fn passes(spec: &types::SearchFilterSpec, c: &StoredCluster, state: &str) -> Result<bool, Refusal> {
    let either = |conjunction: &Option<Conjunction>| matches!(conjunction, Some(Conjunction::Or));
    let groups = spec.filter_groups.clone().unwrap_or_default();
    if groups.is_empty() {
        return Ok(true);
    }
    let any_group = either(&spec.conjunction);
    let mut verdict = !any_group;
    for group in &groups {
        let items = group.filters.clone().unwrap_or_default();
        let any_item = either(&group.conjunction);
        let mut inside = items.is_empty() || !any_item;
        for item in &items {
            let hit = item_matches(item, c, state)?;
            inside = if any_item {
                inside || hit
            } else {
                inside && hit
            };
        }
        verdict = if any_group {
            verdict || inside
        } else {
            verdict && inside
        };
    }
    Ok(verdict)
}

fn sort_key(field: &SearchSortFields, c: &StoredCluster, state: &str) -> Result<String, Refusal> {
    Ok(match field {
        SearchSortFields::ClusterName => c.name.clone(),
        SearchSortFields::ClusterState => state.to_string(),
        SearchSortFields::Environment => c.cloud_type().to_string(),
        SearchSortFields::HealthState => health(state).to_string(),
        SearchSortFields::CreationTimestamp => c.created.to_rfc3339(),
        SearchSortFields::LastModifiedTimestamp => c.modified.to_rfc3339(),
        SearchSortFields::Unknown(other) => {
            return Err(refuse(
                400,
                "InvalidSortField",
                format!("clusters cannot be sorted by '{other}'"),
            ));
        }
    })
}

fn summary(model: &Model, c: &StoredCluster, state: &str) -> types::SpectroClusterSummary {
    let project_name = model
        .admin
        .project(&c.project)
        .ok()
        .and_then(|p| p.name.clone());
    types::SpectroClusterSummary {
        metadata: Some(metadata(c, state)),
        spec_summary: Some(types::SpectroClusterSummarySpecSummary {
            cloud_config: Some(config_meta(c)),
            project_meta: Some(types::ProjectMeta {
                name: project_name,
                uid: Some(c.project.clone()),
            }),
            ..Default::default()
        }),
        status: Some(types::SpectroClusterSummaryStatus {
            health: Some(types::SpectroClusterHealthStatus {
                state: Some(health(state).into()),
                ..Default::default()
            }),
            state: Some(state.to_string()),
            ..Default::default()
        }),
    }
}

fn search(req: Req) -> Reply {
    let params = req.query();
    let project = req.caller()?;
    let spec: types::SearchFilterSummarySpec = if req.body.iter().all(u8::is_ascii_whitespace) {
        types::SearchFilterSummarySpec::default()
    } else {
        body(&req.body)?
    };
    let mut model = req.model();
    let filter = spec.filter.clone().unwrap_or_default();
    let mut found = Vec::new();
    for (c, phase) in model.clusters.in_scope(project.as_deref()) {
        if passes(&filter, &c, &phase)? {
            found.push((c, phase));
        }
    }
    // Sort by the last key first, stably, so the first key decides.
    for sort in spec.sort.iter().flatten().rev() {
        let field = sort.field.clone().unwrap_or(SearchSortFields::ClusterName);
        let mut keyed = Vec::with_capacity(found.len());
        for (c, phase) in found {
            keyed.push((sort_key(&field, &c, &phase)?, (c, phase)));
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        if matches!(sort.order, Some(SortOrder::Desc)) {
            keyed.reverse();
        }
        found = keyed.into_iter().map(|(_, v)| v).collect();
    }
    let items: Vec<_> = found
        .iter()
        .map(|(c, phase)| summary(&model, c, phase))
        .collect();
    let (items, listmeta) = page(items, &params)?;
    json(
        200,
        &types::SpectroClustersSummary {
            items: Some(items),
            listmeta: Some(listmeta),
        },
    )
}

// ---------------------------------------------------------------- profiles

/// The pack values a profile entity gives (`packValues`), by pack name: what the cluster
/// uses in place of the profile's values. A pack given without values is not overridden.
fn overrides(profile: &types::SpectroClusterProfileEntity) -> BTreeMap<String, String> {
    profile
        .pack_values
        .iter()
        .flatten()
        .filter_map(|p| Some((p.name.clone(), p.values.clone()?)))
        .collect()
}

/// The cluster's profiles, each (with the `clusterprofiles` feature, when the fake knows it)
/// with its name and the packs of its current template, showing the values the cluster
/// overrides in place of the profile's.
fn profiles(req: Req) -> Reply {
    let [uid] = req.path()?;
    let project = req.caller()?;
    let mut model = req.model();
    let (c, _) = model.clusters.get_mut(project.as_deref(), &uid)?;
    let (attached, values) = (c.profiles.clone(), c.pack_values.clone());
    #[cfg(feature = "clusterprofiles")]
    let profiles = attached
        .iter()
        .map(|p| {
            model
                .catalog
                .attached_profile(project.as_deref(), p, values.get(p))
        })
        .collect();
    #[cfg(not(feature = "clusterprofiles"))]
    let profiles = {
        let _ = values;
        attached
            .iter()
            .map(|p| types::SpectroClusterProfile {
                metadata: Some(types::ObjectMeta {
                    uid: Some(p.clone()),
                    ..Default::default()
                }),
                spec: None,
            })
            .collect()
    };
    json(
        200,
        &types::SpectroClusterProfileList {
            profiles: Some(profiles),
        },
    )
}

/// Attaches profiles, for `PUT` and `PATCH` alike: one naming `replaceWithProfile` takes
/// that profile's place, one already attached keeps its place, any other is added at the end.
/// Each profile given gets the pack values given with it as the cluster's overrides, as a
/// whole (none given: none kept); a profile replaced takes its overrides along.
fn update_profiles(req: Req) -> Reply {
    let [uid] = req.path()?;
    let params = req.query();
    let project = req.caller()?;
    flag(&params, "resolveNotification", false)?;
    let request: types::SpectroClusterProfiles = body(&req.body)?;
    let Some(given) = request.profiles else {
        return Err(invalid("profiles is required".into()));
    };
    if let Some(at) = given
        .iter()
        .position(|p| p.uid.as_deref().unwrap_or_default().is_empty())
    {
        return Err(refuse(
            400,
            "InvalidClusterProfile",
            format!("profiles[{at}].uid is required"),
        ));
    }
    let mut model = req.model();
    let (c, _) = model.clusters.get_mut(project.as_deref(), &uid)?;
    for profile in given {
        let values = overrides(&profile);
        let uid = profile.uid.unwrap_or_default();
        let replaced = profile.replace_with_profile.filter(|r| !r.is_empty());
        let at = c
            .profiles
            .iter()
            .position(|p| *p == uid || Some(p) == replaced.as_ref());
        match at {
            Some(at) => {
                let before = std::mem::replace(&mut c.profiles[at], uid.clone());
                c.pack_values.remove(&before);
            }
            None => c.profiles.push(uid.clone()),
        }
        if !values.is_empty() {
            c.pack_values.insert(uid, values);
        } else {
            c.pack_values.remove(&uid);
        }
    }
    c.modified = chrono::Utc::now();
    no_content()
}

// ---------------------------------------------------------------- delete

/// Starts deleting; `forceDelete=true` skips `Deleting` (the cluster is `Deleted` or gone at
/// once).
fn remove(req: Req) -> Reply {
    let [uid] = req.path()?;
    let params = req.query();
    let project = req.caller()?;
    let force = flag(&params, "forceDelete", false)?;
    let mut model = req.model();
    model.clusters.delete(project.as_deref(), &uid, force)?;
    no_content()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_conditions_and_only_running_is_healthy() {
        for state in [
            "Pending",
            "Provisioning",
            "Running",
            "Deleting",
            "Deleted",
            "Failed",
        ] {
            assert!(!conditions(state).is_empty(), "{state}");
        }
        assert_eq!(health("Running"), "Healthy");
        assert_eq!(health("Provisioning"), "UnKnown");
        assert_eq!(health("Failed"), "UnHealthy");
    }
}
