//! Ergonomic wrappers over the generated calls, one file per resource area behind its category's feature; this layer uses client/ and the layers below it.

#[cfg(feature = "api_keys")]
mod api_keys;
#[cfg(any(feature = "workspaces", feature = "spectroclusters"))]
mod backup_config;
#[cfg(any(feature = "users", feature = "spectroclusters"))]
mod backup_locations;
#[cfg(feature = "workspaces")]
mod backups;
#[cfg(feature = "cloudaccounts")]
mod cloud_accounts;
#[cfg(feature = "spectroclusters")]
mod cluster_backups;
#[cfg(feature = "clustergroups")]
mod cluster_groups;
#[cfg(feature = "clusterprofiles")]
mod cluster_profiles;
#[cfg(feature = "spectroclusters")]
mod clusters;
#[cfg(any(
    feature = "clusterprofiles",
    feature = "edgehosts",
    feature = "projects",
    feature = "roles",
    feature = "spectroclusters",
    feature = "teams",
    feature = "users",
    feature = "workspaces"
))]
mod created;
#[cfg(feature = "edgehosts")]
mod edge;
#[cfg(feature = "overlords")]
mod gateways;
#[cfg(feature = "spectroclusters")]
mod imports;
#[cfg(any(
    feature = "api_keys",
    feature = "cloudaccounts",
    feature = "clustergroups",
    feature = "clusterprofiles",
    feature = "edgehosts",
    feature = "overlords",
    feature = "packs",
    feature = "projects",
    feature = "registries",
    feature = "roles",
    feature = "spectroclusters",
    feature = "teams",
    feature = "users",
    feature = "workspaces"
))]
// Each category's workflows use part of it.
#[allow(dead_code)]
mod lookup;
#[cfg(all(feature = "spectroclusters", feature = "cloudconfigs"))]
mod machine_pools;
#[cfg(feature = "spectroclusters")]
mod new_cluster;
#[cfg(feature = "packs")]
mod packs;
#[cfg(feature = "spectroclusters")]
mod pool_entity;
#[cfg(feature = "clusterprofiles")]
mod profile_versions;
#[cfg(any(feature = "users", feature = "teams"))]
mod project_roles;
#[cfg(feature = "projects")]
mod projects;
#[cfg(feature = "registries")]
mod registries;
#[cfg(feature = "roles")]
mod roles;
#[cfg(feature = "users")]
mod ssh_keys;
#[cfg(feature = "teams")]
mod teams;
#[cfg(feature = "users")]
mod users;
#[cfg(any(feature = "clusterprofiles", feature = "packs"))]
pub(crate) mod versions;
#[cfg(feature = "spectroclusters")]
mod virtual_clusters;
#[cfg(feature = "workspaces")]
mod workspaces;

#[cfg(feature = "api_keys")]
#[cfg_attr(docsrs, doc(cfg(feature = "api_keys")))]
pub use api_keys::{ApiKeys, CreatedApiKey, NewApiKey};
#[cfg(any(feature = "users", feature = "spectroclusters"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "users", feature = "spectroclusters"))))]
pub use backup_locations::{BackupLocation, BackupLocationKind, BackupLocations};
#[cfg(feature = "workspaces")]
#[cfg_attr(docsrs, doc(cfg(feature = "workspaces")))]
pub use backups::{BackupSettings, Backups};
#[cfg(feature = "cloudaccounts")]
#[cfg_attr(docsrs, doc(cfg(feature = "cloudaccounts")))]
pub use cloud_accounts::CloudAccounts;
#[cfg(feature = "spectroclusters")]
#[cfg_attr(docsrs, doc(cfg(feature = "spectroclusters")))]
pub use cluster_backups::{
    ClusterBackupRun, ClusterBackupSettings, ClusterBackups, ClusterRestoreOptions, RestoreRun,
};
#[cfg(feature = "clustergroups")]
#[cfg_attr(docsrs, doc(cfg(feature = "clustergroups")))]
pub use cluster_groups::ClusterGroups;
#[cfg(feature = "clusterprofiles")]
#[cfg_attr(docsrs, doc(cfg(feature = "clusterprofiles")))]
pub use cluster_profiles::{ClusterProfiles, NewClusterProfile};
#[cfg(feature = "spectroclusters")]
#[cfg_attr(docsrs, doc(cfg(feature = "spectroclusters")))]
pub use clusters::{ClusterFilter, ClusterStatus, Clusters, DeleteOptions};
#[cfg(feature = "edgehosts")]
#[cfg_attr(docsrs, doc(cfg(feature = "edgehosts")))]
pub use edge::{
    CreatedEdgeToken, EdgeHostFilter, EdgeHosts, EdgeTokens, NewEdgeHost, NewEdgeToken,
    edge_host_tags,
};
#[cfg(feature = "overlords")]
#[cfg_attr(docsrs, doc(cfg(feature = "overlords")))]
pub use gateways::PrivateCloudGateways;
#[cfg(feature = "spectroclusters")]
#[cfg_attr(docsrs, doc(cfg(feature = "spectroclusters")))]
pub use imports::{ImportCloud, ImportCluster, ImportInstructions};
#[cfg(all(feature = "spectroclusters", feature = "cloudconfigs"))]
#[cfg_attr(
    docsrs,
    doc(cfg(all(feature = "spectroclusters", feature = "cloudconfigs")))
)]
pub use machine_pools::{MachinePools, Node, Pool, PoolUpdate, taint};
#[cfg(feature = "spectroclusters")]
#[cfg_attr(docsrs, doc(cfg(feature = "spectroclusters")))]
pub use new_cluster::{
    AwsCluster, EdgeNativeCluster, EksCluster, MachinePool, NewCluster, VirtualCluster,
};
#[cfg(feature = "packs")]
#[cfg_attr(docsrs, doc(cfg(feature = "packs")))]
pub use packs::{PackVersion, Packs};
#[cfg(all(feature = "clusterprofiles", feature = "spectroclusters"))]
#[cfg_attr(
    docsrs,
    doc(cfg(all(feature = "clusterprofiles", feature = "spectroclusters")))
)]
pub use profile_versions::{DroppedValues, KeptValues, ProfileMove};
#[cfg(feature = "projects")]
#[cfg_attr(docsrs, doc(cfg(feature = "projects")))]
pub use projects::{NewProject, Projects};
#[cfg(feature = "registries")]
#[cfg_attr(docsrs, doc(cfg(feature = "registries")))]
pub use registries::{Registries, Registry, RegistryKind, SyncPhase};
#[cfg(feature = "roles")]
#[cfg_attr(docsrs, doc(cfg(feature = "roles")))]
pub use roles::Roles;
#[cfg(feature = "users")]
#[cfg_attr(docsrs, doc(cfg(feature = "users")))]
pub use ssh_keys::SshKeys;
#[cfg(feature = "teams")]
#[cfg_attr(docsrs, doc(cfg(feature = "teams")))]
pub use teams::Teams;
#[cfg(feature = "users")]
#[cfg_attr(docsrs, doc(cfg(feature = "users")))]
pub use users::{NewUser, Users};
#[cfg(feature = "spectroclusters")]
#[cfg_attr(docsrs, doc(cfg(feature = "spectroclusters")))]
pub use virtual_clusters::LifecycleObservation;
#[cfg(all(feature = "spectroclusters", feature = "cloudconfigs"))]
#[cfg_attr(
    docsrs,
    doc(cfg(all(feature = "spectroclusters", feature = "cloudconfigs")))
)]
pub use virtual_clusters::VirtualClusterSize;
#[cfg(feature = "workspaces")]
#[cfg_attr(docsrs, doc(cfg(feature = "workspaces")))]
pub use workspaces::{
    Allocation, ClusterRbac, Namespace, NewWorkspace, RoleBinding, WorkspaceRoles, Workspaces,
};
