//! A cluster's backups across areas: each operation finds the cluster in the caller's scope (clusters area), then runs on the cluster backups area at the fake's clock.
#![cfg_attr(not(feature = "spectroclusters"), allow(dead_code))]

use crate::testing::model::Model;
use crate::testing::model::cluster_backups::{ClusterBackupsView, ClusterRestoresView};
use crate::testing::refusal::Refusal;
use crate::types;

/// The cluster's name if `project` sees it (404 `ResourceNotFound` otherwise).
fn cluster_name(model: &mut Model, project: Option<&str>, uid: &str) -> Result<String, Refusal> {
    let (cluster, _) = model.clusters.get_mut(project, uid)?;
    Ok(cluster.name.clone())
}

impl Model {
    /// Creates a cluster's backup settings (409 `BackupConfigAlreadyExists` if it has some).
    pub(crate) fn configure_cluster_backup(
        &mut self,
        project: Option<&str>,
        cluster_uid: &str,
        config: types::ClusterBackupConfig,
    ) -> Result<(), Refusal> {
        cluster_name(self, project, cluster_uid)?;
        self.cluster_backups.configure(project, cluster_uid, config)
    }

    /// Replaces a cluster's backup settings (404 `BackupNotConfigured` if it has none).
    pub(crate) fn reconfigure_cluster_backup(
        &mut self,
        project: Option<&str>,
        cluster_uid: &str,
        config: types::ClusterBackupConfig,
    ) -> Result<(), Refusal> {
        cluster_name(self, project, cluster_uid)?;
        self.cluster_backups
            .reconfigure(project, cluster_uid, config)
    }

    /// Removes a cluster's backup settings; its backups stay.
    pub(crate) fn reset_cluster_backup(
        &mut self,
        project: Option<&str>,
        cluster_uid: &str,
    ) -> Result<(), Refusal> {
        cluster_name(self, project, cluster_uid)?;
        self.cluster_backups.reset(cluster_uid)
    }

    /// Starts a backup of a cluster now (see
    /// [`ClusterBackups::start_backup`](crate::testing::model::cluster_backups::ClusterBackups::start_backup)).
    pub(crate) fn start_cluster_backup(
        &mut self,
        project: Option<&str>,
        cluster_uid: &str,
        config: types::ClusterBackupConfig,
    ) -> Result<String, Refusal> {
        cluster_name(self, project, cluster_uid)?;
        let now = self.clusters.now();
        self.cluster_backups
            .start_backup(&mut self.uids, now, project, cluster_uid, config)
    }

    /// A cluster's backup settings and backups (only the one asked for, when asked), as of
    /// now; 404 `BackupNotConfigured` while it has neither.
    pub(crate) fn cluster_backups_of(
        &mut self,
        project: Option<&str>,
        cluster_uid: &str,
        request_uid: Option<&str>,
    ) -> Result<ClusterBackupsView, Refusal> {
        let name = cluster_name(self, project, cluster_uid)?;
        let now = self.clusters.now();
        self.cluster_backups
            .backups_of(cluster_uid, name, request_uid, now)
    }

    /// Deletes one backup of a cluster, named by its name and request uid.
    pub(crate) fn delete_cluster_backup(
        &mut self,
        project: Option<&str>,
        cluster_uid: &str,
        backup_name: &str,
        request_uid: &str,
    ) -> Result<(), Refusal> {
        cluster_name(self, project, cluster_uid)?;
        self.cluster_backups
            .delete_backup(cluster_uid, backup_name, request_uid)
    }

    /// Starts restoring a backup of `source_uid` into a cluster of the scope (see
    /// [`ClusterBackups::start_restore`](crate::testing::model::cluster_backups::ClusterBackups::start_restore)).
    #[cfg(feature = "spectroclusters")]
    pub(crate) fn start_cluster_restore(
        &mut self,
        project: Option<&str>,
        source_uid: &str,
        request: types::ClusterRestoreConfig,
    ) -> Result<String, Refusal> {
        cluster_name(self, project, source_uid)?;
        let now = self.clusters.now();
        let clusters = &mut self.clusters;
        self.cluster_backups.start_restore(
            &mut self.uids,
            now,
            source_uid,
            request,
            |destination| clusters.get_mut(project, destination).map(drop),
        )
    }

    /// The restores into a cluster (only the one asked for, when asked), as of now.
    pub(crate) fn cluster_restores_of(
        &mut self,
        project: Option<&str>,
        cluster_uid: &str,
        request_uid: Option<&str>,
    ) -> Result<ClusterRestoresView, Refusal> {
        let name = cluster_name(self, project, cluster_uid)?;
        let now = self.clusters.now();
        let clusters = &self.clusters.all;
        Ok(self
            .cluster_backups
            .restores_of(cluster_uid, name, request_uid, now, |source| {
                clusters
                    .get(source)
                    .map(|c| c.name.clone())
                    .unwrap_or_default()
            }))
    }
}
