//! The one place for progenitor settings, the document's lint rules and edits to the generated code, shared by build.rs and xtask.
//!
//! Both `build.rs` and `xtask` include this folder with `#[path]`, so the code users compile
//! and the committed snapshot under `openapi/generated/` always come from the same settings.
//!
//! The pipeline: [`load()`] merges the document's files; [`lint()`] checks its rules; [`prepare()`]
//! names every inline schema on the whole document (so names never depend on the features);
//! [`prune`] keeps the enabled categories; [`generate`] runs progenitor and edits its output.

mod constructors;
mod contract;
mod decode;
mod derives;
mod edits;
mod enums;
mod features;
mod inline;
mod lint;
mod load;
mod operations;
mod prepare;
mod rust_types;
mod samples;
mod secrets;
mod slim;
mod source;
mod walk;

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use serde_json::Value;

// build.rs and xtask each use part of what follows.
#[allow(unused_imports)]
pub use constructors::add as add_constructors;
#[allow(unused_imports)]
pub use decode::optional_fields as decode_optional_fields;
#[allow(unused_imports)]
pub use edits::{fix_mock, trim_client, trim_client_with};
#[allow(unused_imports)]
pub use inline::client as inline_client;
#[allow(unused_imports)]
pub use lint::lint;
#[allow(unused_imports)]
pub use load::{
    CATEGORY_DIR, DOCUMENT_DIR, Document, ROOT_FILE, SHARED_FILE, document_files, load,
};
#[allow(unused_imports)]
pub use prepare::{CORE_OPERATIONS, WORKFLOW_OPERATIONS, feature_name, prepare, prune, tags};
#[allow(unused_imports)]
pub use secrets::{
    SECRETS_FILE, Secrets, candidates as credential_candidates,
    classification as secrets_classification,
};
#[allow(unused_imports)]
pub use slim::drop_struct_builders;
#[allow(unused_imports)]
pub use source::to_source;

/// Operations progenitor cannot generate, written by hand in `src/hand_written/`: the
/// `multipart/form-data` uploads, and an operation whose two success replies have different
/// bodies. The lint checks this list against the document both ways.
pub const HAND_WRITTEN: &[&str] = &[
    "clusterFeatureLogFetcherLogUpdate",
    "clusterProfilesImportFile",
    "customCloudTypeBootstrapUpdate",
    "customCloudTypeCloudProviderUpdate",
    "customCloudTypeClusterTemplateUpdate",
    "customCloudTypeControlPlanePoolTemplateUpdate",
    "customCloudTypeControlPlaneUpdate",
    "customCloudTypeCoreUpdate",
    "customCloudTypeLogoUpdate",
    "customCloudTypeWorkerPoolTemplateUpdate",
    "systemActivate",
];

/// Files outside the document whose change must rerun generation.
pub const CODEGEN_DIR: &str = "openapi/codegen";

/// The inner state type every generated `Client` carries (see `src/state/mod.rs`).
const INNER_TYPE: &str = "crate::state::ClientState";

/// What generation produces.
pub struct Output {
    /// The items of the client's `mod types` (see [`split_types`]).
    pub types: TokenStream,
    /// The client without its types: the `Client`, one trait per category, the request
    /// builders.
    pub client: TokenStream,
    /// progenitor's httpmock helpers (the `mock` feature).
    pub mock: TokenStream,
    /// The operation table, the `Call` and `Paged` impls.
    pub operations: TokenStream,
    /// The open enums.
    pub enums: TokenStream,
    /// The contract test cases, for `tests/contract.rs`.
    pub contract: TokenStream,
}

/// The progenitor settings of the crate, with `open_enums` replaced by our own types.
pub fn settings(open_enums: &[String]) -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Separate)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(INNER_TYPE.parse().expect("inner type path"))
        .with_map_type("std::collections::BTreeMap")
        .with_derive("PartialEq");
    // Palette documents a few whole numbers as `type: number, format: int64` (Go int64 fields).
    // An f64 would be sent as `720.0`, which Go refuses to read into an int64, so they are i64.
    settings.with_conversion(
        schemars::schema::SchemaObject {
            instance_type: Some(schemars::schema::InstanceType::Number.into()),
            format: Some("int64".to_string()),
            ..Default::default()
        },
        "i64",
        [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
    );
    for name in open_enums {
        settings.with_replacement(
            name,
            format!(
                "crate::enums::{}",
                heck::ToPascalCase::to_pascal_case(name.as_str())
            ),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }
    settings
}

/// The categories enabled in a build, from the features cargo passes to build scripts
/// (`CARGO_FEATURE_API_KEYS` for `Api Keys`).
pub fn enabled_tags(doc: &Value, feature_on: impl Fn(&str) -> bool) -> BTreeSet<String> {
    tags(doc)
        .into_iter()
        .filter(|tag| feature_on(&feature_name(tag)))
        .collect()
}

/// The document ready for generation: pruned to a build's categories, and whole (for what
/// must not depend on the features, such as the docs' feature badges).
pub struct Ready {
    pub pruned: Value,
    pub full: Value,
}

/// Generates everything from a prepared and pruned document.
#[allow(dead_code)]
pub fn generate(ready: &Ready) -> Result<Output, String> {
    generate_for(ready, true)
}

/// Generates the client, the operation table and the enums; the mocks and the contract cases
/// too when `for_tests`, else they are empty.
pub fn generate_for(ready: &Ready, for_tests: bool) -> Result<Output, String> {
    // progenitor sees every operation but the hand-written ones; the operation table has all.
    let doc = &without_operations(&ready.pruned, HAND_WRITTEN);
    let features = features::compute(&ready.full);
    let spec: openapiv3::OpenAPI = serde_json::from_value(doc.clone())
        .map_err(|e| format!("not an OpenAPI 3.0 document: {e}"))?;
    let open_enums = enums::names(doc);
    let settings = settings(&open_enums);
    let client = Generator::new(&settings)
        .generate_tokens(&spec)
        .map_err(|e| format!("progenitor: {e}"))?;
    // One parse of progenitor's output for all the edits.
    let mut file: syn::File =
        syn::parse2(client).map_err(|e| format!("progenitor's client does not parse: {e}"))?;
    edits::trim_file(&mut file, &comma_joined(doc))?;
    slim::drop_struct_builders(&mut file)?;
    constructors::add(&mut file);
    decode::optional_fields(&mut file)?;
    let secrets = secrets::find(doc)?;
    secrets::mask(&mut file, &secrets)?;
    features::annotate(&mut file, &features);
    if inline::client(&mut file) == 0 && !walk::operations(doc).is_empty() {
        return Err(
            "found no request builder to mark #[inline]; update openapi/codegen/inline.rs".into(),
        );
    }
    let types = split_types(&mut file);
    let client = quote::ToTokens::into_token_stream(file);
    let mock = if for_tests {
        let mock = Generator::new(&settings)
            .httpmock(&spec, "crate")
            .map_err(|e| format!("progenitor (httpmock): {e}"))?;
        edits::fix_mock(mock, &comma_joined(doc))?
    } else {
        TokenStream::new()
    };
    Ok(Output {
        types,
        client,
        mock,
        operations: {
            let mut table = operations::table(&ready.pruned, HAND_WRITTEN)?;
            table.extend(operations::features_of_all(&ready.full));
            table.extend(operations::resource_impls(&ready.pruned));
            table
        },
        enums: enums::generate(doc, &features),
        contract: if for_tests {
            contract::cases(doc, &secrets)?
        } else {
            TokenStream::new()
        },
    })
}

/// Takes the generated client's `mod types` out of `file` and returns its items: the crate
/// compiles the types (types.rs) in a layer below the client and its request builders
/// (client.rs).
pub fn split_types(file: &mut syn::File) -> TokenStream {
    let at = file
        .items
        .iter()
        .position(|item| matches!(item, syn::Item::Mod(m) if m.ident == "types"));
    match at.map(|at| file.items.remove(at)) {
        Some(syn::Item::Mod(module)) => {
            let items = module.content.map(|(_, items)| items).unwrap_or_default();
            quote::quote! { #(#items)* }
        }
        _ => TokenStream::new(),
    }
}

/// How many operations a (pruned) document has.
#[allow(dead_code)]
pub fn operation_count(doc: &Value) -> usize {
    walk::operations(doc).len()
}

/// The query arrays sent as one comma-joined value (`explode: false`), by request builder.
fn comma_joined(doc: &Value) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut out: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for op in walk::operations(doc) {
        for param in walk::parameters(doc, &op) {
            if param.get("in") == Some(&Value::from("query"))
                && param.get("explode") == Some(&Value::Bool(false))
                && let Some(name) = param.get("name").and_then(Value::as_str)
            {
                out.entry(heck::ToPascalCase::to_pascal_case(op.id.as_str()))
                    .or_default()
                    .push(name.to_string());
            }
        }
    }
    out
}

/// The document without the operations `ids` (their schemas stay).
fn without_operations(doc: &Value, ids: &[&str]) -> Value {
    let mut out = doc.clone();
    if let Some(paths) = out.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            if let Some(item) = item.as_object_mut() {
                item.retain(|_, op| {
                    op.get("operationId")
                        .and_then(Value::as_str)
                        .is_none_or(|id| !ids.contains(&id))
                });
            }
        }
        paths.retain(|_, item| {
            item.as_object()
                .is_some_and(|i| walk::METHODS.iter().any(|(m, _)| i.contains_key(*m)))
        });
    }
    out
}

/// Lints, prepares and prunes the document to the enabled categories: what [`generate`]
/// takes. `None` enables every category.
pub fn ready(raw: &Value, enabled: Option<&BTreeSet<String>>) -> Result<Ready, String> {
    let violations = lint(raw);
    if !violations.is_empty() {
        let list = violations
            .iter()
            .map(|v| format!("  - {v}"))
            .collect::<Vec<_>>()
            .join("\n");
        return Err(format!(
            "the document under {DOCUMENT_DIR}/ breaks {} rule(s) of openapi/README.md:\n{list}",
            violations.len()
        ));
    }
    let full = prepare(raw)?;
    let all = tags(raw);
    Ok(Ready {
        pruned: prune(&full, enabled.unwrap_or(&all)),
        full,
    })
}
