//! Workspace backups and restores: configure, run now, status, delete, restore, and wait for either.

use crate::client::generated::ClientWorkspacesExt;
use crate::enums::IncludeClusterResourceMode;
use crate::ext::Workspaces;
use crate::ext::backup_config::with_settings;
use crate::ext::created::SendForUid;
use crate::send::call::Call;
use crate::send::wait::{self, ClusterRun, RunKind, RunPhase, RunStatus, WaitOptions};
use crate::{Client, Error, types};

/// Backups and restores of one workspace. Get one with [`Workspaces::backups`].
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::ext::BackupSettings;
/// use palette_sdk::wait::WaitOptions;
///
/// let backups = client.workspaces().backups("651aa2f7e4b0");
/// let settings = BackupSettings::new("nightly", "s3-backups", "64f0c1d2e3a4").retain_hours(720);
/// backups.configure(settings.clone().schedule("0 2 * * *")).await?;
/// let run = backups.run_now(settings).await?;
/// let done = backups
///     .wait_for_backup(&run, WaitOptions::default(), |s| println!("backup: {}", s.state))
///     .await?;
/// let restore = backups.restore(&run).await?;
/// backups.wait_for_restore(&restore, WaitOptions::default(), |_| {}).await?;
/// # Ok(()) }
/// ```
///
/// It owns a cheap clone of the client, so it can be stored or moved into a task.
#[derive(Debug, Clone)]
pub struct Backups {
    client: Client,
    workspace_uid: String,
}

impl Workspaces {
    /// Backups and restores of the workspace `uid`.
    pub fn backups(&self, uid: &str) -> Backups {
        Backups {
            client: self.client.clone(),
            workspace_uid: uid.to_string(),
        }
    }
}

/// How a workspace is backed up.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupSettings {
    name: String,
    location_name: String,
    location_uid: String,
    retain_hours: Option<i64>,
    schedule: Option<String>,
    namespaces: Vec<String>,
    cluster_uids: Vec<String>,
    cluster_resources: Option<IncludeClusterResourceMode>,
    include_disks: bool,
}

impl BackupSettings {
    /// Backups called `name` into the backup location `location_name` (`location_uid`), of all
    /// the workspace's clusters and namespaces, with their disks.
    pub fn new(
        name: impl Into<String>,
        location_name: impl Into<String>,
        location_uid: impl Into<String>,
    ) -> Self {
        BackupSettings {
            name: name.into(),
            location_name: location_name.into(),
            location_uid: location_uid.into(),
            retain_hours: None,
            schedule: None,
            namespaces: Vec::new(),
            cluster_uids: Vec::new(),
            cluster_resources: None,
            include_disks: true,
        }
    }

    /// Keep each backup this many hours.
    pub fn retain_hours(mut self, hours: i64) -> Self {
        self.retain_hours = Some(hours);
        self
    }

    /// Take backups on this cron schedule (for [`Backups::configure`]).
    pub fn schedule(mut self, cron: impl Into<String>) -> Self {
        self.schedule = Some(cron.into());
        self
    }

    /// Only these namespaces (default: all of the workspace's).
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespaces.push(namespace.into());
        self
    }

    /// Only these clusters (default: all of the workspace's).
    pub fn cluster(mut self, cluster_uid: impl Into<String>) -> Self {
        self.cluster_uids.push(cluster_uid.into());
        self
    }

    /// Whether cluster-scoped resources go along.
    pub fn cluster_resources(mut self, mode: IncludeClusterResourceMode) -> Self {
        self.cluster_resources = Some(mode);
        self
    }

    /// Whether volumes are backed up too (default yes).
    pub fn include_disks(mut self, include: bool) -> Self {
        self.include_disks = include;
        self
    }

    /// The request body Palette expects.
    pub fn into_entity(self) -> types::WorkspaceBackupConfigEntity {
        let all_clusters = self.cluster_uids.is_empty();
        types::WorkspaceBackupConfigEntity {
            backup_config: Some(types::ClusterBackupConfig {
                backup_name: Some(self.name),
                backup_location_name: Some(self.location_name),
                backup_location_uid: Some(self.location_uid),
                schedule: self.schedule.map(|cron| types::ClusterFeatureSchedule {
                    scheduled_run_time: Some(cron),
                }),
                ..with_settings(
                    self.retain_hours,
                    self.include_disks,
                    self.cluster_resources,
                    self.namespaces,
                )
            }),
            cluster_uids: (!all_clusters).then_some(self.cluster_uids),
            include_all_clusters: Some(all_clusters),
        }
    }
}

impl Backups {
    /// Sets the workspace's backup settings, creating them or replacing those it has.
    pub async fn configure(&self, settings: BackupSettings) -> Result<(), Error> {
        let body = settings.into_entity();
        let created = self
            .client
            .workspace_ops_backup_create()
            .uid(&self.workspace_uid)
            .body(body.clone())
            .send()
            .await;
        match created {
            Ok(_) => Ok(()),
            Err(e) if e.is_conflict() => {
                self.client
                    .workspace_ops_backup_update()
                    .uid(&self.workspace_uid)
                    .body(body)
                    .send()
                    .await
            }
            Err(e) => Err(e),
        }
    }

    /// Starts a backup now; returns the request uid that identifies the run.
    pub async fn run_now(&self, settings: BackupSettings) -> Result<String, Error> {
        self.client
            .workspace_ops_backup_on_demand_create()
            .uid(&self.workspace_uid)
            .body(settings.into_entity())
            .send_for_uid()
            .await
    }

    /// The backup configuration and every backup run of the workspace.
    pub async fn all(&self) -> Result<types::WorkspaceBackup, Error> {
        self.client
            .workspace_ops_backup_get()
            .uid(&self.workspace_uid)
            .send()
            .await
    }

    /// Where one backup run stands, or `None` if Palette does not list it.
    pub async fn status(&self, request_uid: &str) -> Result<Option<RunStatus>, Error> {
        let backup = self
            .client
            .workspace_ops_backup_get()
            .uid(&self.workspace_uid)
            .backup_request_uid(request_uid)
            .send()
            .await?;
        let runs = backup
            .status
            .and_then(|s| s.workspace_backup_statuses)
            .unwrap_or_default();
        Ok(runs
            .into_iter()
            .find(|r| r.request_uid.as_deref() == Some(request_uid))
            .map(read_backup_run))
    }

    /// Deletes one backup run, on all of its clusters.
    pub async fn delete(&self, request_uid: &str) -> Result<(), Error> {
        let body = types::WorkspaceBackupDeleteEntity {
            request_uid: Some(request_uid.to_string()),
            cluster_configs: None,
        };
        self.client
            .workspace_ops_backup_delete()
            .uid(&self.workspace_uid)
            .body(body)
            .send()
            .await
    }

    /// Polls the backup run until it completes; fails if it fails, partially fails, or
    /// `options.timeout` passes, naming the last state seen. `progress` sees every poll.
    pub async fn wait_for_backup(
        &self,
        request_uid: &str,
        options: WaitOptions,
        progress: impl FnMut(&RunStatus),
    ) -> Result<RunStatus, Error> {
        wait::until_done(
            RunKind::Backup,
            &self.workspace_uid,
            request_uid,
            options,
            || self.status(request_uid),
            progress,
        )
        .await
    }

    /// Restores every cluster of a backup run in place; returns the restore's request uid.
    pub async fn restore(&self, backup_request_uid: &str) -> Result<String, Error> {
        let backup = self
            .status(backup_request_uid)
            .await?
            .ok_or_else(|| not_listed(self, backup_request_uid))?;
        let configs = backup
            .clusters
            .into_iter()
            .map(|cluster| types::WorkspaceRestoreConfig {
                backup_name: cluster.backup_name,
                source_cluster_uid: cluster.cluster_uid,
                include_cluster_resource_mode: None,
                include_cluster_resources: None,
                include_namespaces: None,
                preserve_node_ports: None,
                restore_p_vs: Some(true),
            })
            .collect();
        self.restore_with(backup_request_uid, configs).await
    }

    /// Restores a backup run with a restore setting per cluster; returns the restore's
    /// request uid.
    pub async fn restore_with(
        &self,
        backup_request_uid: &str,
        configs: Vec<types::WorkspaceRestoreConfig>,
    ) -> Result<String, Error> {
        let body = types::WorkspaceRestoreConfigEntity {
            backup_request_uid: backup_request_uid.to_string(),
            restore_configs: Some(configs),
        };
        self.client
            .workspace_ops_restore_on_demand_create()
            .uid(&self.workspace_uid)
            .body(body)
            .send_for_uid()
            .await
    }

    /// Where one restore run stands, or `None` if Palette does not list it.
    pub async fn restore_status(&self, request_uid: &str) -> Result<Option<RunStatus>, Error> {
        let restore = self
            .client
            .workspace_ops_restore_get()
            .uid(&self.workspace_uid)
            .restore_request_uid(request_uid)
            .send()
            .await?;
        let runs = restore
            .status
            .and_then(|s| s.workspace_restore_statuses)
            .unwrap_or_default();
        Ok(runs
            .into_iter()
            .find(|r| r.request_uid.as_deref() == Some(request_uid))
            .map(read_restore_run))
    }

    /// Polls the restore run until it completes, like [`wait_for_backup`](Self::wait_for_backup).
    pub async fn wait_for_restore(
        &self,
        request_uid: &str,
        options: WaitOptions,
        progress: impl FnMut(&RunStatus),
    ) -> Result<RunStatus, Error> {
        wait::until_done(
            RunKind::Restore,
            &self.workspace_uid,
            request_uid,
            options,
            || self.restore_status(request_uid),
            progress,
        )
        .await
    }
}

fn not_listed(backups: &Backups, request_uid: &str) -> Error {
    Error::Wait(Box::new(wait::WaitError {
        awaited: wait::Awaited::Run {
            kind: RunKind::Backup,
            workspace_uid: backups.workspace_uid.clone(),
            request_uid: request_uid.to_string(),
        },
        failure: wait::WaitFailure::NotFound,
        last_state: None,
        last_error: None,
    }))
}

/// Reads a backup run: its state and each cluster's backup.
fn read_backup_run(run: types::WorkspaceBackupStatusMeta) -> RunStatus {
    let config = run.workspace_backup_config.unwrap_or_default();
    let state = config
        .backup_state
        .and_then(|s| s.state)
        .unwrap_or_default();
    let clusters = config
        .cluster_backup_refs
        .unwrap_or_default()
        .into_iter()
        .map(|c| {
            let meta = c.backup_status_meta.unwrap_or_default();
            ClusterRun {
                cluster_uid: c.cluster_uid.unwrap_or_default(),
                cluster_name: c.cluster_name.unwrap_or_default(),
                backup_name: meta.backup_name.unwrap_or_default(),
                state: meta.backup_state.and_then(|s| s.state).unwrap_or_default(),
            }
        })
        .collect();
    RunStatus {
        request_uid: run.request_uid.unwrap_or_default(),
        phase: RunPhase::of(&state),
        state,
        clusters,
    }
}

/// Reads a restore run: its state and each cluster's restore.
fn read_restore_run(run: types::WorkspaceRestoreStatusMeta) -> RunStatus {
    let config = run.workspace_restore_config.unwrap_or_default();
    let state = config
        .restore_state
        .and_then(|s| s.state)
        .unwrap_or_default();
    let clusters = config
        .cluster_restore_refs
        .unwrap_or_default()
        .into_iter()
        .map(|c| ClusterRun {
            cluster_uid: c.cluster_uid.unwrap_or_default(),
            cluster_name: c.cluster_name.unwrap_or_default(),
            backup_name: c.backup_name.unwrap_or_default(),
            state: c
                .restore_status_meta
                .and_then(|m| m.state)
                .unwrap_or_default(),
        })
        .collect();
    RunStatus {
        request_uid: run.request_uid.unwrap_or_default(),
        phase: RunPhase::of(&state),
        state,
        clusters,
    }
}
