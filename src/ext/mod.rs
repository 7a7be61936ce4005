//! Ergonomic wrappers over the generated calls, one file per resource area.

mod backups;
mod workspaces;

pub use backups::{BackupSettings, Backups};
pub use workspaces::{
    Allocation, ClusterRbac, Namespace, NewWorkspace, RoleBinding, WorkspaceRoles, Workspaces,
};
