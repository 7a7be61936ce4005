//! The fake Palette's clusters, through the generated calls: lifecycle on the test's clock, scope, names, search, pools, profiles, kubeconfigs and faults.
#![cfg(all(feature = "testing", feature = "spectroclusters"))]

mod common;

use std::time::Duration;

use common::{HOUR, fake_with, hourly, in_project};
use palette_sdk::prelude::*;
use palette_sdk::testing::{ClusterTiming, FakePalette, seed};
use palette_sdk::{Client, Error, RetryPolicy, types};
use serde_json::{Value, json};

// ---------------------------------------------------------------- helpers

async fn fake() -> FakePalette {
    fake_with(ClusterTiming {
        provisioning: 2 * HOUR,
        ..hourly()
    })
    .await
}

fn entity<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("a valid entity")
}

fn aws(name: &str) -> types::SpectroAwsClusterEntity {
    entity(json!({
        "metadata": {"name": name, "labels": {"env": "prod", "team-a": "spectro__tag"}},
        "spec": {
            "cloudType": "aws",
            "cloudAccountUid": "64f00000000000000000aa01",
            "cloudConfig": {"region": "us-east-1", "sshKeyName": "ops"},
            "profiles": [{"uid": "64f00000000000000000bb01"}],
            "machinepoolconfig": [
                {
                    "cloudConfig": {"instanceType": "t3.large", "azs": ["us-east-1a"]},
                    "poolConfig": {"name": "cp-pool", "size": 1, "isControlPlane": true,
                                   "labels": ["control-plane"]}
                },
                {
                    "cloudConfig": {"instanceType": "t3.xlarge"},
                    "poolConfig": {"name": "worker-pool", "size": 2, "minSize": 1,
                                   "maxSize": 3, "labels": ["worker"]}
                }
            ]
        }
    }))
}

async fn create_aws(client: &Client, name: &str) -> String {
    client
        .spectro_clusters_aws_create()
        .body(aws(name))
        .send()
        .await
        .unwrap()
        .uid
        .expect("a create replies with the new uid")
}

async fn state_of(client: &Client, uid: &str) -> String {
    let cluster = client.spectro_clusters_get().uid(uid).send().await.unwrap();
    cluster.status.unwrap().state.unwrap()
}

/// The status and Palette error code of a refused call.
fn refused<T: std::fmt::Debug>(result: Result<T, Error>) -> (u16, String) {
    match result {
        Err(Error::Api(api)) => (api.status.as_u16(), api.code.unwrap_or_default()),
        other => panic!("expected a Palette error, got {other:?}"),
    }
}

fn by_name(name: &str) -> types::SearchFilterSummarySpec {
    entity(json!({"filter": {"conjunction": "and", "filterGroups": [{
        "conjunction": "and",
        "filters": [{"property": "clusterName", "type": "string", "condition": {"string": {
            "operator": "eq", "negation": false, "ignoreCase": false,
            "match": {"conjunction": "or", "values": [name]}}}}]
    }]}}))
}

fn filter(property: &str, operator: &str, values: &[&str]) -> types::SearchFilterSummarySpec {
    entity(json!({"filter": {"filterGroups": [{"filters": [{
        "property": property, "type": "string",
        "condition": {"string": {"operator": operator, "match": {"values": values}}}
    }]}]}}))
}

async fn names_found(client: &Client, spec: types::SearchFilterSummarySpec) -> Vec<String> {
    let page = client
        .spectro_clusters_search_filter_summary()
        .body(spec)
        .send()
        .await
        .unwrap();
    page.items
        .unwrap_or_default()
        .into_iter()
        .map(|c| c.metadata.unwrap().name.unwrap())
        .collect()
}

async fn kubeconfig_text(client: &Client, uid: &str) -> Result<String, Error> {
    let bytes = client
        .spectro_clusters_uid_kube_config()
        .uid(uid)
        .send()
        .await?;
    Ok(String::from_utf8(bytes.to_vec()).expect("a text kubeconfig"))
}

// ---------------------------------------------------------------- lifecycle

#[tokio::test]
async fn a_new_cluster_is_pending_then_provisioning_then_running_as_the_clock_moves() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "orders").await;

    let cluster = client
        .spectro_clusters_get()
        .uid(&uid)
        .send()
        .await
        .unwrap();
    let spec = cluster.spec.unwrap();
    assert_eq!(spec.cloud_type.as_deref(), Some("aws"));
    assert!(!spec.cloud_config_ref.unwrap().uid.unwrap().is_empty());
    let status = cluster.status.unwrap();
    assert_eq!(status.state.as_deref(), Some("Pending"));
    assert!(
        !status.conditions.unwrap_or_default().is_empty(),
        "a pending cluster reports conditions"
    );

    fake.advance(HOUR);
    assert_eq!(state_of(&client, &uid).await, "Provisioning");
    let overview = client
        .spectro_clusters_summary_uid_overview()
        .uid(&uid)
        .send()
        .await
        .unwrap();
    let health = overview.status.unwrap().health.unwrap().state.unwrap();
    assert_ne!(health, "Healthy", "not healthy before it runs");

    fake.advance(2 * HOUR);
    let cluster = client
        .spectro_clusters_get()
        .uid(&uid)
        .send()
        .await
        .unwrap();
    let status = cluster.status.unwrap();
    assert_eq!(status.state.as_deref(), Some("Running"));
    let conditions = status.conditions.unwrap();
    assert!(
        conditions
            .iter()
            .all(|c| c.status.as_deref() == Some("True")),
        "{conditions:?}"
    );
    let overview = client
        .spectro_clusters_summary_uid_overview()
        .uid(&uid)
        .send()
        .await
        .unwrap();
    let status = overview.status.unwrap();
    assert_eq!(status.health.unwrap().state.as_deref(), Some("Healthy"));
    assert_eq!(status.state.as_deref(), Some("Running"));
}

#[tokio::test]
async fn kubeconfigs_are_not_found_until_the_cluster_runs() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "orders").await;

    let (status, code) = refused(kubeconfig_text(&client, &uid).await);
    assert_eq!((status, code.as_str()), (404, "KubeconfigNotFound"));
    let admin = client
        .spectro_clusters_uid_admin_kube_config()
        .uid(&uid)
        .send()
        .await;
    assert_eq!(refused(admin).0, 404);

    fake.advance(3 * HOUR);
    let text = kubeconfig_text(&client, &uid).await.unwrap();
    assert!(text.starts_with("apiVersion: v1\nkind: Config\n"), "{text}");
    assert!(
        text.contains("- name: orders\n"),
        "names the cluster: {text}"
    );
    assert!(text.contains("current-context:"), "{text}");
    let admin = client
        .spectro_clusters_uid_admin_kube_config()
        .uid(&uid)
        .send()
        .await
        .unwrap();
    let admin = String::from_utf8(admin.to_vec()).unwrap();
    assert!(admin.contains("client-certificate-data"), "{admin}");
}

#[tokio::test]
async fn a_deleted_cluster_is_deleting_then_gone_everywhere() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "orders").await;
    fake.advance(3 * HOUR);

    client
        .spectro_clusters_delete()
        .uid(&uid)
        .send()
        .await
        .unwrap();
    assert_eq!(state_of(&client, &uid).await, "Deleting");
    assert_eq!(names_found(&client, by_name("orders")).await, ["orders"]);

    fake.advance(HOUR);
    let gone = client.spectro_clusters_get().uid(&uid).send().await;
    assert_eq!(refused(gone), (404, "ResourceNotFound".into()));
    let overview = client
        .spectro_clusters_summary_uid_overview()
        .uid(&uid)
        .send()
        .await;
    assert_eq!(refused(overview).0, 404);
    assert_eq!(refused(kubeconfig_text(&client, &uid).await).0, 404);
    assert!(names_found(&client, by_name("orders")).await.is_empty());
    let again = client.spectro_clusters_delete().uid(&uid).send().await;
    assert_eq!(refused(again), (404, "ResourceNotFound".into()));

    // The name is free again.
    create_aws(&client, "orders").await;
}

#[tokio::test]
async fn a_forced_delete_removes_the_cluster_at_once() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "orders").await;
    client
        .spectro_clusters_delete()
        .uid(&uid)
        .force_delete(true)
        .send()
        .await
        .unwrap();
    let gone = client.spectro_clusters_get().uid(&uid).send().await;
    assert_eq!(refused(gone).0, 404);
}

#[tokio::test]
async fn a_scripted_cluster_walks_the_test_s_states_and_can_end_failed() {
    let fake = fake().await;
    fake.script_cluster("doomed", &["Pending", "Provisioning", "Failed"]);
    let client = in_project(&fake, "Default").await;
    let doomed = create_aws(&client, "doomed").await;
    let fine = create_aws(&client, "fine").await;

    let mut seen = vec![state_of(&client, &doomed).await];
    for _ in 0..3 {
        fake.advance(HOUR);
        seen.push(state_of(&client, &doomed).await);
    }
    assert_eq!(seen, ["Pending", "Provisioning", "Failed", "Failed"]);
    let cluster = client
        .spectro_clusters_get()
        .uid(&doomed)
        .send()
        .await
        .unwrap();
    let conditions = cluster.status.unwrap().conditions.unwrap();
    assert!(
        conditions
            .iter()
            .any(|c| c.status.as_deref() == Some("False")),
        "{conditions:?}"
    );
    let overview = client
        .spectro_clusters_summary_uid_overview()
        .uid(&doomed)
        .send()
        .await
        .unwrap();
    assert_eq!(
        overview.status.unwrap().health.unwrap().state.as_deref(),
        Some("UnHealthy")
    );
    assert_eq!(
        state_of(&client, &fine).await,
        "Running",
        "the script is only for the cluster it names"
    );
}

// ---------------------------------------------------------------- rules

#[tokio::test]
async fn names_are_checked_and_unique_within_a_project() {
    let fake = fake().await;
    let default = in_project(&fake, "Default").await;
    let staging = in_project(&fake, "Staging").await;
    let taken = seed::CLUSTERS[0].1; // a seeded cluster of Default

    let dup = default
        .spectro_clusters_aws_create()
        .body(aws(taken))
        .send()
        .await;
    assert_eq!(refused(dup), (409, "ClusterNameAlreadyExists".into()));
    create_aws(&staging, taken).await; // another project may use it

    let check = default
        .spectro_clusters_validate_name()
        .name(taken)
        .send()
        .await;
    assert_eq!(refused(check).0, 409);
    default
        .spectro_clusters_validate_name()
        .name("free-name")
        .send()
        .await
        .unwrap();
    let bad = default
        .spectro_clusters_validate_name()
        .name("Not_Valid")
        .send()
        .await;
    assert_eq!(refused(bad), (400, "InvalidClusterName".into()));

    let unnamed = default
        .spectro_clusters_aws_create()
        .body(aws(""))
        .send()
        .await;
    assert_eq!(refused(unnamed), (400, "InvalidClusterName".into()));
    let mut no_account = aws("no-account");
    no_account.spec.as_mut().unwrap().cloud_account_uid = String::new();
    let refusal = default
        .spectro_clusters_aws_create()
        .body(no_account)
        .send()
        .await;
    assert_eq!(refused(refusal), (400, "InvalidCloudAccount".into()));
    let mut no_profile = aws("no-profile");
    no_profile.spec.as_mut().unwrap().profiles = Some(vec![Default::default()]);
    let refusal = default
        .spectro_clusters_aws_create()
        .body(no_profile)
        .send()
        .await;
    assert_eq!(refused(refusal), (400, "InvalidClusterProfile".into()));
}

#[tokio::test]
async fn clusters_need_a_project_and_stay_inside_it() {
    let fake = fake().await;
    let tenant = fake.client().unwrap();
    let at_tenant = tenant
        .spectro_clusters_aws_create()
        .body(aws("orders"))
        .send()
        .await;
    assert_eq!(refused(at_tenant), (400, "ProjectScopeRequired".into()));

    let default = in_project(&fake, "Default").await;
    let staging = in_project(&fake, "Staging").await;
    let uid = create_aws(&default, "orders").await;
    for other in [&staging, &tenant] {
        let read = other.spectro_clusters_get().uid(&uid).send().await;
        assert_eq!(refused(read), (404, "ResourceNotFound".into()));
        let delete = other.spectro_clusters_delete().uid(&uid).send().await;
        assert_eq!(refused(delete).0, 404);
        assert!(names_found(other, by_name("orders")).await.is_empty());
    }
    assert_eq!(state_of(&default, &uid).await, "Pending", "still there");
}

#[tokio::test]
async fn a_malformed_body_is_a_400_not_a_crash() {
    let fake = fake().await;
    let http = common::plain_http();
    for body in [
        "{",
        "[]",
        r#"{"spec": 3}"#,
        r#"{"spec": {"machinepoolconfig": [{"cloudConfig": 1}]}}"#,
    ] {
        let reply = http
            .post(format!("{}/v1/spectroclusters/aws", fake.url()))
            .header("ApiKey", seed::API_KEY)
            .header("ProjectUid", seed::PROJECTS[0].0)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status().as_u16(), 400, "{body}");
        let error: Value = reply.json().await.unwrap();
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

#[tokio::test]
async fn validation_checks_like_creation_but_creates_nothing() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let reply = client
        .spectro_clusters_aws_validate()
        .body(aws("orders"))
        .send()
        .await
        .unwrap();
    let profiles = reply.profiles.unwrap();
    assert_eq!(profiles[0].uid.as_deref(), Some("64f00000000000000000bb01"));
    assert!(names_found(&client, by_name("orders")).await.is_empty());
    let dup = client
        .spectro_clusters_aws_validate()
        .body(aws(seed::CLUSTERS[0].1))
        .send()
        .await;
    assert_eq!(refused(dup).0, 409);
}

// ---------------------------------------------------------------- search

#[tokio::test]
async fn the_seeded_clusters_run_in_their_projects() {
    let fake = fake().await;
    let default = in_project(&fake, "Default").await;
    let all = default
        .spectro_clusters_search_filter_summary()
        .body(types::SearchFilterSummarySpec::default())
        .send()
        .await
        .unwrap();
    let items = all.items.unwrap();
    let names: Vec<_> = items
        .iter()
        .map(|c| c.metadata.as_ref().unwrap().name.clone().unwrap())
        .collect();
    assert_eq!(names, [seed::CLUSTERS[0].1, seed::CLUSTERS[1].1]);
    for item in &items {
        assert_eq!(
            item.status.as_ref().unwrap().state.as_deref(),
            Some("Running")
        );
    }
    assert_eq!(state_of(&default, seed::CLUSTERS[0].0).await, "Running");
    let staging = in_project(&fake, "Staging").await;
    assert_eq!(state_of(&staging, seed::CLUSTERS[2].0).await, "Running");
}

#[tokio::test]
async fn search_filters_by_name_tag_state_and_cloud_type() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    create_aws(&client, "orders-eu").await;
    create_aws(&client, "orders-us").await;
    let mut untagged = aws("billing");
    untagged.metadata.as_mut().unwrap().labels = None;
    client
        .spectro_clusters_aws_create()
        .body(untagged)
        .send()
        .await
        .unwrap();

    assert_eq!(
        names_found(&client, by_name("orders-eu")).await,
        ["orders-eu"]
    );
    assert_eq!(
        names_found(&client, filter("clusterName", "beginsWith", &["orders"])).await,
        ["orders-eu", "orders-us"]
    );
    assert_eq!(
        names_found(&client, filter("tags", "eq", &["env:prod"])).await,
        ["orders-eu", "orders-us"]
    );
    assert_eq!(
        names_found(&client, filter("tags", "eq", &["team-a"])).await,
        ["orders-eu", "orders-us"],
        "a bare tag matches by its key"
    );
    assert_eq!(
        names_found(&client, filter("clusterState", "eq", &["Running"])).await,
        [seed::CLUSTERS[0].1, seed::CLUSTERS[1].1]
    );
    assert_eq!(
        names_found(&client, filter("environment", "eq", &["aws"]))
            .await
            .len(),
        5
    );
    assert!(
        names_found(&client, filter("environment", "eq", &["eks"]))
            .await
            .is_empty()
    );

    let unknown = client
        .spectro_clusters_search_filter_summary()
        .body(filter("colour", "eq", &["blue"]))
        .send()
        .await;
    assert_eq!(refused(unknown), (400, "InvalidSearchFilter".into()));
}

#[tokio::test]
async fn search_sorts_and_pages_with_an_opaque_continue() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    for n in 0..55 {
        create_aws(&client, &format!("c-{n:02}")).await;
    }
    let newest_first: types::SearchFilterSummarySpec = entity(json!({
        "filter": {"filterGroups": [{"filters": [{"property": "clusterName", "type": "string",
            "condition": {"string": {"operator": "beginsWith", "match": {"values": ["c-"]}}}}]}]},
        "sort": [{"field": "clusterName", "order": "desc"}]
    }));
    let first = client
        .spectro_clusters_search_filter_summary()
        .body(newest_first.clone())
        .send()
        .await
        .unwrap();
    let items = first.items.unwrap();
    assert_eq!(items.len(), 50);
    assert_eq!(
        items[0].metadata.as_ref().unwrap().name.as_deref(),
        Some("c-54")
    );
    let meta = first.listmeta.unwrap();
    assert_eq!(meta.count, Some(55));
    let next = meta.continue_.unwrap();
    assert!(!next.is_empty());
    let last = client
        .spectro_clusters_search_filter_summary()
        .continue_(next)
        .body(newest_first)
        .send()
        .await
        .unwrap();
    let items = last.items.unwrap();
    assert_eq!(items.len(), 5);
    assert_eq!(
        items[4].metadata.as_ref().unwrap().name.as_deref(),
        Some("c-00")
    );
    assert_eq!(last.listmeta.unwrap().continue_.as_deref(), Some(""));
}

// ---------------------------------------------------------------- pools and profiles

#[tokio::test]
async fn machine_pools_live_in_the_cloud_config_and_updates_show_on_the_next_read() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "orders").await;
    let cluster = client
        .spectro_clusters_get()
        .uid(&uid)
        .send()
        .await
        .unwrap();
    let config_uid = cluster.spec.unwrap().cloud_config_ref.unwrap().uid.unwrap();

    let config = client
        .cloud_configs_aws_get()
        .config_uid(&config_uid)
        .send()
        .await
        .unwrap();
    let pools = config.spec.unwrap().machine_pool_config.unwrap();
    let names: Vec<_> = pools.iter().map(|p| p.name.clone().unwrap()).collect();
    assert_eq!(names, ["cp-pool", "worker-pool"]);
    assert_eq!(pools[1].size, Some(2));
    assert_eq!(pools[1].instance_type.as_deref(), Some("t3.xlarge"));

    let bigger: types::AwsMachinePoolConfigEntity = entity(json!({
        "cloudConfig": {"instanceType": "m5.2xlarge"},
        "poolConfig": {"name": "worker-pool", "size": 5, "maxSize": 8, "labels": ["worker"]}
    }));
    client
        .cloud_configs_aws_machine_pool_update()
        .config_uid(&config_uid)
        .machine_pool_name("worker-pool")
        .body(bigger.clone())
        .send()
        .await
        .unwrap();
    let config = client
        .cloud_configs_aws_get()
        .config_uid(&config_uid)
        .send()
        .await
        .unwrap();
    let pools = config.spec.unwrap().machine_pool_config.unwrap();
    assert_eq!(pools[1].size, Some(5));
    assert_eq!(pools[1].max_size, Some(8));
    assert_eq!(pools[1].instance_type.as_deref(), Some("m5.2xlarge"));
    assert_eq!(pools[0].size, Some(1), "the other pool is untouched");
    let overview = client
        .spectro_clusters_summary_uid_overview()
        .uid(&uid)
        .send()
        .await
        .unwrap();
    let sizes: Vec<_> = overview
        .spec
        .unwrap()
        .cloud_config
        .unwrap()
        .machine_pools
        .unwrap()
        .iter()
        .map(|p| p.size)
        .collect();
    assert_eq!(sizes, [Some(1), Some(5)]);

    let missing = client
        .cloud_configs_aws_machine_pool_update()
        .config_uid(&config_uid)
        .machine_pool_name("gpu-pool")
        .body(bigger)
        .send()
        .await;
    assert_eq!(refused(missing), (404, "MachinePoolNotFound".into()));
    let wrong_cloud = client
        .cloud_configs_eks_get()
        .config_uid(&config_uid)
        .send()
        .await;
    assert_eq!(refused(wrong_cloud).0, 404);
}

#[tokio::test]
async fn eks_and_edge_native_clusters_have_their_own_cloud_configs() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let eks: types::SpectroEksClusterEntity = entity(json!({
        "metadata": {"name": "eks-1"},
        "spec": {
            "cloudAccountUid": "64f00000000000000000aa01",
            "cloudConfig": {"region": "eu-west-1"},
            "machinepoolconfig": [{"cloudConfig": {"instanceType": "t3.large"},
                "poolConfig": {"name": "workers", "size": 3, "labels": ["worker"]}}]
        }
    }));
    let eks_uid = client
        .spectro_clusters_eks_create()
        .body(eks)
        .send()
        .await
        .unwrap()
        .uid
        .unwrap();
    let edge: types::SpectroEdgeNativeClusterEntity = entity(json!({
        "metadata": {"name": "edge-1"},
        "spec": {
            "cloudConfig": {"ntpServers": ["pool.ntp.org"]},
            "machinepoolconfig": [{"cloudConfig": {"edgeHosts": []},
                "poolConfig": {"name": "cp", "size": 1, "isControlPlane": true, "labels": []}}]
        }
    }));
    let edge_uid = client
        .spectro_clusters_edge_native_create()
        .body(edge)
        .send()
        .await
        .unwrap()
        .uid
        .unwrap();
    let config_of = |cluster: types::SpectroCluster| {
        let spec = cluster.spec.unwrap();
        (
            spec.cloud_type.unwrap(),
            spec.cloud_config_ref.unwrap().uid.unwrap(),
        )
    };
    let (cloud, eks_config) = config_of(
        client
            .spectro_clusters_get()
            .uid(&eks_uid)
            .send()
            .await
            .unwrap(),
    );
    assert_eq!(cloud, "eks");
    let (cloud, edge_config) = config_of(
        client
            .spectro_clusters_get()
            .uid(&edge_uid)
            .send()
            .await
            .unwrap(),
    );
    assert_eq!(cloud, "edge-native");

    let config = client
        .cloud_configs_eks_get()
        .config_uid(&eks_config)
        .send()
        .await
        .unwrap();
    let pools = config.spec.unwrap().machine_pool_config.unwrap();
    assert_eq!(
        (pools[0].name.as_deref(), pools[0].size),
        (Some("workers"), Some(3))
    );
    let resize: types::EksMachinePoolConfigEntity = entity(json!({
        "cloudConfig": {"instanceType": "t3.large"},
        "poolConfig": {"name": "workers", "size": 6, "labels": ["worker"]}
    }));
    client
        .cloud_configs_eks_machine_pool_update()
        .config_uid(&eks_config)
        .machine_pool_name("workers")
        .body(resize)
        .send()
        .await
        .unwrap();
    let config = client
        .cloud_configs_eks_get()
        .config_uid(&eks_config)
        .send()
        .await
        .unwrap();
    assert_eq!(
        config.spec.unwrap().machine_pool_config.unwrap()[0].size,
        Some(6)
    );

    let config = client
        .cloud_configs_edge_native_get()
        .config_uid(&edge_config)
        .send()
        .await
        .unwrap();
    let pools = config.spec.unwrap().machine_pool_config.unwrap();
    assert_eq!(pools[0].is_control_plane, Some(true));
}

#[tokio::test]
async fn profiles_are_read_added_and_replaced() {
    let fake = fake().await;
    let client = in_project(&fake, "Default").await;
    let uid = create_aws(&client, "orders").await;
    let attached = |list: types::SpectroClusterProfileList| -> Vec<String> {
        list.profiles
            .unwrap_or_default()
            .into_iter()
            .map(|p| p.metadata.unwrap().uid.unwrap())
            .collect()
    };
    let list = client
        .spectro_clusters_get_profiles()
        .uid(&uid)
        .send()
        .await
        .unwrap();
    assert_eq!(attached(list), ["64f00000000000000000bb01"]);

    let change: types::SpectroClusterProfiles = entity(json!({"profiles": [
        {"uid": "64f00000000000000000bb02", "replaceWithProfile": "64f00000000000000000bb01"},
        {"uid": "64f00000000000000000bb03"}
    ]}));
    client
        .spectro_clusters_update_profiles()
        .uid(&uid)
        .body(change)
        .send()
        .await
        .unwrap();
    let list = client
        .spectro_clusters_get_profiles()
        .uid(&uid)
        .send()
        .await
        .unwrap();
    assert_eq!(
        attached(list),
        ["64f00000000000000000bb02", "64f00000000000000000bb03"]
    );

    let blank: types::SpectroClusterProfiles = entity(json!({"profiles": [{"uid": ""}]}));
    let refusal = client
        .spectro_clusters_update_profiles()
        .uid(&uid)
        .body(blank)
        .send()
        .await;
    assert_eq!(refused(refusal), (400, "InvalidClusterProfile".into()));
}

// ---------------------------------------------------------------- faults

#[tokio::test]
async fn a_scheduled_fault_fails_only_the_nth_call_with_a_palette_error() {
    let fake = fake().await;
    // Sent once, so the fault is seen rather than retried away.
    let client = Client::builder()
        .base_url(fake.url())
        .api_key(seed::API_KEY)
        .proxy_from_env(false)
        .retry(RetryPolicy::never())
        .build()
        .unwrap()
        .with_project_name("Default")
        .await
        .unwrap();
    let uid = seed::CLUSTERS[0].0;
    fake.fail_call("spectroClustersGet", 2, 503);

    assert_eq!(state_of(&client, uid).await, "Running");
    let failed = client.spectro_clusters_get().uid(uid).send().await;
    let Err(Error::Api(api)) = failed else {
        panic!("the second read fails: {failed:?}")
    };
    assert_eq!(api.status.as_u16(), 503);
    assert_eq!(api.code.as_deref(), Some("ServiceUnavailable"));
    assert!(api.message.unwrap().contains("spectroClustersGet"));
    assert_eq!(
        state_of(&client, uid).await,
        "Running",
        "only that call fails"
    );
}

#[tokio::test]
async fn a_client_that_retries_rides_over_a_scheduled_fault() {
    let fake = fake().await;
    let client = Client::builder()
        .base_url(fake.url())
        .api_key(seed::API_KEY)
        .proxy_from_env(false)
        .retry(RetryPolicy::default().base_delay(Duration::from_millis(1)))
        .build()
        .unwrap()
        .with_project_name("Default")
        .await
        .unwrap();
    fake.fail_call("spectroClustersGet", 1, 502);
    assert_eq!(state_of(&client, seed::CLUSTERS[0].0).await, "Running");
}
