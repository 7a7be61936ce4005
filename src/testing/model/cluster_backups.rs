//! The fake's cluster backups and their rules: backup locations per scope, each cluster's backup settings, and backups and restores walking Velero's states on the fake's clock.
#![cfg_attr(not(feature = "spectroclusters"), allow(dead_code))]

use std::collections::BTreeMap;
use std::time::Duration;

use super::uids::Uids;
use crate::testing::refusal::{Refusal, is_dns_label, refuse};
use crate::testing::seed;
use crate::types;

/// How long a cluster backup or restore spends in each state, in the fake's time.
pub(crate) const STEP: Duration = Duration::from_secs(60);

/// A backup location: an S3, MinIO, GCP or Azure bucket of the tenant or of one project.
#[derive(Debug, Clone)]
pub(crate) struct StoredLocation {
    pub(crate) uid: String,
    pub(crate) name: String,
    /// `s3`, `minio`, `gcp` or `azure`.
    pub(crate) kind: &'static str,
    /// `None`: the tenant's, seen from every project too.
    pub(crate) project: Option<String>,
    pub(crate) is_default: bool,
    pub(crate) created: chrono::DateTime<chrono::Utc>,
}

/// One backup of a cluster.
#[derive(Debug, Clone)]
pub(crate) struct StoredBackup {
    pub(crate) request_uid: String,
    pub(crate) cluster_uid: String,
    pub(crate) backup_name: String,
    pub(crate) location: StoredLocation,
    /// The settings it was asked with.
    pub(crate) config: types::ClusterBackupConfig,
    /// Fake time it was asked at.
    started: Duration,
    pub(crate) requested: chrono::DateTime<chrono::Utc>,
}

/// One restore of a backup into a cluster.
#[derive(Debug, Clone)]
pub(crate) struct StoredRestore {
    pub(crate) request_uid: String,
    pub(crate) backup_request_uid: String,
    pub(crate) backup_name: String,
    /// The cluster the backup was taken of.
    pub(crate) source_uid: String,
    /// The cluster restored into.
    pub(crate) destination_uid: String,
    /// Whether it ends as its backup did, partially failed.
    partial: bool,
    started: Duration,
    pub(crate) requested: chrono::DateTime<chrono::Utc>,
}

/// The states a backup or restore walks, one per [`STEP`]; it stays in the last.
fn path(partial: bool, failing: bool) -> &'static [&'static str] {
    if partial {
        &[
            "New",
            "InProgress",
            "WaitingForPluginOperationsPartiallyFailed",
            "FinalizingPartiallyFailed",
            "PartiallyFailed",
        ]
    } else if failing {
        &["New", "InProgress", "Failed"]
    } else {
        &[
            "New",
            "InProgress",
            "WaitingForPluginOperations",
            "Finalizing",
            "Completed",
        ]
    }
}

/// Where a run that started at `started` stands at `now`, and whether it has ended.
fn walk(path: &'static [&'static str], started: Duration, now: Duration) -> (&'static str, bool) {
    let steps = now.saturating_sub(started).as_secs() / STEP.as_secs();
    let at = usize::try_from(steps)
        .unwrap_or(usize::MAX)
        .min(path.len() - 1);
    (path[at], at == path.len() - 1)
}

/// Whether a backup name asks for a partial failure (`partial`) or a failure (`fail`).
fn outcome(name: &str) -> (bool, bool) {
    let name = name.to_ascii_lowercase();
    let partial = name.contains("partial");
    (partial, !partial && name.contains("fail"))
}

impl StoredBackup {
    /// Its state at fake time `now`, and whether it has ended.
    pub(crate) fn state(&self, now: Duration) -> (&'static str, bool) {
        let (partial, failing) = outcome(&self.backup_name);
        walk(path(partial, failing), self.started, now)
    }

    /// When it ended, if it has by `now`.
    pub(crate) fn ended_at(&self, now: Duration) -> Option<chrono::DateTime<chrono::Utc>> {
        let (partial, failing) = outcome(&self.backup_name);
        let steps = path(partial, failing).len() - 1;
        let (_, ended) = self.state(now);
        let took = chrono::Duration::from_std(STEP * u32::try_from(steps).unwrap_or(0)).ok()?;
        ended.then(|| self.requested + took)
    }
}

impl StoredRestore {
    /// Its state at fake time `now`, and whether it has ended.
    pub(crate) fn state(&self, now: Duration) -> (&'static str, bool) {
        walk(path(self.partial, false), self.started, now)
    }
}

/// Backup locations, and the backup settings, backups and restores of every cluster.
#[derive(Debug)]
pub(crate) struct ClusterBackups {
    pub(crate) locations: Vec<StoredLocation>,
    /// Backup settings by cluster uid.
    pub(crate) configs: BTreeMap<String, types::ClusterBackupConfig>,
    pub(crate) backups: Vec<StoredBackup>,
    pub(crate) restores: Vec<StoredRestore>,
}

impl ClusterBackups {
    /// The tenant's default S3 location ([`seed::BACKUP_LOCATION`]), nothing else.
    pub(crate) fn seeded() -> Self {
        let (uid, name) = seed::BACKUP_LOCATION;
        ClusterBackups {
            locations: vec![StoredLocation {
                uid: uid.to_string(),
                name: name.to_string(),
                kind: "s3",
                project: None,
                is_default: true,
                created: chrono::Utc::now(),
            }],
            configs: BTreeMap::new(),
            backups: Vec::new(),
            restores: Vec::new(),
        }
    }

    /// The locations `project` sees: the tenant's, and from a project its own too.
    pub(crate) fn visible(&self, project: Option<&str>) -> Vec<&StoredLocation> {
        self.locations
            .iter()
            .filter(|l| l.project.is_none() || l.project.as_deref() == project)
            .collect()
    }

    /// Adds a location to the scope `project`. Names are unique in a scope (409
    /// `BackupLocationAlreadyExists`); a new default takes the place of the scope's old one.
    #[cfg_attr(not(feature = "users"), allow(dead_code))]
    pub(crate) fn add_location(
        &mut self,
        project: Option<&str>,
        location: StoredLocation,
    ) -> Result<String, Refusal> {
        if location.name.trim().is_empty() {
            return Err(refuse(
                400,
                "InvalidBackupLocation",
                "the backup location needs a name (metadata.name)",
            ));
        }
        let taken = self
            .locations
            .iter()
            .any(|l| l.project.as_deref() == project && l.name == location.name);
        if taken {
            return Err(refuse(
                409,
                "BackupLocationAlreadyExists",
                format!("a backup location named '{}' already exists", location.name),
            ));
        }
        if location.is_default {
            for other in &mut self.locations {
                if other.project.as_deref() == project {
                    other.is_default = false;
                }
            }
        }
        let uid = location.uid.clone();
        self.locations.push(StoredLocation {
            project: project.map(str::to_string),
            ..location
        });
        Ok(uid)
    }
}

fn invalid_config(message: impl Into<String>) -> Refusal {
    refuse(400, "InvalidBackupConfig", message)
}

/// The operations' rules. Each takes a cluster the caller has found in the scope (the
/// clusters area knows which), and the fake's clock where runs need it.
impl ClusterBackups {
    /// The location a backup body names by uid, if `project` sees it.
    fn backup_location(
        &self,
        project: Option<&str>,
        config: &types::ClusterBackupConfig,
    ) -> Result<StoredLocation, Refusal> {
        let uid = config.backup_location_uid.as_deref().unwrap_or_default();
        if uid.is_empty() {
            return Err(invalid_config("backupLocationUid is required"));
        }
        self.visible(project)
            .into_iter()
            .find(|l| l.uid == uid)
            .cloned()
            .ok_or_else(|| {
                refuse(
                    404,
                    "BackupLocationNotFound",
                    format!("backup location '{uid}' not found"),
                )
            })
    }

    /// Checks backup settings for a schedule: a location of the scope, and a name for the
    /// backups (`backupPrefix`, or `backupName`) that can name a Kubernetes object.
    fn check_schedule(
        &self,
        project: Option<&str>,
        config: &types::ClusterBackupConfig,
    ) -> Result<(), Refusal> {
        self.backup_location(project, config)?;
        let prefix = config
            .backup_prefix
            .as_deref()
            .or(config.backup_name.as_deref())
            .unwrap_or_default();
        if !is_dns_label(prefix) {
            return Err(invalid_config(format!(
                "backupPrefix '{prefix}' must be 1 to 63 lowercase letters, digits or '-', \
                 starting and ending with a letter or digit"
            )));
        }
        Ok(())
    }

    /// Creates a cluster's backup settings (409 `BackupConfigAlreadyExists` if it has some).
    pub(crate) fn configure(
        &mut self,
        project: Option<&str>,
        cluster_uid: &str,
        config: types::ClusterBackupConfig,
    ) -> Result<(), Refusal> {
        if self.configs.contains_key(cluster_uid) {
            return Err(refuse(
                409,
                "BackupConfigAlreadyExists",
                "the cluster's backups are configured; update them",
            ));
        }
        self.check_schedule(project, &config)?;
        self.configs.insert(cluster_uid.to_string(), config);
        Ok(())
    }

    /// Replaces a cluster's backup settings (404 `BackupNotConfigured` if it has none).
    pub(crate) fn reconfigure(
        &mut self,
        project: Option<&str>,
        cluster_uid: &str,
        config: types::ClusterBackupConfig,
    ) -> Result<(), Refusal> {
        if !self.configs.contains_key(cluster_uid) {
            return Err(not_configured());
        }
        self.check_schedule(project, &config)?;
        self.configs.insert(cluster_uid.to_string(), config);
        Ok(())
    }

    /// Removes a cluster's backup settings; its backups stay.
    pub(crate) fn reset(&mut self, cluster_uid: &str) -> Result<(), Refusal> {
        self.configs
            .remove(cluster_uid)
            .map(drop)
            .ok_or_else(not_configured)
    }

    /// Starts a backup of a cluster at fake time `now`: a name that can name a Kubernetes
    /// object and that no backup of the cluster has (409 `BackupAlreadyExists`), to a
    /// location of the scope.
    pub(crate) fn start_backup(
        &mut self,
        uids: &mut Uids,
        now: Duration,
        project: Option<&str>,
        cluster_uid: &str,
        config: types::ClusterBackupConfig,
    ) -> Result<String, Refusal> {
        let name = config.backup_name.clone().unwrap_or_default();
        if name.is_empty() {
            return Err(invalid_config("backupName is required"));
        }
        if !is_dns_label(&name) {
            return Err(invalid_config(format!(
                "backupName '{name}' must be 1 to 63 lowercase letters, digits or '-', \
                 starting and ending with a letter or digit"
            )));
        }
        let location = self.backup_location(project, &config)?;
        let taken = self
            .backups
            .iter()
            .any(|b| b.cluster_uid == cluster_uid && b.backup_name == name);
        if taken {
            return Err(refuse(
                409,
                "BackupAlreadyExists",
                format!("the cluster already has a backup named '{name}'"),
            ));
        }
        let request_uid = uids.next();
        self.backups.push(StoredBackup {
            request_uid: request_uid.clone(),
            cluster_uid: cluster_uid.to_string(),
            backup_name: name,
            location,
            config,
            started: now,
            requested: chrono::Utc::now(),
        });
        Ok(request_uid)
    }

    /// The backup settings and backups (only the one asked for, when asked) of the cluster
    /// `cluster_uid`, named `cluster_name`, at fake time `now`; 404 `BackupNotConfigured`
    /// while it has neither.
    pub(crate) fn backups_of(
        &self,
        cluster_uid: &str,
        cluster_name: String,
        request_uid: Option<&str>,
        now: Duration,
    ) -> Result<ClusterBackupsView, Refusal> {
        let config = self.configs.get(cluster_uid).cloned();
        let backups: Vec<StoredBackup> = self
            .backups
            .iter()
            .filter(|b| b.cluster_uid == cluster_uid)
            .cloned()
            .collect();
        if config.is_none() && backups.is_empty() {
            return Err(not_configured());
        }
        let backups = backups
            .into_iter()
            .filter(|b| request_uid.is_none_or(|r| r == b.request_uid))
            .collect();
        Ok(ClusterBackupsView {
            cluster_name,
            config,
            backups,
            now,
        })
    }

    /// Deletes one backup of a cluster, named by its name and request uid.
    pub(crate) fn delete_backup(
        &mut self,
        cluster_uid: &str,
        backup_name: &str,
        request_uid: &str,
    ) -> Result<(), Refusal> {
        let before = self.backups.len();
        self.backups.retain(|b| {
            !(b.cluster_uid == cluster_uid
                && b.backup_name == backup_name
                && b.request_uid == request_uid)
        });
        if self.backups.len() == before {
            return Err(backup_not_found(backup_name, request_uid));
        }
        Ok(())
    }

    /// Starts restoring, at fake time `now`, a backup of `source_uid` into the cluster the
    /// body names: the backup must be there (by request uid and name) and have ended
    /// `Completed` or `PartiallyFailed` (409 `BackupNotCompleted` otherwise), and
    /// `check_destination` accept the destination (a cluster of the scope).
    #[cfg(feature = "spectroclusters")]
    pub(crate) fn start_restore(
        &mut self,
        uids: &mut Uids,
        now: Duration,
        source_uid: &str,
        request: types::ClusterRestoreConfig,
        check_destination: impl FnOnce(&str) -> Result<(), Refusal>,
    ) -> Result<String, Refusal> {
        for (field, value) in [
            ("backupName", &request.backup_name),
            ("backupRequestUid", &request.backup_request_uid),
            ("destinationClusterUid", &request.destination_cluster_uid),
        ] {
            if value.is_empty() {
                return Err(refuse(
                    400,
                    "InvalidRestoreConfig",
                    format!("{field} is required"),
                ));
            }
        }
        let backup = self
            .backups
            .iter()
            .find(|b| {
                b.cluster_uid == source_uid
                    && b.request_uid == request.backup_request_uid
                    && b.backup_name == request.backup_name
            })
            .cloned()
            .ok_or_else(|| backup_not_found(&request.backup_name, &request.backup_request_uid))?;
        let (state, _) = backup.state(now);
        if state != "Completed" && state != "PartiallyFailed" {
            return Err(refuse(
                409,
                "BackupNotCompleted",
                format!(
                    "backup '{}' is {state}; only a Completed or PartiallyFailed backup can be \
                     restored",
                    backup.backup_name
                ),
            ));
        }
        check_destination(&request.destination_cluster_uid)?;
        let request_uid = uids.next();
        self.restores.push(StoredRestore {
            request_uid: request_uid.clone(),
            backup_request_uid: backup.request_uid,
            backup_name: backup.backup_name,
            source_uid: source_uid.to_string(),
            destination_uid: request.destination_cluster_uid,
            partial: state == "PartiallyFailed",
            started: now,
            requested: chrono::Utc::now(),
        });
        Ok(request_uid)
    }

    /// The restores into the cluster `cluster_uid`, named `cluster_name` (only the one asked
    /// for, when asked), at fake time `now`, each with its source cluster's name as
    /// `source_name` gives it.
    pub(crate) fn restores_of(
        &self,
        cluster_uid: &str,
        cluster_name: String,
        request_uid: Option<&str>,
        now: Duration,
        source_name: impl Fn(&str) -> String,
    ) -> ClusterRestoresView {
        let restores = self
            .restores
            .iter()
            .filter(|restore| {
                restore.destination_uid == cluster_uid
                    && request_uid.is_none_or(|r| r == restore.request_uid)
            })
            .map(|restore| (restore.clone(), source_name(&restore.source_uid)))
            .collect();
        ClusterRestoresView {
            cluster_name,
            restores,
            now,
        }
    }
}

/// What a read of a cluster's backups shows.
pub(crate) struct ClusterBackupsView {
    pub(crate) cluster_name: String,
    pub(crate) config: Option<types::ClusterBackupConfig>,
    pub(crate) backups: Vec<StoredBackup>,
    pub(crate) now: Duration,
}

/// What a read of the restores into a cluster shows: each with its source cluster's name.
pub(crate) struct ClusterRestoresView {
    pub(crate) cluster_name: String,
    pub(crate) restores: Vec<(StoredRestore, String)>,
    pub(crate) now: Duration,
}

fn not_configured() -> Refusal {
    refuse(
        404,
        "BackupNotConfigured",
        "the cluster has no backup settings and no backups",
    )
}

fn backup_not_found(name: &str, request_uid: &str) -> Refusal {
    refuse(
        404,
        "BackupNotFound",
        format!("backup '{name}' of request '{request_uid}' not found"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backup(name: &str) -> StoredBackup {
        StoredBackup {
            request_uid: "r".into(),
            cluster_uid: "c".into(),
            backup_name: name.into(),
            location: ClusterBackups::seeded().locations[0].clone(),
            config: types::ClusterBackupConfig::default(),
            started: Duration::ZERO,
            requested: chrono::Utc::now(),
        }
    }

    fn states(backup: &StoredBackup) -> Vec<&'static str> {
        (0..7u32).map(|n| backup.state(STEP * n).0).collect()
    }

    #[test]
    fn a_backup_walks_veleros_states_one_step_at_a_time() {
        assert_eq!(
            states(&backup("nightly")),
            [
                "New",
                "InProgress",
                "WaitingForPluginOperations",
                "Finalizing",
                "Completed",
                "Completed",
                "Completed"
            ]
        );
        assert_eq!(
            states(&backup("partial-1"))[2..5],
            [
                "WaitingForPluginOperationsPartiallyFailed",
                "FinalizingPartiallyFailed",
                "PartiallyFailed"
            ]
        );
        assert_eq!(states(&backup("will-fail"))[2..4], ["Failed", "Failed"]);
        assert!(backup("nightly").ended_at(STEP * 3).is_none());
        assert!(backup("nightly").ended_at(STEP * 4).is_some());
    }

    #[test]
    fn a_project_sees_the_tenants_locations_and_its_own_and_names_are_unique_per_scope() {
        let mut all = ClusterBackups::seeded();
        let tenant = all.locations[0].clone();
        let mine = StoredLocation {
            uid: "l2".into(),
            is_default: true,
            ..tenant.clone()
        };
        all.add_location(Some("p1"), mine.clone()).unwrap();
        assert_eq!(all.visible(None).len(), 1);
        assert_eq!(all.visible(Some("p1")).len(), 2);
        assert_eq!(all.visible(Some("p2")).len(), 1);
        let again = StoredLocation {
            uid: "l3".into(),
            ..mine
        };
        assert_eq!(all.add_location(Some("p1"), again).unwrap_err().status, 409);
        assert!(
            all.visible(None)[0].is_default,
            "a project's default leaves the tenant's alone"
        );
    }
}
