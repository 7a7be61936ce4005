//! Secrets in generated types: which fields carry one, found from the document, and a `Debug` that masks them.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToPascalCase, ToSnakeCase};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;
use syn::visit_mut::{self, VisitMut};

use super::walk;

/// The reviewed list: every field and parameter that looks like a credential, classified.
pub const SECRETS_FILE: &str = "openapi/secrets.yaml";

/// The key the loaded list is kept under in the merged document, beside `paths`.
pub const CLASSIFIED: &str = "x-classified";

/// How a field or parameter is shown in `Debug`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// A credential: always `***`.
    Secret,
    /// Looks like one but is not (a public key, a name, a time): shown.
    Plain,
    /// A value that is a secret when the same object's `isSensitive` is true (profile
    /// variables): `***` then, shown otherwise.
    WhenSensitive,
}

impl Class {
    fn parse(text: &str) -> Option<Class> {
        match text {
            "secret" => Some(Class::Secret),
            "plain" => Some(Class::Plain),
            "secret when isSensitive" => Some(Class::WhenSensitive),
            _ => None,
        }
    }
}

/// The list as read: `Type.property` (the Rust type name, the JSON property) and
/// `operationId.parameter`, each with its class.
#[derive(Debug, Default)]
pub struct Classification {
    pub fields: BTreeMap<String, Class>,
    pub parameters: BTreeMap<String, Class>,
}

/// Reads the list from the merged document ([`CLASSIFIED`]); every value must be one of the
/// classes.
pub fn classification(doc: &Value) -> Result<Classification, String> {
    let mut out = Classification::default();
    let Some(list) = doc.get(CLASSIFIED) else {
        return Ok(out);
    };
    for (section, target) in [
        ("fields", &mut out.fields),
        ("parameters", &mut out.parameters),
    ] {
        for (key, class) in list
            .get(section)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let class = class.as_str().and_then(Class::parse).ok_or_else(|| {
                format!(
                    "{SECRETS_FILE}: {section}.{key} is {class}; write secret, plain or \
                     `secret when isSensitive`"
                )
            })?;
            target.insert(key.clone(), class);
        }
    }
    Ok(out)
}

/// Name parts that suggest a credential, matched in the lowercased name.
const CREDENTIAL_WORDS: &[&str] = &[
    "activation",
    "apikey",
    "auth",
    "cert",
    "code",
    "cookie",
    "credential",
    "header",
    "key",
    "kubeconfig",
    "pairing",
    "passphrase",
    "passw",
    "saml",
    "secret",
    "session",
    "signature",
    "token",
    "userdata",
];

/// Words in a description that suggest a credential.
const CREDENTIAL_PHRASES: &[&str] = &[
    "access key",
    "api key",
    "credential",
    "kubeconfig",
    "password",
    "private key",
    "secret",
    "token",
];

/// Why a field or parameter of this name and schema looks like a credential, if it does: its
/// name, its format (`password`) or its description. Flags and numbers never carry one.
pub fn suggests_credential(name: &str, schema: &Value) -> Option<&'static str> {
    if matches!(
        schema.get("type").and_then(Value::as_str),
        Some("boolean" | "integer" | "number")
    ) {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    if CREDENTIAL_WORDS.iter().any(|w| lower.contains(w)) {
        return Some("its name");
    }
    if schema.get("format") == Some(&Value::from("password")) {
        return Some("its format");
    }
    let description = schema
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_ascii_lowercase();
    CREDENTIAL_PHRASES
        .iter()
        .any(|p| description.contains(p))
        .then_some("its description")
}

/// One field or parameter that looks like a credential: its key in the list, and why.
pub struct Candidate {
    pub key: String,
    pub parameter: bool,
    pub why: &'static str,
}

/// Every field of the (prepared) document's schemas, and every parameter but `ProjectUid`,
/// that looks like a credential.
pub fn candidates(doc: &Value) -> Vec<Candidate> {
    let mut out = Vec::new();
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
            if let Some(why) = suggests_credential(prop, walk::resolve(doc, child)) {
                out.push(Candidate {
                    key: format!("{}.{prop}", name.to_pascal_case()),
                    parameter: false,
                    why,
                });
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
            if name == "ProjectUid" {
                continue;
            }
            if let Some(why) = suggests_credential(name, schema) {
                out.push(Candidate {
                    key: format!("{}.{name}", op.id),
                    parameter: true,
                    why,
                });
            }
        }
    }
    out
}

/// What is wrong with the list for this (prepared, whole) document: a field or parameter that
/// looks like a credential and is not classified, or an entry for something the document does
/// not have.
pub fn check_classification(doc: &Value) -> Vec<String> {
    let list = match classification(doc) {
        Ok(list) => list,
        Err(e) => return vec![e],
    };
    let mut out = Vec::new();
    for candidate in candidates(doc) {
        let listed = if candidate.parameter {
            &list.parameters
        } else {
            &list.fields
        };
        if !listed.contains_key(&candidate.key) {
            out.push(format!(
                "{} looks like a credential ({}): classify it in {SECRETS_FILE} as secret or \
                 plain (`cargo xtask secrets` lists every unclassified one)",
                candidate.key, candidate.why
            ));
        }
    }
    let properties = field_keys(doc);
    for key in list.fields.keys() {
        if !properties.contains(key) {
            out.push(format!(
                "{SECRETS_FILE}: fields.{key} is not a property of the document"
            ));
        }
    }
    let parameters = parameter_keys(doc);
    for key in list.parameters.keys() {
        if !parameters.contains(key) {
            out.push(format!(
                "{SECRETS_FILE}: parameters.{key} is not a parameter of the document"
            ));
        }
    }
    for (key, class) in &list.fields {
        if *class == Class::WhenSensitive && !has_sensitive_flag(doc, key) {
            out.push(format!(
                "{SECRETS_FILE}: fields.{key} depends on isSensitive, which its type lacks"
            ));
        }
    }
    out
}

/// `Type.property` for every property of every schema.
fn field_keys(doc: &Value) -> BTreeSet<String> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(name, schema)| {
            schema
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|p| p.keys())
                .map(move |prop| format!("{}.{prop}", name.to_pascal_case()))
        })
        .collect()
}

/// `operationId.parameter` for every parameter of every operation.
fn parameter_keys(doc: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for op in walk::operations(doc) {
        for param in walk::parameters(doc, &op) {
            if let Some(name) = param.get("name").and_then(Value::as_str) {
                out.insert(format!("{}.{name}", op.id));
            }
        }
    }
    out
}

/// The schema behind a `Type.property` key.
fn schema_of_type<'a>(doc: &'a Value, key: &str) -> Option<&'a Value> {
    let (type_name, _) = key.split_once('.')?;
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)?
        .iter()
        .find(|(name, _)| name.to_pascal_case() == type_name)
        .map(|(_, schema)| schema)
}

/// Whether the type of a `Type.property` key has a boolean `isSensitive`.
fn has_sensitive_flag(doc: &Value, key: &str) -> bool {
    schema_of_type(doc, key)
        .and_then(|s| s.pointer("/properties/isSensitive/type"))
        .is_some_and(|t| t == "boolean")
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
    /// Type name -> its fields that are secret when its `isSensitive` is true.
    pub when_sensitive: BTreeMap<String, BTreeSet<(String, String)>>,
    /// Request builder name (in `builder`) -> its secret parameters, as (parameter, field).
    pub builders: BTreeMap<String, BTreeSet<(String, String)>>,
}

/// The secret fields and parameters of `doc` (a prepared document: inline objects already
/// named), as the list in [`SECRETS_FILE`] classifies them.
pub fn find(doc: &Value) -> Result<Secrets, String> {
    let list = classification(doc)?;
    let mut secrets = Secrets::default();
    for (name, schema) in doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let type_name = name.to_pascal_case();
        for prop in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|p| p.keys())
        {
            let target = match list.fields.get(&format!("{type_name}.{prop}")) {
                Some(Class::Secret) => &mut secrets.types,
                Some(Class::WhenSensitive) => &mut secrets.when_sensitive,
                _ => continue,
            };
            target
                .entry(type_name.clone())
                .or_default()
                .insert((prop.clone(), field_ident(prop)));
        }
    }
    for op in walk::operations(doc) {
        for param in walk::parameters(doc, &op) {
            let name = param
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let secret = list.parameters.get(&format!("{}.{name}", op.id)) == Some(&Class::Secret);
            // A header parameter is set by the client layer, never stored in a builder.
            if secret && param.get("in") != Some(&Value::from("header")) {
                secrets
                    .builders
                    .entry(op.id.to_pascal_case())
                    .or_default()
                    .insert((name.to_string(), field_ident(name)));
            }
        }
    }
    Ok(secrets)
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
        .chain(secrets.when_sensitive.keys())
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
        let none = BTreeMap::new();
        let (wanted, conditional) = match here.as_str() {
            "types" => (Some(&self.secrets.types), &self.secrets.when_sensitive),
            "builder" => (Some(&self.secrets.builders), &none),
            _ => (None, &none),
        };
        if let (Some(wanted), Some((_, items))) = (wanted, module.content.as_mut()) {
            let mut added = Vec::new();
            let empty = BTreeSet::new();
            for item in items.iter_mut() {
                let syn::Item::Struct(item) = item else {
                    continue;
                };
                let name = item.ident.to_string();
                let (fields, when) = (wanted.get(&name), conditional.get(&name));
                if fields.is_none() && when.is_none() {
                    continue;
                }
                let fields = fields.unwrap_or(&empty);
                match masked_debug(item, fields, when.unwrap_or(&empty)) {
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

/// Drops `Debug` from the struct's derives and returns a `Debug` impl that masks `secret`,
/// and `when_sensitive` when the struct's `is_sensitive` flag is set.
fn masked_debug(
    item: &mut syn::ItemStruct,
    secret: &BTreeSet<(String, String)>,
    when_sensitive: &BTreeSet<(String, String)>,
) -> Result<syn::Item, String> {
    let dropped = super::derives::drop_derive(item, "Debug")?;
    if !dropped {
        return Err("derives no Debug to replace".into());
    }
    let syn::Fields::Named(fields) = &item.fields else {
        return Err("is not a struct with named fields".into());
    };
    let secret_fields: BTreeSet<&str> = secret
        .iter()
        .chain(when_sensitive)
        .map(|(_, f)| f.as_str())
        .collect();
    let conditional: BTreeSet<&str> = when_sensitive.iter().map(|(_, f)| f.as_str()).collect();
    let mut seen = BTreeSet::new();
    let entries = fields.named.iter().filter_map(|field| {
        let ident = field.ident.as_ref()?;
        let name = ident.to_string();
        let shown = name.trim_start_matches("r#").to_string();
        if secret_fields.contains(shown.as_str()) {
            seen.insert(shown.clone());
            Some(if conditional.contains(shown.as_str()) {
                quote! {
                    .field(#shown, &crate::codec::redact::MaskedIf(
                        crate::codec::redact::Flag::is_set(&self.is_sensitive),
                        &self.#ident,
                    ))
                }
            } else {
                quote! { .field(#shown, &crate::codec::redact::Masked) }
            })
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
