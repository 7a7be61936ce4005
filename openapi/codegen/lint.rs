//! The document's rules (openapi/README.md), checked before generation; every violation is listed, each naming its operation or schema.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToPascalCase, ToSnakeCase};
use serde_json::Value;

use super::walk::{self, Op};

/// Checks the document's rules and returns every violation.
pub fn lint(raw: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let ops = walk::operations(raw);
    let declared_tags: BTreeSet<&str> = raw
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|t| {
            t.get("description")
                .and_then(Value::as_str)
                .is_some_and(|d| !d.is_empty())
        })
        .filter_map(|t| t.get("name").and_then(Value::as_str))
        .collect();
    let mut seen_ids = BTreeSet::new();
    for op in &ops {
        let at = format!("{} ({} {})", op.id, op.method, op.path);
        let mut bad = |msg: String| out.push(format!("{at}: {msg}"));
        operation_rules(raw, op, &declared_tags, &mut seen_ids, &mut bad);
    }
    out.extend(name_collisions(raw, &ops));
    out.extend(schema_rules(raw));
    match super::prepare::prepare(raw) {
        Ok(prepared) => {
            out.extend(super::secrets::check_classification(&prepared));
            floats_are_floats(&prepared, "document", &mut out);
        }
        Err(e) => out.push(e),
    }
    out
}

fn operation_rules<'a>(
    raw: &'a Value,
    op: &'a Op<'a>,
    declared_tags: &BTreeSet<&str>,
    seen_ids: &mut BTreeSet<&'a str>,
    bad: &mut impl FnMut(String),
) {
    let id = op.id.as_str();
    let form_ok = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_alphanumeric())
        && !id.starts_with("v1");
    if !form_ok {
        bad("operationId must be Palette's without the v1 prefix, in lowerCamelCase".into());
    }
    if !seen_ids.insert(id) {
        bad("operationId is used twice".into());
    }
    match op.body.get("tags").and_then(Value::as_array) {
        Some(tags) if tags.len() == 1 => {
            let tag = op.tag();
            if !declared_tags.contains(tag) {
                bad(format!(
                    "its tag {tag:?} is not declared with a description in the root file's `tags`"
                ));
            }
        }
        Some(tags) => bad(format!("has {} tags; exactly one is allowed", tags.len())),
        None => bad("has no tag; exactly one is required".into()),
    }
    let summary = op.body.get("summary").and_then(Value::as_str);
    if summary.is_none_or(|s| s.trim().is_empty()) {
        bad("has no summary; write one line in our own words".into());
    }
    let responses = op.body.get("responses").and_then(Value::as_object);
    if responses.is_some_and(|r| r.contains_key("default")) {
        bad("has a `default` response; use 4XX and 5XX".into());
    }
    let successes = walk::success_responses(raw, op);
    if successes.is_empty() {
        bad("has no 2xx response".into());
    }
    for (code, body) in &successes {
        if code == "204" && body.is_some() {
            bad("its 204 response declares a body; a 204 never has one".into());
        }
        if let Some((media, schema)) = body
            && *media == "application/json"
            && walk::ref_name(schema).is_none()
            && !walk::is_file(schema)
        {
            bad(format!(
                "its {code} body is not a named schema; every JSON success body is a `$ref`"
            ));
        }
    }
    for class in ["4XX", "5XX"] {
        let target = responses
            .and_then(|r| r.get(class))
            .and_then(|r| r.get("$ref"))
            .and_then(Value::as_str);
        if target != Some("#/components/responses/Error") {
            bad(format!(
                "{class} must point at #/components/responses/Error"
            ));
        }
    }
    if let Some(content) = op
        .body
        .get("requestBody")
        .map(|b| walk::deref(raw, b))
        .and_then(|b| b.get("content"))
        .and_then(Value::as_object)
        && content.len() != 1
    {
        bad(format!(
            "its request body has {} media types; one is allowed",
            content.len()
        ));
    }
    let listed = super::HAND_WRITTEN.contains(&id);
    match (why_hand_written(raw, op), listed) {
        (Some(why), false) => bad(format!(
            "progenitor cannot generate it ({why}): write it by hand in src/hand_written/ and \
             list it in HAND_WRITTEN (openapi/codegen/mod.rs)"
        )),
        (None, true) => bad(
            "is listed in HAND_WRITTEN but progenitor can generate it; take it off the list".into(),
        ),
        _ => {}
    }
    let mut setters: BTreeMap<String, &str> = BTreeMap::new();
    for param in walk::parameters(raw, op) {
        let name = param.get("name").and_then(Value::as_str).unwrap_or("?");
        let setter = super::secrets::field_ident(name);
        if let Some(other) = setters.insert(setter.clone(), name) {
            bad(format!(
                "parameters {other} and {name} would both be the builder method {setter}"
            ));
        }
    }
    for param in walk::parameters(raw, op) {
        let is_path = param.get("in").and_then(Value::as_str) == Some("path");
        let kind = param.pointer("/schema/type").and_then(Value::as_str);
        if is_path && kind != Some("string") {
            let name = param.get("name").and_then(Value::as_str).unwrap_or("?");
            bad(format!(
                "path parameter {name} is not a string; the generated code encodes path \
                 segments as strings"
            ));
        }
    }
    if walk::tenant_only(op.path) && walk::takes_project_uid(raw, op) {
        bad(
            "takes ProjectUid, but it is a tenant-only resource: Palette refuses or ignores \
             the project scope there, so a project handle must send none"
                .into(),
        );
    }
    for name in walk::reply_schemas(raw, op) {
        if let Some(schema) = raw.pointer(&format!("/components/schemas/{name}")) {
            if closes_properties(schema) {
                bad(format!(
                    "replies with {name}, which has additionalProperties: false; \
                     unknown fields from a newer Palette would fail decoding"
                ));
            }
            if let Some(kind) = closed_enum(schema) {
                bad(format!(
                    "replies with {name}, which has a {kind} enum; only string enums are \
                     generated open, so a new value from a newer Palette would fail decoding"
                ));
            }
        }
    }
}

/// Why progenitor cannot generate an operation, if it cannot: a `multipart/form-data` body
/// (the whole document fails), or success replies with different bodies (the generator panics).
pub fn why_hand_written(raw: &Value, op: &Op<'_>) -> Option<&'static str> {
    if walk::request_body(raw, op).is_some_and(|(media, _)| media == "multipart/form-data") {
        return Some("a multipart/form-data body");
    }
    let successes = walk::success_responses(raw, op);
    let bodies: BTreeSet<String> = successes
        .iter()
        .filter_map(|(_, s)| s.map(|(_, s)| s.to_string()))
        .collect();
    if bodies.len() > 1 || (bodies.len() == 1 && successes.iter().any(|(_, s)| s.is_none())) {
        return Some("success replies with different bodies");
    }
    None
}

/// Operations whose method or builder names, or schemas whose type names, would be the same
/// in Rust, under progenitor's own case conversion (heck: `VM`, `UID`, `OIDC` included).
fn name_collisions(raw: &Value, ops: &[Op<'_>]) -> Vec<String> {
    let mut out = Vec::new();
    let mut methods: BTreeMap<String, &str> = BTreeMap::new();
    let mut builders: BTreeMap<String, &str> = BTreeMap::new();
    for op in ops {
        for (names, rust, what) in [
            (&mut methods, op.id.to_snake_case(), "client method"),
            (&mut builders, op.id.to_pascal_case(), "request builder"),
        ] {
            if let Some(other) = names.insert(rust.clone(), &op.id)
                && other != op.id
            {
                out.push(format!(
                    "operations {other} and {} would both have the {what} {rust}",
                    op.id
                ));
            }
        }
    }
    let mut types: BTreeMap<String, &str> = BTreeMap::new();
    for name in raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|s| s.keys())
    {
        let rust = name.to_pascal_case();
        if let Some(other) = types.insert(rust.clone(), name) {
            out.push(format!(
                "schemas {other} and {name} would both be the Rust type {rust}"
            ));
        }
    }
    out
}

/// Rules every schema follows: Go's nil lists, maps and objects are `null`, so each is
/// `nullable`.
fn schema_rules(raw: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (name, schema) in raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        nullable_rule(schema, name, &mut out);
    }
    out
}

fn nullable_rule(schema: &Value, at: &str, out: &mut Vec<String>) {
    let Some(map) = schema.as_object() else {
        return;
    };
    let kind = map.get("type").and_then(Value::as_str);
    let is_map = kind == Some("object")
        && (map.get("properties").is_none()
            || matches!(map.get("additionalProperties"), Some(Value::Object(_))));
    if (kind == Some("array") || is_map) && map.get("nullable") != Some(&Value::Bool(true)) {
        let what = if kind == Some("array") {
            "an array"
        } else {
            "a map or free-form object"
        };
        out.push(format!(
            "schema {at} is {what} without `nullable: true`; Go writes an empty one as null"
        ));
    }
    for (prop, child) in map
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        nullable_rule(child, &format!("{at}.{prop}"), out);
    }
    if let Some(items) = map.get("items") {
        nullable_rule(items, &format!("{at}[]"), out);
    }
    if let Some(values) = map.get("additionalProperties") {
        nullable_rule(values, &format!("{at}.<key>"), out);
    }
}

/// True when the schema, or any schema written inline inside it, forbids unknown properties.
fn closes_properties(node: &Value) -> bool {
    match node {
        Value::Object(map) => map.iter().any(|(key, value)| {
            (key == "additionalProperties" && value == &Value::Bool(false))
                || (key != "$ref" && closes_properties(value))
        }),
        Value::Array(items) => items.iter().any(closes_properties),
        _ => false,
    }
}

/// The type of an enum in the schema (inline ones included) that is not a string enum. Only
/// schemas are searched: a field that happens to be named `enum` is not one.
fn closed_enum(schema: &Value) -> Option<String> {
    let map = schema.as_object()?;
    if map.contains_key("enum") && map.get("type") != Some(&Value::from("string")) {
        return Some(
            map.get("type")
                .and_then(Value::as_str)
                .unwrap_or("untyped")
                .to_string(),
        );
    }
    let properties = map
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|p| p.values());
    let combined = ["allOf", "oneOf", "anyOf"]
        .iter()
        .filter_map(|k| map.get(*k).and_then(Value::as_array))
        .flatten();
    let nested = ["items", "additionalProperties"]
        .iter()
        .filter_map(|k| map.get(*k));
    properties
        .chain(combined)
        .chain(nested)
        .find_map(closed_enum)
}

/// The formats a `type: number` may have and still be generated as a float.
const FLOAT_FORMATS: &[&str] = &["float", "double", "float32", "float64"];

/// After preparation, a `type: number` is generated as `f32` or `f64` and sent as `4.0`: it
/// must be a float by its format (or have none). Any other format (`int32`, `uint8`, a name
/// Palette may add) is a whole number Go refuses as `4.0`, and reaching progenitor as a
/// `number` is an error naming where it is.
fn floats_are_floats(node: &Value, at: &str, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            let format = map.get("format").and_then(Value::as_str);
            if map.get("type").and_then(Value::as_str) == Some("number")
                && format.is_some_and(|f| !FLOAT_FORMATS.contains(&f))
            {
                out.push(format!(
                    "{at}: type number with format {} would be generated as f64 and sent as \
                     4.0; read it as an integer (codegen/prepare.rs, INTEGER_FORMATS)",
                    format.unwrap_or_default()
                ));
            }
            for (key, child) in map {
                floats_are_floats(child, &format!("{at}.{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                floats_are_floats(child, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}
