//! What a workspace's and a cluster's backup settings share: how retention, volumes, cluster resources and namespaces are written into Palette's backup config.

use crate::enums::IncludeClusterResourceMode;
use crate::types;

/// A backup config holding these settings and nothing else; the caller adds the name, the
/// location and the schedule. Cluster resources go along unless the mode is `Never`; no
/// namespace means all of them.
pub(super) fn with_settings(
    retain_hours: Option<i64>,
    include_disks: bool,
    cluster_resources: Option<IncludeClusterResourceMode>,
    namespaces: Vec<String>,
) -> types::ClusterBackupConfig {
    types::ClusterBackupConfig {
        duration_in_hours: retain_hours,
        include_all_disks: Some(include_disks),
        include_cluster_resources: cluster_resources
            .as_ref()
            .map(|mode| *mode != IncludeClusterResourceMode::Never),
        include_cluster_resource_mode: cluster_resources,
        namespaces: (!namespaces.is_empty()).then_some(namespaces),
        ..Default::default()
    }
}
