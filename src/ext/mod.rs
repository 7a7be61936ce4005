//! Ergonomic wrappers over the generated calls, one file per resource area.

#[cfg(feature = "workspaces")]
mod backups;
#[cfg(feature = "workspaces")]
mod workspaces;

#[cfg(feature = "workspaces")]
#[cfg_attr(docsrs, doc(cfg(feature = "workspaces")))]
pub use backups::{BackupSettings, Backups};
#[cfg(feature = "workspaces")]
#[cfg_attr(docsrs, doc(cfg(feature = "workspaces")))]
pub use workspaces::{
    Allocation, ClusterRbac, Namespace, NewWorkspace, RoleBinding, WorkspaceRoles, Workspaces,
};
