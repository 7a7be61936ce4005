//! The fake's edge hosts and registration tokens: tokens that register hosts while active and unexpired, hosts per project with tags, clusters and a state, and their rules.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::uids::Uids;
use crate::testing::refusal::{Refusal, is_dns_label, refuse, zero_time};
use crate::types;

/// Palette's state of a registered host in no cluster.
const READY: &str = "ready";
/// Palette's state of a host in a cluster.
pub(crate) const IN_USE: &str = "in-use";

/// A registration token.
#[derive(Debug, Clone)]
pub(crate) struct StoredToken {
    pub(crate) meta: types::ObjectMeta,
    pub(crate) value: String,
    pub(crate) project: Option<String>,
    pub(crate) expiry: DateTime<Utc>,
    pub(crate) active: bool,
}

/// A registered edge host.
#[derive(Debug, Clone)]
pub(crate) struct StoredHost {
    pub(crate) meta: types::ObjectMeta,
    pub(crate) project: String,
    pub(crate) address: String,
    pub(crate) mac_address: Option<String>,
    /// The clusters it is in: (uid, name). Empty: `ready`; else `in-use`.
    pub(crate) clusters: Vec<(String, String)>,
}

impl StoredHost {
    pub(crate) fn name(&self) -> &str {
        self.meta.name.as_deref().unwrap_or_default()
    }

    pub(crate) fn state(&self) -> &'static str {
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
    /// ([`FakePalette::advance`](crate::testing::FakePalette::advance)) runs on from it.
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

/// The area's rules. Times are the fake's wall time (see [`Edge::wall_time`]); a project a
/// body names is checked by `project_exists` (the admin area knows the projects).
impl Edge {
    /// The fake's wall time when its clock reads `elapsed`: when it started, plus that.
    pub(crate) fn wall_time(&self, elapsed: Duration) -> DateTime<Utc> {
        let elapsed = chrono::Duration::from_std(elapsed).unwrap_or(chrono::Duration::MAX);
        self.started
            .checked_add_signed(elapsed)
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    // ------------------------------------------------------------ tokens

    /// Creates a token at `now`: a valid name no other token has (400
    /// `InvalidEdgeTokenName`, 409 `EdgeTokenNameAlreadyExists`), an expiry in the future
    /// (400 `InvalidEdgeTokenExpiry`), a default project that exists (`project_exists`). Its
    /// value is random.
    pub(crate) fn create_token(
        &mut self,
        uids: &mut Uids,
        now: DateTime<Utc>,
        entity: types::EdgeTokenEntity,
        project_exists: impl FnOnce(&str) -> Result<(), Refusal>,
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
            project_exists(project)?;
        }
        let uid = uids.next();
        let value: String = std::iter::repeat_with(fastrand::alphanumeric)
            .take(32)
            .collect();
        self.tokens.insert(
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

    /// Every token, by uid (which is by creation).
    pub(crate) fn tokens(&self) -> impl Iterator<Item = &StoredToken> {
        self.tokens.values()
    }

    /// The token `uid`, or 404 `EdgeTokenNotFound`.
    pub(crate) fn token(&self, uid: &str) -> Result<&StoredToken, Refusal> {
        self.tokens.get(uid).ok_or_else(|| token_not_found(uid))
    }

    /// Turns a token off or back on at `now`.
    pub(crate) fn set_token_active(
        &mut self,
        uid: &str,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<(), Refusal> {
        let token = self
            .tokens
            .get_mut(uid)
            .ok_or_else(|| token_not_found(uid))?;
        token.active = active;
        token.meta.last_modified_timestamp = Some(types::Time(now));
        Ok(())
    }

    /// Deletes a token; the hosts it registered stay.
    pub(crate) fn delete_token(&mut self, uid: &str) -> Result<(), Refusal> {
        self.tokens
            .remove(uid)
            .map(drop)
            .ok_or_else(|| token_not_found(uid))
    }

    /// The token a host presents, if it may register hosts at `now`: 401
    /// `EdgeTokenRequired` without one, 401 `InvalidEdgeToken` for one the tenant does not
    /// have (made up, or deleted), 401 `EdgeTokenRevoked` for one switched off, 401
    /// `EdgeTokenExpired` past its expiry.
    fn registering_token(
        &self,
        value: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<&StoredToken, Refusal> {
        let value = value.filter(|v| !v.is_empty()).ok_or_else(|| {
            refuse(
                401,
                "EdgeTokenRequired",
                "spec.host.hostAuthToken must carry a registration token",
            )
        })?;
        let token = self
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
        if token.expiry <= now {
            return Err(refuse(
                401,
                "EdgeTokenExpired",
                "the registration token has expired",
            ));
        }
        Ok(token)
    }

    // ------------------------------------------------------------ hosts

    /// Registers a host at `now`, authorized by the token in `spec.host.hostAuthToken` (see
    /// [`registering_token`](Self::registering_token); the caller's headers play no part).
    /// It joins the project of the `ProjectUid` header, else `spec.host.project`, else the
    /// token's default project (none: 400 `EdgeHostProjectRequired`; unknown: as
    /// `project_exists` says). Its uid is `spec.host.hostUid` (400 `InvalidEdgeHostUid`; a
    /// `metadata.uid` must agree), unique in the tenant (409 `EdgeHostAlreadyExists`); its
    /// name is `metadata.name`, else its uid, a DNS name no other host has (400
    /// `InvalidEdgeHostName`, 409 `EdgeHostNameAlreadyExists`); `spec.host.hostAddress` is
    /// required (400 `InvalidEdgeHostAddress`). It starts `ready`, healthy, in no cluster.
    pub(crate) fn register_host(
        &mut self,
        now: DateTime<Utc>,
        header_project: Option<&str>,
        device: types::EdgeHostDevice,
        project_exists: impl FnOnce(&str) -> Result<(), Refusal>,
    ) -> Result<StoredHost, Refusal> {
        let meta = device.metadata.unwrap_or_default();
        let host = device.spec.and_then(|s| s.host).unwrap_or_default();
        let token_project = self
            .registering_token(host.host_auth_token.as_deref(), now)?
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
        project_exists(&project)?;
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
        if self.hosts.contains_key(&uid) {
            return Err(refuse(
                409,
                "EdgeHostAlreadyExists",
                format!("edge host '{uid}' is already registered"),
            ));
        }
        self.check_host_name(&name, &uid)?;
        let labels = meta.labels.unwrap_or_default();
        check_labels(&labels)?;
        let mut stored_meta = now_meta(&uid, &name, now);
        stored_meta.labels = Some(labels);
        let stored = StoredHost {
            meta: stored_meta,
            project,
            address,
            mac_address: host.mac_address.filter(|m| !m.is_empty()),
            clusters: Vec::new(),
        };
        self.hosts.insert(uid, stored.clone());
        Ok(stored)
    }

    /// 409 `EdgeHostNameAlreadyExists` when a host other than `uid` has `name`.
    fn check_host_name(&self, name: &str, uid: &str) -> Result<(), Refusal> {
        let taken = self
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
    pub(crate) fn host_mut(
        &mut self,
        project: Option<&str>,
        uid: &str,
    ) -> Result<&mut StoredHost, Refusal> {
        match self.hosts.get_mut(uid) {
            Some(host) if Some(host.project.as_str()) == project => Ok(host),
            _ => Err(host_not_found(uid)),
        }
    }

    /// The hosts of `project`, by name, as the search filters and summarizes them.
    pub(crate) fn hosts_in(&self, project: Option<&str>) -> Vec<StoredHost> {
        let mut hosts: Vec<StoredHost> = self
            .hosts
            .values()
            .filter(|h| Some(h.project.as_str()) == project)
            .cloned()
            .collect();
        hosts.sort_by(|a, b| a.name().cmp(b.name()));
        hosts
    }

    /// Replaces a host's name (when the body gives one) and its tags (as a whole: none given
    /// is none kept) at `now`, as `edgeHostDevicesUidMetaUpdate` does.
    pub(crate) fn update_host_meta(
        &mut self,
        now: DateTime<Utc>,
        project: Option<&str>,
        uid: &str,
        entity: types::EdgeHostDeviceMetaUpdateEntity,
    ) -> Result<(), Refusal> {
        self.host_mut(project, uid)?;
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
        let host = self.host_mut(project, uid)?;
        if let Some(name) = name {
            host.meta.name = Some(name);
        }
        host.meta.labels = Some(labels);
        host.meta.last_modified_timestamp = Some(types::Time(now));
        Ok(())
    }

    /// Deletes a host; one in a cluster is refused (409 `EdgeHostInUse`).
    pub(crate) fn delete_host(&mut self, project: Option<&str>, uid: &str) -> Result<(), Refusal> {
        let host = self.host_mut(project, uid)?;
        if let Some((cluster, name)) = host.clusters.first() {
            return Err(refuse(
                409,
                "EdgeHostInUse",
                format!(
                    "edge host '{uid}' is in cluster '{name}' ({cluster}); remove it from the cluster first"
                ),
            ));
        }
        self.hosts.remove(uid);
        Ok(())
    }

    /// Puts a host in a cluster of its project at `now` (400 `InvalidRequestBody` without a
    /// `clusterUid`; what `cluster_name` refuses when the project has no such cluster); a
    /// host already in another cluster is refused (409 `EdgeHostInUse`).
    pub(crate) fn associate_host(
        &mut self,
        now: DateTime<Utc>,
        project: Option<&str>,
        uid: &str,
        cluster_uid: Option<String>,
        cluster_name: impl FnOnce(&str) -> Result<String, Refusal>,
    ) -> Result<(), Refusal> {
        self.host_mut(project, uid)?;
        let cluster_uid = cluster_uid
            .filter(|c| !c.is_empty())
            .ok_or_else(|| refuse(400, "InvalidRequestBody", "clusterUid is required"))?;
        let cluster_name = cluster_name(&cluster_uid)?;
        let host = self.host_mut(project, uid)?;
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

    /// Takes a host out of its cluster at `now`; it is `ready` again.
    pub(crate) fn deassociate_host(
        &mut self,
        now: DateTime<Utc>,
        project: Option<&str>,
        uid: &str,
    ) -> Result<(), Refusal> {
        let host = self.host_mut(project, uid)?;
        host.clusters.clear();
        host.meta.last_modified_timestamp = Some(types::Time(now));
        Ok(())
    }
}

pub(crate) fn cluster_entities(host: &StoredHost) -> Vec<types::ObjectEntity> {
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
