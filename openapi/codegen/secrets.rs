//! Secrets in generated types: which fields carry one, found from the document, and a `Debug` that masks them.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToPascalCase, ToSnakeCase};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;
use syn::visit_mut::{self, VisitMut};

use super::walk;

/// Whether a field or parameter of this name carries a secret, by the names Palette uses:
/// passwords, tokens, API keys, secret and private keys, client secrets, credentials files.
pub fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let ends = |suffix: &str| n.ends_with(suffix);
    ends("password")
        || n == "passwords"
        || ends("token")
        || ends("secret")
        || ends("secretkey")
        || ends("privatekey")
        || ends("apikey")
        || ends("clientkey")
        || ends("encryptionkey")
        || ends("pairingkey")
        || n == "activationkey"
        || n == "authorization"
        || n == "jsoncredentials"
        || n == "tokenkubeconfig"
}

fn is_secret(name: &str, schema: &Value) -> bool {
    // A flag or a number named like a secret (`enforceServiceAuthToken`) says nothing secret.
    let plain = matches!(
        schema.get("type").and_then(Value::as_str),
        Some("boolean" | "integer" | "number")
    );
    !plain && (is_secret_name(name) || schema.get("format") == Some(&Value::from("password")))
}

/// Whether a field of the schema `owner` carries a secret: by its own name or format, or the
/// `key` of an API key object (`ApiKeySpec.key`).
fn is_secret_field(owner: &str, name: &str, schema: &Value) -> bool {
    is_secret(name, schema) || (name == "key" && owner.contains("ApiKey"))
}

/// The Rust field name typify and progenitor give a property or parameter.
pub fn field_ident(name: &str) -> String {
    let cleaned: String = name
        .replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut out = cleaned.to_snake_case();
    if out.is_empty() {
        out = "x".into();
    } else if !out.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        out = format!("x_{out}");
    }
    if syn::parse_str::<syn::Ident>(&out).is_err() || out == "gen" {
        out.push('_');
    }
    out
}

/// The secret fields of the document's types and request builders.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Secrets {
    /// Type name (in `types`) -> its secret fields, as (property, field).
    pub types: BTreeMap<String, BTreeSet<(String, String)>>,
    /// Request builder name (in `builder`) -> its secret parameters, as (parameter, field).
    pub builders: BTreeMap<String, BTreeSet<(String, String)>>,
}

/// Finds every secret field of `doc` (a prepared document: inline objects already named).
pub fn find(doc: &Value) -> Secrets {
    let mut secrets = Secrets::default();
    for (name, schema) in doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (prop, child) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let child = walk::resolve(doc, child);
            if is_secret_field(name, prop, child) {
                secrets
                    .types
                    .entry(name.to_pascal_case())
                    .or_default()
                    .insert((prop.clone(), field_ident(prop)));
            }
        }
    }
    for op in walk::operations(doc) {
        for param in walk::parameters(doc, &op) {
            let name = param
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let schema = param.get("schema").unwrap_or(&Value::Null);
            if param.get("in") != Some(&Value::from("header")) && is_secret(name, schema) {
                secrets
                    .builders
                    .entry(op.id.to_pascal_case())
                    .or_default()
                    .insert((name.to_string(), field_ident(name)));
            }
        }
    }
    secrets
}

/// Replaces the derived `Debug` of every type and request builder with a secret field by one
/// that prints `***` for that field. Fails when a secret's type or field is not in the code,
/// so that a change in progenitor's naming cannot leave a secret printable.
pub fn mask(file: &mut syn::File, secrets: &Secrets) -> Result<(), String> {
    let mut masker = Masker {
        secrets,
        module: Vec::new(),
        masked: BTreeSet::new(),
        error: None,
    };
    masker.visit_file_mut(file);
    if let Some(error) = masker.error {
        return Err(error);
    }
    let expected: BTreeSet<(String, String)> = secrets
        .types
        .keys()
        .map(|t| ("types".to_string(), t.clone()))
        .chain(
            secrets
                .builders
                .keys()
                .map(|b| ("builder".to_string(), b.clone())),
        )
        .collect();
    let missing: Vec<String> = expected
        .difference(&masker.masked)
        .map(|(module, name)| format!("{module}::{name}"))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "types with secret fields not found in progenitor's output, so not masked: {}",
            missing.join(", ")
        ));
    }
    Ok(())
}

struct Masker<'a> {
    secrets: &'a Secrets,
    module: Vec<String>,
    /// (module, type) pairs whose Debug was replaced.
    masked: BTreeSet<(String, String)>,
    error: Option<String>,
}

impl VisitMut for Masker<'_> {
    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        self.module.push(module.ident.to_string());
        let here = self.module.join("::");
        let wanted = match here.as_str() {
            "types" => Some(&self.secrets.types),
            "builder" => Some(&self.secrets.builders),
            _ => None,
        };
        if let (Some(wanted), Some((_, items))) = (wanted, module.content.as_mut()) {
            let mut added = Vec::new();
            for item in items.iter_mut() {
                let syn::Item::Struct(item) = item else {
                    continue;
                };
                let name = item.ident.to_string();
                let Some(fields) = wanted.get(&name) else {
                    continue;
                };
                match masked_debug(item, fields) {
                    Ok(debug) => {
                        added.push(debug);
                        self.masked.insert((here.clone(), name));
                    }
                    Err(e) => self.error = Some(format!("{here}::{name}: {e}")),
                }
            }
            items.extend(added);
        }
        visit_mut::visit_item_mod_mut(self, module);
        self.module.pop();
    }
}

/// Drops `Debug` from the struct's derives and returns a `Debug` impl that masks `secret`.
fn masked_debug(
    item: &mut syn::ItemStruct,
    secret: &BTreeSet<(String, String)>,
) -> Result<syn::Item, String> {
    let mut dropped = false;
    for attr in &mut item.attrs {
        if !attr.path().is_ident("derive") {
            continue;
        }
        let paths = attr
            .parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
            .map_err(|e| e.to_string())?;
        let kept: Vec<&syn::Path> = paths
            .iter()
            .filter(|p| {
                let debug = p.segments.last().is_some_and(|s| s.ident == "Debug");
                dropped |= debug;
                !debug
            })
            .collect();
        *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
    }
    if !dropped {
        return Err("derives no Debug to replace".into());
    }
    let syn::Fields::Named(fields) = &item.fields else {
        return Err("is not a struct with named fields".into());
    };
    let secret_fields: BTreeSet<&str> = secret.iter().map(|(_, f)| f.as_str()).collect();
    let mut seen = BTreeSet::new();
    let entries = fields.named.iter().filter_map(|field| {
        let ident = field.ident.as_ref()?;
        let name = ident.to_string();
        let shown = name.trim_start_matches("r#").to_string();
        if secret_fields.contains(shown.as_str()) {
            seen.insert(shown.clone());
            Some(quote! { .field(#shown, &crate::redact::Masked) })
        } else {
            Some(quote! { .field(#shown, &self.#ident) })
        }
    });
    let entries: Vec<TokenStream> = entries.collect();
    let missing: Vec<&&str> = secret_fields
        .iter()
        .filter(|f| !seen.contains(**f))
        .collect();
    if !missing.is_empty() {
        return Err(format!("has no field {missing:?}"));
    }
    let ident = &item.ident;
    let title = ident.to_string();
    let (impl_generics, type_generics, where_clause) = item.generics.split_for_impl();
    Ok(syn::parse_quote! {
        impl #impl_generics ::std::fmt::Debug for #ident #type_generics #where_clause {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#title) #(#entries)* .finish()
            }
        }
    })
}
