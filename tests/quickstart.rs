//! The README's first command: the quickstart runs against the embedded fake with no account.

use std::path::PathBuf;
use std::process::Command;

/// `cargo test` builds the examples next to the test binaries: target/<profile>/examples.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

#[test]
fn the_quickstart_runs_every_step_against_the_fake_without_credentials() {
    let binary = example("quickstart");
    assert!(binary.exists(), "{} was not built", binary.display());
    let mut command = Command::new(&binary);
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
    ] {
        assert!(stdout.contains(step), "missing {step:?} in:\n{stdout}");
    }
}
