//! Lints openapi/palette.yaml and generates the client, mock helpers and operation table into OUT_DIR.

#[path = "openapi/codegen.rs"]
mod codegen;

use std::path::{Path, PathBuf};

fn main() {
    for input in codegen::INPUTS {
        println!("cargo:rerun-if-changed={input}");
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
    let doc = codegen::load(&root.join(codegen::DOCUMENT))?;
    let violations = codegen::lint(&doc.raw);
    if !violations.is_empty() {
        let list = violations
            .iter()
            .map(|v| format!("  - {v}"))
            .collect::<Vec<_>>()
            .join("\n");
        return Err(format!(
            "{} breaks {} rule(s) of openapi/README.md:\n{list}",
            codegen::DOCUMENT,
            violations.len()
        ));
    }
    let generated = codegen::generate(&doc)?;
    for (name, tokens) in [
        ("client.rs", &generated.client),
        ("mock.rs", &generated.mock),
        ("operations.rs", &generated.operations),
    ] {
        let path = out.join(name);
        std::fs::write(&path, tokens.to_string())
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
