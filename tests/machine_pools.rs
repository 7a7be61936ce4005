//! Machine pools against the fake Palette, on every cloud it keeps: a pool is listed with its nodes, added with the cloud's own fields, changed field by field with the rest kept, scaled, and removed.
#![cfg(all(
    feature = "testing",
    feature = "spectroclusters",
    feature = "cloudconfigs"
))]

mod common;

use common::{HOUR, fake_with, hourly, in_project};
use palette_sdk::enums::TaintEffect;
use palette_sdk::ext::{AwsCluster, MachinePool, MachinePools, PoolUpdate, taint};
use palette_sdk::prelude::*;
use palette_sdk::testing::{FakePalette, seed};
use palette_sdk::{Error, NameKind};
use serde_json::json;

/// The clouds Palette has pool operations for that the fake keeps clusters on, as
/// `spec.cloudType` names them.
const CLOUDS: &[&str] = &[
    "aws",
    "eks",
    "azure",
    "aks",
    "gcp",
    "gke",
    "vsphere",
    "maas",
    "apache-cloudstack",
    "edge-native",
    "generic",
];

/// A fake with one running cluster on `cloud`, and that cluster's pools.
async fn cluster_on(cloud: &str) -> (FakePalette, Client, MachinePools) {
    let name = format!("{cloud}-1");
    let fake = FakePalette::builder()
        .running_cluster(cloud, &name)
        .start()
        .await
        .unwrap();
    let project = in_project(&fake, "Default").await;
    let cluster = project.clusters().get_by_name(&name).await.unwrap();
    let pools = project
        .clusters()
        .machine_pools(cluster.uid().unwrap_or_default());
    (fake, project, pools)
}

#[tokio::test]
async fn every_cloud_lists_its_pools_with_a_node_per_unit_of_size_and_scales_a_pool() {
    for &cloud in CLOUDS {
        let (_fake, _, pools) = cluster_on(cloud).await;
        let listed = pools.list().await.unwrap();
        let names: Vec<&str> = listed.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["control-plane-pool", "worker-pool"], "{cloud}");
        assert!(
            listed[0].control_plane && !listed[1].control_plane,
            "{cloud}"
        );
        assert_eq!(listed[1].nodes.len(), 2, "{cloud}");
        assert!(
            listed[1]
                .nodes
                .iter()
                .all(|n| n.ready && n.instance_state == "Running"),
            "{cloud}: {:?}",
            listed[1].nodes
        );

        pools.scale("worker-pool", 4).await.unwrap();
        let workers = pools.get("worker-pool").await.unwrap();
        assert_eq!((workers.size, workers.nodes.len()), (4, 4), "{cloud}");
        assert_eq!(
            workers.listed["labels"],
            json!(["worker"]),
            "{cloud}: the rest of the pool is as it was"
        );
    }
}

#[tokio::test]
async fn a_pool_added_on_azure_carries_its_autoscaling_taints_labels_and_os_disk() {
    let (_fake, _, pools) = cluster_on("azure").await;
    pools
        .add(
            MachinePool::new("gpu", "Standard_NC6s_v3", 1)
                .autoscale(1, 3)
                .az("2")
                .label("accelerator", "nvidia")
                .disk_gib(128)
                .taint("nvidia.com/gpu", "true", TaintEffect::NoSchedule),
        )
        .await
        .unwrap();

    let gpu = pools.get("gpu").await.unwrap();
    assert_eq!(
        (gpu.size, gpu.min_size, gpu.max_size),
        (1, Some(1), Some(3))
    );
    assert_eq!(gpu.instance_type.as_deref(), Some("Standard_NC6s_v3"));
    assert_eq!(gpu.labels["accelerator"], "nvidia");
    assert_eq!(
        gpu.taints,
        vec![taint("nvidia.com/gpu", "true", TaintEffect::NoSchedule)]
    );
    // Azure keeps the disk size in `osDisk.diskSizeGB` (AzureMachinePoolCloudConfigEntity).
    assert_eq!(gpu.listed["osDisk"]["diskSizeGB"], json!(128));
    assert_eq!(gpu.listed["azs"], json!(["2"]));
    assert!(!gpu.control_plane);
    assert_eq!(gpu.listed["labels"], json!(["worker"]));
}

#[tokio::test]
async fn aws_and_gcp_keep_the_disk_size_as_root_device_size() {
    for cloud in ["aws", "gcp"] {
        let (_fake, _, pools) = cluster_on(cloud).await;
        pools
            .add(MachinePool::new("big-disk", "m5.large", 1).disk_gib(200))
            .await
            .unwrap();
        let pool = pools.get("big-disk").await.unwrap();
        assert_eq!(pool.listed["rootDeviceSize"], json!(200), "{cloud}");
    }
}

#[tokio::test]
async fn an_update_changes_only_what_it_names() {
    let (_fake, _, pools) = cluster_on("gcp").await;
    pools
        .update("worker-pool", PoolUpdate::new().label("tier", "web"))
        .await
        .unwrap();
    let after_label = pools.get("worker-pool").await.unwrap();
    assert_eq!(after_label.labels["tier"], "web");
    assert_eq!(after_label.size, 2);
    assert_eq!(after_label.instance_type.as_deref(), Some("n2-standard-4"));
    assert_eq!(after_label.listed["azs"], json!(["us-east1-b"]));

    pools
        .update(
            "worker-pool",
            PoolUpdate::new()
                .instance_type("n2-standard-8")
                .autoscale(2, 6)
                .taints([taint("dedicated", "batch", TaintEffect::NoExecute)])
                .label("team", "data"),
        )
        .await
        .unwrap();
    let after = pools.get("worker-pool").await.unwrap();
    assert_eq!(after.instance_type.as_deref(), Some("n2-standard-8"));
    assert_eq!((after.min_size, after.max_size), (Some(2), Some(6)));
    assert_eq!(after.taints.len(), 1);
    assert_eq!(after.labels["tier"], "web", "a label set before stays");
    assert_eq!(after.labels["team"], "data");
    assert_eq!(after.size, 2, "the size was not named, so it stays");

    pools
        .update("worker-pool", PoolUpdate::new().remove_label("tier"))
        .await
        .unwrap();
    let last = pools.get("worker-pool").await.unwrap();
    assert!(!last.labels.contains_key("tier"));
    assert_eq!(last.labels["team"], "data");
    assert_eq!(
        last.taints.len(),
        1,
        "the taints were not named, so they stay"
    );
}

#[tokio::test]
async fn vsphere_sizes_nodes_by_shape_so_a_named_instance_type_is_refused_before_sending() {
    let (_fake, _, pools) = cluster_on("vsphere").await;
    let err = pools
        .add(MachinePool::new("workers-2", "m5.large", 2))
        .await
        .unwrap_err();
    match &err {
        Error::Request(e) => assert_eq!(e.operation.id, "cloudConfigsVsphereMachinePoolCreate"),
        other => panic!("{other:?}"),
    }
    assert_eq!(pools.list().await.unwrap().len(), 2, "nothing was added");

    pools
        .add(
            MachinePool::sized("workers-2", 2)
                .cloud_field(
                    "instanceType",
                    json!({"numCPUs": 8, "memoryMiB": 16384, "diskGiB": 80}),
                )
                .cloud_field(
                    "placements",
                    json!([{"cluster": "c2", "datacenter": "dc1", "datastore": "ds2"}]),
                ),
        )
        .await
        .unwrap();
    let pool = pools.get("workers-2").await.unwrap();
    assert_eq!(pool.instance_type, None, "a shape, not a name");
    assert_eq!(pool.listed["instanceType"]["numCPUs"], json!(8));
    assert_eq!(pool.listed["placements"][0]["datastore"], json!("ds2"));
    assert_eq!(pool.nodes.len(), 2);
}

#[tokio::test]
async fn an_edge_pool_is_added_on_hosts_and_keeps_them_when_scaled() {
    let (_fake, _, pools) = cluster_on("edge-native").await;
    pools
        .add(
            MachinePool::sized("edge-workers", 2)
                .edge_host("host-a")
                .edge_host("host-b"),
        )
        .await
        .unwrap();
    pools.scale("edge-workers", 1).await.unwrap();
    let pool = pools.get("edge-workers").await.unwrap();
    let hosts: Vec<&str> = pool.listed["hosts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["hostUid"].as_str().unwrap())
        .collect();
    assert_eq!(hosts, ["host-a", "host-b"]);
    assert_eq!(pool.size, 1);
}

#[tokio::test]
async fn a_removed_pool_is_gone_and_removing_it_again_is_palettes_404() {
    let (_fake, _, pools) = cluster_on("maas").await;
    pools
        .add(
            MachinePool::sized("extra", 1)
                .cloud_field("instanceType", json!({"minCPU": 2, "minMemInMB": 4096}))
                .cloud_field("resourcePool", "default"),
        )
        .await
        .unwrap();
    pools.remove("extra").await.unwrap();
    assert!(
        pools
            .list()
            .await
            .unwrap()
            .iter()
            .all(|p| p.name != "extra")
    );
    let again = pools.remove("extra").await.unwrap_err();
    assert!(again.is_not_found(), "{again}");
}

#[tokio::test]
async fn a_pool_name_is_unique_in_its_cluster_and_the_control_plane_stays() {
    let (_fake, _, pools) = cluster_on("aks").await;
    let twice = pools
        .add(MachinePool::new("worker-pool", "Standard_D4s_v3", 1))
        .await
        .unwrap_err();
    assert_eq!(twice.status().map(|s| s.as_u16()), Some(409), "{twice}");
    let control_plane = pools.remove("control-plane-pool").await.unwrap_err();
    assert_eq!(
        control_plane.status().map(|s| s.as_u16()),
        Some(400),
        "{control_plane}"
    );
}

#[tokio::test]
async fn a_pool_the_cluster_does_not_have_is_named_in_the_error() {
    let (_fake, _, pools) = cluster_on("gke").await;
    for result in [
        pools.get("gpu").await.map(drop),
        pools.scale("gpu", 3).await,
    ] {
        match result {
            Err(Error::NameNotFound { kind, name }) => {
                assert_eq!((kind, name.as_str()), (NameKind::MACHINE_POOL, "gpu"));
            }
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn nodes_of_a_cluster_still_provisioning_are_not_ready() {
    let fake = fake_with(hourly()).await;
    let project = in_project(&fake, "Default").await;
    let clusters = project.clusters();
    let account = seed::CLOUD_ACCOUNTS[0].0;
    let uid = clusters
        .create(
            AwsCluster::new("fresh", account, "us-east-1")
                .control_plane(MachinePool::new("cp", "m5.large", 1))
                .worker_pool(MachinePool::new("workers", "m5.large", 2)),
        )
        .await
        .unwrap();
    let pools = clusters.machine_pools(&uid);
    let workers = pools.get("workers").await.unwrap();
    assert!(
        workers
            .nodes
            .iter()
            .all(|n| !n.ready && n.instance_state == "Provisioning")
    );
    fake.advance(HOUR * 2);
    let workers = pools.get("workers").await.unwrap();
    assert!(workers.nodes.iter().all(|n| n.ready));
}

/// A fake with one running cluster on the custom cloud type `nutanix`, and its pools.
async fn custom_cluster() -> (FakePalette, MachinePools) {
    let fake = FakePalette::builder()
        .custom_cloud_type("nutanix")
        .running_cluster("nutanix", "branch-7")
        .start()
        .await
        .unwrap();
    let project = in_project(&fake, "Default").await;
    let cluster = project.clusters().get_by_name("branch-7").await.unwrap();
    assert_eq!(
        cluster.spec.as_ref().and_then(|s| s.cloud_type.as_deref()),
        Some("nutanix"),
        "a custom cloud cluster's spec.cloudType is its type's name"
    );
    let pools = project
        .clusters()
        .machine_pools(cluster.uid().unwrap_or_default());
    (fake, pools)
}

/// A custom cloud type's pools live under `/v1/cloudconfigs/cloudTypes/{cloudType}/`. Its
/// pool entity (CustomMachinePoolConfigEntity) has the pool's `values`, labels and taints, but
/// no name and no size: those come from the values. So a change of labels and taints is sent
/// with the values kept, while a new pool without values, or a new size, cannot be said to
/// Palette and is refused before anything is sent.
#[tokio::test]
async fn a_custom_cloud_pool_changes_what_its_entity_carries_and_refuses_the_rest() {
    let (_fake, pools) = custom_cluster().await;
    let listed = pools.list().await.unwrap();
    let names: Vec<&str> = listed.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["control-plane-pool", "worker-pool"]);
    assert_eq!(listed[1].nodes.len(), 2);
    let values = listed[1].listed["values"].clone();
    assert!(
        values.as_str().unwrap().contains("site: branch-7"),
        "{values}"
    );

    pools
        .update(
            "worker-pool",
            PoolUpdate::new().label("tier", "edge").taints([taint(
                "dedicated",
                "edge",
                TaintEffect::NoSchedule,
            )]),
        )
        .await
        .unwrap();
    let workers = pools.get("worker-pool").await.unwrap();
    assert_eq!(workers.labels["tier"], "edge");
    assert_eq!(
        workers.taints,
        vec![taint("dedicated", "edge", TaintEffect::NoSchedule)]
    );
    assert_eq!(
        workers.listed["values"], values,
        "the values go back as listed"
    );
    assert_eq!((workers.size, workers.nodes.len()), (2, 2));

    // Refused by the SDK (`Error::Request`, not Palette's reply): nothing was sent.
    let scaled = pools.scale("worker-pool", 5).await.unwrap_err();
    match &scaled {
        Error::Request(e) => {
            assert_eq!(e.operation.id, "cloudConfigsCustomMachinePoolUpdate");
            assert!(e.message.contains("`size`"), "{scaled}");
        }
        other => panic!("{other:?}"),
    }
    let unvalued = pools.add(MachinePool::sized("large", 2)).await.unwrap_err();
    match &unvalued {
        Error::Request(e) => {
            assert_eq!(e.operation.id, "cloudConfigsCustomMachinePoolCreate");
            assert!(e.message.contains("values"), "{unvalued}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(pools.get("worker-pool").await.unwrap().size, 2);

    pools.remove("worker-pool").await.unwrap();
    let again = pools.remove("worker-pool").await.unwrap_err();
    assert!(again.is_not_found(), "{again}");
}

/// A virtual cluster's pool entity is only its quota: a pool with a name and size cannot be
/// added to one (resize the cluster instead), and nothing is sent.
#[tokio::test]
async fn a_virtual_cluster_takes_no_named_pool() {
    let (_fake, _, pools) = cluster_on("virtual").await;
    let err = pools
        .add(MachinePool::sized("more", 2).cloud_field("instanceType", json!({"maxCPU": 2})))
        .await
        .unwrap_err();
    match &err {
        Error::Request(e) => {
            assert_eq!(e.operation.id, "cloudConfigsVirtualMachinePoolCreate");
            assert!(e.message.contains("has no `name`"), "{err}");
        }
        other => panic!("{other:?}"),
    }
}

/// The cloud type in the path is the cluster's own: the same cloud config under another
/// custom type is Palette's 404, and a type never registered is not a cloud of the fake.
#[tokio::test]
async fn a_custom_cloud_config_is_found_only_under_its_own_cloud_type() {
    let (fake, _) = custom_cluster().await;
    let project = in_project(&fake, "Default").await;
    let cluster = project.clusters().get_by_name("branch-7").await.unwrap();
    let config_uid = cluster
        .spec
        .as_ref()
        .and_then(|s| s.cloud_config_ref.as_ref())
        .and_then(|r| r.uid.clone())
        .unwrap();
    let other = project
        .cloud_configs_custom_get()
        .cloud_type("openshift")
        .config_uid(&config_uid)
        .send()
        .await
        .unwrap_err();
    assert_eq!(other.status().map(|s| s.as_u16()), Some(404), "{other}");
    let own = project
        .cloud_configs_custom_get()
        .cloud_type("nutanix")
        .config_uid(&config_uid)
        .send()
        .await
        .unwrap();
    assert_eq!(own.kind.as_deref(), Some("CustomCloudConfig"));

    let unregistered = FakePalette::builder()
        .running_cluster("openshift", "never")
        .start()
        .await
        .err()
        .unwrap();
    assert_eq!(unregistered.kind(), std::io::ErrorKind::InvalidInput);
}

/// A virtual cluster's pool lists its machines as any other cloud's does.
#[tokio::test]
async fn a_virtual_clusters_pools_list_their_nodes() {
    let (_fake, _, pools) = cluster_on("virtual").await;
    let listed = pools.list().await.unwrap();
    let sizes: Vec<(&str, i32, usize)> = listed
        .iter()
        .map(|p| (p.name.as_str(), p.size, p.nodes.len()))
        .collect();
    assert_eq!(sizes, [("control-plane-pool", 1, 1), ("worker-pool", 2, 2)]);
    assert!(listed[1].nodes.iter().all(|n| n.ready));
}
