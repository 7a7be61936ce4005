//! `cargo xtask transcribe`: writes the facts of Palette's published operations into the document's files.
//!
//! It reads the published Swagger 2.0 spec (`../shared/reference/`), converts the operations
//! the document holds (plus any categories or operations asked for) to OpenAPI 3.0.3 in the
//! document's conventions, and rewrites `openapi/shared.yaml` and `openapi/categories/*.yaml`.
//! Only facts come from the spec: paths, methods, parameters, fields, types, formats, enums
//! and status codes. Summaries and descriptions are ours: those already in the document are
//! kept where their operation, parameter or field still is, and Palette's are never copied.
//! An operation without a summary fails the lint until one is written.
//!
//! The build never runs this; its output is reviewed and committed like any other change.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use crate::codegen;
use crate::yaml;

pub const USAGE: &str =
    "usage: cargo xtask transcribe [--reference DIR] [CATEGORY ...] [--op OPERATION_ID ...]

  Rewrites openapi/shared.yaml and openapi/categories/*.yaml from Palette's published spec
  for every operation the document holds, plus every operation of each CATEGORY (a docs
  sidebar name such as \"Api Keys\") and each --op. Summaries and descriptions already in the
  document are kept; new operations need a summary written before the lint passes.
  DIR defaults to ../shared/reference next to the repository.";

/// The docs sidebar category of each first path segment after `/v1/`.
const CATEGORIES: &[(&str, &str)] = &[
    ("apiKeys", "Api Keys"),
    ("appDeployments", "App Deployments"),
    ("appProfiles", "App Profiles"),
    ("audits", "Audits"),
    ("auth", "Auth"),
    ("cloudaccounts", "Cloudaccounts"),
    ("cloudconfigs", "Cloudconfigs"),
    ("clouds", "Clouds"),
    ("clusterTemplates", "Cluster Templates"),
    ("clustergroups", "Clustergroups"),
    ("clusterprofiles", "Clusterprofiles"),
    ("dashboard", "Dashboard"),
    ("datasinks", "Datasinks"),
    ("edgehosts", "Edgehosts"),
    ("events", "Events"),
    ("features", "Features"),
    ("filters", "Filters"),
    ("metrics", "Metrics"),
    ("notifications", "Notifications"),
    ("overlords", "Overlords"),
    ("packs", "Packs"),
    ("pcg", "Pcg"),
    ("permissions", "Permissions"),
    ("projects", "Projects"),
    ("registries", "Registries"),
    ("roles", "Roles"),
    ("services", "Services"),
    ("spcPolicies", "Spc Policies"),
    ("spectroclusters", "Spectroclusters"),
    ("system", "System"),
    ("teams", "Teams"),
    ("tenants", "Tenants"),
    ("users", "Users"),
    ("workspaces", "Workspaces"),
];

/// The sidebar groups the remaining small segments (plans, health, activations, ...) as Other.
const OTHER: &str = "Other";

/// Path templates of resources Palette keeps at tenant scope: their own create, read, update,
/// delete and list never take the project scope.
const TENANT_ONLY_PATHS: &[&str] = &[
    "/v1/apiKeys",
    "/v1/apiKeys/{}",
    "/v1/projects",
    "/v1/projects/{}",
    "/v1/roles",
    "/v1/roles/{}",
    "/v1/teams",
    "/v1/teams/{}",
    "/v1/users",
    "/v1/users/{}",
    "/v1/filters",
    "/v1/filters/tag",
    "/v1/filters/tag/{}",
    "/v1/edgehosts/tokens",
    "/v1/edgehosts/tokens/{}",
    "/v1/dashboard/projects/metadata",
    "/v1/dashboard/projects",
];

/// Categories that administer the tenant or the installation itself (or, for Other, plans,
/// health and activations): none of their operations acts in a project. (Users' own assets,
/// `/v1/users/assets/...`, follow the caller's scope.)
const TENANT_CATEGORIES: &[&str] = &[
    "Api Keys",
    "Auth",
    "Other",
    "Permissions",
    "Projects",
    "Roles",
    "Services",
    "System",
    "Teams",
    "Tenants",
    "Users",
];

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

/// Schema keywords that carry facts the document keeps. Validation keywords (`pattern`,
/// `minimum`, ...) are left out: they describe what Palette accepts, and generated types would
/// otherwise refuse replies that break them.
const KEPT_SCALAR_KEYS: &[&str] = &["format", "enum"];

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let mut reference_dir = root.join("../shared/reference");
    let mut categories = BTreeSet::new();
    let mut extra_ops = BTreeSet::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--reference" => {
                reference_dir = PathBuf::from(args.next().ok_or(USAGE)?);
            }
            "--op" => {
                extra_ops.insert(args.next().ok_or(USAGE)?.clone());
            }
            other if other.starts_with('-') => return Err(USAGE.to_string()),
            category => {
                categories.insert(category.to_string());
            }
        }
    }
    let reference = load_reference(&reference_dir)?;
    learn_spellings(&reference);
    let old = codegen::load(root)?.raw;
    let known: BTreeSet<&str> = CATEGORIES
        .iter()
        .map(|(_, tag)| *tag)
        .chain([OTHER])
        .collect();
    for category in &categories {
        if !known.contains(category.as_str()) {
            return Err(format!(
                "no category {category:?}; the categories are: {}",
                known.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }

    let mut wanted: BTreeSet<String> = operation_ids(&old);
    wanted.extend(extra_ops.iter().cloned());
    let mut found = BTreeSet::new();
    let mut transcriber = Transcriber::default();
    for (path, item) in sorted_paths(&reference) {
        let tag = category_of(path);
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let id = expected_id(op["operationId"].as_str().unwrap_or_default());
            if !(wanted.contains(&id) || categories.contains(tag)) {
                continue;
            }
            found.insert(id.clone());
            transcriber.operation(path, method, item, op, &id, tag)?;
        }
    }
    let missing: Vec<&String> = extra_ops.iter().filter(|id| !found.contains(*id)).collect();
    if !missing.is_empty() {
        return Err(format!("not in the reference: {missing:?}"));
    }
    transcriber.schemas(&reference)?;
    transcriber.keep_prose(&old);
    transcriber.write(root)
}

/// The published spec with the operations the docs still show merged in.
fn load_reference(dir: &Path) -> Result<Value, String> {
    let read = |name: &str| -> Result<Value, String> {
        let path = dir.join(name);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let mut spec = read("palette-api-v1.swagger.json")?;
    let additions = read("palette-api-v1-4.7-additions.json")?;
    for section in ["paths", "definitions"] {
        if let (Some(into), Some(from)) = (
            spec.get_mut(section).and_then(Value::as_object_mut),
            additions.get(section).and_then(Value::as_object),
        ) {
            for (k, v) in from {
                into.insert(k.clone(), v.clone());
            }
        }
    }
    Ok(spec)
}

fn sorted_paths(reference: &Value) -> Vec<(&String, &Value)> {
    let mut paths: Vec<_> = reference["paths"]
        .as_object()
        .map(|m| m.iter().collect())
        .unwrap_or_default();
    paths.sort_by(|a, b| a.0.cmp(b.0));
    paths
}

fn operation_ids(doc: &Value) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
    {
        for method in METHODS {
            if let Some(id) = item
                .pointer(&format!("/{method}/operationId"))
                .and_then(Value::as_str)
            {
                ids.insert(id.to_string());
            }
        }
    }
    ids
}

/// The category of a path: its first segment after `/v1/`, as the docs sidebar names it.
pub fn category_of(path: &str) -> &'static str {
    let segment = path.split('/').nth(2).unwrap_or_default();
    CATEGORIES
        .iter()
        .find(|(s, _)| *s == segment)
        .map(|(_, tag)| *tag)
        .unwrap_or(OTHER)
}

/// Palette's operationId without its `v1`/`V1` prefix, first letter lowercase.
pub fn expected_id(id: &str) -> String {
    let bare = id
        .strip_prefix("v1")
        .or_else(|| id.strip_prefix("V1"))
        .unwrap_or(id);
    let mut chars = bare.chars();
    chars
        .next()
        .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// Definitions whose names differ only in case (`v1APIEndpoint` and `v1ApiEndpoint`): the
/// reference defines the same schema twice under both, and in Rust they would be one type.
/// Each maps to the spelling the reference uses most.
static SPELLINGS: std::sync::OnceLock<BTreeMap<String, String>> = std::sync::OnceLock::new();

/// Learns the one spelling of each definition name from the reference.
fn learn_spellings(reference: &Value) {
    let text = reference.to_string();
    let mut groups: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for name in reference["definitions"]
        .as_object()
        .into_iter()
        .flat_map(|d| d.keys())
    {
        groups
            .entry(bare(name).to_lowercase())
            .or_default()
            .push(name);
    }
    let mut spellings = BTreeMap::new();
    for names in groups.values().filter(|names| names.len() > 1) {
        let uses = |name: &str| text.matches(&format!("\"#/definitions/{name}\"")).count();
        let chosen = names
            .iter()
            .max_by_key(|name| (uses(name), std::cmp::Reverse(name.to_string())))
            .map(|name| bare(name).to_string())
            .unwrap_or_default();
        for name in names {
            spellings.insert((*name).clone(), chosen.clone());
        }
    }
    let _ = SPELLINGS.set(spellings);
}

/// A definition name without its version prefix: `v1`, `V1` or `v1.`.
fn bare(definition: &str) -> &str {
    definition
        .strip_prefix("v1.")
        .or_else(|| definition.strip_prefix("v1"))
        .or_else(|| definition.strip_prefix("V1"))
        .unwrap_or(definition)
}

/// The document's name for a reference definition: without its `v1`/`V1` prefix, spelled
/// one way when the reference spells it two.
pub fn schema_name(definition: &str) -> String {
    SPELLINGS
        .get()
        .and_then(|s| s.get(definition))
        .cloned()
        .unwrap_or_else(|| bare(definition).to_string())
}

fn pascal(id: &str) -> String {
    let mut chars = id.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn template(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push_str("{}");
            }
            '}' => depth -= 1,
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

/// Whether an operation acts in the caller's project (and so declares `ProjectUid`).
pub fn takes_project(path: &str, tag: &str) -> bool {
    if TENANT_ONLY_PATHS.contains(&template(path).as_str()) {
        return false;
    }
    if tag == "Users" {
        return path.starts_with("/v1/users/assets/");
    }
    !TENANT_CATEGORIES.contains(&tag)
}

/// The file a category's operations live in, such as `categories/api_keys.yaml`.
pub fn category_file(tag: &str) -> String {
    format!("categories/{}.yaml", codegen::feature_name(tag))
}

#[derive(Default)]
struct Transcriber {
    /// path -> path item, by category.
    paths: BTreeMap<&'static str, Map<String, Value>>,
    /// Schemas written for one operation (form bodies, inline replies), by category.
    own_schemas: BTreeMap<&'static str, Map<String, Value>>,
    /// Definitions each category's operations refer to directly.
    direct_refs: BTreeMap<&'static str, BTreeSet<String>>,
    /// Every definition the document needs, converted.
    definitions: BTreeMap<String, Value>,
    /// Definition -> the categories that reach it.
    reached_by: BTreeMap<String, BTreeSet<&'static str>>,
}

impl Transcriber {
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &Value,
        op: &Value,
        id: &str,
        tag: &'static str,
    ) -> Result<(), String> {
        let mut refs = BTreeSet::new();
        let shared: Vec<&Value> = item["parameters"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let own: Vec<&Value> = op["parameters"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();

        let item_out = self
            .paths
            .entry(tag)
            .or_default()
            .entry(path.to_string())
            .or_insert_with(|| json!({}));
        let shared_params: Vec<Value> = shared
            .iter()
            .filter(|p| matches!(p["in"].as_str(), Some("path" | "query")))
            .map(|p| parameter(p))
            .collect();
        if !shared_params.is_empty() {
            item_out["parameters"] = Value::Array(shared_params);
        }

        let mut out = Map::new();
        out.insert("operationId".into(), json!(id));
        out.insert("tags".into(), json!([tag]));
        if op.get("deprecated") == Some(&Value::Bool(true)) {
            out.insert("deprecated".into(), json!(true));
        }
        let mut params: Vec<Value> = own
            .iter()
            .filter(|p| matches!(p["in"].as_str(), Some("path" | "query")))
            .map(|p| parameter(p))
            .collect();
        // An operation that names its project in a query parameter (`auditsList`'s
        // `projectUid`) is not also scoped by the header, which would be the same builder
        // method.
        let names_project = shared.iter().chain(own.iter()).any(|p| {
            p["name"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case("projectUid"))
        });
        if takes_project(path, tag) && !names_project {
            params.push(json!({"$ref": "#/components/parameters/ProjectUid"}));
        }
        if !params.is_empty() {
            out.insert("parameters".into(), Value::Array(params));
        }

        let body = shared.iter().chain(own.iter()).find(|p| p["in"] == "body");
        let form: Vec<&&Value> = own.iter().filter(|p| p["in"] == "formData").collect();
        if let Some(body) = body {
            let mut request = Map::new();
            if body["required"] == true {
                request.insert("required".into(), json!(true));
            }
            request.insert(
                "content".into(),
                json!({"application/json": {"schema": schema(&body["schema"], &mut refs)}}),
            );
            out.insert("requestBody".into(), Value::Object(request));
        } else if !form.is_empty() {
            let consumes = op["consumes"].as_array().cloned().unwrap_or_default();
            let media = if consumes
                .iter()
                .any(|c| c == "application/x-www-form-urlencoded")
            {
                "application/x-www-form-urlencoded"
            } else {
                "multipart/form-data"
            };
            let mut properties = Map::new();
            let mut required = Vec::new();
            for field in form {
                let name = field["name"].as_str().unwrap_or_default().to_string();
                let value = if field["type"] == "file" {
                    json!({"type": "string", "format": "binary"})
                } else {
                    parameter_schema(field)
                };
                if field["required"] == true {
                    required.push(json!(name));
                }
                properties.insert(name, value);
            }
            let name = format!("{}Form", pascal(id));
            let mut form_schema = json!({"type": "object", "properties": properties});
            if !required.is_empty() {
                form_schema["required"] = Value::Array(required);
            }
            self.own_schemas
                .entry(tag)
                .or_default()
                .insert(name.clone(), form_schema);
            out.insert(
                "requestBody".into(),
                json!({"content": {media: {"schema": {"$ref": format!("#/components/schemas/{name}")}}}}),
            );
        }

        let mut responses = Map::new();
        let reference_responses = op["responses"].as_object().cloned().unwrap_or_default();
        let produces = op["produces"].as_array().cloned().unwrap_or_default();
        for (code, reply) in &reference_responses {
            if !code.starts_with('2') {
                continue;
            }
            let mut out_reply = Map::new();
            out_reply.insert("description".into(), json!(status_text(code)));
            if let Some(headers) = reply["headers"].as_object() {
                let mut out_headers = Map::new();
                for (name, header) in headers {
                    let mut h =
                        json!({"schema": {"type": header["type"].as_str().unwrap_or("string")}});
                    if name == "AuditUid" {
                        h["description"] =
                            json!("Identifies the audit record Palette wrote for this request.");
                    }
                    out_headers.insert(name.clone(), h);
                }
                out_reply.insert("headers".into(), Value::Object(out_headers));
            }
            // A 204 never has a body, whatever schema the spec attaches.
            if code != "204"
                && let Some(body) = reply.get("schema")
            {
                let content = if body["type"] == "file" {
                    let media = produces
                        .first()
                        .and_then(Value::as_str)
                        .unwrap_or("application/octet-stream");
                    json!({media: {"schema": {"type": "string", "format": "binary"}}})
                } else if body["format"] == "binary" {
                    // The spec describes these files as a binary string of its JSON replies;
                    // the document says the same (palette-ref compares it so), and the codegen
                    // reads them as files.
                    json!({"application/json": {"schema": {"type": "string", "format": "binary"}}})
                } else if body.get("$ref").is_some() {
                    json!({"application/json": {"schema": schema(body, &mut refs)}})
                } else {
                    // Every success body is a named schema, so users and tests can name it.
                    let name = format!("{}Reply", pascal(id));
                    let inline = schema(body, &mut refs);
                    self.own_schemas
                        .entry(tag)
                        .or_default()
                        .insert(name.clone(), inline);
                    json!({"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}})
                };
                out_reply.insert("content".into(), content);
            }
            responses.insert(code.clone(), Value::Object(out_reply));
        }
        if responses.is_empty() {
            return Err(format!("{id}: the reference lists no success response"));
        }
        responses.insert(
            "4XX".into(),
            json!({"$ref": "#/components/responses/Error"}),
        );
        responses.insert(
            "5XX".into(),
            json!({"$ref": "#/components/responses/Error"}),
        );
        out.insert("responses".into(), Value::Object(responses));
        item_out[method] = Value::Object(out);
        self.direct_refs.entry(tag).or_default().extend(refs);
        Ok(())
    }

    /// Converts every definition the operations reach and notes which categories reach each.
    fn schemas(&mut self, reference: &Value) -> Result<(), String> {
        let definitions = reference["definitions"]
            .as_object()
            .ok_or("the reference has no definitions")?;
        // The definitions each converted definition refers to.
        let mut refers_to: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (tag, refs) in self.direct_refs.clone() {
            let mut queue: Vec<String> = refs.into_iter().collect();
            while let Some(name) = queue.pop() {
                if !self.reached_by.entry(name.clone()).or_default().insert(tag) {
                    continue;
                }
                if !self.definitions.contains_key(&name) {
                    let definition = definitions
                        .get(&name)
                        .ok_or_else(|| format!("the reference has no definition {name}"))?;
                    let mut refs = BTreeSet::new();
                    let converted = schema(definition, &mut refs);
                    self.definitions.insert(name.clone(), converted);
                    refers_to.insert(name.clone(), refs);
                }
                queue.extend(refers_to[&name].iter().cloned());
            }
        }
        let mut by_name: BTreeMap<String, &String> = BTreeMap::new();
        for (name, value) in &self.definitions {
            let ours = schema_name(name);
            if let Some(other) = by_name.insert(ours.to_lowercase(), name)
                && self.definitions[other] != *value
            {
                return Err(format!(
                    "definitions {other} and {name} differ but would both be named {ours}"
                ));
            }
        }
        Ok(())
    }

    /// Keeps the summaries and descriptions the document already has.
    fn keep_prose(&mut self, old: &Value) {
        let old_paths = old["paths"].as_object();
        for items in self.paths.values_mut() {
            for (path, item) in items.iter_mut() {
                let Some(old_item) = old_paths.and_then(|p| p.get(path)) else {
                    continue;
                };
                let old_params = parameter_prose(old_item);
                for method in METHODS {
                    if let (Some(op), Some(old_op)) = (item.get_mut(*method), old_item.get(*method))
                    {
                        overlay(op, old_op);
                    }
                }
                let mut all_params: Vec<&mut Value> = Vec::new();
                if let Some(params) = item.get_mut("parameters").and_then(Value::as_array_mut) {
                    all_params.extend(params.iter_mut());
                }
                for param in all_params {
                    describe_parameter(param, &old_params);
                }
                for method in METHODS {
                    if let Some(params) = item
                        .get_mut(*method)
                        .and_then(|op| op.get_mut("parameters"))
                        .and_then(Value::as_array_mut)
                    {
                        for param in params {
                            describe_parameter(param, &old_params);
                        }
                    }
                }
            }
        }
        let old_schemas = old
            .pointer("/components/schemas")
            .and_then(Value::as_object);
        let keep = |name: &str, value: &mut Value| {
            if let Some(old_value) = old_schemas.and_then(|s| s.get(name)) {
                overlay(value, old_value);
            }
        };
        for (name, value) in self.definitions.iter_mut() {
            keep(&schema_name(name), value);
        }
        for schemas in self.own_schemas.values_mut() {
            for (name, value) in schemas.iter_mut() {
                keep(name, value);
            }
        }
    }

    fn write(self, root: &Path) -> Result<(), String> {
        let dir = root.join(codegen::DOCUMENT_DIR);
        let mut shared = Map::new();
        let mut by_category: BTreeMap<&'static str, Map<String, Value>> = self.own_schemas;
        // Definitions spelled two ways are one schema, used by the categories of both.
        let mut merged: BTreeMap<String, (Value, BTreeSet<&'static str>)> = BTreeMap::new();
        for (name, value) in self.definitions {
            let entry = merged
                .entry(schema_name(&name))
                .or_insert_with(|| (value, BTreeSet::new()));
            entry.1.extend(self.reached_by[&name].iter().copied());
        }
        for (ours, (value, categories)) in merged {
            if categories.len() == 1 {
                let tag = *categories.iter().next().unwrap_or(&OTHER);
                by_category.entry(tag).or_default().insert(ours, value);
            } else {
                shared.insert(ours, value);
            }
        }
        let shared_doc = json!({"components": {"schemas": shared}});
        write_file(
            &dir.join("shared.yaml"),
            "# Schemas more than one category's operations use. Written by `cargo xtask transcribe`:\n\
             # field names, types and formats are Palette's; descriptions are ours.\n",
            &shared_doc,
        )?;
        std::fs::create_dir_all(dir.join("categories"))
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        for (tag, paths) in self.paths {
            let mut doc = json!({"paths": paths});
            if let Some(schemas) = by_category.remove(tag).filter(|s| !s.is_empty()) {
                doc["components"] = json!({"schemas": schemas});
            }
            let header = format!(
                "# The {tag} operations of Palette API V1 (cargo feature `{}`) and the schemas only\n\
                 # they use. Paths, parameters, fields, types and status codes are Palette's, written by\n\
                 # `cargo xtask transcribe`; summaries and descriptions are ours.\n",
                codegen::feature_name(tag)
            );
            write_file(&dir.join(category_file(tag)), &header, &doc)?;
        }
        Ok(())
    }
}

fn write_file(path: &Path, header: &str, doc: &Value) -> Result<(), String> {
    let text = format!("{header}\n{}", yaml::to_string(doc));
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

fn status_text(code: &str) -> &'static str {
    match code {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "204" => "Done; the reply has no body.",
        _ => "Success",
    }
}

/// A path or query parameter.
fn parameter(p: &Value) -> Value {
    let mut out = Map::new();
    out.insert("name".into(), p["name"].clone());
    out.insert("in".into(), p["in"].clone());
    if p["in"] == "path" || p["required"] == true {
        out.insert("required".into(), json!(true));
    }
    out.insert("schema".into(), parameter_schema(p));
    // Swagger 2.0 reads a query array as one comma-joined value (`?ids=a,b`) unless it says
    // `collectionFormat: multi`: `csv` is the default.
    let csv = p["collectionFormat"] == "csv" || p["collectionFormat"].is_null();
    if p["in"] == "query" && p["type"] == "array" && csv {
        out.insert("style".into(), json!("form"));
        out.insert("explode".into(), json!(false));
    }
    Value::Object(out)
}

/// The schema of a Swagger 2.0 parameter, whose type facts sit on the parameter itself.
fn parameter_schema(p: &Value) -> Value {
    let mut out = Map::new();
    if let Some(t) = p.get("type") {
        out.insert("type".into(), t.clone());
    }
    for key in KEPT_SCALAR_KEYS {
        if let Some(v) = p.get(*key) {
            out.insert((*key).into(), v.clone());
        }
    }
    if let Some(items) = p.get("items") {
        out.insert("items".into(), parameter_schema(items));
    }
    if let Some(default) = p.get("default") {
        out.insert("default".into(), default.clone());
    }
    Value::Object(out)
}

/// Converts a Swagger 2.0 schema to the document's OpenAPI 3.0 conventions, noting the
/// definitions it refers to.
///
/// Every array, map and free-form object is `nullable` (Go writes nil ones as `null`);
/// `uniqueItems` is dropped (it would make lists sets and lose Palette's order); two types
/// (Kubernetes' IntOrString) become a `oneOf`.
fn schema(node: &Value, refs: &mut BTreeSet<String>) -> Value {
    if let Some(target) = node.get("$ref").and_then(Value::as_str) {
        let name = target.rsplit('/').next().unwrap_or_default().to_string();
        let ours = schema_name(&name);
        refs.insert(name);
        return json!({"$ref": format!("#/components/schemas/{ours}")});
    }
    let mut out = Map::new();
    match node.get("type") {
        // Kubernetes' IntOrString: kept as the reference writes it, a list of types, which
        // palette-ref compares literally; the codegen reads it as a `oneOf`.
        Some(types @ Value::Array(_)) => {
            out.insert("type".into(), types.clone());
            return Value::Object(out);
        }
        Some(t) => {
            out.insert("type".into(), t.clone());
        }
        // Fields or map values without a type are an object all the same (the reference
        // sometimes leaves it out).
        None if node.get("properties").is_some()
            || matches!(node.get("additionalProperties"), Some(Value::Object(_))) =>
        {
            out.insert("type".into(), json!("object"));
        }
        None => {}
    }
    for key in KEPT_SCALAR_KEYS {
        if let Some(v) = node.get(*key) {
            out.insert((*key).into(), v.clone());
        }
    }
    if let Some(items) = node.get("items") {
        out.insert("items".into(), schema(items, refs));
    }
    if let Some(properties) = node.get("properties").and_then(Value::as_object) {
        let converted: Map<String, Value> = properties
            .iter()
            .map(|(k, v)| (k.clone(), schema(v, refs)))
            .collect();
        out.insert("properties".into(), Value::Object(converted));
    }
    if let Some(required) = node.get("required").and_then(Value::as_array)
        && !required.is_empty()
    {
        out.insert("required".into(), Value::Array(required.clone()));
    }
    match node.get("additionalProperties") {
        Some(Value::Object(values)) => {
            let values = Value::Object(values.clone());
            out.insert("additionalProperties".into(), schema(&values, refs));
        }
        Some(other @ Value::Bool(_)) => {
            out.insert("additionalProperties".into(), other.clone());
        }
        _ => {}
    }
    if let Some(parts) = node.get("allOf").and_then(Value::as_array) {
        let converted: Vec<Value> = parts.iter().map(|p| schema(p, refs)).collect();
        out.insert("allOf".into(), Value::Array(converted));
    }
    let kind = out.get("type").and_then(Value::as_str);
    let map_or_free = kind == Some("object")
        && (!out.contains_key("properties")
            || matches!(out.get("additionalProperties"), Some(Value::Object(_))));
    let untyped = kind.is_none() && !out.contains_key("allOf");
    if kind == Some("array")
        || map_or_free
        || untyped
        || node.get("x-nullable") == Some(&json!(true))
    {
        out.insert("nullable".into(), json!(true));
    }
    Value::Object(out)
}

/// Copies `summary` and `description` from `old` wherever the same place exists in `new`.
fn overlay(new: &mut Value, old: &Value) {
    match (new, old) {
        (Value::Object(new), Value::Object(old)) => {
            for key in ["summary", "description"] {
                if let Some(text) = old.get(key).filter(|v| v.is_string())
                    && !new.contains_key(key)
                    && !new.contains_key("$ref")
                {
                    new.insert(key.into(), text.clone());
                }
            }
            for (key, value) in new.iter_mut() {
                if key != "parameters"
                    && let Some(old_value) = old.get(key)
                {
                    overlay(value, old_value);
                }
            }
        }
        (Value::Array(new), Value::Array(old)) => {
            for (n, o) in new.iter_mut().zip(old) {
                overlay(n, o);
            }
        }
        _ => {}
    }
}

/// The descriptions of a path item's parameters, from both levels, by (in, name).
fn parameter_prose(item: &Value) -> BTreeMap<(String, String), Value> {
    let mut out = BTreeMap::new();
    let lists = std::iter::once(item.get("parameters")).chain(
        METHODS
            .iter()
            .map(|m| item.get(*m).and_then(|op| op.get("parameters"))),
    );
    for list in lists.flatten().filter_map(Value::as_array) {
        for p in list {
            if let (Some(i), Some(n), Some(d)) = (
                p["in"].as_str(),
                p["name"].as_str(),
                p.get("description").filter(|d| d.is_string()),
            ) {
                out.entry((i.to_string(), n.to_string()))
                    .or_insert_with(|| d.clone());
            }
        }
    }
    out
}

fn describe_parameter(param: &mut Value, prose: &BTreeMap<(String, String), Value>) {
    let key = (
        param["in"].as_str().unwrap_or_default().to_string(),
        param["name"].as_str().unwrap_or_default().to_string(),
    );
    if let (Some(text), Some(map)) = (prose.get(&key), param.as_object_mut())
        && !map.contains_key("description")
    {
        map.insert("description".into(), text.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_and_schema_names_lose_their_version_prefix() {
        assert_eq!(expected_id("v1WorkspacesUidGet"), "workspacesUidGet");
        assert_eq!(expected_id("V1SamlCallback"), "samlCallback");
        assert_eq!(schema_name("v1ObjectMeta"), "ObjectMeta");
        assert_eq!(schema_name("V1AwsAccountSts"), "AwsAccountSts");
        assert_eq!(
            schema_name("v1.GcpAccountEntitySpec"),
            "GcpAccountEntitySpec"
        );
    }

    #[test]
    fn tenant_resources_never_take_the_project_scope() {
        assert!(!takes_project("/v1/projects/{uid}", "Projects"));
        assert!(!takes_project("/v1/users/{uid}/roles", "Users"));
        assert!(!takes_project("/v1/apiKeys", "Api Keys"));
        assert!(!takes_project(
            "/v1/dashboard/projects/metadata",
            "Dashboard"
        ));
        assert!(!takes_project("/v1/filters/tag/{uid}", "Filters"));
        assert!(takes_project("/v1/users/assets/sshkeys", "Users"));
        assert!(takes_project("/v1/workspaces/{uid}", "Workspaces"));
        assert!(takes_project("/v1/dashboard/workspaces", "Dashboard"));
    }

    #[test]
    fn go_nils_are_nullable_and_sets_keep_their_order() {
        let mut refs = BTreeSet::new();
        let converted = schema(
            &json!({
                "type": "object",
                "properties": {
                    "items": {"type": "array", "uniqueItems": true, "items": {"$ref": "#/definitions/v1Thing"}},
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                    "spec": {"type": "object"},
                    "port": {"type": ["string", "number"]},
                    "name": {"type": "string", "pattern": "^[a-z]+$", "description": "Palette's words"}
                },
                "required": ["items"]
            }),
            &mut refs,
        );
        assert_eq!(
            converted,
            json!({
                "type": "object",
                "properties": {
                    "items": {"type": "array", "nullable": true, "items": {"$ref": "#/components/schemas/Thing"}},
                    "labels": {"type": "object", "nullable": true, "additionalProperties": {"type": "string"}},
                    "spec": {"type": "object", "nullable": true},
                    "port": {"type": ["string", "number"]},
                    "name": {"type": "string"}
                },
                "required": ["items"]
            })
        );
        assert_eq!(refs, BTreeSet::from(["v1Thing".to_string()]));
    }

    #[test]
    fn our_prose_is_kept_where_its_place_still_is() {
        let mut new = json!({"summary": null, "responses": {"200": {"description": "OK"}}, "x": {"type": "string"}});
        new["summary"] = Value::Null;
        new.as_object_mut().unwrap().remove("summary");
        let old = json!({"summary": "Get a thing", "x": {"description": "Ours"}, "gone": {"description": "lost"}});
        overlay(&mut new, &old);
        assert_eq!(new["summary"], "Get a thing");
        assert_eq!(new["x"]["description"], "Ours");
        assert!(new.get("gone").is_none());
    }
}
