//! The Rust type progenitor and typify give a schema, for code generated beside theirs.

use heck::ToPascalCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::enums;

/// The type of `schema` as seen from outside the crate (`root` is `crate` or `palette_sdk`).
/// `nullable` schemas are `Option`s, as typify makes them.
pub fn rust_type(doc: &Value, schema: &Value, root: &TokenStream) -> Result<TokenStream, String> {
    let inner = plain_type(doc, schema, root)?;
    Ok(if is_nullable(schema) {
        quote! { ::std::option::Option<#inner> }
    } else {
        inner
    })
}

/// Whether typify wraps the schema in an `Option`.
pub fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable") == Some(&Value::Bool(true))
}

fn plain_type(doc: &Value, schema: &Value, root: &TokenStream) -> Result<TokenStream, String> {
    if let Some(name) = super::walk::ref_name(schema) {
        let ident = format_ident!("{}", name.to_pascal_case());
        let target = doc
            .pointer(&format!("/components/schemas/{name}"))
            .ok_or_else(|| format!("no schema {name}"))?;
        return Ok(if enums::is_string_enum(target) {
            quote! { #root::enums::#ident }
        } else {
            quote! { #root::types::#ident }
        });
    }
    if let Some(Value::Array(parts)) = schema.get("allOf")
        && let [single] = parts.as_slice()
    {
        return plain_type(doc, single, root);
    }
    let format = schema.get("format").and_then(Value::as_str);
    Ok(match schema.get("type").and_then(Value::as_str) {
        Some("string") => match format {
            Some("date-time") => quote! { ::chrono::DateTime<::chrono::offset::Utc> },
            _ => quote! { ::std::string::String },
        },
        Some("integer") => match format {
            Some("int8") => quote! { i8 },
            Some("int16") => quote! { i16 },
            Some("int32") => quote! { i32 },
            Some("uint8") => quote! { u8 },
            Some("uint16") => quote! { u16 },
            Some("uint32") => quote! { u32 },
            Some("uint64") => quote! { u64 },
            _ => quote! { i64 },
        },
        Some("number") => match format {
            Some("float") => quote! { f32 },
            Some("int64") => quote! { i64 },
            _ => quote! { f64 },
        },
        Some("boolean") => quote! { bool },
        Some("array") => {
            let items = rust_type(doc, schema.get("items").unwrap_or(&Value::Null), root)?;
            quote! { ::std::vec::Vec<#items> }
        }
        Some("object") => match schema.get("additionalProperties") {
            Some(values @ Value::Object(_)) => {
                let values = rust_type(doc, values, root)?;
                quote! { ::std::collections::BTreeMap<::std::string::String, #values> }
            }
            _ => quote! { ::serde_json::Map<::std::string::String, ::serde_json::Value> },
        },
        _ => quote! { ::serde_json::Value },
    })
}
