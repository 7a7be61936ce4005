//! The README's first command: the quickstart runs against the embedded fake with no account.

use std::path::PathBuf;
use std::process::Command;

/// The quickstart as `cargo test` builds it (target/<profile>/examples), or, when the tests
/// were built without examples, `cargo run --example quickstart` itself.
fn quickstart() -> Command {
    let exe = std::env::current_exe().unwrap();
    let examples: PathBuf = exe
        .parent()
        .and_then(|deps| deps.parent())
        .unwrap()
        .join("examples");
    let built = examples.join(format!("quickstart{}", std::env::consts::EXE_SUFFIX));
    if built.exists() {
        return Command::new(built);
    }
    let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cargo
        .args(["run", "--quiet", "--example", "quickstart"])
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cargo
}

#[test]
fn the_quickstart_runs_every_step_against_the_fake_without_credentials() {
    let mut command = quickstart();
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
