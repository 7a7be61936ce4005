//! Readies the whole document for progenitor: names inline schemas, then prunes it to the enabled categories.
//!
//! Names are computed on the whole document before any pruning, so a type has the same name
//! and definition in every build that has it, whatever features are on.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToPascalCase, ToSnakeCase};
use serde_json::{Map, Value, json};

use super::walk::{self, METHODS};

/// Operations the client layer itself calls (login, token renewal, project lookup by name,
/// caller info): generated in every build, whatever features are on.
pub const CORE_OPERATIONS: &[&str] = &[
    "authRefresh",
    "authenticate",
    "projectsMetadata",
    "usersInfoGet",
];

/// Operations of another category that a category's workflows (`src/ext/`) call, generated
/// whenever that category is: the workspace and project lists live under Dashboard.
pub const WORKFLOW_OPERATIONS: &[(&str, &[&str])] = &[
    ("Workspaces", &["dashboardWorkspacesList"]),
    ("Projects", &["projectsFilterSummary"]),
    ("Clusterprofiles", &["clusterProfilesFilterSummary"]),
    ("Edgehosts", &["dashboardEdgehostsSearch"]),
    (
        "Spectroclusters",
        &[
            "spectroClustersSearchFilterSummary",
            "spectroClustersSummaryUidOverview",
            "cloudConfigsAwsGet",
            "cloudConfigsAwsMachinePoolUpdate",
            "cloudConfigsEksGet",
            "cloudConfigsEksMachinePoolUpdate",
            "cloudConfigsEdgeNativeGet",
            "cloudConfigsEdgeNativeMachinePoolUpdate",
            // Cluster backups name their backup location, which users give by name.
            "usersAssetsLocationGet",
        ],
    ),
];

/// The cargo feature of a docs category (`Api Keys` becomes `api_keys`).
pub fn feature_name(tag: &str) -> String {
    tag.to_snake_case()
}

/// Every tag the document's operations use.
pub fn tags(raw: &Value) -> BTreeSet<String> {
    walk::operations(raw)
        .iter()
        .map(|op| op.tag().to_string())
        .collect()
}

/// Gives every inline schema progenitor would make a type of (string enums, objects with
/// properties, `oneOf`/`allOf`) a name of its own under `components/schemas`, and drops the
/// `enum` of path parameters (they are written into the URL as strings).
///
/// A property `type` of `ClusterRbacSubjects` becomes `ClusterRbacSubjectsType`, an array's
/// items `...Item`, a map's values `...Value`, a query parameter `sortBy` of `clustersList`
/// becomes `ClustersListSortBy`, an inline request body `...Body`. Two schemas given the
/// same name is an error naming both places.
pub fn prepare(raw: &Value) -> Result<Value, String> {
    let mut doc = raw.clone();
    whole_numbers(&mut doc);
    let mut named = Named::default();
    if let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for name in schemas.keys() {
            named.claim(name.to_pascal_case(), format!("schema {name}"))?;
        }
    }
    let names: Vec<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default();
    for name in names {
        let pointer = format!("/components/schemas/{}", escape(&name));
        if let Some(schema) = doc.pointer_mut(&pointer) {
            let mut schema = schema.take();
            named.children(&mut schema, &name.to_pascal_case())?;
            if let Some(slot) = doc.pointer_mut(&pointer) {
                *slot = schema;
            }
        }
    }
    let paths: Vec<String> = doc
        .get("paths")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    for path in paths {
        let pointer = format!("/paths/{}", escape(&path));
        let Some(item) = doc.pointer_mut(&pointer) else {
            continue;
        };
        let first_id = METHODS
            .iter()
            .find_map(|(m, _)| item.pointer(&format!("/{m}/operationId")))
            .and_then(Value::as_str)
            .unwrap_or("path")
            .to_string();
        if let Some(params) = item.get_mut("parameters").and_then(Value::as_array_mut) {
            for param in params {
                named.parameter(param, &first_id)?;
            }
        }
        for (method, _) in METHODS {
            let Some(op) = item.get_mut(*method) else {
                continue;
            };
            files_as_files(op);
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or("operation")
                .to_string();
            if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
                for param in params {
                    named.parameter(param, &id)?;
                }
            }
            if let Some(content) = op
                .pointer_mut("/requestBody/content")
                .and_then(Value::as_object_mut)
            {
                for media in content.values_mut() {
                    if let Some(schema) = media.get_mut("schema") {
                        // A request body is never `null`, so the body is the list itself.
                        if let Some(map) = schema.as_object_mut() {
                            map.remove("nullable");
                        }
                        named.hoist(schema, format!("{}Body", id.to_pascal_case()))?;
                    }
                }
            }
        }
    }
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in named.hoisted {
            schemas.insert(name, schema);
        }
    }
    replies_take_null(&mut doc);
    Ok(doc)
}

/// Formats Go reads as an integer type (`int32` is an `int32` field of the server's model):
/// a `type: number` with one of them is read as `type: integer`, so that the generated field
/// is an integer and is sent as `4`, never `4.0`, which Go refuses for an integer field.
pub const INTEGER_FORMATS: &[&str] = &[
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
];

/// Every `type: number` schema with an [`INTEGER_FORMATS`] format, anywhere in the
/// document (properties, items, parameters), becomes `type: integer`.
fn whole_numbers(node: &mut Value) {
    match node {
        Value::Object(map) => {
            let whole = map.get("type") == Some(&json!("number"))
                && map
                    .get("format")
                    .and_then(Value::as_str)
                    .is_some_and(|f| INTEGER_FORMATS.contains(&f));
            if whole {
                map.insert("type".into(), json!("integer"));
            }
            map.values_mut().for_each(whole_numbers);
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// Where a schema keeps Palette's `required` once the generated type no longer requires it.
pub const PALETTE_REQUIRED: &str = "x-palette-required";

/// Palette's Go models hold every required property as a pointer written without
/// `omitempty`, so an unset one arrives as `null`: in every schema a reply reaches (the whole
/// document's, so a type is the same in every build), the required properties become
/// optional fields (`Option`), and Palette's list moves to [`PALETTE_REQUIRED`] for the
/// contract tests. Schemas only requests use keep their required fields.
fn replies_take_null(doc: &mut Value) {
    let mut sent = BTreeSet::new();
    for op in walk::operations(doc) {
        for (_, body) in walk::success_responses(doc, &op) {
            if let Some((_, schema)) = body {
                walk::reachable(doc, schema, &mut sent);
            }
        }
    }
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for name in sent {
        if let Some(Value::Object(schema)) = schemas.get_mut(&name)
            && let Some(required) = schema.remove("required")
        {
            schema.insert(PALETTE_REQUIRED.into(), required);
        }
    }
}

/// Names given so far, and the schemas hoisted out of their parents.
#[derive(Default)]
struct Named {
    /// Rust type name -> where it came from.
    taken: BTreeMap<String, String>,
    hoisted: BTreeMap<String, Value>,
}

impl Named {
    fn claim(&mut self, rust_name: String, place: String) -> Result<(), String> {
        if let Some(first) = self.taken.insert(rust_name.clone(), place.clone()) {
            return Err(format!(
                "{first} and {place} would both be the Rust type {rust_name}; rename one in the document"
            ));
        }
        Ok(())
    }

    /// Hoists what inside `schema` needs a name, naming it after `context`.
    fn children(&mut self, schema: &mut Value, context: &str) -> Result<(), String> {
        let Value::Object(map) = schema else {
            return Ok(());
        };
        optional_when_nullable(map);
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            properties.values_mut().for_each(int_or_string);
        }
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            for (prop, child) in properties.iter_mut() {
                self.hoist(child, format!("{context}{}", prop.to_pascal_case()))?;
            }
        }
        if let Some(items) = map.get_mut("items") {
            self.hoist(items, format!("{context}Item"))?;
        }
        if let Some(values @ Value::Object(_)) = map.get_mut("additionalProperties") {
            self.hoist(values, format!("{context}Value"))?;
        }
        for combo in ["oneOf", "allOf", "anyOf"] {
            if let Some(Value::Array(parts)) = map.get_mut(combo) {
                for (i, part) in parts.iter_mut().enumerate() {
                    self.hoist(part, format!("{context}{combo}{i}").to_pascal_case())?;
                }
            }
        }
        Ok(())
    }

    /// Replaces an inline schema that would become a type by a reference to a named copy.
    fn hoist(&mut self, schema: &mut Value, name: String) -> Result<(), String> {
        if !needs_name(schema) {
            return self.children(schema, &name);
        }
        self.claim(name.clone(), format!("the inline schema named {name}"))?;
        let mut taken = schema.take();
        self.children(&mut taken, &name)?;
        // `nullable` stays with the use, so the named schema is the plain type.
        let nullable = taken
            .as_object_mut()
            .and_then(|m| m.remove("nullable"))
            .is_some_and(|v| v == Value::Bool(true));
        self.hoisted.insert(name.clone(), taken);
        let reference = json!({"$ref": format!("#/components/schemas/{name}")});
        *schema = if nullable {
            json!({"allOf": [reference], "nullable": true})
        } else {
            reference
        };
        Ok(())
    }

    fn parameter(&mut self, param: &mut Value, operation_id: &str) -> Result<(), String> {
        let location = param
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let name = param
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let Some(schema) = param.get_mut("schema") else {
            return Ok(());
        };
        if location == "path" {
            if let Some(map) = schema.as_object_mut() {
                map.remove("enum");
            }
            return Ok(());
        }
        let context = format!("{}{}", operation_id.to_pascal_case(), name.to_pascal_case());
        self.hoist(schema, context)
    }
}

/// A success reply that is a file (a binary string) listed as JSON, as Palette's spec lists
/// its kubeconfigs, exports and manifests, is read as the file it is: progenitor streams an
/// `application/octet-stream` reply instead of decoding JSON.
fn files_as_files(op: &mut Value) {
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    for (code, reply) in responses.iter_mut() {
        if !code.starts_with('2') {
            continue;
        }
        let Some(content) = reply.get_mut("content").and_then(Value::as_object_mut) else {
            continue;
        };
        if let Some(json) = content.get("application/json")
            && json.get("schema").is_some_and(walk::is_file)
        {
            let file = content.remove("application/json").unwrap_or_default();
            content.insert("application/octet-stream".into(), file);
        }
    }
}

/// A list of types (`[string, number]`: Kubernetes' IntOrString, such as a probe's port)
/// becomes a `oneOf` of an integer and a string, which OpenAPI 3.0 can say and progenitor
/// generates as an enum of the two. A number there is always whole (a port), and reading it as
/// an integer sends it back as Go wrote it (`8080`, not `8080.0`).
fn int_or_string(schema: &mut Value) {
    let Some(Value::Array(types)) = schema.get("type") else {
        return;
    };
    let options: Vec<Value> = types
        .iter()
        .map(|t| match t.as_str() {
            Some("number" | "integer") => json!({"type": "integer", "format": "int64"}),
            _ => json!({"type": t}),
        })
        .collect();
    if let Some(map) = schema.as_object_mut() {
        map.remove("type");
        map.insert("oneOf".into(), Value::Array(options));
    }
}

/// A required field that may be `null` decodes as missing too: Go leaves a nil list out as
/// often as it writes `null` (`"items"` of a list reply), so the generated field is optional.
/// The document keeps Palette's `required`; only the generated code reads it this way.
fn optional_when_nullable(map: &mut Map<String, Value>) {
    let nullable: BTreeSet<String> = map
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, p)| p.get("nullable") == Some(&Value::Bool(true)))
        .map(|(name, _)| name.clone())
        .collect();
    if let Some(Value::Array(required)) = map.get_mut("required") {
        required.retain(|r| r.as_str().is_none_or(|r| !nullable.contains(r)));
        if required.is_empty() {
            map.remove("required");
        }
    }
}

/// Whether progenitor would make a type of this inline schema.
fn needs_name(schema: &Value) -> bool {
    let Some(map) = schema.as_object() else {
        return false;
    };
    if map.contains_key("$ref") {
        return false;
    }
    let string_enum = map.get("type") == Some(&json!("string")) && map.contains_key("enum");
    let object = map
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty());
    let combination = ["oneOf", "allOf", "anyOf"]
        .iter()
        .any(|k| map.contains_key(*k));
    string_enum || object || combination
}

/// Escapes a key for a JSON pointer.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The document with only the operations of the `enabled` categories and the core
/// operations, and only the schemas they reach.
pub fn prune(doc: &Value, enabled: &BTreeSet<String>) -> Value {
    let mut out = doc.clone();
    let keep_op = |op: &Value| {
        let tag = op
            .pointer("/tags/0")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let id = op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default();
        enabled.contains(tag)
            || CORE_OPERATIONS.contains(&id)
            || WORKFLOW_OPERATIONS
                .iter()
                .any(|(category, ids)| enabled.contains(*category) && ids.contains(&id))
    };
    let mut paths = Map::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let mut kept = Map::new();
        let mut any = false;
        for (key, value) in item.as_object().into_iter().flatten() {
            let is_method = METHODS.iter().any(|(m, _)| m == key);
            if !is_method {
                kept.insert(key.clone(), value.clone());
            } else if keep_op(value) {
                kept.insert(key.clone(), value.clone());
                any = true;
            }
        }
        if any {
            paths.insert(path.clone(), Value::Object(kept));
        }
    }
    out["paths"] = Value::Object(paths);

    let mut needed = BTreeSet::new();
    walk::reachable(doc, &out["paths"], &mut needed);
    for section in ["parameters", "responses", "requestBodies"] {
        if let Some(node) = doc.pointer(&format!("/components/{section}")) {
            walk::reachable(doc, node, &mut needed);
        }
    }
    if let Some(schemas) = out
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        schemas.retain(|name, _| needed.contains(name));
    }
    let used = tags(&out);
    if let Some(list) = out.get_mut("tags").and_then(Value::as_array_mut) {
        list.retain(|t| {
            t.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| used.contains(n))
        });
    }
    out
}
