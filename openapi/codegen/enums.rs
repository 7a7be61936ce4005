//! Open enums for every string enum of the document: named variants plus `Unknown(String)`.
//!
//! Palette adds values over time, so no enum the SDK decodes may be closed. Each named
//! schema with `type: string` and an `enum` becomes an invocation of the hand-written
//! `open_enum!` macro (`src/codec/open_enum.rs`), and progenitor is told to use that type wherever
//! the schema is referenced.

use heck::ToPascalCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

/// The names of the schemas that become open enums: string schemas with an `enum`.
pub fn names(doc: &Value) -> Vec<String> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, schema)| is_string_enum(schema))
        .map(|(name, _)| name.clone())
        .collect()
}

pub fn is_string_enum(schema: &Value) -> bool {
    schema.get("type") == Some(&Value::from("string")) && schema.get("enum").is_some()
}

/// The Rust identifier of a wire value: PascalCase, `V` before a leading digit, `Empty` for
/// the empty string, and a trailing `_` where it would clash with `Unknown` or a keyword.
pub fn variant_ident(value: &str) -> String {
    let mut ident: String = value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect();
    if ident.is_empty() {
        ident = "Empty".into();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, 'V');
    }
    if matches!(ident.as_str(), "Unknown" | "Self") {
        ident.push('_');
    }
    ident
}

/// The variants of one enum: (identifier, wire value), identifiers made unique.
pub fn variants(schema: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for value in schema
        .get("enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let wire = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if out.iter().any(|(_, w)| *w == wire) {
            continue;
        }
        let mut ident = variant_ident(&wire);
        while out.iter().any(|(i, _)| *i == ident) {
            ident.push('_');
        }
        out.push((ident, wire));
    }
    out
}

/// The `open_enum!` invocations for every string enum of `doc`.
pub fn generate(doc: &Value, features: &super::features::FeatureMap) -> TokenStream {
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    let mut items = Vec::new();
    for (name, schema) in schemas.into_iter().flatten() {
        if !is_string_enum(schema) {
            continue;
        }
        let ident = format_ident!("{}", name.to_pascal_case());
        let doc = schema
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| format!("A value of Palette's `{name}`."));
        let variants = variants(schema).into_iter().map(|(variant, wire)| {
            let variant = format_ident!("{variant}");
            let variant_doc = format!("`{wire}`");
            quote! { #[doc = #variant_doc] #variant = #wire, }
        });
        let badge = features
            .types
            .get(&name.to_pascal_case())
            .and_then(super::features::attribute);
        items.push(quote! {
            crate::codec::open_enum::open_enum! {
                #[doc = #doc]
                #badge
                #ident { #(#variants)* }
            }
        });
    }
    quote! { #(#items)* }
}
