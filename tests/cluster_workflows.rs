//! A cluster's whole life against the fake Palette: create from a profile on a cloud account, wait until running, kubeconfigs, scale, profiles, search, delete and wait until gone.
#![cfg(all(
    feature = "testing",
    feature = "spectroclusters",
    feature = "clusterprofiles",
    feature = "cloudaccounts"
))]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{HOUR, fake_with, hourly, in_project};
use futures_util::StreamExt;
use palette_sdk::enums::ProfileType;
use palette_sdk::ext::{
    AwsCluster, ClusterFilter, ClusterStatus, DeleteOptions, EdgeNativeCluster, EksCluster,
    MachinePool, NewCluster, NewClusterProfile, VirtualCluster,
};
use palette_sdk::prelude::*;
use palette_sdk::testing::{FakePalette, seed};
use palette_sdk::wait::{Awaited, WaitFailure, WaitOptions};
use palette_sdk::{Client, Error, types};

// ---------------------------------------------------------------- helpers

/// A fake whose clusters stay an hour in each state unless the test moves its clock, so
/// nothing moves on its own while a test runs.
async fn fake() -> FakePalette {
    fake_with(hourly()).await
}

/// Quick polls, and a bound no test reaches unless the wait is broken.
fn quick() -> WaitOptions {
    WaitOptions::default()
        .interval(Duration::from_millis(5))
        .timeout(Duration::from_secs(20))
}

/// The seeded AWS cloud account's uid.
fn aws_account() -> &'static str {
    seed::CLOUD_ACCOUNTS
        .iter()
        .find(|(_, _, cloud)| *cloud == "aws")
        .map(|(uid, _, _)| *uid)
        .expect("the fake has an AWS account")
}

async fn infra_profile(client: &Client, name: &str) -> String {
    client
        .cluster_profiles()
        .create(
            NewClusterProfile::new(name, "1.0.0")
                .cloud_type("aws")
                .profile_type(ProfileType::Infra)
                .published(),
        )
        .await
        .unwrap()
}

fn aws(name: &str, profile: &str) -> AwsCluster {
    AwsCluster::new(name, aws_account(), "us-east-1")
        .ssh_key_name("ops")
        .profile(profile)
        .control_plane(MachinePool::new("cp", "m5.large", 1))
        .worker_pool(MachinePool::new("workers", "m5.xlarge", 2))
}

async fn create_aws(client: &Client, name: &str) -> String {
    let profile = infra_profile(client, &format!("{name}-infra")).await;
    client.clusters().create(aws(name, &profile)).await.unwrap()
}

/// A progress callback that records each state change and moves the fake's clock an hour
/// at every observation, so the cluster takes one step per poll.
fn stepping(fake: &FakePalette, seen: &Arc<Mutex<Vec<String>>>) -> impl FnMut(&ClusterStatus) {
    let seen = Arc::clone(seen);
    move |status: &ClusterStatus| {
        let mut seen = seen.lock().unwrap();
        if seen.last() != Some(&status.state) {
            seen.push(status.state.clone());
        }
        fake.advance(HOUR);
    }
}

fn names(list: &[types::SpectroClusterSummary]) -> Vec<String> {
    list.iter()
        .filter_map(|c| c.metadata.as_ref().and_then(|m| m.name.clone()))
        .collect()
}

// ---------------------------------------------------------------- a cluster's life

#[tokio::test]
async fn a_cluster_is_created_from_a_profile_and_waited_for_until_running_and_healthy() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "payments-east").await;

    let seen = Arc::new(Mutex::new(Vec::new()));
    let running = client
        .clusters()
        .wait_until_running(&uid, quick(), stepping(&fake, &seen))
        .await
        .unwrap();

    assert_eq!(
        *seen.lock().unwrap(),
        ["Pending", "Provisioning", "Running"]
    );
    assert_eq!(running.name, "payments-east");
    assert_eq!(running.health.as_deref(), Some("Healthy"));
    assert!(running.is_running_and_healthy());
    let cluster = client.clusters().get(&uid).await.unwrap();
    let spec = cluster.spec.unwrap();
    assert_eq!(spec.cloud_type.as_deref(), Some("aws"));
}

#[tokio::test]
async fn every_observation_carries_the_clusters_conditions() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "with-conditions").await;
    let status = client.clusters().status(&uid).await.unwrap().unwrap();
    assert_eq!(status.state, "Pending");
    assert!(
        !status.conditions.is_empty(),
        "a pending cluster says why: {status:?}"
    );
}

#[tokio::test]
async fn a_wait_that_times_out_names_the_cluster_and_its_last_state() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "slow").await;
    let options = WaitOptions::default()
        .interval(Duration::from_millis(5))
        .timeout(Duration::from_millis(60));

    let err = client
        .clusters()
        .wait_until_running(&uid, options, |_| {})
        .await
        .unwrap_err();

    let Error::Wait(wait) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(wait.awaited, Awaited::ClusterRunning { uid: uid.clone() });
    assert_eq!(
        wait.failure,
        WaitFailure::TimedOut(Duration::from_millis(60))
    );
    assert_eq!(wait.last_state.as_deref(), Some("Pending"));
    assert_eq!(
        err.to_string(),
        format!("cluster {uid} was not running within 60ms (last state: Pending)")
    );
}

#[tokio::test]
async fn a_cluster_that_fails_provisioning_ends_the_wait_with_that_state() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    fake.script_cluster("doomed", &["Pending", "Provisioning", "Failed"]);
    let uid = create_aws(&client, "doomed").await;

    let seen = Arc::new(Mutex::new(Vec::new()));
    let err = client
        .clusters()
        .wait_until_running(&uid, quick(), stepping(&fake, &seen))
        .await
        .unwrap_err();

    let Error::Wait(wait) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(wait.failure, WaitFailure::Failed);
    assert_eq!(wait.last_state.as_deref(), Some("Failed"));
    assert_eq!(*seen.lock().unwrap(), ["Pending", "Provisioning", "Failed"]);
}

#[tokio::test]
async fn waiting_for_a_cluster_palette_never_lists_ends_as_not_found() {
    // A 404 early in the wait may be Palette catching up with a create (see
    // tests/cluster_waits.rs); a wait that ends without ever seeing the cluster says it was
    // not found, not that it timed out.
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let short = WaitOptions::default()
        .interval(Duration::from_millis(5))
        .timeout(Duration::from_millis(50));
    let err = client
        .clusters()
        .wait_until_running("64f0000000000000000fffff", short, |_| {})
        .await
        .unwrap_err();
    let Error::Wait(wait) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(wait.failure, WaitFailure::NotFound);
}

#[tokio::test]
async fn a_server_error_while_waiting_is_polled_again() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "flaky").await;
    fake.fail_call("spectroClustersSummaryUidOverview", 2, 503);

    let seen = Arc::new(Mutex::new(Vec::new()));
    let running = client
        .clusters()
        .wait_until_running(&uid, quick(), stepping(&fake, &seen))
        .await
        .unwrap();
    assert_eq!(running.state, "Running");
}

#[tokio::test]
async fn kubeconfigs_are_text_once_the_cluster_runs() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "kube").await;
    let early = client.clusters().kubeconfig(&uid).await.unwrap_err();
    assert!(early.is_not_found(), "{early:?}");

    let seen = Arc::new(Mutex::new(Vec::new()));
    client
        .clusters()
        .wait_until_running(&uid, quick(), stepping(&fake, &seen))
        .await
        .unwrap();
    let kubeconfig = client.clusters().kubeconfig(&uid).await.unwrap();
    assert!(kubeconfig.contains("kind: Config"), "{kubeconfig}");
    assert!(kubeconfig.contains("kube"), "{kubeconfig}");
    let admin = client.clusters().admin_kubeconfig(&uid).await.unwrap();
    assert!(admin.contains("kind: Config"), "{admin}");
}

#[tokio::test]
async fn scaling_a_pool_keeps_the_rest_of_it() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "scaled").await;

    client
        .clusters()
        .scale_pool(&uid, "workers", 5)
        .await
        .unwrap();

    let config_uid = client
        .clusters()
        .get(&uid)
        .await
        .unwrap()
        .spec
        .and_then(|s| s.cloud_config_ref)
        .and_then(|r| r.uid)
        .unwrap();
    let config = client
        .cloud_configs_aws_get()
        .config_uid(&config_uid)
        .send()
        .await
        .unwrap();
    let pools = config.spec.unwrap().machine_pool_config.unwrap();
    let workers = pools
        .iter()
        .find(|p| p.name.as_deref() == Some("workers"))
        .unwrap();
    assert_eq!(workers.size, Some(5));
    assert_eq!(workers.instance_type.as_deref(), Some("m5.xlarge"));
    let cp = pools
        .iter()
        .find(|p| p.name.as_deref() == Some("cp"))
        .unwrap();
    assert_eq!(cp.size, Some(1));
}

#[tokio::test]
async fn scaling_a_pool_keeps_its_subnets_zones_and_everything_else() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let profile = infra_profile(&client, "subnets-infra").await;
    let mut entity = aws("subnetted", &profile).into_entity();
    let spec = entity.spec.as_mut().unwrap();
    let workers = &mut spec.machinepoolconfig.as_mut().unwrap()[1];
    workers.cloud_config.azs = Some(vec!["us-east-1a".into(), "us-east-1b".into()]);
    workers.cloud_config.subnets = Some(vec![
        types::AwsSubnetEntity {
            az: Some("us-east-1a".into()),
            id: Some("subnet-0a".into()),
        },
        types::AwsSubnetEntity {
            az: Some("us-east-1b".into()),
            id: Some("subnet-0b".into()),
        },
    ]);
    let uid = client.clusters().create(entity).await.unwrap();
    let read_workers = || async {
        let config_uid = client
            .clusters()
            .get(&uid)
            .await
            .unwrap()
            .spec
            .and_then(|s| s.cloud_config_ref)
            .and_then(|r| r.uid)
            .unwrap();
        let config = client
            .cloud_configs_aws_get()
            .config_uid(&config_uid)
            .send()
            .await
            .unwrap();
        config
            .spec
            .unwrap()
            .machine_pool_config
            .unwrap()
            .into_iter()
            .find(|p| p.name.as_deref() == Some("workers"))
            .unwrap()
    };
    let before = read_workers().await;
    assert_eq!(
        before.subnet_ids.as_ref().map(|s| s.len()),
        Some(2),
        "Palette lists the subnets by zone: {before:?}"
    );

    client
        .clusters()
        .scale_pool(&uid, "workers", 4)
        .await
        .unwrap();

    let after = read_workers().await;
    assert_eq!(after.size, Some(4));
    assert_eq!(
        types::AwsMachinePoolConfig {
            size: before.size,
            ..after
        },
        before,
        "only the size changed"
    );
}

#[tokio::test]
async fn scaling_a_pool_the_cluster_does_not_have_names_the_pool() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "no-such-pool").await;
    let err = client
        .clusters()
        .scale_pool(&uid, "gpu", 2)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::NameNotFound { kind: "machine pool", name } if name == "gpu"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_virtual_cluster_has_no_pool_to_scale_and_says_so() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = client
        .clusters()
        .create(VirtualCluster::in_cluster_group(
            "dev-vc",
            "64f00000000000000000cg01",
        ))
        .await
        .unwrap();
    let err = client
        .clusters()
        .scale_pool(&uid, "workers", 2)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotSupported { .. }), "{err:?}");
    assert!(err.to_string().contains("virtual"), "{err}");
}

#[tokio::test]
async fn the_profiles_of_a_cluster_are_replaced_as_a_whole() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "reprofiled").await;
    let addon = client
        .cluster_profiles()
        .create(
            NewClusterProfile::new("monitoring", "1.0.0")
                .cloud_type("aws")
                .profile_type(ProfileType::AddOn)
                .published(),
        )
        .await
        .unwrap();
    let infra = client.clusters().profiles(&uid).await.unwrap();
    let infra_uid = infra[0].metadata.as_ref().unwrap().uid.clone().unwrap();

    client
        .clusters()
        .update_profiles(&uid, [infra_uid.clone(), addon.clone()])
        .await
        .unwrap();

    let attached: Vec<String> = client
        .clusters()
        .profiles(&uid)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|p| p.metadata.and_then(|m| m.uid))
        .collect();
    assert_eq!(attached, [infra_uid, addon]);
}

#[tokio::test]
async fn a_deleted_cluster_is_deleting_then_gone() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "short-lived").await;

    client
        .clusters()
        .delete(&uid, DeleteOptions::new())
        .await
        .unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    client
        .clusters()
        .wait_until_deleted(&uid, quick(), stepping(&fake, &seen))
        .await
        .unwrap();

    assert_eq!(*seen.lock().unwrap(), ["Deleting"]);
    assert!(
        client
            .clusters()
            .get(&uid)
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn a_deleted_cluster_palette_still_keeps_is_gone_for_the_wait() {
    // Palette keeps a deleted cluster for a while, reporting it `Deleted`: that is gone.
    let fake = FakePalette::builder()
        .cluster_timing(hourly())
        .keep_deleted(100_000 * HOUR)
        .start()
        .await
        .unwrap();
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "kept-after-delete").await;
    client
        .clusters()
        .delete(&uid, DeleteOptions::new())
        .await
        .unwrap();

    let seen = Arc::new(Mutex::new(Vec::new()));
    client
        .clusters()
        .wait_until_deleted(&uid, quick(), stepping(&fake, &seen))
        .await
        .unwrap();

    assert_eq!(*seen.lock().unwrap(), ["Deleting", "Deleted"]);
    let status = client
        .clusters()
        .status(&uid)
        .await
        .unwrap()
        .expect("Palette still keeps the cluster: the wait ended on `Deleted`, not on a 404");
    assert!(status.is_deleted(), "{status:?}");
}

#[tokio::test]
async fn a_deleted_cluster_palette_still_keeps_does_not_count_for_its_name() {
    let fake = FakePalette::builder()
        .cluster_timing(hourly())
        .keep_deleted(100_000 * HOUR)
        .start()
        .await
        .unwrap();
    let client = in_project(&fake, "Default").await;
    let clusters = client.clusters();
    let old = create_aws(&client, "reborn").await;
    clusters
        .delete(&old, DeleteOptions::new().force(true))
        .await
        .unwrap();
    assert!(clusters.status(&old).await.unwrap().unwrap().is_deleted());
    let profile = infra_profile(&client, "reborn-infra-2").await;
    let new = clusters.create(aws("reborn", &profile)).await.unwrap();

    let listed = clusters
        .list(ClusterFilter::new().name("reborn"))
        .await
        .unwrap();
    assert_eq!(listed.len(), 2, "Palette lists the deleted one too");
    let found = clusters.find_by_name("reborn").await.unwrap().unwrap();
    assert_eq!(found.metadata.unwrap().uid, Some(new));
}

#[tokio::test]
async fn a_forced_delete_removes_the_cluster_at_once() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "forced").await;
    client
        .clusters()
        .delete(&uid, DeleteOptions::new().force(true))
        .await
        .unwrap();
    let mut seen = Vec::new();
    client
        .clusters()
        .wait_until_deleted(&uid, quick(), |s| seen.push(s.state.clone()))
        .await
        .unwrap();
    assert!(seen.is_empty(), "{seen:?}");
}

#[tokio::test]
async fn deleting_a_cluster_already_gone_is_an_error_unless_asked_to_ignore_it() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let gone = "64f0000000000000000fffff";
    let err = client
        .clusters()
        .delete(gone, DeleteOptions::new())
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    client
        .clusters()
        .delete(gone, DeleteOptions::new().ignore_missing(true))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_delete_wait_that_times_out_names_the_last_state() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "lingering").await;
    client
        .clusters()
        .delete(&uid, DeleteOptions::new())
        .await
        .unwrap();
    let options = WaitOptions::default()
        .interval(Duration::from_millis(5))
        .timeout(Duration::from_millis(40));
    let err = client
        .clusters()
        .wait_until_deleted(&uid, options, |_| {})
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("cluster {uid} was not deleted within 40ms (last state: Deleting)")
    );
}

// ---------------------------------------------------------------- other clouds

#[tokio::test]
async fn eks_edge_native_and_virtual_clusters_are_created_from_their_builders() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let clusters = client.clusters();
    let eks = clusters
        .create(
            EksCluster::new("eks-1", aws_account(), "eu-west-1")
                .node_pool(MachinePool::new("nodes", "t3.large", 3).autoscale(1, 5)),
        )
        .await
        .unwrap();
    let edge = clusters
        .create(
            EdgeNativeCluster::new("store-42")
                .vip("10.10.0.5")
                .control_plane("cp", ["edge-host-1"]),
        )
        .await
        .unwrap();
    let virt = clusters
        .create(VirtualCluster::in_cluster_group(
            "vc-1",
            "64f00000000000000000cg01",
        ))
        .await
        .unwrap();

    let cloud_of = |uid: String| {
        let clusters = clusters.clone();
        async move { clusters.get(&uid).await.unwrap().spec.unwrap().cloud_type }
    };
    assert_eq!(cloud_of(eks.clone()).await.as_deref(), Some("eks"));
    assert_eq!(cloud_of(edge).await.as_deref(), Some("edge-native"));
    assert_eq!(cloud_of(virt).await.as_deref(), Some("virtual"));

    clusters.scale_pool(&eks, "nodes", 4).await.unwrap();
}

#[tokio::test]
async fn any_clouds_generated_entity_goes_to_that_clouds_own_operation() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let meta = |name: &str| {
        Some(types::ObjectMeta {
            name: Some(name.into()),
            ..Default::default()
        })
    };
    let vsphere = types::SpectroVsphereClusterEntity {
        metadata: meta("dc-1"),
        spec: None,
    };
    let aks = NewCluster::Aks(Box::new(types::SpectroAzureClusterEntity {
        metadata: meta("aks-1"),
        spec: None,
    }));
    assert_eq!(aks.name(), "aks-1");
    // The fake serves neither cloud: its 501 names the operation each went to.
    for (cluster, operation) in [
        (NewCluster::from(vsphere), "spectroClustersVsphereCreate"),
        (aks, "spectroClustersAksCreate"),
    ] {
        let err = client.clusters().create(cluster).await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(501), "{err:?}");
        assert_eq!(err.operation().map(|o| o.id), Some(operation));
    }
}

#[tokio::test]
async fn validation_answers_without_creating_anything() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let profile = infra_profile(&client, "checked-infra").await;
    client
        .clusters()
        .validate(aws("checked", &profile))
        .await
        .unwrap();
    let found = client.clusters().find_by_name("checked").await.unwrap();
    assert!(found.is_none(), "validate created a cluster: {found:?}");
}

// ---------------------------------------------------------------- search and scope

#[tokio::test]
async fn the_search_filters_by_name_tag_state_and_cloud_type() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let clusters = client.clusters();
    let profile = infra_profile(&client, "search-infra").await;
    clusters
        .create(aws("payments-east", &profile).tag("env:prod"))
        .await
        .unwrap();
    clusters
        .create(aws("payments-west", &profile).tag("env:dev"))
        .await
        .unwrap();
    clusters
        .create(VirtualCluster::in_cluster_group(
            "payments-vc",
            "64f00000000000000000cg01",
        ))
        .await
        .unwrap();

    let by_name = clusters
        .list(ClusterFilter::new().name_contains("payments"))
        .await
        .unwrap();
    assert_eq!(
        names(&by_name),
        ["payments-east", "payments-vc", "payments-west"]
    );
    let prod = clusters
        .list(ClusterFilter::new().tag("env:prod"))
        .await
        .unwrap();
    assert_eq!(names(&prod), ["payments-east"]);
    let virtual_ones = clusters
        .list(
            ClusterFilter::new()
                .name_contains("payments")
                .cloud_type("virtual"),
        )
        .await
        .unwrap();
    assert_eq!(names(&virtual_ones), ["payments-vc"]);
    let by_prefix = clusters
        .list(ClusterFilter::new().name_prefix("payments-w"))
        .await
        .unwrap();
    assert_eq!(names(&by_prefix), ["payments-west"]);
    let exact_case = clusters
        .list(ClusterFilter::new().name_prefix("PAYMENTS"))
        .await
        .unwrap();
    assert!(exact_case.is_empty(), "names match case unless asked");
    let any_case = clusters
        .list(
            ClusterFilter::new()
                .name_prefix("PAYMENTS-E")
                .ignore_case(true),
        )
        .await
        .unwrap();
    assert_eq!(names(&any_case), ["payments-east"]);
    let pending = clusters
        .list(ClusterFilter::new().state("Pending"))
        .await
        .unwrap();
    assert_eq!(
        pending.len(),
        3,
        "the seeded clusters run: {:?}",
        names(&pending)
    );
    let exact = clusters
        .find_by_name("payments-west")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        exact.metadata.unwrap().name.as_deref(),
        Some("payments-west")
    );
}

#[tokio::test]
async fn a_search_streams_every_page_and_a_failed_page_ends_the_stream_after_its_items() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let clusters = client.clusters();
    for n in 0..55 {
        clusters
            .create(VirtualCluster::in_cluster_group(
                format!("bulk-{n:02}"),
                "64f00000000000000000cg01",
            ))
            .await
            .unwrap();
    }
    let all = clusters
        .list(ClusterFilter::new().name_contains("bulk-"))
        .await
        .unwrap();
    assert_eq!(all.len(), 55);
    assert_eq!(names(&all)[54], "bulk-54");

    fake.fail_call("spectroClustersSearchFilterSummary", 2, 500);
    let mut stream = clusters.search(ClusterFilter::new().name_contains("bulk-"));
    let mut items = 0;
    let mut failure = None;
    while let Some(next) = stream.next().await {
        match next {
            Ok(_) => items += 1,
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    assert_eq!(items, 50, "the first page arrives before the failure");
    let failure = failure.expect("the second page fails");
    assert_eq!(failure.status().map(|s| s.as_u16()), Some(500));
    assert!(
        stream.next().await.is_none(),
        "the stream ends after its error"
    );

    let again = clusters
        .list(ClusterFilter::new().name_contains("bulk-"))
        .await
        .unwrap();
    assert_eq!(again.len(), 55, "a new search starts over and completes");
}

#[tokio::test]
async fn a_cluster_made_in_one_project_is_invisible_from_another() {
    let fake = fake().await;
    let default = in_project(&fake, "Default").await;
    let staging = in_project(&fake, "Staging").await;
    let uid = create_aws(&default, "default-only").await;

    assert!(
        staging
            .clusters()
            .get(&uid)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(staging.clusters().status(&uid).await.unwrap().is_none());
    let found = staging
        .clusters()
        .find_by_name("default-only")
        .await
        .unwrap();
    assert!(found.is_none());
}

#[tokio::test]
async fn a_handle_owns_its_client_and_moves_into_a_task() {
    let fake = fake().await;
    let clusters = in_project(&fake, "Default").await.clusters();
    let listed = tokio::spawn(async move { clusters.list(ClusterFilter::new()).await })
        .await
        .unwrap()
        .unwrap();
    let seeded_here = seed::CLUSTERS
        .iter()
        .filter(|(_, _, project)| *project == seed::PROJECTS[0].0)
        .count();
    assert_eq!(listed.len(), seeded_here);
}

/// Clusters live in projects: on a tenant handle, looking one up by name or creating one is
/// an error that says a project is needed (nothing is sent), never "no such cluster".
#[tokio::test]
async fn cluster_workflows_on_a_tenant_handle_say_a_project_is_needed() {
    let fake = fake().await;
    let tenant = fake.client().unwrap();
    let clusters = tenant.clusters();
    let err = clusters.find_by_name("demo-east").await.unwrap_err();
    assert!(err.is_project_scope_required(), "{err:?}");
    assert!(err.to_string().contains("with_project"), "{err}");
    let err = clusters.get_by_name("demo-east").await.unwrap_err();
    assert!(err.is_project_scope_required(), "{err:?}");
    let err = clusters
        .create(VirtualCluster::in_cluster_group(
            "vc",
            "64f00000000000000000cg01",
        ))
        .await
        .unwrap_err();
    assert!(err.is_project_scope_required(), "{err:?}");

    let project = in_project(&fake, "Default").await.clusters();
    let found = project.get_by_name("demo-east").await.unwrap();
    assert_eq!(found.name(), Some("demo-east"));
    let err = project.get_by_name("no-such-cluster").await.unwrap_err();
    assert!(
        matches!(&err, Error::NameNotFound { kind: "cluster", name } if name == "no-such-cluster"),
        "{err:?}"
    );
}
