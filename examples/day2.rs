//! Day-2 Palette in a few lines each, against the embedded fake Palette (no account needed): packs by name, a profile and its next version, a cluster moved to it with its values kept, an edge site's hosts, a cluster backup restored, machine pools, an import and a virtual cluster paused.
//!
//! `cargo run --example day2 --features packs,registries,edgehosts,users,cloudconfigs,clustergroups`
//!
//! Every step is a workflow of `palette_sdk::ext`; the fake serves them statefully, and its
//! clock is moved on (`FakePalette::advance`) where Palette would take minutes.

use std::time::Duration;

use palette_sdk::enums::ProfileType;
use palette_sdk::enums::TaintEffect;
use palette_sdk::ext::{
    AwsCluster, ClusterBackupSettings, EdgeHostFilter, ImportCluster, MachinePool,
    NewClusterProfile, NewEdgeHost, NewEdgeToken, VirtualCluster, VirtualClusterSize,
};
use palette_sdk::prelude::*;
use palette_sdk::testing::{FakePalette, seed};
use palette_sdk::wait::{RunStatus, WaitOptions};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let fake = FakePalette::start().await?;
    let tenant = fake.client()?;
    let project = tenant.with_project_name("Default").await?;
    println!("Fake Palette at {}", fake.url());

    // 1. Packs by name: the newest kubernetes, and a named version of the OS.
    let packs = project.packs().in_registry("Public Repo");
    let k8s = packs.get_by_name("kubernetes", None).await?;
    let os = packs.get_by_name("ubuntu-aws", Some("22.04")).await?;
    println!(
        "1. Packs: kubernetes {} and ubuntu-aws {}",
        k8s.version, os.version
    );

    // 2. A profile from them, then its next version with other kubernetes values.
    let profiles = project.cluster_profiles();
    let v1 = profiles
        .create(
            NewClusterProfile::new("day2-base", "1.0.0")
                .cloud_type("aws")
                .profile_type(ProfileType::Infra)
                .pack(os.profile_pack())
                .pack(k8s.profile_pack())
                .published(),
        )
        .await?;
    let v2 = profiles
        .new_version("day2-base", Some("1.0.0"), "1.1.0")
        .await?;
    profiles
        .set_pack_values(&v2, "kubernetes", "apiServer:\n  auditLog: true\n")
        .await?;
    profiles.publish(&v2).await?;
    println!("2. Profile day2-base: 1.0.0 ({v1}), then 1.1.0 ({v2}), published");

    // 3. A cluster on 1.0.0, running, then moved to 1.1.0 with the values it overrides.
    let account = project
        .cloud_accounts()
        .get_by_name(seed::CLOUD_ACCOUNTS[0].1, Some("aws"))
        .await?;
    let clusters = project.clusters();
    let cluster = clusters
        .create(
            AwsCluster::new("day2-east", account.uid().unwrap_or_default(), "us-east-1")
                .profile(&v1)
                .control_plane(MachinePool::new("control-plane", "m5.large", 1))
                .worker_pool(MachinePool::new("workers", "m5.large", 2)),
        )
        .await?;
    fake.advance(Duration::from_secs(3600));
    let running = clusters
        .wait_until_running(&cluster, WaitOptions::default(), |_| {})
        .await?;
    let moved = clusters
        .move_to_profile_version(&cluster, "day2-base", "1.1.0")
        .await?;
    println!(
        "3. Cluster {} is {}; moved to day2-base 1.1.0 ({} value(s) kept, {} dropped)",
        running.name,
        running.state,
        moved.kept.len(),
        moved.dropped.len()
    );

    // 4. An edge site: a registration token, its hosts registering, found by tag, tagged.
    let token = tenant
        .edge_tokens()
        .create(NewEdgeToken::valid_for(
            "store-42",
            chrono::Duration::days(1),
        ))
        .await?;
    let hosts = project.edge_hosts();
    for (uid, address) in [("edge-42-a", "10.42.0.7"), ("edge-42-b", "10.42.0.8")] {
        hosts
            .register(token.token(), NewEdgeHost::new(uid, address).tag("site:42"))
            .await?;
    }
    let site = EdgeHostFilter::new().unassigned().tag("site:42");
    let ready = hosts
        .wait_until_listed(site, 2, WaitOptions::default(), |_| {})
        .await?;
    for host in &ready {
        hosts
            .add_tags(host.uid().unwrap_or_default(), ["rack:b"])
            .await?;
    }
    tenant.edge_tokens().revoke(token.uid()).await?;
    println!(
        "4. Edge site 42: {} host(s) registered and tagged rack:b; token revoked",
        ready.len()
    );

    // 5. A backup of the cluster now, to the default location, then restored into it.
    let location = project.backup_locations().find_default().await?;
    let backups = clusters.backups(&cluster);
    let run = backups
        .run_now(ClusterBackupSettings::new("before-upgrade"))
        .await?;
    let step = |_: &RunStatus| fake.advance(FakePalette::CLUSTER_RUN_STEP);
    let done = backups
        .wait_for_backup(&run, WaitOptions::default(), step)
        .await?;
    let restore = backups.restore(&run).await?;
    let restored = backups
        .wait_for_restore(&restore, WaitOptions::default(), step)
        .await?;
    println!(
        "5. Backup before-upgrade to {}: {}; restored: {}",
        location.map(|l| l.name).unwrap_or_else(|| "?".into()),
        done.state,
        restored.state
    );

    // 6. Machine pools: a tainted GPU pool added beside the workers, the workers scaled.
    let pools = clusters.machine_pools(&cluster);
    pools
        .add(
            MachinePool::new("gpu", "g5.xlarge", 1)
                .autoscale(1, 4)
                .taint("nvidia.com/gpu", "true", TaintEffect::NoSchedule),
        )
        .await?;
    pools.scale("workers", 3).await?;
    let listed = pools.list().await?;
    let shape: Vec<String> = listed
        .iter()
        .map(|pool| {
            let ready = pool.nodes.iter().filter(|node| node.ready).count();
            format!("{} {ready}/{}", pool.name, pool.size)
        })
        .collect();
    println!("6. Pools of day2-east (ready/size): {}", shape.join(", "));

    // 7. A running cluster imported: the command to run on it, then Palette sees it run.
    let imported = clusters
        .import(ImportCluster::generic("legacy-west"))
        .await?;
    let how = clusters.import_instructions(&imported).await?;
    clusters.import_manifest(&imported).await?; // what `kubectl apply -f` fetches
    fake.advance(Duration::from_secs(3600));
    let running = clusters
        .wait_until_running(&imported, WaitOptions::default(), |_| {})
        .await?;
    println!(
        "7. Imported legacy-west with `{}`: {}",
        how.apply_command, running.state
    );

    // 8. A virtual cluster in the `beehive` group: running, resized, paused, resumed.
    let group = project.cluster_groups().get_by_name("beehive").await?;
    let dev = clusters
        .create(
            VirtualCluster::in_cluster_group("dev-team", group.uid().unwrap_or_default())
                .limits(4, 8192, 20),
        )
        .await?;
    fake.advance(Duration::from_secs(3600));
    clusters
        .wait_until_running(&dev, WaitOptions::default(), |_| {})
        .await?;
    clusters
        .resize_virtual(&dev, VirtualClusterSize::new(8, 16384, 40))
        .await?;
    let lifecycle_step = |_: &_| fake.advance(FakePalette::LIFECYCLE_STEP);
    clusters.pause(&dev).await?;
    let paused = clusters
        .wait_until_paused(&dev, WaitOptions::default(), lifecycle_step)
        .await?;
    clusters.resume(&dev).await?;
    let resumed = clusters
        .wait_until_resumed(&dev, WaitOptions::default(), lifecycle_step)
        .await?;
    println!(
        "8. Virtual cluster dev-team: resized to 8 CPU, paused ({}), resumed ({})",
        paused.is_paused(),
        resumed.is_resumed()
    );
    Ok(())
}
