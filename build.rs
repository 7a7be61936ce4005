//! Lints the document under openapi/, prunes it to the enabled categories, and generates the client, mocks, operation table, open enums and contract cases into OUT_DIR.

#[path = "openapi/codegen/mod.rs"]
mod codegen;

use std::path::{Path, PathBuf};

fn main() {
    for watched in [
        codegen::ROOT_FILE,
        codegen::SHARED_FILE,
        codegen::CATEGORY_DIR,
        codegen::CODEGEN_DIR,
        codegen::SECRETS_FILE,
    ] {
        println!("cargo:rerun-if-changed={watched}");
    }
    let root = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    if let Err(message) = run(&root, &out) {
        eprintln!("{message}");
        std::process::exit(1);
    }
}

fn run(root: &Path, out: &Path) -> Result<(), String> {
    let doc = codegen::load(root)?;
    // Cargo sets CARGO_FEATURE_<NAME> for every enabled feature (`full` enables them all).
    let enabled = codegen::enabled_tags(&doc.raw, |feature| {
        std::env::var_os(format!("CARGO_FEATURE_{}", feature.to_uppercase())).is_some()
    });
    let ready = codegen::ready(&doc.raw, Some(&enabled))?;
    // The mocks and the contract cases are for tests: generated only with the `mock`
    // feature (which the crate's own tests turn on), else left empty.
    let for_tests = std::env::var_os("CARGO_FEATURE_MOCK").is_some();
    let generated = codegen::generate_for(&ready, for_tests)?;
    for (name, tokens) in [
        ("types.rs", &generated.types),
        ("client.rs", &generated.client),
        ("mock.rs", &generated.mock),
        ("operations.rs", &generated.operations),
        ("enums.rs", &generated.enums),
        ("contract.rs", &generated.contract),
    ] {
        let path = out.join(name);
        std::fs::write(&path, codegen::to_source(tokens))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
