//! Cluster backups and restores against the fake Palette: a schedule, backups on demand through Velero's states, restores here and into another cluster, backup locations by name, and scope.
#![cfg(all(feature = "testing", feature = "spectroclusters"))]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{fake_with, hourly, in_project};
use palette_sdk::enums::IncludeClusterResourceMode;
use palette_sdk::ext::{BackupLocationKind, ClusterBackupSettings, ClusterRestoreOptions};
use palette_sdk::testing::{FakePalette, seed};
use palette_sdk::wait::{Awaited, RunKind, RunPhase, RunStatus, WaitFailure, WaitOptions};
use palette_sdk::{Client, Error, NameKind};

// ---------------------------------------------------------------- helpers

const EAST: &str = seed::CLUSTERS[0].0;
const WEST: &str = seed::CLUSTERS[1].0;
/// A cluster of the Staging project.
const STAGING: &str = seed::CLUSTERS[2].0;
const DEFAULT_LOCATION: (&str, &str) = seed::BACKUP_LOCATION;

/// A fake whose clusters and runs move only when the test moves its clock.
async fn fake() -> FakePalette {
    fake_with(hourly()).await
}

async fn default_project(fake: &FakePalette) -> Client {
    in_project(fake, "Default").await
}

/// Quick polls, and a bound no test reaches unless the wait is broken.
fn quick() -> WaitOptions {
    WaitOptions::default()
        .interval(Duration::from_millis(5))
        .timeout(Duration::from_secs(20))
}

/// A progress callback that records each state and moves the fake's clock one step of a run
/// at every observation, so that a run takes one state a poll.
fn stepping<'a>(
    fake: &'a FakePalette,
    seen: &Arc<Mutex<Vec<String>>>,
) -> impl FnMut(&RunStatus) + 'a {
    let seen = Arc::clone(seen);
    move |status: &RunStatus| {
        seen.lock().unwrap().push(status.state.clone());
        fake.advance(FakePalette::CLUSTER_RUN_STEP);
    }
}

fn states(seen: &Arc<Mutex<Vec<String>>>) -> Vec<String> {
    seen.lock().unwrap().clone()
}

/// Backs `cluster` up now as `name` and moves the clock until the backup has ended.
async fn ended_backup(fake: &FakePalette, client: &Client, cluster: &str, name: &str) -> String {
    let run = client
        .clusters()
        .backups(cluster)
        .run_now(ClusterBackupSettings::new(name))
        .await
        .unwrap();
    fake.advance(FakePalette::CLUSTER_RUN_STEP * 4);
    run
}

const VELERO_TO_COMPLETED: [&str; 5] = [
    "New",
    "InProgress",
    "WaitingForPluginOperations",
    "Finalizing",
    "Completed",
];

// ---------------------------------------------------------------- backups

#[tokio::test]
async fn a_backup_now_walks_veleros_states_to_completed_and_is_listed_with_its_location() {
    let fake = fake().await;
    let project = default_project(&fake).await;
    let backups = project.clusters().backups(EAST);

    // No location named: the scope's default one.
    let run = backups
        .run_now(ClusterBackupSettings::new("before-upgrade").retain_hours(48))
        .await
        .unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let done = backups
        .wait_for_backup(&run, quick(), stepping(&fake, &seen))
        .await
        .unwrap();
    assert_eq!(states(&seen), VELERO_TO_COMPLETED);
    assert_eq!(done.phase, RunPhase::Completed);
    assert_eq!(done.request_uid, run);
    assert_eq!(done.clusters.len(), 1);
    assert_eq!(done.clusters[0].cluster_uid, EAST);
    assert_eq!(done.clusters[0].cluster_name, seed::CLUSTERS[0].1);
    assert_eq!(done.clusters[0].backup_name, "before-upgrade");

    let listed = backups.list().await.unwrap();
    assert_eq!(listed.len(), 1);
    let backup = &listed[0];
    assert_eq!(backup.request_uid, run);
    assert_eq!(backup.backup_name, "before-upgrade");
    assert_eq!(backup.phase, RunPhase::Completed);
    assert_eq!(backup.location_uid.as_deref(), Some(DEFAULT_LOCATION.0));
    assert_eq!(backup.location_name.as_deref(), Some(DEFAULT_LOCATION.1));
    assert!(
        backup.backed_up_at.is_some(),
        "a completed backup has a time"
    );
    // Kept 48 hours from when it was asked for, so a little less from when it was taken.
    let kept = backup.expires_at.as_ref().unwrap().0 - backup.backed_up_at.as_ref().unwrap().0;
    assert!(
        kept < chrono::Duration::hours(48) && kept > chrono::Duration::hours(47),
        "{kept}"
    );
}

#[tokio::test]
async fn veleros_partially_failed_states_are_still_running_and_the_end_state_fails_the_wait() {
    let fake = fake().await;
    let project = default_project(&fake).await;
    let backups = project.clusters().backups(EAST);

    let partial = backups
        .run_now(ClusterBackupSettings::new("partial-nightly"))
        .await
        .unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let err = backups
        .wait_for_backup(&partial, quick(), stepping(&fake, &seen))
        .await
        .unwrap_err();
    assert_eq!(
        states(&seen),
        [
            "New",
            "InProgress",
            "WaitingForPluginOperationsPartiallyFailed",
            "FinalizingPartiallyFailed",
            "PartiallyFailed"
        ]
    );
    let Error::Wait(wait) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(wait.failure, WaitFailure::PartiallyFailed);
    assert_eq!(
        wait.awaited,
        Awaited::ClusterRun {
            kind: RunKind::Backup,
            cluster_uid: EAST.into(),
            request_uid: partial.clone(),
        }
    );
    assert_eq!(
        err.to_string(),
        format!(
            "backup {partial} of cluster {EAST} partially failed (last state: PartiallyFailed)"
        )
    );

    let failing = backups
        .run_now(ClusterBackupSettings::new("will-fail"))
        .await
        .unwrap();
    let err = backups
        .wait_for_backup(&failing, quick(), |_| {
            fake.advance(FakePalette::CLUSTER_RUN_STEP)
        })
        .await
        .unwrap_err();
    let Error::Wait(wait) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(wait.failure, WaitFailure::Failed);
    assert_eq!(wait.last_state.as_deref(), Some("Failed"));
}

#[tokio::test]
async fn a_wait_that_runs_out_of_time_names_the_backup_and_its_last_state() {
    let fake = fake().await;
    let project = default_project(&fake).await;
    let backups = project.clusters().backups(EAST);
    let run = backups
        .run_now(ClusterBackupSettings::new("slow"))
        .await
        .unwrap();
    let short = WaitOptions::default()
        .interval(Duration::from_millis(5))
        .timeout(Duration::from_millis(50));
    let err = backups
        .wait_for_backup(&run, short, |_| {})
        .await
        .unwrap_err();
    let Error::Wait(wait) = &err else {
        panic!("{err:?}")
    };
    assert!(matches!(wait.failure, WaitFailure::TimedOut(_)), "{err}");
    assert_eq!(
        wait.last_state.as_deref(),
        Some("New"),
        "the clock never moved"
    );
    assert!(
        err.to_string().starts_with(&format!(
            "backup {run} of cluster {EAST} did not finish within"
        )),
        "{err}"
    );
}

#[tokio::test]
async fn a_schedule_is_created_then_replaced_then_removed_and_the_backups_stay() {
    let fake = fake().await;
    let project = default_project(&fake).await;
    let backups = project.clusters().backups(EAST);

    // A cluster with no settings and no backups: Palette says BackupNotConfigured.
    assert_eq!(backups.config().await.unwrap(), None);
    assert!(backups.list().await.unwrap().is_empty());

    let nightly = ClusterBackupSettings::new("nightly")
        .location(DEFAULT_LOCATION.1)
        .retain_hours(720)
        .namespace("payments")
        .cluster_resources(IncludeClusterResourceMode::Always)
        .include_disks(false);
    backups
        .configure(nightly.clone().schedule("0 2 * * *"))
        .await
        .unwrap();
    let config = backups.config().await.unwrap().expect("configured");
    assert_eq!(
        config.schedule.unwrap().scheduled_run_time.as_deref(),
        Some("0 2 * * *")
    );
    assert_eq!(config.backup_prefix.as_deref(), Some("nightly"));
    assert_eq!(
        config.backup_location_uid.as_deref(),
        Some(DEFAULT_LOCATION.0)
    );
    assert_eq!(
        config.backup_location_name.as_deref(),
        Some(DEFAULT_LOCATION.1)
    );
    assert_eq!(config.duration_in_hours, Some(720));
    assert_eq!(config.namespaces, Some(vec!["payments".to_string()]));
    assert_eq!(config.include_all_disks, Some(false));
    assert_eq!(config.include_cluster_resources, Some(true));
    assert_eq!(
        config.include_cluster_resource_mode,
        Some(IncludeClusterResourceMode::Always)
    );

    // Configuring again replaces the settings.
    backups
        .configure(nightly.schedule("0 3 * * *"))
        .await
        .unwrap();
    let config = backups.config().await.unwrap().expect("still configured");
    assert_eq!(
        config.schedule.unwrap().scheduled_run_time.as_deref(),
        Some("0 3 * * *")
    );

    let run = backups
        .run_now(ClusterBackupSettings::new("adhoc"))
        .await
        .unwrap();
    backups.remove_schedule().await.unwrap();
    assert_eq!(backups.config().await.unwrap(), None);
    let listed = backups.list().await.unwrap();
    assert_eq!(listed.len(), 1, "removing the schedule keeps the backups");
    assert_eq!(listed[0].request_uid, run);
    let again = backups.remove_schedule().await.unwrap_err();
    assert!(again.is_not_found(), "{again}");
    assert_eq!(again.code(), Some("BackupNotConfigured"));
}

#[tokio::test]
async fn a_backup_needs_a_kubernetes_name_that_no_backup_of_the_cluster_has() {
    let fake = fake().await;
    let project = default_project(&fake).await;
    let east = project.clusters().backups(EAST);
    east.run_now(ClusterBackupSettings::new("nightly"))
        .await
        .unwrap();
    let twice = east
        .run_now(ClusterBackupSettings::new("nightly"))
        .await
        .unwrap_err();
    assert!(twice.is_conflict(), "{twice}");
    assert_eq!(twice.code(), Some("BackupAlreadyExists"));
    let bad = east
        .run_now(ClusterBackupSettings::new("Nightly_1"))
        .await
        .unwrap_err();
    assert_eq!(bad.status().map(|s| s.as_u16()), Some(400), "{bad}");
    // Another cluster may have a backup of that name.
    project
        .clusters()
        .backups(WEST)
        .run_now(ClusterBackupSettings::new("nightly"))
        .await
        .unwrap();
}

#[tokio::test]
async fn backups_are_found_by_name_and_deleted() {
    let fake = fake().await;
    let project = default_project(&fake).await;
    let backups = project.clusters().backups(EAST);
    let first = backups
        .run_now(ClusterBackupSettings::new("first"))
        .await
        .unwrap();
    let second = backups
        .run_now(ClusterBackupSettings::new("second"))
        .await
        .unwrap();

    let found = backups.find_by_name("first").await.unwrap().expect("found");
    assert_eq!(found.request_uid, first);
    assert_eq!(backups.find_by_name("third").await.unwrap(), None);
    let missing = backups.get_by_name("third").await.unwrap_err();
    assert!(
        matches!(&missing, Error::NameNotFound { kind, name } if *kind == NameKind::CLUSTER_BACKUP && name == "third"),
        "{missing:?}"
    );

    backups.delete(&first).await.unwrap();
    let left: Vec<String> = backups
        .list()
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.request_uid)
        .collect();
    assert_eq!(left, [second]);
    let gone = backups.delete(&first).await.unwrap_err();
    let Error::Wait(wait) = &gone else {
        panic!("{gone:?}")
    };
    assert_eq!(wait.failure, WaitFailure::NotFound, "{gone}");
}

// ---------------------------------------------------------------- restores

#[tokio::test]
async fn a_backup_is_restored_in_place_and_into_another_cluster() {
    let fake = fake().await;
    let project = default_project(&fake).await;
    let backups = project.clusters().backups(EAST);
    let run = ended_backup(&fake, &project, EAST, "before-upgrade").await;

    let in_place = backups.restore(&run).await.unwrap();
    assert_eq!(in_place.cluster_uid, EAST);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let restored = backups
        .wait_for_restore(&in_place, quick(), stepping(&fake, &seen))
        .await
        .unwrap();
    assert_eq!(states(&seen), VELERO_TO_COMPLETED);
    assert_eq!(restored.phase, RunPhase::Completed);
    assert_eq!(restored.clusters[0].backup_name, "before-upgrade");

    // Into the other cluster of the project: Palette lists the restore there.
    let elsewhere = backups
        .restore_with(
            &run,
            ClusterRestoreOptions::new()
                .into_cluster(WEST)
                .namespace("payments")
                .restore_volumes(false)
                .preserve_node_ports(true),
        )
        .await
        .unwrap();
    assert_eq!(elsewhere.cluster_uid, WEST);
    let restored = backups
        .wait_for_restore(&elsewhere, quick(), |_| {
            fake.advance(FakePalette::CLUSTER_RUN_STEP)
        })
        .await
        .unwrap();
    assert_eq!(restored.phase, RunPhase::Completed);
    assert_eq!(restored.clusters[0].cluster_uid, WEST);
    assert_eq!(restored.clusters[0].cluster_name, seed::CLUSTERS[1].1);
}

#[tokio::test]
async fn only_an_ended_backup_is_restored_and_a_partial_one_restores_partially() {
    let fake = fake().await;
    let project = default_project(&fake).await;
    let backups = project.clusters().backups(EAST);

    let running = backups
        .run_now(ClusterBackupSettings::new("still-running"))
        .await
        .unwrap();
    let refused = backups.restore(&running).await.unwrap_err();
    assert!(refused.is_conflict(), "{refused}");
    assert_eq!(refused.code(), Some("BackupNotCompleted"));

    let failed = ended_backup(&fake, &project, EAST, "will-fail").await;
    let refused = backups.restore(&failed).await.unwrap_err();
    assert!(
        refused.is_conflict(),
        "a failed backup is not restored: {refused}"
    );

    let partial = ended_backup(&fake, &project, EAST, "partial-run").await;
    let restore = backups.restore(&partial).await.unwrap();
    let err = backups
        .wait_for_restore(&restore, quick(), |_| {
            fake.advance(FakePalette::CLUSTER_RUN_STEP)
        })
        .await
        .unwrap_err();
    let Error::Wait(wait) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(wait.failure, WaitFailure::PartiallyFailed);
    assert_eq!(
        err.to_string(),
        format!(
            "restore {} into cluster {EAST} partially failed (last state: PartiallyFailed)",
            restore.request_uid
        )
    );

    let unknown = backups.restore("no-such-request").await.unwrap_err();
    let Error::Wait(wait) = &unknown else {
        panic!("{unknown:?}")
    };
    assert_eq!(wait.failure, WaitFailure::NotFound);
}

#[tokio::test]
async fn a_restore_into_a_cluster_of_another_project_is_not_found() {
    let fake = fake().await;
    let project = default_project(&fake).await;
    let run = ended_backup(&fake, &project, EAST, "nightly").await;
    let err = project
        .clusters()
        .backups(EAST)
        .restore_with(&run, ClusterRestoreOptions::new().into_cluster(STAGING))
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");
}

// ---------------------------------------------------------------- locations and scope

#[tokio::test]
async fn the_tenants_default_location_is_listed_with_its_kind_and_found_by_name() {
    let fake = fake().await;
    for client in [fake.client().unwrap(), default_project(&fake).await] {
        let locations = client.backup_locations();
        let all = locations.list().await.unwrap();
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].uid, DEFAULT_LOCATION.0);
        assert_eq!(all[0].kind, Some(BackupLocationKind::S3));
        assert!(all[0].is_default);
        let found = locations.get_by_name(DEFAULT_LOCATION.1).await.unwrap();
        assert_eq!(found.uid, DEFAULT_LOCATION.0);
        let default = locations.find_default().await.unwrap().expect("a default");
        assert_eq!(default.uid, DEFAULT_LOCATION.0);
        assert_eq!(locations.find_by_name("nowhere").await.unwrap(), None);
        let err = locations.get_by_name("nowhere").await.unwrap_err();
        assert!(
            matches!(&err, Error::NameNotFound { kind, .. } if *kind == NameKind::BACKUP_LOCATION),
            "{err:?}"
        );
        assert_eq!(err.to_string(), r#"no backup location is named "nowhere""#);
    }
}

#[tokio::test]
async fn a_backup_to_a_location_that_is_not_there_is_refused() {
    let fake = fake().await;
    let project = default_project(&fake).await;
    let backups = project.clusters().backups(EAST);
    let by_name = backups
        .run_now(ClusterBackupSettings::new("nightly").location("nowhere"))
        .await
        .unwrap_err();
    assert!(
        matches!(&by_name, Error::NameNotFound { kind, .. } if *kind == NameKind::BACKUP_LOCATION),
        "{by_name:?}"
    );
    let by_uid = backups
        .run_now(ClusterBackupSettings::new("nightly").location_uid("6560000000000000000dead0"))
        .await
        .unwrap_err();
    assert!(by_uid.is_not_found(), "{by_uid}");
    assert_eq!(by_uid.code(), Some("BackupLocationNotFound"));
    assert!(
        backups.list().await.unwrap().is_empty(),
        "nothing was backed up"
    );
}

#[tokio::test]
async fn a_cluster_the_project_does_not_have_is_not_found_rather_than_without_backups() {
    let fake = fake().await;
    let project = default_project(&fake).await;
    for uid in [STAGING, "6560000000000000000dead1"] {
        let err = project.clusters().backups(uid).list().await.unwrap_err();
        assert!(err.is_not_found(), "{err}");
        assert_eq!(err.code(), Some("ResourceNotFound"), "{err}");
    }
}

#[tokio::test]
async fn on_a_tenant_handle_every_cluster_backup_workflow_fails_before_sending() {
    let fake = fake().await;
    let tenant = fake.client().unwrap();
    let backups = tenant.clusters().backups(EAST);
    // A refusal waiting for the next read of backups and of locations: a workflow that sent
    // anything would meet it.
    fake.fail_call("clusterFeatureBackupGet", 1, 400);
    fake.fail_call("usersAssetsLocationGet", 1, 400);
    let scope = |e: Error| assert!(e.is_project_scope_required(), "{e:?}");
    scope(backups.list().await.unwrap_err());
    scope(backups.config().await.unwrap_err());
    scope(
        backups
            .configure(ClusterBackupSettings::new("nightly").schedule("0 2 * * *"))
            .await
            .unwrap_err(),
    );
    scope(
        backups
            .run_now(ClusterBackupSettings::new("nightly"))
            .await
            .unwrap_err(),
    );
    scope(backups.find_by_name("nightly").await.unwrap_err());
    scope(backups.restore("r").await.unwrap_err());
    scope(backups.delete("r").await.unwrap_err());
    scope(backups.remove_schedule().await.unwrap_err());
    scope(
        backups
            .wait_for_backup("r", quick(), |_| {})
            .await
            .unwrap_err(),
    );

    let project = default_project(&fake).await;
    let first_read = project.clusters().backups(EAST).list().await.unwrap_err();
    assert_eq!(first_read.status().map(|s| s.as_u16()), Some(400));
    let first_list = project.backup_locations().list().await.unwrap_err();
    assert_eq!(first_list.status().map(|s| s.as_u16()), Some(400));
}

#[cfg(feature = "users")]
mod locations_of_a_project {
    use super::*;
    use palette_sdk::prelude::*;
    use palette_sdk::types;

    async fn add(client: &Client, kind: &str, name: &str, default: bool) -> Result<String, Error> {
        let meta = Some(types::ObjectMetaInputEntity {
            name: Some(name.into()),
            ..Default::default()
        });
        let created = match kind {
            "s3" | "minio" => {
                let body = types::UserAssetsLocationS3 {
                    metadata: meta,
                    spec: Some(types::UserAssetsLocationS3Spec {
                        config: Some(types::S3StorageConfig {
                            bucket_name: Some("backups".into()),
                            region: Some("us-east-1".into()),
                            ..Default::default()
                        }),
                        is_default: Some(default),
                        ..Default::default()
                    }),
                };
                if kind == "s3" {
                    client
                        .users_assets_location_s3_create()
                        .body(body)
                        .send()
                        .await
                } else {
                    client
                        .users_assets_location_minio_create()
                        .body(body)
                        .send()
                        .await
                }
            }
            "gcp" => {
                let body = types::UserAssetsLocationGcp {
                    metadata: meta,
                    spec: Some(types::UserAssetsLocationGcpSpec {
                        config: Some(types::GcpStorageConfig {
                            bucket_name: Some("backups".into()),
                            ..Default::default()
                        }),
                        is_default: Some(default),
                        ..Default::default()
                    }),
                };
                client
                    .users_assets_location_gcp_create()
                    .body(body)
                    .send()
                    .await
            }
            _ => {
                let body = types::UserAssetsLocationAzure {
                    metadata: meta,
                    spec: Some(types::UserAssetsLocationAzureSpec {
                        config: Some(types::AzureStorageConfig {
                            container_name: Some("backups".into()),
                            ..Default::default()
                        }),
                        is_default: Some(default),
                        ..Default::default()
                    }),
                };
                client
                    .users_assets_location_azure_create()
                    .body(body)
                    .send()
                    .await
            }
        };
        Ok(created?.uid.expect("a uid"))
    }

    #[tokio::test]
    async fn each_kind_is_reported_and_a_project_sees_the_tenants_locations_beside_its_own() {
        let fake = fake().await;
        let project = default_project(&fake).await;
        add(&project, "minio", "lab-minio", false).await.unwrap();
        add(&project, "gcp", "gcs", false).await.unwrap();
        add(&project, "azure", "blob", false).await.unwrap();
        let kinds: Vec<_> = project
            .backup_locations()
            .list()
            .await
            .unwrap()
            .into_iter()
            .map(|l| (l.name, l.kind))
            .collect();
        for expected in [
            (DEFAULT_LOCATION.1, BackupLocationKind::S3),
            ("lab-minio", BackupLocationKind::Minio),
            ("gcs", BackupLocationKind::Gcp),
            ("blob", BackupLocationKind::Azure),
        ] {
            assert!(
                kinds.contains(&(expected.0.to_string(), Some(expected.1.clone()))),
                "{expected:?} in {kinds:?}"
            );
        }
        // The tenant does not see the project's; another project does not either.
        assert_eq!(
            fake.client()
                .unwrap()
                .backup_locations()
                .list()
                .await
                .unwrap()
                .len(),
            1
        );
        let staging = in_project(&fake, "Staging").await;
        assert_eq!(staging.backup_locations().list().await.unwrap().len(), 1);

        let twice = add(&project, "s3", "gcs", false).await.unwrap_err();
        assert!(twice.is_conflict(), "names are unique in a scope: {twice}");
    }

    #[tokio::test]
    async fn a_name_the_project_and_the_tenant_both_use_is_ambiguous_and_nothing_is_backed_up() {
        let fake = fake().await;
        let project = default_project(&fake).await;
        let own = add(&project, "s3", DEFAULT_LOCATION.1, false)
            .await
            .unwrap();

        let err = project
            .backup_locations()
            .get_by_name(DEFAULT_LOCATION.1)
            .await
            .unwrap_err();
        let Error::AmbiguousName { kind, uids, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*kind, NameKind::BACKUP_LOCATION);
        let mut uids = uids.clone();
        uids.sort();
        let mut expected = vec![DEFAULT_LOCATION.0.to_string(), own.clone()];
        expected.sort();
        assert_eq!(uids, expected);
        // From the tenant, the name is the tenant's location's alone.
        let tenant = fake.client().unwrap();
        let found = tenant
            .backup_locations()
            .get_by_name(DEFAULT_LOCATION.1)
            .await;
        assert_eq!(found.unwrap().uid, DEFAULT_LOCATION.0);

        let backups = project.clusters().backups(EAST);
        let err = backups
            .run_now(ClusterBackupSettings::new("nightly").location(DEFAULT_LOCATION.1))
            .await
            .unwrap_err();
        assert!(err.is_ambiguous_name(), "{err:?}");
        assert!(backups.list().await.unwrap().is_empty(), "nothing was sent");

        // By uid it is clear which one.
        backups
            .run_now(ClusterBackupSettings::new("nightly").location_uid(&own))
            .await
            .unwrap();
        let listed = backups.list().await.unwrap();
        assert_eq!(listed[0].location_uid.as_deref(), Some(own.as_str()));
    }

    #[tokio::test]
    async fn a_named_location_of_another_kind_is_where_the_backup_goes() {
        let fake = fake().await;
        let project = default_project(&fake).await;
        let blob = add(&project, "azure", "blob", false).await.unwrap();
        let backups = project.clusters().backups(EAST);
        let run = backups
            .run_now(ClusterBackupSettings::new("to-azure").location("blob"))
            .await
            .unwrap();
        let backup = backups.get_by_name("to-azure").await.unwrap();
        assert_eq!(backup.request_uid, run);
        assert_eq!(backup.location_uid.as_deref(), Some(blob.as_str()));
        assert_eq!(backup.location_name.as_deref(), Some("blob"));
    }
}
