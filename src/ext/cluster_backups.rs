//! Cluster backups and restores: configure a schedule, back up now, list and find backups, delete, restore here or into another cluster, and wait for either.

use crate::client::generated::ClientSpectroclustersExt;
use crate::enums::IncludeClusterResourceMode;
use crate::ext::Clusters;
use crate::ext::backup_config::with_settings;
use crate::ext::created::SendForUid;
use crate::ext::lookup::{self, NameKind};
use crate::send::call::Call;
use crate::send::wait::{self, Awaited, ClusterRun, RunKind, RunPhase, RunStatus, WaitOptions};
use crate::{Client, Error, types};

/// The error code Palette answers a cluster's backup read with while the cluster has neither
/// backup settings nor backups.
const NOT_CONFIGURED: &str = "BackupNotConfigured";

/// Backups of one cluster, and restores of them. Get one with [`Clusters::backups`]; it owns a
/// cheap clone of the client, so it can be stored or moved into a task.
///
/// Clusters live in projects, and so do their backups: on a tenant handle every method fails
/// with [`Error::ProjectScopeRequired`] before sending anything.
///
/// ```no_run
/// # async fn example(project: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::Resource;
/// use palette_sdk::ext::ClusterBackupSettings;
/// use palette_sdk::wait::WaitOptions;
///
/// let cluster = project.clusters().get_by_name("payments-east").await?;
/// let backups = project.clusters().backups(cluster.uid().unwrap_or_default());
/// // Nightly, kept 30 days, to the location named "s3-backups".
/// let nightly = ClusterBackupSettings::new("nightly").location("s3-backups").retain_hours(720);
/// backups.configure(nightly.schedule("0 2 * * *")).await?;
/// // One now, to the scope's default location, before an upgrade.
/// let run = backups.run_now(ClusterBackupSettings::new("before-upgrade")).await?;
/// backups
///     .wait_for_backup(&run, WaitOptions::default(), |s| println!("backup: {}", s.state))
///     .await?;
/// let restore = backups.restore(&run).await?;
/// backups.wait_for_restore(&restore, WaitOptions::default(), |_| {}).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ClusterBackups {
    client: Client,
    cluster_uid: String,
}

impl Clusters {
    /// Backups of the cluster `uid`, and restores of them.
    pub fn backups(&self, uid: &str) -> ClusterBackups {
        ClusterBackups {
            client: self.client.clone(),
            cluster_uid: uid.to_string(),
        }
    }
}

/// Which backup location a backup goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Location {
    /// The scope's default location.
    Default,
    /// The location of this name, looked up.
    Named(String),
    /// The location of this uid, sent as is.
    Uid(String),
}

/// How a cluster is backed up: by [`ClusterBackups::configure`] on a schedule, or once by
/// [`ClusterBackups::run_now`].
///
/// The location is the scope's default backup location unless one is named
/// ([`location`](Self::location), looked up by name when the backup is sent, as Palette
/// users know locations by name) or given by uid ([`location_uid`](Self::location_uid), sent
/// as is).
///
/// ```
/// # #[cfg(feature = "spectroclusters")] {
/// use palette_sdk::enums::IncludeClusterResourceMode;
/// use palette_sdk::ext::ClusterBackupSettings;
///
/// let settings = ClusterBackupSettings::new("nightly")
///     .location("s3-backups")
///     .schedule("0 2 * * *")
///     .retain_hours(7 * 24)
///     .namespace("payments")
///     .namespace("ledger")
///     .cluster_resources(IncludeClusterResourceMode::Always)
///     .include_disks(false);
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterBackupSettings {
    name: String,
    location: Location,
    retain_hours: Option<i64>,
    schedule: Option<String>,
    namespaces: Vec<String>,
    cluster_resources: Option<IncludeClusterResourceMode>,
    include_disks: bool,
}

impl ClusterBackupSettings {
    /// Backups called `name` (for a schedule, the prefix of each backup's name), to the
    /// scope's default backup location, of every namespace, with volumes; kept as long as
    /// Palette keeps backups unless [`retain_hours`](Self::retain_hours) says.
    pub fn new(name: impl Into<String>) -> Self {
        ClusterBackupSettings {
            name: name.into(),
            location: Location::Default,
            retain_hours: None,
            schedule: None,
            namespaces: Vec::new(),
            cluster_resources: None,
            include_disks: true,
        }
    }

    /// To the backup location named `name` (looked up when the backup is sent: none is
    /// [`Error::NameNotFound`], several [`Error::AmbiguousName`]).
    pub fn location(mut self, name: impl Into<String>) -> Self {
        self.location = Location::Named(name.into());
        self
    }

    /// To the backup location of uid `uid`, sent as is.
    pub fn location_uid(mut self, uid: impl Into<String>) -> Self {
        self.location = Location::Uid(uid.into());
        self
    }

    /// Keep each backup this many hours.
    pub fn retain_hours(mut self, hours: i64) -> Self {
        self.retain_hours = Some(hours);
        self
    }

    /// Back up on this cron schedule (for [`ClusterBackups::configure`]; a backup run now
    /// ignores it).
    pub fn schedule(mut self, cron: impl Into<String>) -> Self {
        self.schedule = Some(cron.into());
        self
    }

    /// Only this namespace (may be given several times; default: every namespace).
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespaces.push(namespace.into());
        self
    }

    /// Whether cluster-scoped resources go along (default: as Palette decides).
    pub fn cluster_resources(mut self, mode: IncludeClusterResourceMode) -> Self {
        self.cluster_resources = Some(mode);
        self
    }

    /// Whether persistent volumes are backed up too (default yes).
    pub fn include_disks(mut self, include: bool) -> Self {
        self.include_disks = include;
        self
    }

    /// The body Palette reads, to the location `location_uid` (named `location_name`, when
    /// known): a schedule names its backups by `backupPrefix` and carries the cron schedule, a
    /// backup run now is `backupName`.
    fn into_config(
        self,
        location_uid: String,
        location_name: Option<String>,
        scheduled: bool,
    ) -> types::ClusterBackupConfig {
        let (backup_name, backup_prefix, schedule) = if scheduled {
            let schedule = self.schedule.map(|cron| types::ClusterFeatureSchedule {
                scheduled_run_time: Some(cron),
            });
            (None, Some(self.name), schedule)
        } else {
            (Some(self.name), None, None)
        };
        types::ClusterBackupConfig {
            backup_name,
            backup_prefix,
            schedule,
            backup_location_uid: Some(location_uid),
            backup_location_name: location_name,
            ..with_settings(
                self.retain_hours,
                self.include_disks,
                self.cluster_resources,
                self.namespaces,
            )
        }
    }
}

/// How a backup is restored: by default into the cluster it was taken of, every namespace
/// of it, with its persistent volumes.
///
/// ```
/// # #[cfg(feature = "spectroclusters")] {
/// use palette_sdk::enums::IncludeClusterResourceMode;
/// use palette_sdk::ext::ClusterRestoreOptions;
///
/// let options = ClusterRestoreOptions::new()
///     .into_cluster("64f0c1d2e3a4b5c6d7e8f901")
///     .namespace("payments")
///     .cluster_resources(IncludeClusterResourceMode::Never)
///     .restore_volumes(false)
///     .preserve_node_ports(true);
/// # }
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClusterRestoreOptions {
    destination: Option<String>,
    namespaces: Vec<String>,
    cluster_resources: Option<IncludeClusterResourceMode>,
    skip_volumes: bool,
    preserve_node_ports: Option<bool>,
}

impl ClusterRestoreOptions {
    /// Into the backed-up cluster itself, every namespace, with volumes.
    pub fn new() -> Self {
        ClusterRestoreOptions::default()
    }

    /// Into the cluster `uid` (of the same project) instead of the backed-up one.
    pub fn into_cluster(mut self, uid: impl Into<String>) -> Self {
        self.destination = Some(uid.into());
        self
    }

    /// Only this namespace of the backup (may be given several times).
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespaces.push(namespace.into());
        self
    }

    /// Whether cluster-scoped resources are restored (default: as Palette decides).
    pub fn cluster_resources(mut self, mode: IncludeClusterResourceMode) -> Self {
        self.cluster_resources = Some(mode);
        self
    }

    /// Whether persistent volumes are restored (default yes).
    pub fn restore_volumes(mut self, restore: bool) -> Self {
        self.skip_volumes = !restore;
        self
    }

    /// Whether services keep the node ports they had (default: as Palette decides).
    pub fn preserve_node_ports(mut self, preserve: bool) -> Self {
        self.preserve_node_ports = Some(preserve);
        self
    }
}

/// One backup of a cluster, as Palette lists it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ClusterBackupRun {
    /// The request uid that identifies the backup (what [`ClusterBackups::restore`] takes).
    pub request_uid: String,
    /// The backup's name.
    pub backup_name: String,
    /// Its state as Palette (and Velero under it) reports it.
    pub state: String,
    /// The state read as a phase.
    pub phase: RunPhase,
    /// The name of the backup location it went to, if Palette says.
    pub location_name: Option<String>,
    /// The uid of the backup location it went to, if Palette says.
    pub location_uid: Option<String>,
    /// The namespaces it holds, as Palette lists them.
    pub namespaces: Vec<String>,
    /// When it was taken, once it was.
    pub backed_up_at: Option<types::Time>,
    /// When Palette deletes it, if it will.
    pub expires_at: Option<types::Time>,
}

/// A restore under way: its request uid, and the cluster it restores into (where Palette
/// lists it). [`ClusterBackups::wait_for_restore`] takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreRun {
    /// The request uid that identifies the restore.
    pub request_uid: String,
    /// The cluster restored into.
    pub cluster_uid: String,
}

impl ClusterBackups {
    /// The cluster whose backups these are.
    pub fn cluster_uid(&self) -> &str {
        &self.cluster_uid
    }

    /// Sets the cluster's backup schedule and settings, creating them or replacing those it
    /// has: reads them, then creates or updates (`clusterFeatureBackupCreate`,
    /// `clusterFeatureBackupUpdate`). The settings' name is the prefix of each scheduled
    /// backup's name.
    pub async fn configure(&self, settings: ClusterBackupSettings) -> Result<(), Error> {
        self.in_a_project("configuring a cluster's backups")?;
        let (uid, name) = self.resolve(&settings.location).await?;
        let body = settings.into_config(uid, name, true);
        if self.config().await?.is_some() {
            return self.update(body).await;
        }
        let created = self
            .client
            .cluster_feature_backup_create()
            .uid(&self.cluster_uid)
            .body(body.clone())
            .send()
            .await;
        match created {
            Ok(_) => Ok(()),
            // Configured meanwhile: replace what is there.
            Err(e) if e.is_conflict() => self.update(body).await,
            Err(e) => Err(e),
        }
    }

    async fn update(&self, body: types::ClusterBackupConfig) -> Result<(), Error> {
        self.client
            .cluster_feature_backup_update()
            .uid(&self.cluster_uid)
            .body(body)
            .send()
            .await
    }

    /// The cluster's backup settings, or `None` while it has none.
    pub async fn config(&self) -> Result<Option<types::ClusterBackupConfig>, Error> {
        self.in_a_project("reading a cluster's backup settings")?;
        Ok(self
            .read(None)
            .await?
            .and_then(|b| b.spec)
            .and_then(|s| s.config))
    }

    /// Removes the cluster's backup schedule (`clusterFeatureBackupScheduleReset`); the
    /// backups taken stay.
    pub async fn remove_schedule(&self) -> Result<(), Error> {
        self.in_a_project("removing a cluster's backup schedule")?;
        self.client
            .cluster_feature_backup_schedule_reset()
            .uid(&self.cluster_uid)
            .send()
            .await
    }

    /// Backs the cluster up now (`clusterFeatureBackupOnDemandCreate`); returns the request
    /// uid that identifies the backup. The settings' schedule, if any, is not sent.
    pub async fn run_now(&self, settings: ClusterBackupSettings) -> Result<String, Error> {
        self.in_a_project("backing up a cluster")?;
        let (uid, name) = self.resolve(&settings.location).await?;
        self.client
            .cluster_feature_backup_on_demand_create()
            .uid(&self.cluster_uid)
            .body(settings.into_config(uid, name, false))
            .send_for_uid()
            .await
    }

    /// Every backup of the cluster, scheduled or run on demand, with its state (none while
    /// the cluster has no backup settings and no backups).
    pub async fn list(&self) -> Result<Vec<ClusterBackupRun>, Error> {
        self.in_a_project("listing a cluster's backups")?;
        let (_, runs) = self.cluster_name_and_runs(None).await?;
        Ok(runs.into_iter().map(read_run).collect())
    }

    /// The backup named exactly `name`, if there is one; an error if several are
    /// ([`Error::AmbiguousName`]).
    pub async fn find_by_name(&self, name: &str) -> Result<Option<ClusterBackupRun>, Error> {
        let found = self
            .list()
            .await?
            .into_iter()
            .filter(|b| b.backup_name == name)
            .map(|b| (b.request_uid.clone(), b));
        lookup::at_most_one_of(NameKind::CLUSTER_BACKUP, name, found)
    }

    /// The backup named exactly `name`: [`find_by_name`](Self::find_by_name), with none an
    /// error ([`Error::NameNotFound`], kind `cluster backup`).
    pub async fn get_by_name(&self, name: &str) -> Result<ClusterBackupRun, Error> {
        lookup::required(
            NameKind::CLUSTER_BACKUP,
            name,
            self.find_by_name(name).await?,
        )
    }

    /// Where one backup stands, or `None` if Palette does not list it.
    pub async fn status(&self, request_uid: &str) -> Result<Option<RunStatus>, Error> {
        self.in_a_project("reading a cluster backup")?;
        let (cluster_name, runs) = self.cluster_name_and_runs(Some(request_uid)).await?;
        Ok(runs
            .into_iter()
            .find(|r| r.backup_request_uid.as_deref() == Some(request_uid))
            .map(|r| {
                let run = read_run(r);
                RunStatus {
                    request_uid: run.request_uid,
                    clusters: vec![ClusterRun {
                        cluster_uid: self.cluster_uid.clone(),
                        cluster_name,
                        backup_name: run.backup_name,
                        state: run.state.clone(),
                    }],
                    phase: run.phase,
                    state: run.state,
                }
            }))
    }

    /// Polls the backup until it completes; fails if it fails, partially fails, or
    /// `options.timeout` passes, naming the last state seen. Velero's
    /// `WaitingForPluginOperations...` and `Finalizing...` states are still running.
    /// `progress` sees every poll.
    pub async fn wait_for_backup(
        &self,
        request_uid: &str,
        options: WaitOptions,
        progress: impl FnMut(&RunStatus),
    ) -> Result<RunStatus, Error> {
        self.in_a_project("waiting for a cluster backup")?;
        wait::until_run_done(
            self.awaited(RunKind::Backup, &self.cluster_uid, request_uid),
            options,
            || self.status(request_uid),
            progress,
        )
        .await
    }

    /// Deletes one backup (`clusterFeatureBackupDelete`), from the cluster's list and its
    /// location.
    pub async fn delete(&self, request_uid: &str) -> Result<(), Error> {
        let backup = self.listed(request_uid).await?;
        self.client
            .cluster_feature_backup_delete()
            .uid(&self.cluster_uid)
            .backup_name(&backup.backup_name)
            .request_uid(request_uid)
            .send()
            .await
    }

    /// Restores the backup `request_uid` into this cluster, every namespace of it, with its
    /// volumes: [`restore_with`](Self::restore_with) and [`ClusterRestoreOptions::new`].
    pub async fn restore(&self, request_uid: &str) -> Result<RestoreRun, Error> {
        self.restore_with(request_uid, ClusterRestoreOptions::new())
            .await
    }

    /// Restores the backup `request_uid` as `options` say, into this cluster or another
    /// (`clusterFeatureRestoreOnDemandCreate`); returns the restore, for
    /// [`wait_for_restore`](Self::wait_for_restore). The backup must have ended
    /// (`Completed`, or `PartiallyFailed` for what it holds).
    pub async fn restore_with(
        &self,
        request_uid: &str,
        options: ClusterRestoreOptions,
    ) -> Result<RestoreRun, Error> {
        let backup = self.listed(request_uid).await?;
        let destination = options
            .destination
            .unwrap_or_else(|| self.cluster_uid.clone());
        let body = types::ClusterRestoreConfig {
            include_namespaces: (!options.namespaces.is_empty()).then_some(options.namespaces),
            include_cluster_resources: options
                .cluster_resources
                .as_ref()
                .map(|mode| *mode != IncludeClusterResourceMode::Never),
            include_cluster_resource_mode: options.cluster_resources,
            restore_p_vs: Some(!options.skip_volumes),
            preserve_node_ports: options.preserve_node_ports,
            ..types::ClusterRestoreConfig::new(
                backup.backup_name,
                request_uid.to_string(),
                destination.clone(),
            )
        };
        let restore_uid = self
            .client
            .cluster_feature_restore_on_demand_create()
            .uid(&self.cluster_uid)
            .body(body)
            .send_for_uid()
            .await?;
        Ok(RestoreRun {
            request_uid: restore_uid,
            cluster_uid: destination,
        })
    }

    /// Where one restore stands, or `None` if Palette does not list it (in the cluster it
    /// restores into, whichever handle asks).
    pub async fn restore_status(&self, restore: &RestoreRun) -> Result<Option<RunStatus>, Error> {
        self.in_a_project("reading a cluster restore")?;
        let reply = self
            .client
            .cluster_feature_restore_get()
            .uid(&restore.cluster_uid)
            .restore_request_uid(&restore.request_uid)
            .send()
            .await?;
        let cluster_name = lookup::name_of(&reply.metadata)
            .unwrap_or_default()
            .to_string();
        let runs = reply
            .status
            .and_then(|s| s.cluster_restore_statuses)
            .unwrap_or_default();
        Ok(runs
            .into_iter()
            .find(|r| r.restore_request_uid.as_deref() == Some(restore.request_uid.as_str()))
            .map(|r| {
                let succeeded = r
                    .restore_status_meta
                    .as_ref()
                    .and_then(|m| m.is_succeeded)
                    .unwrap_or(false);
                // The restore's state; failing that, the flag that says it succeeded.
                let state = match r.state.unwrap_or_default() {
                    state if state.is_empty() && succeeded => "Completed".to_string(),
                    state => state,
                };
                RunStatus {
                    request_uid: restore.request_uid.clone(),
                    phase: RunPhase::of(&state),
                    clusters: vec![ClusterRun {
                        cluster_uid: restore.cluster_uid.clone(),
                        cluster_name,
                        backup_name: r.backup_name.unwrap_or_default(),
                        state: state.clone(),
                    }],
                    state,
                }
            }))
    }

    /// Polls the restore until it completes, like [`wait_for_backup`](Self::wait_for_backup).
    pub async fn wait_for_restore(
        &self,
        restore: &RestoreRun,
        options: WaitOptions,
        progress: impl FnMut(&RunStatus),
    ) -> Result<RunStatus, Error> {
        self.in_a_project("waiting for a cluster restore")?;
        wait::until_run_done(
            self.awaited(RunKind::Restore, &restore.cluster_uid, &restore.request_uid),
            options,
            || self.restore_status(restore),
            progress,
        )
        .await
    }

    // ------------------------------------------------------------ helpers

    /// Fails with [`Error::ProjectScopeRequired`] on a tenant handle.
    fn in_a_project(&self, what: &'static str) -> Result<(), Error> {
        match self.client.scope().project_uid() {
            Some(_) => Ok(()),
            None => Err(Error::ProjectScopeRequired { what }),
        }
    }

    fn awaited(&self, kind: RunKind, cluster_uid: &str, request_uid: &str) -> Awaited {
        Awaited::ClusterRun {
            kind,
            cluster_uid: cluster_uid.to_string(),
            request_uid: request_uid.to_string(),
        }
    }

    /// The location's uid, and its name when it was looked up.
    async fn resolve(&self, location: &Location) -> Result<(String, Option<String>), Error> {
        let locations = self.client.backup_locations();
        let found = match location {
            Location::Uid(uid) => return Ok((uid.clone(), None)),
            Location::Named(name) => locations.get_by_name(name).await?,
            Location::Default => {
                locations
                    .find_default()
                    .await?
                    .ok_or_else(|| Error::NotSupported {
                        what: "backing up to the default backup location",
                        detail: "no backup location of this scope is the default: name one with \
                             ClusterBackupSettings::location or location_uid"
                            .to_string(),
                    })?
            }
        };
        Ok((found.uid, Some(found.name)))
    }

    /// The cluster's backups, or `None` while it has no backup settings and no backups.
    async fn read(&self, request_uid: Option<&str>) -> Result<Option<types::ClusterBackup>, Error> {
        let mut call = self
            .client
            .cluster_feature_backup_get()
            .uid(&self.cluster_uid);
        if let Some(request_uid) = request_uid {
            call = call.backup_request_uid(request_uid);
        }
        match call.send().await {
            Ok(backup) => Ok(Some(backup)),
            Err(e) if e.code() == Some(NOT_CONFIGURED) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The cluster's name as the backup reply gives it, and its backups.
    async fn cluster_name_and_runs(
        &self,
        request_uid: Option<&str>,
    ) -> Result<(String, Vec<types::ClusterBackupStatusMeta>), Error> {
        let Some(backup) = self.read(request_uid).await? else {
            return Ok((String::new(), Vec::new()));
        };
        let name = lookup::name_of(&backup.metadata)
            .unwrap_or_default()
            .to_string();
        let runs = backup
            .status
            .and_then(|s| s.cluster_backup_statuses)
            .unwrap_or_default();
        Ok((name, runs))
    }

    /// The backup `request_uid`, or a [`WaitFailure::NotFound`](wait::WaitFailure::NotFound)
    /// error naming it when Palette does not list it.
    async fn listed(&self, request_uid: &str) -> Result<ClusterBackupRun, Error> {
        self.in_a_project("acting on a cluster backup")?;
        let (_, runs) = self.cluster_name_and_runs(Some(request_uid)).await?;
        runs.into_iter()
            .find(|r| r.backup_request_uid.as_deref() == Some(request_uid))
            .map(read_run)
            .ok_or_else(|| {
                Error::Wait(Box::new(wait::WaitError {
                    awaited: self.awaited(RunKind::Backup, &self.cluster_uid, request_uid),
                    failure: wait::WaitFailure::NotFound,
                    last_state: None,
                    last_error: None,
                }))
            })
    }
}

/// A Go zero time (`0001-01-01T00:00:00Z`, Palette's "not set") is no time.
fn set_time(time: Option<types::Time>) -> Option<types::Time> {
    time.filter(|t| chrono::Datelike::year(&t.0) > 1)
}

/// Reads one backup: its state is its Velero backup's (`backupStatusMeta[].backupState`),
/// or, when Palette reports none there, the request's.
fn read_run(run: types::ClusterBackupStatusMeta) -> ClusterBackupRun {
    let meta = run
        .backup_status_meta
        .unwrap_or_default()
        .into_iter()
        .next()
        .unwrap_or_default();
    let backup_state = meta.backup_state.unwrap_or_default();
    let state = backup_state
        .state
        .filter(|s| !s.is_empty())
        .or(run.state)
        .unwrap_or_default();
    let location = run.backup_location_config.unwrap_or_default();
    ClusterBackupRun {
        request_uid: run.backup_request_uid.unwrap_or_default(),
        backup_name: meta.backup_name.unwrap_or_default(),
        phase: RunPhase::of(&state),
        state,
        location_name: location.name.filter(|n| !n.is_empty()),
        location_uid: location.uid.filter(|u| !u.is_empty()),
        namespaces: meta.backuped_namespaces.unwrap_or_default(),
        backed_up_at: set_time(backup_state.backup_time),
        expires_at: set_time(meta.expiry_date),
    }
}
