//! The fake's edge hosts and registration tokens: tokens that register hosts while active and unexpired, hosts per project with tags, clusters and a state, and their rules.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::model::{Model, Refusal, is_dns_label, refuse, zero_time};
use crate::enums::{EdgeHostDeviceSpecType, EdgeHostDeviceStatusState, EdgeHostHealthState};
use crate::types;

/// Palette's state of a registered host in no cluster.
const READY: &str = "ready";
/// Palette's state of a host in a cluster.
const IN_USE: &str = "in-use";

/// A registration token.
#[derive(Debug, Clone)]
pub(crate) struct StoredToken {
    meta: types::ObjectMeta,
    value: String,
    project: Option<String>,
    expiry: DateTime<Utc>,
    active: bool,
}

/// A registered edge host.
#[derive(Debug, Clone)]
pub(crate) struct StoredHost {
    meta: types::ObjectMeta,
    project: String,
    address: String,
    mac_address: Option<String>,
    /// The clusters it is in: (uid, name). Empty: `ready`; else `in-use`.
    clusters: Vec<(String, String)>,
}

impl StoredHost {
    fn name(&self) -> &str {
        self.meta.name.as_deref().unwrap_or_default()
    }

    fn state(&self) -> &'static str {
        if self.clusters.is_empty() {
            READY
        } else {
            IN_USE
        }
    }

    /// Its tags as Palette's search reads them: `key:value`, or `key` for an empty value.
    pub(crate) fn tags(&self) -> Vec<String> {
        self.meta
            .labels
            .iter()
            .flatten()
            .map(|(k, v)| {
                if v.is_empty() {
                    k.clone()
                } else {
                    format!("{k}:{v}")
                }
            })
            .collect()
    }

    /// What a search property reads of the host, or `None` for a property the fake does
    /// not filter by.
    pub(crate) fn property(&self, property: &str) -> Option<Vec<String>> {
        Some(match property {
            "name" => vec![self.name().to_string()],
            "tags" | "tag" => self.tags(),
            "state" => vec![self.state().to_string()],
            "healthState" => vec!["healthy".to_string()],
            _ => return None,
        })
    }
}

/// The tenant's registration tokens and edge hosts. A new tenant has none.
#[derive(Debug)]
pub(crate) struct Edge {
    /// Wall time when the fake started; the fake's clock
    /// ([`FakePalette::advance`](super::FakePalette::advance)) runs on from it.
    started: DateTime<Utc>,
    tokens: BTreeMap<String, StoredToken>,
    hosts: BTreeMap<String, StoredHost>,
}

impl Edge {
    pub(crate) fn new() -> Self {
        Edge {
            started: Utc::now(),
            tokens: BTreeMap::new(),
            hosts: BTreeMap::new(),
        }
    }
}

fn token_not_found(uid: &str) -> Refusal {
    refuse(
        404,
        "EdgeTokenNotFound",
        format!("edge host registration token '{uid}' not found"),
    )
}

fn host_not_found(uid: &str) -> Refusal {
    refuse(
        404,
        "EdgeHostDeviceNotFound",
        format!("edge host '{uid}' not found"),
    )
}

/// Whether `name` can name a token: 1 to 64 letters, digits, spaces, `-`, `_` or `.`, not
/// starting or ending with a space.
fn is_token_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'))
        && name.trim() == name
}

/// Whether `name` can name an edge host, which becomes a Kubernetes node's name: a DNS
/// subdomain of lowercase labels, at most 253 characters.
fn is_host_name(name: &str) -> bool {
    name.len() <= 253 && name.split('.').all(is_dns_label)
}

/// Whether `uid` can be a host's uid (the machine's id, as its agent reports it).
fn is_host_uid(uid: &str) -> bool {
    (1..=128).contains(&uid.len())
        && uid
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn now_meta(uid: &str, name: &str, at: DateTime<Utc>) -> types::ObjectMeta {
    types::ObjectMeta {
        uid: Some(uid.to_string()),
        name: Some(name.to_string()),
        creation_timestamp: Some(types::Time(at)),
        last_modified_timestamp: Some(types::Time(at)),
        deletion_timestamp: Some(zero_time()),
        ..Default::default()
    }
}

impl Model {
    /// The fake's wall time: when it started, plus its clock (real time and every advance).
    fn edge_now(&self) -> DateTime<Utc> {
        let elapsed =
            chrono::Duration::from_std(self.clusters.now()).unwrap_or(chrono::Duration::MAX);
        self.edge
            .started
            .checked_add_signed(elapsed)
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    // ------------------------------------------------------------ tokens

    /// Creates a token: a valid name no other token has (400 `InvalidEdgeTokenName`, 409
    /// `EdgeTokenNameAlreadyExists`), an expiry in the future (400 `InvalidEdgeTokenExpiry`),
    /// a default project that exists (404 `ProjectNotFound`). Its value is random.
    pub(crate) fn create_edge_token(
        &mut self,
        entity: types::EdgeTokenEntity,
    ) -> Result<String, Refusal> {
        let name = entity.metadata.and_then(|m| m.name).unwrap_or_default();
        if !is_token_name(&name) {
            return Err(refuse(
                400,
                "InvalidEdgeTokenName",
                format!(
                    "token name '{name}' must be 1 to 64 letters, digits, spaces, '-', '_' or \
                     '.', not starting or ending with a space"
                ),
            ));
        }
        if self
            .edge
            .tokens
            .values()
            .any(|t| t.meta.name.as_deref() == Some(name.as_str()))
        {
            return Err(refuse(
                409,
                "EdgeTokenNameAlreadyExists",
                format!("an edge host registration token named '{name}' already exists"),
            ));
        }
        let spec = entity.spec.unwrap_or_default();
        let now = self.edge_now();
        let expiry = match spec.expiry {
            Some(types::Time(at)) if at > now => at,
            Some(types::Time(at)) => {
                return Err(refuse(
                    400,
                    "InvalidEdgeTokenExpiry",
                    format!("the expiry {at} is not in the future"),
                ));
            }
            None => {
                return Err(refuse(
                    400,
                    "InvalidEdgeTokenExpiry",
                    "spec.expiry is required",
                ));
            }
        };
        let project = spec.default_project_uid.filter(|p| !p.is_empty());
        if let Some(project) = &project {
            self.project(project)?;
        }
        let uid = self.new_uid();
        let value: String = std::iter::repeat_with(fastrand::alphanumeric)
            .take(32)
            .collect();
        self.edge.tokens.insert(
            uid.clone(),
            StoredToken {
                meta: now_meta(&uid, &name, now),
                value,
                project,
                expiry,
                active: true,
            },
        );
        Ok(uid)
    }

    /// Every token, as Palette lists them (by uid, which is by creation).
    pub(crate) fn edge_tokens(&self) -> Vec<types::EdgeToken> {
        self.edge
            .tokens
            .values()
            .map(|t| self.edge_token_reply(t))
            .collect()
    }

    /// The token `uid`, or 404 `EdgeTokenNotFound`.
    pub(crate) fn edge_token(&self, uid: &str) -> Result<types::EdgeToken, Refusal> {
        let token = self
            .edge
            .tokens
            .get(uid)
            .ok_or_else(|| token_not_found(uid))?;
        Ok(self.edge_token_reply(token))
    }

    fn edge_token_reply(&self, token: &StoredToken) -> types::EdgeToken {
        let default_project = token.project.as_ref().map(|uid| types::EdgeTokenProject {
            name: self.project(uid).ok().and_then(|p| p.name.clone()),
            uid: Some(uid.clone()),
        });
        types::EdgeToken {
            metadata: Some(token.meta.clone()),
            spec: Some(types::EdgeTokenSpec {
                default_project,
                expiry: Some(types::Time(token.expiry)),
                token: Some(token.value.clone()),
            }),
            status: Some(types::EdgeTokenStatus {
                is_active: Some(token.active),
            }),
        }
    }

    /// Turns a token off or back on.
    pub(crate) fn set_edge_token_active(&mut self, uid: &str, active: bool) -> Result<(), Refusal> {
        let now = self.edge_now();
        let token = self
            .edge
            .tokens
            .get_mut(uid)
            .ok_or_else(|| token_not_found(uid))?;
        token.active = active;
        token.meta.last_modified_timestamp = Some(types::Time(now));
        Ok(())
    }

    /// Deletes a token; the hosts it registered stay.
    pub(crate) fn delete_edge_token(&mut self, uid: &str) -> Result<(), Refusal> {
        self.edge
            .tokens
            .remove(uid)
            .map(drop)
            .ok_or_else(|| token_not_found(uid))
    }

    /// The token a host presents, if it may register hosts now: 401 `EdgeTokenRequired`
    /// without one, 401 `InvalidEdgeToken` for one the tenant does not have (made up, or
    /// deleted), 401 `EdgeTokenRevoked` for one switched off, 401 `EdgeTokenExpired` past
    /// its expiry.
    fn registering_token(&self, value: Option<&str>) -> Result<&StoredToken, Refusal> {
        let value = value.filter(|v| !v.is_empty()).ok_or_else(|| {
            refuse(
                401,
                "EdgeTokenRequired",
                "spec.host.hostAuthToken must carry a registration token",
            )
        })?;
        let token = self
            .edge
            .tokens
            .values()
            .find(|t| t.value == value)
            .ok_or_else(|| {
                refuse(
                    401,
                    "InvalidEdgeToken",
                    "the registration token is not one of this tenant",
                )
            })?;
        if !token.active {
            return Err(refuse(
                401,
                "EdgeTokenRevoked",
                "the registration token has been revoked",
            ));
        }
        if token.expiry <= self.edge_now() {
            return Err(refuse(
                401,
                "EdgeTokenExpired",
                "the registration token has expired",
            ));
        }
        Ok(token)
    }

    // ------------------------------------------------------------ hosts

    /// Registers a host, authorized by the token in `spec.host.hostAuthToken` (see
    /// [`registering_token`](Self::registering_token); the caller's headers play no part).
    /// It joins the project of the `ProjectUid` header, else `spec.host.project`, else the
    /// token's default project (none: 400 `EdgeHostProjectRequired`; unknown: 404
    /// `ProjectNotFound`). Its uid is `spec.host.hostUid` (400 `InvalidEdgeHostUid`; a
    /// `metadata.uid` must agree), unique in the tenant (409 `EdgeHostAlreadyExists`); its
    /// name is `metadata.name`, else its uid, a DNS name no other host has (400
    /// `InvalidEdgeHostName`, 409 `EdgeHostNameAlreadyExists`); `spec.host.hostAddress` is
    /// required (400 `InvalidEdgeHostAddress`). It starts `ready`, healthy, in no cluster.
    pub(crate) fn register_edge_host(
        &mut self,
        header_project: Option<&str>,
        device: types::EdgeHostDevice,
    ) -> Result<types::EdgeHostDevice, Refusal> {
        let meta = device.metadata.unwrap_or_default();
        let host = device.spec.and_then(|s| s.host).unwrap_or_default();
        let token_project = self
            .registering_token(host.host_auth_token.as_deref())?
            .project
            .clone();
        let uid = host.host_uid.unwrap_or_default();
        if !is_host_uid(&uid) {
            return Err(refuse(
                400,
                "InvalidEdgeHostUid",
                format!(
                    "spec.host.hostUid '{uid}' must be 1 to 128 letters, digits, '-', '_' or '.'"
                ),
            ));
        }
        if let Some(other) = meta.uid.as_deref().filter(|u| !u.is_empty() && *u != uid) {
            return Err(refuse(
                400,
                "InvalidEdgeHostUid",
                format!("metadata.uid '{other}' is not spec.host.hostUid '{uid}'"),
            ));
        }
        let address = host.host_address.unwrap_or_default();
        if address.trim().is_empty() {
            return Err(refuse(
                400,
                "InvalidEdgeHostAddress",
                "spec.host.hostAddress is required",
            ));
        }
        let project = header_project
            .map(str::to_string)
            .or_else(|| host.project.and_then(|p| p.uid).filter(|p| !p.is_empty()))
            .or(token_project)
            .ok_or_else(|| {
                refuse(
                    400,
                    "EdgeHostProjectRequired",
                    "neither the request nor the token names a project for the host",
                )
            })?;
        self.project(&project)?;
        let name = meta
            .name
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| uid.clone());
        if !is_host_name(&name) {
            return Err(refuse(
                400,
                "InvalidEdgeHostName",
                format!(
                    "edge host name '{name}' must be a DNS name: lowercase letters, digits, \
                     '-' and '.', at most 253 characters"
                ),
            ));
        }
        if self.edge.hosts.contains_key(&uid) {
            return Err(refuse(
                409,
                "EdgeHostAlreadyExists",
                format!("edge host '{uid}' is already registered"),
            ));
        }
        self.check_host_name(&name, &uid)?;
        let labels = meta.labels.unwrap_or_default();
        check_labels(&labels)?;
        let now = self.edge_now();
        let mut stored_meta = now_meta(&uid, &name, now);
        stored_meta.labels = Some(labels);
        let stored = StoredHost {
            meta: stored_meta,
            project,
            address,
            mac_address: host.mac_address.filter(|m| !m.is_empty()),
            clusters: Vec::new(),
        };
        let reply = self.edge_host_reply(&stored);
        self.edge.hosts.insert(uid, stored);
        Ok(reply)
    }

    /// 409 `EdgeHostNameAlreadyExists` when a host other than `uid` has `name`.
    fn check_host_name(&self, name: &str, uid: &str) -> Result<(), Refusal> {
        let taken = self
            .edge
            .hosts
            .iter()
            .any(|(other, h)| other != uid && h.name() == name);
        if taken {
            return Err(refuse(
                409,
                "EdgeHostNameAlreadyExists",
                format!("an edge host named '{name}' already exists"),
            ));
        }
        Ok(())
    }

    /// The host `uid` as seen from `project`, or 404 `EdgeHostDeviceNotFound` (hosts of
    /// other projects, and every host from tenant scope, included).
    fn edge_host_mut(
        &mut self,
        project: Option<&str>,
        uid: &str,
    ) -> Result<&mut StoredHost, Refusal> {
        match self.edge.hosts.get_mut(uid) {
            Some(host) if Some(host.project.as_str()) == project => Ok(host),
            _ => Err(host_not_found(uid)),
        }
    }

    /// The host `uid` as `edgeHostDevicesUidGet` answers it.
    pub(crate) fn edge_host(
        &mut self,
        project: Option<&str>,
        uid: &str,
    ) -> Result<types::EdgeHostDevice, Refusal> {
        let host = self.edge_host_mut(project, uid)?.clone();
        Ok(self.edge_host_reply(&host))
    }

    /// The hosts of `project`, by name, as the search filters and summarizes them.
    pub(crate) fn edge_hosts_in(&self, project: Option<&str>) -> Vec<StoredHost> {
        let mut hosts: Vec<StoredHost> = self
            .edge
            .hosts
            .values()
            .filter(|h| Some(h.project.as_str()) == project)
            .cloned()
            .collect();
        hosts.sort_by(|a, b| a.name().cmp(b.name()));
        hosts
    }

    fn edge_host_reply(&self, host: &StoredHost) -> types::EdgeHostDevice {
        types::EdgeHostDevice {
            aclmeta: Some(types::AclMeta {
                project_uid: Some(host.project.clone()),
                tenant_uid: Some(super::seed::TENANT_UID.to_string()),
                ..Default::default()
            }),
            metadata: Some(host.meta.clone()),
            spec: Some(types::EdgeHostDeviceSpec {
                type_: Some(EdgeHostDeviceSpecType::EdgeNative),
                host: Some(types::EdgeHost {
                    host_uid: host.meta.uid.clone(),
                    host_address: Some(host.address.clone()),
                    mac_address: host.mac_address.clone(),
                    project: Some(self.project_entity(&host.project)),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            status: Some(types::EdgeHostDeviceStatus {
                health: Some(types::EdgeHostHealth {
                    state: Some(EdgeHostHealthState::Healthy),
                    ..Default::default()
                }),
                in_use_clusters: Some(cluster_entities(host)),
                state: Some(match host.state() {
                    IN_USE => EdgeHostDeviceStatusState::InUse,
                    _ => EdgeHostDeviceStatusState::Ready,
                }),
                ..Default::default()
            }),
        }
    }

    fn project_entity(&self, uid: &str) -> types::ObjectEntity {
        types::ObjectEntity {
            name: self.project(uid).ok().and_then(|p| p.name.clone()),
            uid: Some(uid.to_string()),
        }
    }

    /// A host as the dashboard's search lists it.
    pub(crate) fn edge_host_summary(&self, host: &StoredHost) -> types::EdgeHostsMetadata {
        types::EdgeHostsMetadata {
            metadata: Some(host.meta.clone()),
            spec: Some(types::EdgeHostsMetadataSpec {
                type_: Some("edge-native".to_string()),
                host: Some(types::EdgeHostSpecHost {
                    host_address: Some(host.address.clone()),
                    mac_address: host.mac_address.clone(),
                }),
                project_meta: Some(types::ProjectMeta {
                    name: self
                        .project(&host.project)
                        .ok()
                        .and_then(|p| p.name.clone()),
                    uid: Some(host.project.clone()),
                }),
                ..Default::default()
            }),
            status: Some(types::EdgeHostsMetadataStatus {
                health: Some(types::EdgeHostHealth {
                    state: Some(EdgeHostHealthState::Healthy),
                    ..Default::default()
                }),
                in_use_clusters: Some(cluster_entities(host)),
                state: Some(match host.state() {
                    IN_USE => crate::enums::EdgeHostState::InUse,
                    _ => crate::enums::EdgeHostState::Ready,
                }),
                ..Default::default()
            }),
        }
    }

    /// Replaces a host's name (when the body gives one) and its tags (as a whole: none given
    /// is none kept), as `edgeHostDevicesUidMetaUpdate` does.
    pub(crate) fn update_edge_host_meta(
        &mut self,
        project: Option<&str>,
        uid: &str,
        entity: types::EdgeHostDeviceMetaUpdateEntity,
    ) -> Result<(), Refusal> {
        self.edge_host_mut(project, uid)?;
        let Some(meta) = entity.metadata else {
            return Err(refuse(400, "InvalidRequestBody", "metadata is required"));
        };
        if let Some(other) = meta.uid.as_deref().filter(|u| !u.is_empty() && *u != uid) {
            return Err(refuse(
                400,
                "InvalidEdgeHostUid",
                format!("metadata.uid '{other}' is not the host's uid '{uid}'"),
            ));
        }
        let name = meta.name.filter(|n| !n.is_empty());
        if let Some(name) = &name {
            if !is_host_name(name) {
                return Err(refuse(
                    400,
                    "InvalidEdgeHostName",
                    format!("edge host name '{name}' must be a DNS name"),
                ));
            }
            self.check_host_name(name, uid)?;
        }
        let labels = meta.labels.unwrap_or_default();
        check_labels(&labels)?;
        let now = self.edge_now();
        let host = self.edge_host_mut(project, uid)?;
        if let Some(name) = name {
            host.meta.name = Some(name);
        }
        host.meta.labels = Some(labels);
        host.meta.last_modified_timestamp = Some(types::Time(now));
        Ok(())
    }

    /// Deletes a host; one in a cluster is refused (409 `EdgeHostInUse`).
    pub(crate) fn delete_edge_host(
        &mut self,
        project: Option<&str>,
        uid: &str,
    ) -> Result<(), Refusal> {
        let host = self.edge_host_mut(project, uid)?;
        if let Some((cluster, name)) = host.clusters.first() {
            return Err(refuse(
                409,
                "EdgeHostInUse",
                format!(
                    "edge host '{uid}' is in cluster '{name}' ({cluster}); remove it from the cluster first"
                ),
            ));
        }
        self.edge.hosts.remove(uid);
        Ok(())
    }

    /// Puts a host in a cluster of its project (400 `InvalidRequestBody` without a
    /// `clusterUid`; the cluster's 404 when the project has no such cluster); a host already
    /// in another cluster is refused (409 `EdgeHostInUse`).
    pub(crate) fn associate_edge_host(
        &mut self,
        project: Option<&str>,
        uid: &str,
        cluster_uid: Option<String>,
    ) -> Result<(), Refusal> {
        self.edge_host_mut(project, uid)?;
        let cluster_uid = cluster_uid
            .filter(|c| !c.is_empty())
            .ok_or_else(|| refuse(400, "InvalidRequestBody", "clusterUid is required"))?;
        let (cluster, _) = self.clusters.get_mut(project, &cluster_uid)?;
        let cluster_name = cluster.name.clone();
        let now = self.edge_now();
        let host = self.edge_host_mut(project, uid)?;
        match host.clusters.first() {
            Some((current, _)) if *current == cluster_uid => Ok(()),
            Some((current, name)) => Err(refuse(
                409,
                "EdgeHostInUse",
                format!("edge host '{uid}' is already in cluster '{name}' ({current})"),
            )),
            None => {
                host.clusters.push((cluster_uid, cluster_name));
                host.meta.last_modified_timestamp = Some(types::Time(now));
                Ok(())
            }
        }
    }

    /// Takes a host out of its cluster; it is `ready` again.
    pub(crate) fn deassociate_edge_host(
        &mut self,
        project: Option<&str>,
        uid: &str,
    ) -> Result<(), Refusal> {
        let now = self.edge_now();
        let host = self.edge_host_mut(project, uid)?;
        host.clusters.clear();
        host.meta.last_modified_timestamp = Some(types::Time(now));
        Ok(())
    }
}

fn cluster_entities(host: &StoredHost) -> Vec<types::ObjectEntity> {
    host.clusters
        .iter()
        .map(|(uid, name)| types::ObjectEntity {
            name: Some(name.clone()),
            uid: Some(uid.clone()),
        })
        .collect()
}

/// Tag keys must not be empty (400 `InvalidEdgeHostTags`).
fn check_labels(labels: &BTreeMap<String, String>) -> Result<(), Refusal> {
    if labels.keys().any(|k| k.trim().is_empty()) {
        return Err(refuse(400, "InvalidEdgeHostTags", "a tag needs a key"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::seed;
    use std::time::Duration;

    const DEFAULT: &str = seed::PROJECTS[0].0;

    fn token(model: &mut Model, name: &str) -> String {
        let uid = model
            .create_edge_token(types::EdgeTokenEntity {
                metadata: Some(types::ObjectMeta {
                    name: Some(name.into()),
                    ..Default::default()
                }),
                spec: Some(types::EdgeTokenSpecEntity {
                    default_project_uid: Some(DEFAULT.into()),
                    expiry: Some(types::Time(Utc::now() + chrono::Duration::days(1))),
                }),
            })
            .unwrap();
        model.edge.tokens[&uid].value.clone()
    }

    fn device(uid: &str, token: &str) -> types::EdgeHostDevice {
        types::EdgeHostDevice {
            spec: Some(types::EdgeHostDeviceSpec {
                host: Some(types::EdgeHost {
                    host_uid: Some(uid.into()),
                    host_address: Some("10.0.0.1".into()),
                    host_auth_token: Some(token.into()),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn a_host_joins_the_tokens_project_and_is_named_by_its_uid() {
        let mut model = Model::new(Duration::from_secs(60));
        let value = token(&mut model, "stores");
        let host = model
            .register_edge_host(None, device("h-1", &value))
            .unwrap();
        let meta = host.metadata.unwrap();
        assert_eq!(meta.name.as_deref(), Some("h-1"));
        assert_eq!(host.aclmeta.unwrap().project_uid.as_deref(), Some(DEFAULT));
        let host = host.spec.unwrap().host.unwrap();
        assert_eq!(host.host_auth_token, None, "the token is never echoed");
    }

    #[test]
    fn a_token_stops_registering_when_it_expires() {
        let mut model = Model::new(Duration::from_secs(60));
        let value = token(&mut model, "stores");
        model.clusters.advance(Duration::from_secs(2 * 24 * 3600));
        let err = model
            .register_edge_host(None, device("h-1", &value))
            .unwrap_err();
        assert_eq!((err.status, err.code), (401, "EdgeTokenExpired"));
    }

    #[test]
    fn names_are_dns_names() {
        assert!(is_host_name("store-42-a"));
        assert!(is_host_name("a.b-c"));
        assert!(!is_host_name("Store 42"));
        assert!(!is_host_name(""));
        assert!(is_token_name("Stores token"));
        assert!(!is_token_name(" stores"));
    }
}
