//! The README's first command, and the day-2 tour: each example runs against the embedded fake with no account.

use std::path::PathBuf;
use std::process::Command;

/// The example `name` as `cargo test` builds it (target/<profile>/examples), or, when the
/// tests were built without examples, `cargo run --example <name>` itself.
fn example(name: &str) -> Command {
    let exe = std::env::current_exe().unwrap();
    let examples: PathBuf = exe
        .parent()
        .and_then(|deps| deps.parent())
        .unwrap()
        .join("examples");
    let built = examples.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if built.exists() {
        return Command::new(built);
    }
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo
        .args(["run", "--quiet", "--example", name])
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cargo
}

#[test]
fn the_quickstart_runs_every_step_against_the_fake_without_credentials() {
    let mut command = example("quickstart");
    for name in palette_sdk::EnvConfig::VARIABLES {
        command.env_remove(name);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("embedded fake Palette"), "{stdout}");
    for step in [
        "1. Signed in",
        "3. Created workspace",
        "5. Backup",
        "Completed",
        "6. Restore",
        "7. Deleted",
        "9. Found AWS cloud account",
        "10. Created cluster",
        "10. Cluster: Provisioning",
        "Running and Healthy",
        "11. Kubeconfig",
        "12. Scaled pool workers",
        "13. Deleted cluster",
    ] {
        assert!(stdout.contains(step), "missing {step:?} in:\n{stdout}");
    }
}

#[cfg(all(
    feature = "testing",
    feature = "packs",
    feature = "registries",
    feature = "edgehosts",
    feature = "users",
    feature = "spectroclusters",
    feature = "clusterprofiles",
    feature = "cloudaccounts",
    feature = "cloudconfigs",
    feature = "clustergroups"
))]
#[test]
fn the_day2_tour_runs_every_workflow_against_the_fake() {
    let output = example("day2").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for step in [
        "1. Packs: kubernetes 1.32.2 and ubuntu-aws 22.04",
        "2. Profile day2-base: 1.0.0",
        "then 1.1.0",
        "3. Cluster day2-east is Running; moved to day2-base 1.1.0",
        "4. Edge site 42: 2 host(s) registered and tagged rack:b",
        "5. Backup before-upgrade to default-s3: Completed; restored: Completed",
        "6. Pools of day2-east (ready/size): control-plane 1/1, workers 3/3, gpu 1/1",
        "7. Imported legacy-west with `kubectl apply -f ",
        "/import/manifest`: Running",
        "8. Virtual cluster dev-team: resized to 8 CPU, paused (true), resumed (true)",
    ] {
        assert!(stdout.contains(step), "missing {step:?} in:\n{stdout}");
    }
}
