//! Edge hosts and tokens across areas: the edge area's operations at the fake's wall time (the clusters area keeps the clock), with projects checked and named by the admin area, and hosts put in clusters of the clusters area.

use chrono::{DateTime, Utc};

use crate::enums::{EdgeHostDeviceSpecType, EdgeHostDeviceStatusState, EdgeHostHealthState};
use crate::testing::model::Model;
use crate::testing::model::edge::{IN_USE, StoredHost, StoredToken, cluster_entities};
use crate::testing::refusal::Refusal;
use crate::testing::seed;
use crate::types;

impl Model {
    /// The fake's wall time: when it started, plus its clock (real time and every advance).
    fn edge_now(&self) -> DateTime<Utc> {
        self.edge.wall_time(self.clusters.now())
    }

    /// Creates a token (see [`Edge::create_token`](crate::testing::model::edge::Edge::create_token));
    /// an unknown default project is 404 `ProjectNotFound`.
    pub(crate) fn create_edge_token(
        &mut self,
        entity: types::EdgeTokenEntity,
    ) -> Result<String, Refusal> {
        let now = self.edge_now();
        let admin = &self.admin;
        self.edge
            .create_token(&mut self.uids, now, entity, |project| {
                admin.project(project).map(drop)
            })
    }

    /// Every token, as Palette lists them (by uid, which is by creation).
    pub(crate) fn edge_tokens(&self) -> Vec<types::EdgeToken> {
        self.edge
            .tokens()
            .map(|t| self.edge_token_reply(t))
            .collect()
    }

    /// The token `uid`, or 404 `EdgeTokenNotFound`.
    pub(crate) fn edge_token(&self, uid: &str) -> Result<types::EdgeToken, Refusal> {
        Ok(self.edge_token_reply(self.edge.token(uid)?))
    }

    fn edge_token_reply(&self, token: &StoredToken) -> types::EdgeToken {
        let default_project = token.project.as_ref().map(|uid| types::EdgeTokenProject {
            name: self.admin.project(uid).ok().and_then(|p| p.name.clone()),
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
        self.edge.set_token_active(uid, active, now)
    }

    /// Registers a host (see [`Edge::register_host`](crate::testing::model::edge::Edge::register_host));
    /// an unknown project is 404 `ProjectNotFound`.
    pub(crate) fn register_edge_host(
        &mut self,
        header_project: Option<&str>,
        device: types::EdgeHostDevice,
    ) -> Result<types::EdgeHostDevice, Refusal> {
        let now = self.edge_now();
        let admin = &self.admin;
        let host = self
            .edge
            .register_host(now, header_project, device, |project| {
                admin.project(project).map(drop)
            })?;
        Ok(self.edge_host_reply(&host))
    }

    /// The host `uid` as `edgeHostDevicesUidGet` answers it.
    pub(crate) fn edge_host(
        &mut self,
        project: Option<&str>,
        uid: &str,
    ) -> Result<types::EdgeHostDevice, Refusal> {
        let host = self.edge.host_mut(project, uid)?.clone();
        Ok(self.edge_host_reply(&host))
    }

    fn edge_host_reply(&self, host: &StoredHost) -> types::EdgeHostDevice {
        types::EdgeHostDevice {
            aclmeta: Some(types::AclMeta {
                project_uid: Some(host.project.clone()),
                tenant_uid: Some(seed::TENANT_UID.to_string()),
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
            name: self.admin.project(uid).ok().and_then(|p| p.name.clone()),
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
                        .admin
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

    /// Replaces a host's name and tags, as `edgeHostDevicesUidMetaUpdate` does.
    pub(crate) fn update_edge_host_meta(
        &mut self,
        project: Option<&str>,
        uid: &str,
        entity: types::EdgeHostDeviceMetaUpdateEntity,
    ) -> Result<(), Refusal> {
        let now = self.edge_now();
        self.edge.update_host_meta(now, project, uid, entity)
    }

    /// Puts a host in a cluster of its project (the cluster's 404 when the project has no
    /// such cluster; see [`Edge::associate_host`](crate::testing::model::edge::Edge::associate_host)).
    pub(crate) fn associate_edge_host(
        &mut self,
        project: Option<&str>,
        uid: &str,
        cluster_uid: Option<String>,
    ) -> Result<(), Refusal> {
        let now = self.edge_now();
        let clusters = &mut self.clusters;
        self.edge
            .associate_host(now, project, uid, cluster_uid, |cluster| {
                let (cluster, _) = clusters.get_mut(project, cluster)?;
                Ok(cluster.name.clone())
            })
    }

    /// Takes a host out of its cluster; it is `ready` again.
    pub(crate) fn deassociate_edge_host(
        &mut self,
        project: Option<&str>,
        uid: &str,
    ) -> Result<(), Refusal> {
        let now = self.edge_now();
        self.edge.deassociate_host(now, project, uid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        model.edge.token(&uid).unwrap().value.clone()
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
}
