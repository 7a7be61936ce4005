//! Workspaces, ergonomically: list, find, get, create from a builder, update, delete, RBAC and roles.

use crate::client::generated::{ClientDashboardExt, ClientWorkspacesExt};
use crate::enums::{
    ClusterRbacBindingType, ClusterRbacSubjectsType, ClusterRoleRefKind, GpuConfigProvider,
};
use crate::ext::created::SendForUid;
use crate::ext::lookup;
use crate::send::call::Call;
use crate::{Client, Error, types};

/// Workspace operations of one client handle, in its scope. Get one with [`Client::workspaces`].
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::ext::{Allocation, NewWorkspace, Namespace};
///
/// let project = client.with_project_name("Default").await?;
/// let uid = project
///     .workspaces()
///     .create(
///         NewWorkspace::new("payments")
///             .cluster("6501f3a2b9c8", "prod-east")
///             .namespace(Namespace::new("payments").default_allocation(Allocation::new(2.0, 4096.0)))
///             .quota(Allocation::new(8.0, 16384.0)),
///     )
///     .await?;
/// let ws = project.workspaces().get(&uid).await?;
/// project.workspaces().delete(&uid).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Workspaces {
    pub(crate) client: Client,
}

impl Client {
    /// Workspace operations in this handle's scope. The handle owns a cheap clone of the
    /// client, so it can be stored or moved into a task.
    pub fn workspaces(&self) -> Workspaces {
        Workspaces {
            client: self.clone(),
        }
    }
}

impl Workspaces {
    /// Every workspace visible in the scope, with usage figures (`dashboardWorkspacesList`).
    pub async fn list(&self) -> Result<Vec<types::DashboardWorkspace>, Error> {
        let list = self.client.dashboard_workspaces_list().send().await?;
        Ok(list.items.unwrap_or_default())
    }

    /// The workspace named exactly `name`, if there is one in the scope; an error
    /// ([`Error::AmbiguousName`], with their uids) if several are. Names are unique within a
    /// project, but a tenant handle sees the workspaces of every project, where one name can
    /// be taken once in each.
    pub async fn find_by_name(&self, name: &str) -> Result<Option<types::Workspace>, Error> {
        let named = self.list().await?.into_iter().filter_map(|ws| {
            let meta = ws.metadata?;
            (meta.name.as_deref() == Some(name))
                .then(|| meta.uid.map(|uid| (uid.clone(), uid)))
                .flatten()
        });
        match lookup::at_most_one_of(lookup::NameKind::WORKSPACE, name, named)? {
            Some(uid) => self.get(&uid).await.map(Some),
            None => Ok(None),
        }
    }

    /// The workspace named exactly `name`; an error if none ([`Error::NameNotFound`]) or
    /// several ([`Error::AmbiguousName`]) are.
    pub async fn get_by_name(&self, name: &str) -> Result<types::Workspace, Error> {
        let found = self.find_by_name(name).await?;
        lookup::required(lookup::NameKind::WORKSPACE, name, found)
    }

    /// One workspace, with its clusters, namespaces, RBAC, quota and policies.
    pub async fn get(&self, uid: &str) -> Result<types::Workspace, Error> {
        self.client.workspaces_uid_get().uid(uid).send().await
    }

    /// Creates a workspace and returns its uid.
    pub async fn create(&self, workspace: NewWorkspace) -> Result<String, Error> {
        self.client
            .workspaces_create()
            .body(workspace.into_entity())
            .send_for_uid()
            .await
    }

    /// Replaces the namespaces of a workspace, keeping its clusters and quota.
    pub async fn update_namespaces(
        &self,
        uid: &str,
        namespaces: Vec<Namespace>,
    ) -> Result<(), Error> {
        let spec = self.get(uid).await?.spec.unwrap_or_default();
        let body = types::WorkspaceClusterNamespacesEntity {
            cluster_namespaces: Some(namespaces.into_iter().map(Namespace::into_type).collect()),
            cluster_refs: spec.cluster_refs,
            quota: spec.quota,
        };
        self.client
            .workspaces_uid_cluster_namespaces_update()
            .uid(uid)
            .body(body)
            .send()
            .await
    }

    /// Replaces the quota of a workspace, keeping its clusters and namespaces.
    pub async fn update_quota(&self, uid: &str, quota: Allocation) -> Result<(), Error> {
        let spec = self.get(uid).await?.spec.unwrap_or_default();
        let body = types::WorkspaceClusterNamespacesEntity {
            cluster_namespaces: spec.cluster_namespaces,
            cluster_refs: spec.cluster_refs,
            quota: Some(types::WorkspaceQuota {
                resource_allocation: Some(quota.into_type()),
            }),
        };
        self.client
            .workspaces_uid_cluster_namespaces_update()
            .uid(uid)
            .body(body)
            .send()
            .await
    }

    /// Replaces the name, labels and annotations of a workspace.
    pub async fn update_meta(&self, uid: &str, meta: types::ObjectMeta) -> Result<(), Error> {
        self.client
            .workspaces_uid_meta_update()
            .uid(uid)
            .body(meta)
            .send()
            .await
    }

    /// Deletes a workspace (its clusters and namespaces stay).
    pub async fn delete(&self, uid: &str) -> Result<(), Error> {
        self.client.workspaces_uid_delete().uid(uid).send().await
    }

    /// Adds a set of role bindings to the workspace's clusters; returns its uid.
    pub async fn add_cluster_rbac(&self, uid: &str, rbac: ClusterRbac) -> Result<String, Error> {
        self.client
            .workspaces_cluster_rbac_create()
            .uid(uid)
            .body(rbac.into_type())
            .send_for_uid()
            .await
    }

    /// Replaces the bindings of one cluster RBAC entry.
    pub async fn update_cluster_rbac(
        &self,
        uid: &str,
        rbac_uid: &str,
        rbac: ClusterRbac,
    ) -> Result<(), Error> {
        self.client
            .workspaces_uid_cluster_rbac_update()
            .uid(uid)
            .cluster_rbac_uid(rbac_uid)
            .body(rbac.into_type())
            .send()
            .await
    }

    /// Removes one cluster RBAC entry.
    pub async fn remove_cluster_rbac(&self, uid: &str, rbac_uid: &str) -> Result<(), Error> {
        self.client
            .workspaces_uid_cluster_rbac_delete()
            .uid(uid)
            .cluster_rbac_uid(rbac_uid)
            .send()
            .await
    }

    /// The workspaces where a user holds roles, by project.
    pub async fn user_roles(&self, user_uid: &str) -> Result<types::WorkspaceScopeRoles, Error> {
        self.client
            .users_workspace_get_roles()
            .user_uid(user_uid)
            .send()
            .await
    }

    /// Sets every workspace role of a user; roles not listed are taken away.
    pub async fn set_user_roles(
        &self,
        user_uid: &str,
        roles: &[WorkspaceRoles],
    ) -> Result<(), Error> {
        self.client
            .users_workspace_roles_put()
            .user_uid(user_uid)
            .body(roles_patch(roles))
            .send()
            .await
    }

    /// The workspaces where a team holds roles, by project.
    pub async fn team_roles(&self, team_uid: &str) -> Result<types::WorkspaceScopeRoles, Error> {
        self.client
            .teams_workspace_get_roles()
            .team_uid(team_uid)
            .send()
            .await
    }

    /// Sets every workspace role of a team; roles not listed are taken away.
    pub async fn set_team_roles(
        &self,
        team_uid: &str,
        roles: &[WorkspaceRoles],
    ) -> Result<(), Error> {
        self.client
            .teams_workspace_roles_put()
            .team_uid(team_uid)
            .body(roles_patch(roles))
            .send()
            .await
    }
}

/// The roles to grant in one workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceRoles {
    /// The workspace's uid.
    pub workspace_uid: String,
    /// The uids of the roles.
    pub role_uids: Vec<String>,
}

fn roles_patch(roles: &[WorkspaceRoles]) -> types::WorkspacesRolesPatch {
    types::WorkspacesRolesPatch {
        workspaces: Some(
            roles
                .iter()
                .map(|r| types::WorkspaceRolesPatch {
                    uid: Some(r.workspace_uid.clone()),
                    roles: Some(r.role_uids.clone()),
                })
                .collect(),
        ),
    }
}

/// An amount of CPU, memory and optionally GPUs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Allocation {
    /// CPU cores.
    pub cpu_cores: f64,
    /// Memory in MiB.
    pub memory_mib: f64,
    /// NVIDIA GPUs, if any.
    pub gpus: Option<i32>,
}

impl Allocation {
    /// CPU cores and memory in MiB.
    pub fn new(cpu_cores: f64, memory_mib: f64) -> Self {
        Allocation {
            cpu_cores,
            memory_mib,
            gpus: None,
        }
    }

    /// Also this many NVIDIA GPUs.
    pub fn gpus(mut self, limit: i32) -> Self {
        self.gpus = Some(limit);
        self
    }

    fn into_type(self) -> types::WorkspaceResourceAllocation {
        types::WorkspaceResourceAllocation {
            cpu_cores: Some(self.cpu_cores),
            memory_mi_b: Some(self.memory_mib),
            gpu_config: self.gpus.map(|limit| types::GpuConfig {
                limit: Some(limit),
                provider: Some(GpuConfigProvider::Nvidia),
            }),
        }
    }
}

/// A namespace a workspace manages, or a regular expression matching several.
#[derive(Debug, Clone, PartialEq)]
pub struct Namespace {
    name: String,
    is_regex: bool,
    default: Option<Allocation>,
    per_cluster: Vec<(String, Allocation)>,
    blocked_images: Vec<String>,
}

impl Namespace {
    /// The namespace called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Namespace {
            name: name.into(),
            is_regex: false,
            default: None,
            per_cluster: Vec::new(),
            blocked_images: Vec::new(),
        }
    }

    /// Every namespace whose name matches the regular expression `pattern`.
    pub fn regex(pattern: impl Into<String>) -> Self {
        Namespace {
            is_regex: true,
            ..Namespace::new(pattern)
        }
    }

    /// The share of resources the namespace gets on each cluster.
    pub fn default_allocation(mut self, allocation: Allocation) -> Self {
        self.default = Some(allocation);
        self
    }

    /// A different share on one cluster.
    pub fn on_cluster(mut self, cluster_uid: impl Into<String>, allocation: Allocation) -> Self {
        self.per_cluster.push((cluster_uid.into(), allocation));
        self
    }

    /// Forbid pods in the namespace from running this image.
    pub fn block_image(mut self, image: impl Into<String>) -> Self {
        self.blocked_images.push(image.into());
        self
    }

    fn into_type(self) -> types::WorkspaceClusterNamespace {
        types::WorkspaceClusterNamespace {
            name: Some(self.name),
            is_regex: Some(self.is_regex),
            image: (!self.blocked_images.is_empty()).then_some(types::WorkspaceNamespaceImage {
                black_listed_images: Some(self.blocked_images),
            }),
            namespace_resource_allocation: Some(types::WorkspaceNamespaceResourceAllocation {
                default_resource_allocation: self.default.map(Allocation::into_type),
                cluster_resource_allocations: (!self.per_cluster.is_empty()).then(|| {
                    self.per_cluster
                        .into_iter()
                        .map(|(cluster_uid, a)| types::ClusterResourceAllocation {
                            cluster_uid: Some(cluster_uid),
                            resource_allocation: Some(a.into_type()),
                        })
                        .collect()
                }),
            }),
        }
    }
}

/// A named set of Kubernetes role bindings Palette applies on a workspace's clusters.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterRbac {
    name: String,
    bindings: Vec<RoleBinding>,
}

impl ClusterRbac {
    /// An empty set called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        ClusterRbac {
            name: name.into(),
            bindings: Vec::new(),
        }
    }

    /// Adds a binding.
    pub fn binding(mut self, binding: RoleBinding) -> Self {
        self.bindings.push(binding);
        self
    }

    fn into_type(self) -> types::ClusterRbac {
        types::ClusterRbac {
            metadata: Some(types::ObjectMeta {
                name: Some(self.name),
                ..Default::default()
            }),
            spec: Some(types::ClusterRbacSpec {
                bindings: Some(
                    self.bindings
                        .into_iter()
                        .map(RoleBinding::into_type)
                        .collect(),
                ),
                is_system: None,
                related_object: None,
            }),
            status: None,
        }
    }
}

/// One role granted to users, groups or service accounts.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleBinding {
    kind: ClusterRbacBindingType,
    role_kind: ClusterRoleRefKind,
    role: String,
    namespace: Option<String>,
    subjects: Vec<types::ClusterRbacSubjects>,
}

impl RoleBinding {
    /// Grants the ClusterRole `role` in one namespace (a RoleBinding).
    pub fn cluster_role_in(role: impl Into<String>, namespace: impl Into<String>) -> Self {
        RoleBinding {
            kind: ClusterRbacBindingType::RoleBinding,
            role_kind: ClusterRoleRefKind::ClusterRole,
            role: role.into(),
            namespace: Some(namespace.into()),
            subjects: Vec::new(),
        }
    }

    /// Grants the namespaced Role `role` in its namespace (a RoleBinding).
    pub fn role_in(role: impl Into<String>, namespace: impl Into<String>) -> Self {
        RoleBinding {
            role_kind: ClusterRoleRefKind::Role,
            ..RoleBinding::cluster_role_in(role, namespace)
        }
    }

    /// Grants the ClusterRole `role` across the cluster (a ClusterRoleBinding).
    pub fn cluster_wide(role: impl Into<String>) -> Self {
        RoleBinding {
            kind: ClusterRbacBindingType::ClusterRoleBinding,
            role_kind: ClusterRoleRefKind::ClusterRole,
            role: role.into(),
            namespace: None,
            subjects: Vec::new(),
        }
    }

    /// To a user.
    pub fn user(self, name: impl Into<String>) -> Self {
        self.subject(ClusterRbacSubjectsType::User, name.into(), None)
    }

    /// To a group.
    pub fn group(self, name: impl Into<String>) -> Self {
        self.subject(ClusterRbacSubjectsType::Group, name.into(), None)
    }

    /// To a service account of a namespace.
    pub fn service_account(self, name: impl Into<String>, namespace: impl Into<String>) -> Self {
        self.subject(
            ClusterRbacSubjectsType::ServiceAccount,
            name.into(),
            Some(namespace.into()),
        )
    }

    fn subject(
        mut self,
        kind: ClusterRbacSubjectsType,
        name: String,
        namespace: Option<String>,
    ) -> Self {
        self.subjects.push(types::ClusterRbacSubjects {
            name: Some(name),
            namespace,
            type_: Some(kind),
        });
        self
    }

    fn into_type(self) -> types::ClusterRbacBinding {
        types::ClusterRbacBinding {
            namespace: self.namespace,
            role: Some(types::ClusterRoleRef {
                kind: Some(self.role_kind),
                name: Some(self.role),
            }),
            subjects: Some(self.subjects),
            type_: Some(self.kind),
        }
    }
}

/// A workspace to create: name, clusters, namespaces, quota, RBAC.
#[derive(Debug, Clone, PartialEq)]
pub struct NewWorkspace {
    name: String,
    labels: Vec<(String, String)>,
    clusters: Vec<(String, String)>,
    namespaces: Vec<Namespace>,
    quota: Option<Allocation>,
    rbac: Vec<ClusterRbac>,
}

impl NewWorkspace {
    /// A workspace called `name` with nothing in it yet.
    pub fn new(name: impl Into<String>) -> Self {
        NewWorkspace {
            name: name.into(),
            labels: Vec::new(),
            clusters: Vec::new(),
            namespaces: Vec::new(),
            quota: None,
            rbac: Vec::new(),
        }
    }

    /// Adds a label.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.labels.push((key.into(), value.into()));
        self
    }

    /// Adds a cluster by uid and name.
    pub fn cluster(mut self, uid: impl Into<String>, name: impl Into<String>) -> Self {
        self.clusters.push((uid.into(), name.into()));
        self
    }

    /// Adds a namespace (or a regular expression of namespaces).
    pub fn namespace(mut self, namespace: Namespace) -> Self {
        self.namespaces.push(namespace);
        self
    }

    /// Caps the resources of the whole workspace.
    pub fn quota(mut self, quota: Allocation) -> Self {
        self.quota = Some(quota);
        self
    }

    /// Adds a set of role bindings.
    pub fn rbac(mut self, rbac: ClusterRbac) -> Self {
        self.rbac.push(rbac);
        self
    }

    /// The request body Palette expects.
    pub fn into_entity(self) -> types::WorkspaceEntity {
        let labels = (!self.labels.is_empty()).then(|| self.labels.into_iter().collect());
        types::WorkspaceEntity {
            metadata: Some(types::ObjectMeta {
                name: Some(self.name),
                labels,
                ..Default::default()
            }),
            spec: Some(types::WorkspaceSpec {
                cluster_refs: Some(
                    self.clusters
                        .into_iter()
                        .map(|(uid, name)| types::WorkspaceClusterRef {
                            cluster_uid: Some(uid),
                            cluster_name: Some(name),
                        })
                        .collect(),
                ),
                cluster_namespaces: Some(
                    self.namespaces
                        .into_iter()
                        .map(Namespace::into_type)
                        .collect(),
                ),
                quota: self.quota.map(|q| types::WorkspaceQuota {
                    resource_allocation: Some(q.into_type()),
                }),
                cluster_rbacs: (!self.rbac.is_empty())
                    .then(|| self.rbac.into_iter().map(ClusterRbac::into_type).collect()),
                policies: None,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_new_workspace_becomes_palettes_entity() {
        let entity = NewWorkspace::new("payments")
            .label("team", "payments")
            .cluster("c-1", "prod-east")
            .namespace(
                Namespace::new("payments")
                    .default_allocation(Allocation::new(2.0, 4096.0))
                    .on_cluster("c-1", Allocation::new(4.0, 8192.0).gpus(1))
                    .block_image("busybox:latest"),
            )
            .namespace(Namespace::regex("^payments-.*$"))
            .quota(Allocation::new(16.0, 32768.0))
            .rbac(
                ClusterRbac::new("admins")
                    .binding(RoleBinding::cluster_role_in("admin", "payments").group("oncall")),
            )
            .into_entity();
        assert_eq!(
            serde_json::to_value(entity).unwrap(),
            json!({
                "metadata": {"name": "payments", "labels": {"team": "payments"}},
                "spec": {
                    "clusterRefs": [{"clusterUid": "c-1", "clusterName": "prod-east"}],
                    "clusterNamespaces": [
                        {
                            "name": "payments", "isRegex": false,
                            "image": {"blackListedImages": ["busybox:latest"]},
                            "namespaceResourceAllocation": {
                                "defaultResourceAllocation": {"cpuCores": 2.0, "memoryMiB": 4096.0},
                                "clusterResourceAllocations": [{"clusterUid": "c-1", "resourceAllocation":
                                    {"cpuCores": 4.0, "memoryMiB": 8192.0, "gpuConfig": {"limit": 1, "provider": "nvidia"}}}]
                            }
                        },
                        {"name": "^payments-.*$", "isRegex": true, "namespaceResourceAllocation": {}}
                    ],
                    "quota": {"resourceAllocation": {"cpuCores": 16.0, "memoryMiB": 32768.0}},
                    "clusterRbacs": [{
                        "metadata": {"name": "admins"},
                        "spec": {"bindings": [{
                            "namespace": "payments",
                            "role": {"kind": "ClusterRole", "name": "admin"},
                            "subjects": [{"name": "oncall", "type": "Group"}],
                            "type": "RoleBinding"
                        }]}
                    }]
                }
            })
        );
    }

    #[test]
    fn a_cluster_wide_binding_has_no_namespace() {
        let binding = RoleBinding::cluster_wide("view")
            .service_account("ci", "tools")
            .into_type();
        assert_eq!(
            serde_json::to_value(binding).unwrap(),
            json!({
                "role": {"kind": "ClusterRole", "name": "view"},
                "subjects": [{"name": "ci", "namespace": "tools", "type": "ServiceAccount"}],
                "type": "ClusterRoleBinding"
            })
        );
    }
}
