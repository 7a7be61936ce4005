//! The quickstart: who am I, list workspaces, create one, back it up, restore it, clean up; then a cluster's whole life: cloud account, profile, create, wait until running, kubeconfig, scale, delete.
//!
//! With `PALETTE_API_KEY` (or `SPECTROCLOUD_APIKEY`) set it talks to your Palette
//! (`PALETTE_HOST`, default api.spectrocloud.com) in `PALETTE_PROJECT_UID`'s project or
//! "Default". Against a real Palette it only reads, unless you also name a cluster to build the
//! demo workspace on (`PALETTE_CLUSTER_UID`) and, for the backup steps, a backup location
//! (`PALETTE_BACKUP_LOCATION_UID`, `PALETTE_BACKUP_LOCATION_NAME`); and, for the cluster
//! steps, an AWS cloud account by name (`PALETTE_CLOUD_ACCOUNT`) and an infrastructure
//! profile by uid (`PALETTE_CLUSTER_PROFILE_UID`), with `PALETTE_AWS_REGION` (default
//! us-east-1) and `PALETTE_AWS_SSH_KEY`. Those steps create a real cluster, which costs money.
//!
//! Without credentials it starts the embedded fake Palette and runs every step against it.

use std::time::Duration;

use palette_sdk::config::{EnvConfig, ProjectRef};
use palette_sdk::enums::ProfileType;
use palette_sdk::ext::{
    Allocation, AwsCluster, BackupSettings, ClusterFilter, ClusterStatus, DeleteOptions,
    MachinePool, Namespace, NewClusterProfile, NewWorkspace,
};
use palette_sdk::prelude::*;
use palette_sdk::testing::{FakePalette, seed};
use palette_sdk::wait::{RunStatus, WaitOptions};

/// What the demo may touch.
struct Demo {
    client: Client,
    cluster: Option<(String, String)>,
    backup_location: Option<(String, String)>,
    new_cluster: Option<NewClusterPlan>,
    poll: Duration,
}

/// Where the demo cluster goes: a cloud account by name, and an infrastructure profile by uid
/// (`None`: the demo creates one, as it does on the fake).
struct NewClusterPlan {
    cloud_account: String,
    profile_uid: Option<String>,
    region: String,
    ssh_key: String,
}

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
    let env = EnvConfig::from_process_env();
    let _fake; // kept alive until the end when used
    let demo = if env.has_api_key() {
        println!(
            "Using the Palette at {}",
            env.host.as_deref().unwrap_or("api.spectrocloud.com")
        );
        let mut client = env.connect().await?;
        if env.project.is_none() {
            client = client.with_project_name("Default").await?;
        }
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Demo {
            client,
            cluster: var("PALETTE_CLUSTER_UID")
                .map(|uid| (uid, var("PALETTE_CLUSTER_NAME").unwrap_or_default())),
            backup_location: var("PALETTE_BACKUP_LOCATION_UID")
                .zip(var("PALETTE_BACKUP_LOCATION_NAME")),
            new_cluster: var("PALETTE_CLOUD_ACCOUNT")
                .zip(var("PALETTE_CLUSTER_PROFILE_UID"))
                .map(|(cloud_account, profile)| NewClusterPlan {
                    cloud_account,
                    profile_uid: Some(profile),
                    region: var("PALETTE_AWS_REGION").unwrap_or_else(|| "us-east-1".into()),
                    ssh_key: var("PALETTE_AWS_SSH_KEY").unwrap_or_default(),
                }),
            poll: Duration::from_secs(10),
        }
    } else {
        let fake = FakePalette::start().await?;
        println!(
            "No PALETTE_API_KEY set: using an embedded fake Palette at {} (set PALETTE_API_KEY to use yours)",
            fake.url()
        );
        let client = fake.client()?.with_project_name("Default").await?;
        _fake = fake;
        let (uid, name, _) = seed::CLUSTERS[0];
        Demo {
            client,
            cluster: Some((uid.to_string(), name.to_string())),
            backup_location: Some(("64f0c1d2e3a4b5c6d7e8f901".into(), "demo-s3".into())),
            new_cluster: Some(NewClusterPlan {
                cloud_account: seed::CLOUD_ACCOUNTS[0].1.to_string(),
                profile_uid: None,
                region: "us-east-1".into(),
                ssh_key: "demo".into(),
            }),
            poll: Duration::from_millis(200),
        }
    };
    if let Some(ProjectRef::Name(name)) = &env.project {
        println!(
            "Project {name:?} resolved to {}",
            demo.client
                .scope()
                .project_uid()
                .map(|p| p.as_str())
                .unwrap_or("?")
        );
    }
    steps(&demo).await?;
    cluster_steps(&demo).await
}

async fn steps(demo: &Demo) -> Result<(), Box<dyn std::error::Error>> {
    let client = &demo.client;
    let me = client.users_info_get().send().await?;
    println!(
        "1. Signed in as user {} of {}",
        me.user_uid.as_deref().unwrap_or("?"),
        me.org_name.as_deref().unwrap_or("?")
    );

    let listed = client.workspaces().list().await?;
    let names: Vec<_> = listed
        .iter()
        .filter_map(|ws| ws.metadata.as_ref().and_then(|m| m.name.clone()))
        .collect();
    let shown = if names.is_empty() {
        "none yet".to_string()
    } else {
        names.join(", ")
    };
    println!("2. {} workspace(s) in the project: {shown}", names.len());

    let Some((cluster_uid, cluster_name)) = &demo.cluster else {
        println!(
            "3-7. Skipped (read-only: set PALETTE_CLUSTER_UID to also create, back up and restore a workspace)."
        );
        return Ok(());
    };
    let name = format!("sdk-quickstart-{}", std::process::id());
    let uid = client
        .workspaces()
        .create(
            NewWorkspace::new(&name)
                .cluster(cluster_uid, cluster_name)
                .namespace(
                    Namespace::new("quickstart").default_allocation(Allocation::new(1.0, 1024.0)),
                )
                .quota(Allocation::new(2.0, 2048.0)),
        )
        .await?;
    println!(
        "3. Created workspace {name} ({uid}) with namespace \"quickstart\" and a 2-core, 2 GiB quota"
    );

    let outcome = backup_and_restore(demo, &uid).await;
    client.workspaces().delete(&uid).await?;
    println!("7. Deleted workspace {name}");
    outcome
}

async fn backup_and_restore(demo: &Demo, uid: &str) -> Result<(), Box<dyn std::error::Error>> {
    let Some((location_uid, location_name)) = &demo.backup_location else {
        println!(
            "4-6. Skipped backups: set PALETTE_BACKUP_LOCATION_UID and PALETTE_BACKUP_LOCATION_NAME"
        );
        return Ok(());
    };
    let backups = demo.client.workspaces().backups(uid);
    let settings = BackupSettings::new("quickstart", location_name, location_uid).retain_hours(24);
    backups
        .configure(settings.clone().schedule("0 3 * * *"))
        .await?;
    println!("4. Configured nightly backups to {location_name}");

    let options = WaitOptions::default()
        .interval(demo.poll)
        .timeout(Duration::from_secs(30 * 60));
    let run = backups.run_now(settings).await?;
    let done = backups
        .wait_for_backup(&run, options, show("5. Backup"))
        .await?;
    println!(
        "5. Backup {run} {} on {} cluster(s)",
        done.state,
        done.clusters.len()
    );

    let restore = backups.restore(&run).await?;
    let done = backups
        .wait_for_restore(&restore, options, show("6. Restore"))
        .await?;
    println!("6. Restore {restore} {}", done.state);
    Ok(())
}

/// A progress line per state change.
fn show(step: &'static str) -> impl FnMut(&RunStatus) {
    let mut last = String::new();
    move |status| {
        if status.state != last {
            println!(
                "   {step}: {}",
                if status.state.is_empty() {
                    "waiting"
                } else {
                    &status.state
                }
            );
            last = status.state.clone();
        }
    }
}

/// A cluster's life: find the cloud account, make a profile, create the cluster, wait until it
/// runs, read its kubeconfig, scale a pool, delete it and wait until it is gone.
async fn cluster_steps(demo: &Demo) -> Result<(), Box<dyn std::error::Error>> {
    let clusters = demo.client.clusters();
    let running = clusters.list(ClusterFilter::new().state("Running")).await?;
    println!("8. {} running cluster(s) in the project", running.len());
    let Some(plan) = &demo.new_cluster else {
        println!(
            "Done (read-only: set PALETTE_CLOUD_ACCOUNT and PALETTE_CLUSTER_PROFILE_UID to also create, scale and delete a cluster)."
        );
        return Ok(());
    };
    let account = demo
        .client
        .cloud_accounts()
        .get_by_name(&plan.cloud_account, Some("aws"))
        .await?;
    let account_uid = account
        .metadata
        .and_then(|m| m.uid)
        .ok_or("the cloud account has no uid")?;
    println!(
        "9. Found AWS cloud account {} ({account_uid})",
        plan.cloud_account
    );

    let profile_uid = match &plan.profile_uid {
        Some(uid) => uid.clone(),
        None => {
            let uid = demo
                .client
                .cluster_profiles()
                .create(
                    NewClusterProfile::new("sdk-quickstart-infra", "1.0.0")
                        .description("Made by the palette-sdk quickstart")
                        .cloud_type("aws")
                        .profile_type(ProfileType::Infra)
                        .published(),
                )
                .await?;
            println!("   Created cluster profile sdk-quickstart-infra 1.0.0 ({uid})");
            uid
        }
    };

    let name = format!("sdk-quickstart-{}", std::process::id());
    let uid = clusters
        .create(
            AwsCluster::new(&name, &account_uid, &plan.region)
                .ssh_key_name(&plan.ssh_key)
                .profile(&profile_uid)
                .tag("created-by:palette-sdk")
                .control_plane(MachinePool::new("control-plane", "m5.large", 1))
                .worker_pool(MachinePool::new("workers", "m5.large", 1)),
        )
        .await?;
    println!("10. Created cluster {name} ({uid}) from profile {profile_uid}");

    let options = WaitOptions::default()
        .interval(demo.poll)
        .timeout(Duration::from_secs(60 * 60));
    let outcome = use_cluster(demo, &uid, options).await;

    clusters.delete(&uid, DeleteOptions::new()).await?;
    clusters
        .wait_until_deleted(&uid, options, cluster_progress("13. Deleting"))
        .await?;
    println!("13. Deleted cluster {name}");
    if plan.profile_uid.is_none() {
        demo.client.cluster_profiles().delete(&profile_uid).await?;
        println!("   Deleted cluster profile sdk-quickstart-infra");
    }
    outcome
}

/// What the demo does with the cluster once created (it is deleted whatever happens here).
async fn use_cluster(
    demo: &Demo,
    uid: &str,
    options: WaitOptions,
) -> Result<(), Box<dyn std::error::Error>> {
    let clusters = demo.client.clusters();
    let running = clusters
        .wait_until_running(uid, options, cluster_progress("10. Cluster"))
        .await?;
    println!(
        "10. Cluster {} is {} and {}",
        running.name,
        running.state,
        running.health.as_deref().unwrap_or("?")
    );
    let kubeconfig = clusters.kubeconfig(uid).await?;
    println!(
        "11. Kubeconfig ({} lines), first: {}",
        kubeconfig.lines().count(),
        kubeconfig.lines().next().unwrap_or_default()
    );
    clusters.scale_pool(uid, "workers", 2).await?;
    println!("12. Scaled pool workers to 2 nodes");
    Ok(())
}

/// A progress line per state change of a cluster, with its newest condition.
fn cluster_progress(step: &'static str) -> impl FnMut(&ClusterStatus) {
    let mut last = String::new();
    move |status| {
        if status.state != last {
            let condition = status
                .conditions
                .last()
                .map(|c| {
                    let kind = c.type_.as_deref().unwrap_or("?");
                    format!(" ({kind}: {})", c.status.as_deref().unwrap_or("?"))
                })
                .unwrap_or_default();
            println!("   {step}: {}{condition}", status.state);
            last = status.state.clone();
        }
    }
}
