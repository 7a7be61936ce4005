//! Importing running clusters and living with virtual clusters against the fake Palette: import per cloud, the import link and manifest, running once the agent is in; pause, resume, resize and delete a virtual cluster.
#![cfg(all(feature = "testing", feature = "spectroclusters"))]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{HOUR, fake_with, hourly, in_project};
use palette_sdk::enums::LifecycleStatusStatus;
use palette_sdk::ext::{
    ClusterStatus, DeleteOptions, ImportCloud, ImportCluster, LifecycleObservation, VirtualCluster,
};
use palette_sdk::testing::{FakePalette, seed};
use palette_sdk::wait::{Awaited, WaitFailure, WaitOptions};
use palette_sdk::{Client, Error, types};
use serde_json::{Value, json};

// ---------------------------------------------------------------- helpers

/// A fake whose clusters stay an hour in each state unless the test moves its clock.
async fn fake() -> FakePalette {
    fake_with(hourly()).await
}

/// Quick polls, and a bound no test reaches unless the wait is broken.
fn quick() -> WaitOptions {
    WaitOptions::default()
        .interval(Duration::from_millis(5))
        .timeout(Duration::from_secs(20))
}

/// A wait that gives up at once, for clusters that are not going anywhere.
fn brief() -> WaitOptions {
    WaitOptions::default()
        .interval(Duration::from_millis(5))
        .timeout(Duration::from_millis(60))
}

/// A progress callback that records each new state and moves the fake's clock by `step` at
/// every observation, so the cluster takes one step per poll.
fn stepping<T>(
    fake: &FakePalette,
    step: Duration,
    seen: &Arc<Mutex<Vec<String>>>,
    state_of: impl Fn(&T) -> String,
) -> impl FnMut(&T) {
    let seen = Arc::clone(seen);
    move |observed: &T| {
        let state = state_of(observed);
        let mut seen = seen.lock().unwrap();
        if seen.last() != Some(&state) {
            seen.push(state);
        }
        fake.advance(step);
    }
}

fn cluster_state(status: &ClusterStatus) -> String {
    status.state.clone()
}

fn lifecycle_state(seen: &LifecycleObservation) -> String {
    seen.lifecycle
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

fn recorded(seen: &Arc<Mutex<Vec<String>>>) -> Vec<String> {
    seen.lock().unwrap().clone()
}

/// The project "Default"'s uid.
fn default_project() -> &'static str {
    seed::PROJECTS[0].0
}

/// A request to the fake as a program without the SDK sends it: the seed key and the
/// Default project, or no credentials at all (as `kubectl` fetches a manifest).
async fn raw(
    fake: &FakePalette,
    method: reqwest::Method,
    path: &str,
    body: Option<&str>,
    authenticated: bool,
) -> (u16, String) {
    let mut request = common::plain_http().request(method, format!("{}{path}", fake.url()));
    if authenticated {
        request = request
            .header("ApiKey", seed::API_KEY)
            .header("ProjectUid", default_project());
    }
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/json")
            .body(body.to_string());
    }
    let reply = request.send().await.unwrap();
    (reply.status().as_u16(), reply.text().await.unwrap())
}

/// The `code` and `message` of a Palette error body.
fn error_of(body: &str) -> (String, String) {
    let body: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    let text = |key: &str| body[key].as_str().unwrap_or_default().to_string();
    (text("code"), text("message"))
}

async fn virtual_cluster(client: &Client, name: &str) -> String {
    client
        .clusters()
        .create(VirtualCluster::in_cluster_group(name, seed::CLUSTER_GROUP.0).limits(4, 8192, 20))
        .await
        .unwrap()
}

/// A virtual cluster, created and waited for until it runs.
async fn running_virtual_cluster(fake: &FakePalette, client: &Client, name: &str) -> String {
    let uid = virtual_cluster(client, name).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    client
        .clusters()
        .wait_until_running(&uid, quick(), stepping(fake, HOUR, &seen, cluster_state))
        .await
        .unwrap();
    uid
}

// ---------------------------------------------------------------- importing a cluster

/// Each cloud's import goes to that cloud's operation, which records the cluster as of that
/// cloud type (Palette's `spec.cloudType`), waiting for its agent: `Pending`, an imported
/// (`isBrownfield`) cluster with an import link, tagged as asked.
#[tokio::test]
async fn each_clouds_import_makes_a_pending_cluster_of_that_cloud_type() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let clouds = [
        (ImportCluster::generic("imp-generic"), "generic"),
        (ImportCluster::aws("imp-aws"), "aws"),
        (ImportCluster::azure("imp-azure"), "azure"),
        (ImportCluster::gcp("imp-gcp"), "gcp"),
        (ImportCluster::vsphere("imp-vsphere"), "vsphere"),
        (ImportCluster::maas("imp-maas"), "maas"),
        (ImportCluster::edge_native("imp-edge"), "edge-native"),
        (
            ImportCluster::cloud_stack("imp-cloudstack"),
            "apache-cloudstack",
        ),
    ];
    for (import, cloud_type) in clouds {
        let name = import.name().to_string();
        let uid = client
            .clusters()
            .import(import.tag("env:prod").tag("legacy"))
            .await
            .unwrap();
        let cluster = client.clusters().get(&uid).await.unwrap();
        let spec = cluster.spec.unwrap();
        assert_eq!(spec.cloud_type.as_deref(), Some(cloud_type), "{name}");
        let labels = cluster.metadata.unwrap().labels.unwrap_or_default();
        assert_eq!(
            labels.get("env").map(String::as_str),
            Some("prod"),
            "{name}"
        );
        assert_eq!(
            labels.get("legacy").map(String::as_str),
            Some("spectro__tag"),
            "{name}"
        );
        let status = cluster.status.unwrap();
        assert_eq!(status.state.as_deref(), Some("Pending"), "{name}");
        let import = status.cluster_import.expect("an imported cluster says so");
        assert_eq!(import.is_brownfield, Some(true), "{name}");
        assert!(import.import_link.is_some(), "{name}");
    }
}

/// Palette's `importLink` is the whole `kubectl apply -f <url>` command; its URL is the
/// cluster's `/v1/spectroclusters/{uid}/import/manifest`, which `kubectl` fetches without
/// Palette credentials and which holds the agent's YAML.
#[tokio::test]
async fn the_import_instructions_are_the_kubectl_command_and_the_manifest_url() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = client
        .clusters()
        .import(ImportCluster::generic("legacy-east"))
        .await
        .unwrap();

    let how = client.clusters().import_instructions(&uid).await.unwrap();

    let url = format!("{}/v1/spectroclusters/{uid}/import/manifest", fake.url());
    assert_eq!(how.manifest_url, url);
    assert_eq!(how.apply_command, format!("kubectl apply -f {url}"));
    let path = url.strip_prefix(fake.url()).unwrap();
    let (status, yaml) = raw(&fake, reqwest::Method::GET, path, None, false).await;
    assert_eq!(status, 200, "{yaml}");
    assert!(yaml.contains("kind: Deployment"), "{yaml}");
    assert!(
        yaml.contains(&uid),
        "the manifest names its cluster: {yaml}"
    );
}

/// An imported cluster waits for its agent: however long it waits, it stays `Pending` until
/// its manifest is fetched; then it is `Importing`, then `Running` and healthy, and the
/// cluster wait sees it through.
#[tokio::test]
async fn an_imported_cluster_runs_once_its_manifest_is_applied() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let clusters = client.clusters();
    let uid = clusters
        .import(ImportCluster::aws("eks-legacy"))
        .await
        .unwrap();

    fake.advance(24 * HOUR);
    let err = clusters
        .wait_until_running(&uid, brief(), |_| {})
        .await
        .unwrap_err();
    let Error::Wait(wait) = &err else {
        panic!("{err:?}")
    };
    assert!(matches!(wait.failure, WaitFailure::TimedOut(_)), "{err}");
    assert_eq!(wait.last_state.as_deref(), Some("Pending"));

    let manifest = clusters.import_manifest(&uid).await.unwrap();
    assert!(manifest.contains("kind: Namespace"), "{manifest}");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let running = clusters
        .wait_until_running(&uid, quick(), stepping(&fake, HOUR, &seen, cluster_state))
        .await
        .unwrap();

    assert_eq!(recorded(&seen), ["Importing", "Running"]);
    assert!(running.is_running_and_healthy(), "{running:?}");
    assert_eq!(running.name, "eks-legacy");
}

/// A read-only import gives Palette's agent a role that can only read, and an import with a
/// proxy gives the agent that proxy; a full import binds the agent to `cluster-admin`.
#[tokio::test]
async fn the_manifest_follows_the_import_mode_and_proxy() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let clusters = client.clusters();
    let watched =
        clusters
            .import(ImportCluster::vsphere("dc-watched").read_only().proxy(
                types::ClusterProxySpec {
                    https_proxy: Some("http://proxy.internal:3128".into()),
                    no_proxy: Some("10.0.0.0/8".into()),
                    ..Default::default()
                },
            ))
            .await
            .unwrap();
    let managed = clusters
        .import(ImportCluster::vsphere("dc-managed"))
        .await
        .unwrap();

    let watched = clusters.import_manifest(&watched).await.unwrap();
    let managed = clusters.import_manifest(&managed).await.unwrap();

    assert!(!watched.contains("cluster-admin"), "{watched}");
    assert!(
        watched.contains("verbs: [\"get\", \"list\", \"watch\"]"),
        "{watched}"
    );
    assert!(
        watched.contains("value: \"http://proxy.internal:3128\""),
        "{watched}"
    );
    assert!(
        watched.contains("- name: NO_PROXY\n          value: \"10.0.0.0/8\""),
        "{watched}"
    );
    assert!(managed.contains("name: cluster-admin"), "{managed}");
    assert!(!managed.contains("PROXY"), "{managed}");
}

/// A cluster imported read-only is given to Palette's full control on request: its agent
/// is bound to `cluster-admin` from then on. A cluster Palette created has no import to
/// upgrade (404).
#[tokio::test]
async fn a_read_only_import_is_upgraded_to_full_control() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let clusters = client.clusters();
    let uid = clusters
        .import(ImportCluster::azure("aks-watched").read_only())
        .await
        .unwrap();
    let before = clusters.import_manifest(&uid).await.unwrap();
    assert!(!before.contains("cluster-admin"), "{before}");

    clusters.upgrade_read_only_import(&uid).await.unwrap();

    let after = clusters.import_manifest(&uid).await.unwrap();
    assert!(after.contains("name: cluster-admin"), "{after}");
    let created = seed::CLUSTERS[0].0;
    let err = clusters
        .upgrade_read_only_import(created)
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

/// An import makes a cluster in a project, under a name as a creation's is checked: a
/// tenant handle is told before anything is sent, a name taken is 409, a bad one 400.
#[tokio::test]
async fn an_import_is_checked_as_a_creation_is() {
    let fake = fake().await;
    let tenant = fake.client().unwrap();
    let err = tenant
        .clusters()
        .import(ImportCluster::generic("anywhere"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ProjectScopeRequired { .. }), "{err:?}");

    let client = in_project(&fake, "Default").await;
    let taken = seed::CLUSTERS[0].1;
    let err = client
        .clusters()
        .import(ImportCluster::gcp(taken))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409), "{err:?}");
    assert_eq!(
        err.operation().map(|o| o.id),
        Some("spectroClustersGcpImport")
    );
    let err = client
        .clusters()
        .import(ImportCluster::maas("Not_A_Name"))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err:?}");
}

/// A cluster Palette created has no import link and no import manifest.
#[tokio::test]
async fn a_cluster_palette_created_has_nothing_to_import() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let created = seed::CLUSTERS[0].0;
    let err = client
        .clusters()
        .import_instructions(created)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotSupported { .. }), "{err:?}");
    let err = client
        .clusters()
        .import_manifest(created)
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

/// Palette refuses what it cannot read: a body that is not JSON, an import mode it does not
/// know (only `read-only` is), each with a 400 and a message; an unknown cluster's manifest
/// is 404.
#[tokio::test]
async fn the_fake_refuses_bad_import_requests_as_palette_does() {
    let fake = fake().await;
    let post = reqwest::Method::POST;
    let (status, body) = raw(
        &fake,
        post.clone(),
        "/v1/spectroclusters/azure/import",
        Some("{not json"),
        true,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let (code, message) = error_of(&body);
    assert_eq!(code, "InvalidRequestBody");
    assert!(!message.is_empty());

    let full = json!({"metadata": {"name": "full-mode"},
                      "spec": {"clusterConfig": {"importMode": "full"}}});
    let (status, body) = raw(
        &fake,
        post,
        "/v1/spectroclusters/generic/import",
        Some(&full.to_string()),
        true,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let (code, message) = error_of(&body);
    assert_eq!(code, "InvalidImportMode");
    assert!(message.contains("full"), "{message}");

    let (status, body) = raw(
        &fake,
        reqwest::Method::GET,
        "/v1/spectroclusters/64f0000000000000000fffff/import/manifest",
        None,
        false,
    )
    .await;
    assert_eq!(status, 404, "{body}");
}

// ---------------------------------------------------------------- pausing a virtual cluster

/// A running virtual cluster pauses (`lifecycleConfig.pause: true`): Palette reports its
/// lifecycle `Pausing`, then `Paused`; resumed, `Resuming`, then `Running`. The pause asked
/// for shows in its `spec.clusterConfig.lifecycleConfig`.
#[tokio::test]
async fn a_virtual_cluster_pauses_and_resumes_as_palette_reports_it() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let clusters = client.clusters();
    let uid = running_virtual_cluster(&fake, &client, "dev-pause").await;
    let before = clusters.lifecycle(&uid).await.unwrap().unwrap();
    assert_eq!(before.lifecycle, Some(LifecycleStatusStatus::Running));
    assert_eq!(before.pause_requested, Some(false));

    clusters.pause(&uid).await.unwrap();
    let step = FakePalette::LIFECYCLE_STEP;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let paused = clusters
        .wait_until_paused(&uid, quick(), stepping(&fake, step, &seen, lifecycle_state))
        .await
        .unwrap();
    assert_eq!(recorded(&seen), ["Pausing", "Paused"]);
    assert!(paused.is_paused());
    assert_eq!(paused.pause_requested, Some(true));

    clusters.resume(&uid).await.unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let resumed = clusters
        .wait_until_resumed(&uid, quick(), stepping(&fake, step, &seen, lifecycle_state))
        .await
        .unwrap();
    assert_eq!(recorded(&seen), ["Resuming", "Running"]);
    assert!(resumed.is_resumed());
    assert_eq!(resumed.pause_requested, Some(false));
}

/// Waiting for a pause nobody asked for ends at the timeout, naming the cluster and the
/// lifecycle status it stayed in.
#[tokio::test]
async fn a_pause_wait_on_a_cluster_never_paused_times_out_naming_its_state() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = running_virtual_cluster(&fake, &client, "dev-awake").await;
    let err = client
        .clusters()
        .wait_until_paused(&uid, brief(), |_| {})
        .await
        .unwrap_err();
    let Error::Wait(wait) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(wait.awaited, Awaited::ClusterPaused { uid: uid.clone() });
    assert_eq!(wait.last_state.as_deref(), Some("Running"));
    assert_eq!(
        err.to_string(),
        format!("cluster {uid} was not paused within 60ms (last state: Running)")
    );
}

/// Only a running virtual cluster pauses: another cloud's cluster is refused (400), a
/// virtual cluster still provisioning too (409), an unknown one is 404, and the wait for a
/// cluster Palette does not know fails at once.
#[tokio::test]
async fn only_a_running_virtual_cluster_pauses() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let clusters = client.clusters();
    let aws = seed::CLUSTERS[0].0;
    let err = clusters.pause(aws).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err:?}");
    assert_eq!(
        err.operation().map(|o| o.id),
        Some("spectroClustersUidLifecycleConfigUpdate")
    );
    let pending = virtual_cluster(&client, "dev-pending").await;
    let err = clusters.pause(&pending).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409), "{err:?}");
    let unknown = "64f0000000000000000fffff";
    assert!(clusters.pause(unknown).await.unwrap_err().is_not_found());
    let err = clusters
        .wait_until_paused(unknown, quick(), |_| {})
        .await
        .unwrap_err();
    let Error::Wait(wait) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(wait.failure, WaitFailure::NotFound);
}

/// A lifecycle update whose body does not say `lifecycleConfig.pause`, or is not JSON, is a
/// 400 with a message.
#[tokio::test]
async fn the_fake_refuses_a_lifecycle_update_it_cannot_read() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = running_virtual_cluster(&fake, &client, "dev-raw").await;
    let path = format!("/v1/spectroclusters/{uid}/clusterConfig/lifecycleConfig");
    for body in [r#"{"lifecycleConfig": {"paused": true}}"#, "pause please"] {
        let (status, reply) = raw(&fake, reqwest::Method::PATCH, &path, Some(body), true).await;
        assert_eq!(status, 400, "{body}: {reply}");
        assert!(!error_of(&reply).1.is_empty(), "{reply}");
    }
    let seen = client.clusters().lifecycle(&uid).await.unwrap().unwrap();
    assert_eq!(seen.lifecycle, Some(LifecycleStatusStatus::Running));
}

// ---------------------------------------------------------------- deleting a virtual cluster

/// A virtual cluster is deleted as any cluster is: `Deleting`, then gone.
#[tokio::test]
async fn a_virtual_cluster_is_deleted_and_waited_for_until_gone() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let clusters = client.clusters();
    let uid = running_virtual_cluster(&fake, &client, "dev-doomed").await;

    clusters.delete(&uid, DeleteOptions::new()).await.unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    clusters
        .wait_until_deleted(&uid, quick(), stepping(&fake, HOUR, &seen, cluster_state))
        .await
        .unwrap();

    assert_eq!(recorded(&seen), ["Deleting"]);
    assert!(clusters.get(&uid).await.unwrap_err().is_not_found());
}

// ---------------------------------------------------------------- resizing a virtual cluster

#[cfg(feature = "cloudconfigs")]
mod resize {
    use super::*;
    use palette_sdk::ext::VirtualClusterSize;

    fn instance_type(config: &types::VirtualCloudConfig) -> types::VirtualInstanceType {
        let pools = config.spec.clone().unwrap().machine_pool_config.unwrap();
        assert_eq!(pools.len(), 1, "{pools:?}");
        pools[0].instance_type.clone().expect("the pool has a size")
    }

    /// A resize sends the new most and least CPU, memory (MiB) and storage (GiB) to the
    /// cluster's virtual cloud config, whose read then reports them.
    #[tokio::test]
    async fn resizing_a_virtual_cluster_changes_what_its_cloud_config_reports() {
        let fake = fake().await;
        let client = in_project(&fake, "Default").await;
        let clusters = client.clusters();
        let uid = running_virtual_cluster(&fake, &client, "dev-grow").await;
        let before = instance_type(&clusters.virtual_cloud_config(&uid).await.unwrap());
        assert_eq!(
            (
                before.max_cpu,
                before.max_mem_in_mi_b,
                before.max_storage_gi_b
            ),
            (Some(4), Some(8192), Some(20))
        );

        let size = VirtualClusterSize::new(8, 16384, 40).minimum(2, 4096, 10);
        clusters.resize_virtual(&uid, size).await.unwrap();

        let after = instance_type(&clusters.virtual_cloud_config(&uid).await.unwrap());
        assert_eq!(
            after,
            types::VirtualInstanceType {
                max_cpu: Some(8),
                max_mem_in_mi_b: Some(16384),
                max_storage_gi_b: Some(40),
                min_cpu: Some(2),
                min_mem_in_mi_b: Some(4096),
                min_storage_gi_b: Some(10),
            }
        );
    }

    /// A size Palette could not take never leaves the SDK; a cluster that is not virtual is
    /// said to be so.
    #[tokio::test]
    async fn a_size_palette_could_not_take_or_a_cluster_that_is_not_virtual_is_refused() {
        let fake = fake().await;
        let client = in_project(&fake, "Default").await;
        let clusters = client.clusters();
        let uid = running_virtual_cluster(&fake, &client, "dev-shrink").await;
        let upside_down = VirtualClusterSize::new(2, 4096, 10).minimum(4, 4096, 10);
        let err = clusters
            .resize_virtual(&uid, upside_down)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Request(_)), "{err:?}");
        assert_eq!(
            err.operation().map(|o| o.id),
            Some("cloudConfigsVirtualUidUpdate")
        );
        let before = instance_type(&clusters.virtual_cloud_config(&uid).await.unwrap());
        assert_eq!(before.max_cpu, Some(4), "nothing was sent");

        let aws = seed::CLUSTERS[0].0;
        let err = clusters
            .resize_virtual(aws, VirtualClusterSize::new(2, 4096, 10))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::NotSupported { .. }), "{err:?}");
        assert!(err.to_string().contains("aws"), "{err}");
    }

    /// The fake refuses a resize it cannot read (no `instanceType`, not JSON), a size that
    /// is not positive or whose minimum is above its maximum, each with a 400 and a message,
    /// and an unknown cloud config with 404.
    #[tokio::test]
    async fn the_fake_refuses_bad_resizes_as_palette_does() {
        let fake = fake().await;
        let client = in_project(&fake, "Default").await;
        let uid = running_virtual_cluster(&fake, &client, "dev-raw-size").await;
        let config = client.clusters().get(&uid).await.unwrap();
        let config_uid = config.spec.unwrap().cloud_config_ref.unwrap().uid.unwrap();
        let path = format!("/v1/cloudconfigs/virtual/{config_uid}/resize");
        for body in [
            json!({"size": {"maxCPU": 2}}).to_string(),
            "{".to_string(),
            json!({"instanceType": {}}).to_string(),
            json!({"instanceType": {"maxCPU": 0}}).to_string(),
            json!({"instanceType": {"minCPU": 4, "maxCPU": 2}}).to_string(),
        ] {
            let (status, reply) = raw(&fake, reqwest::Method::PUT, &path, Some(&body), true).await;
            assert_eq!(status, 400, "{body}: {reply}");
            assert!(!error_of(&reply).1.is_empty(), "{reply}");
        }
        let unknown = "/v1/cloudconfigs/virtual/64f0000000000000000fffff/resize";
        let body = json!({"instanceType": {"maxCPU": 2}}).to_string();
        let (status, reply) = raw(&fake, reqwest::Method::PUT, unknown, Some(&body), true).await;
        assert_eq!(status, 404, "{reply}");
    }
}

#[test]
fn every_import_cloud_has_a_constructor() {
    let clouds = [
        ImportCluster::generic("a").cloud(),
        ImportCluster::aws("a").cloud(),
        ImportCluster::azure("a").cloud(),
        ImportCluster::gcp("a").cloud(),
        ImportCluster::vsphere("a").cloud(),
        ImportCluster::maas("a").cloud(),
        ImportCluster::edge_native("a").cloud(),
        ImportCluster::cloud_stack("a").cloud(),
    ];
    assert_eq!(clouds[0], ImportCloud::Generic);
    assert_eq!(clouds[7], ImportCloud::CloudStack);
    let distinct: std::collections::BTreeSet<String> =
        clouds.iter().map(|c| format!("{c:?}")).collect();
    assert_eq!(distinct.len(), 8);
}
