//! Walks the document: its operations, their parameters and success replies, and the schemas a node reaches.

use std::collections::BTreeSet;

use serde_json::Value;

/// One operation of the document.
pub struct Op<'a> {
    pub id: String,
    pub method: &'static str,
    pub path: &'a str,
    /// The path item: parameters shared by its methods.
    pub item: &'a Value,
    pub body: &'a Value,
}

impl Op<'_> {
    /// The operation's one tag (its docs category).
    pub fn tag(&self) -> &str {
        self.body
            .get("tags")
            .and_then(|t| t.get(0))
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

/// The methods an OpenAPI path item may hold, with their HTTP names.
pub const METHODS: &[(&str, &str)] = &[
    ("get", "GET"),
    ("put", "PUT"),
    ("post", "POST"),
    ("patch", "PATCH"),
    ("delete", "DELETE"),
    ("head", "HEAD"),
    ("options", "OPTIONS"),
    ("trace", "TRACE"),
];

/// Every operation, in path order.
pub fn operations(raw: &Value) -> Vec<Op<'_>> {
    let mut out = Vec::new();
    let Some(paths) = raw.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        for (key, method) in METHODS {
            if let Some(body) = item.get(*key) {
                let id = body
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or("<no operationId>")
                    .to_string();
                out.push(Op {
                    id,
                    method,
                    path,
                    item,
                    body,
                });
            }
        }
    }
    out
}

/// The parameters of an operation: its path item's and its own, references followed.
pub fn parameters<'a>(raw: &'a Value, op: &Op<'a>) -> Vec<&'a Value> {
    [op.item, op.body]
        .into_iter()
        .filter_map(|node| node.get("parameters").and_then(Value::as_array))
        .flatten()
        .map(|param| deref(raw, param))
        .collect()
}

/// Follows a local `$ref` once, or returns the node itself.
pub fn deref<'a>(raw: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix('#')
            .and_then(|pointer| raw.pointer(pointer))
            .unwrap_or(&Value::Null),
        None => node,
    }
}

/// Follows `$ref`s to a component schema until a schema that is not a reference.
pub fn resolve<'a>(raw: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..32 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(_) => node = deref(raw, node),
            None => break,
        }
    }
    node
}

/// The name of the component schema a `$ref` node points at.
pub fn ref_name(node: &Value) -> Option<&str> {
    node.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
}

/// The success codes of an operation with the schema of each (None for no body), and the
/// media type of the body.
pub fn success_responses<'a>(
    raw: &'a Value,
    op: &Op<'a>,
) -> Vec<(String, Option<(&'a str, &'a Value)>)> {
    let Some(responses) = op.body.get("responses").and_then(Value::as_object) else {
        return Vec::new();
    };
    responses
        .iter()
        .filter(|(code, _)| code.starts_with('2'))
        .map(|(code, r)| {
            let r = deref(raw, r);
            let body = r
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.iter().next())
                .and_then(|(media, m)| m.get("schema").map(|s| (media.as_str(), s)));
            (code.clone(), body)
        })
        .collect()
}

/// The request body's media type and schema, if the operation takes one.
pub fn request_body<'a>(raw: &'a Value, op: &Op<'a>) -> Option<(&'a str, &'a Value)> {
    let body = deref(raw, op.body.get("requestBody")?);
    let (media, content) = body.get("content")?.as_object()?.iter().next()?;
    Some((media.as_str(), content.get("schema")?))
}

/// True when the operation takes the `ProjectUid` header, at the operation or path level.
pub fn takes_project_uid(raw: &Value, op: &Op<'_>) -> bool {
    parameters(raw, op).into_iter().any(|p| {
        p.get("in") == Some(&Value::from("header"))
            && p.get("name") == Some(&Value::from("ProjectUid"))
    })
}

/// Resources Palette keeps at tenant scope whatever handle calls them: the collections and
/// items of projects, users, API keys, roles, teams, tag filters and edge registration tokens,
/// and the project lookup by name (DESIGN.md, "Palette API facts").
const TENANT_ONLY_PATHS: &[&str] = &[
    "/v1/apiKeys",
    "/v1/apiKeys/{uid}",
    "/v1/dashboard/projects/metadata",
    "/v1/edgehosts/tokens",
    "/v1/edgehosts/tokens/{uid}",
    "/v1/filters",
    "/v1/filters/tag",
    "/v1/filters/tag/{uid}",
    "/v1/projects",
    "/v1/projects/{uid}",
    "/v1/roles",
    "/v1/roles/{uid}",
    "/v1/teams",
    "/v1/teams/{uid}",
    "/v1/users",
    "/v1/users/{uid}",
];

/// Everything below these is tenant-level too: states, metadata, clones, role assignments,
/// and the tenant's own settings and sessions.
const TENANT_ONLY_PREFIXES: &[&str] = &[
    "/v1/apiKeys/",
    "/v1/auth/",
    "/v1/edgehosts/tokens/",
    "/v1/filters/",
    "/v1/roles/",
    "/v1/teams/",
    "/v1/tenants/",
];

/// True when the operation is on a tenant-only resource, which never takes `ProjectUid`.
/// Path parameters compare by position, whatever their names.
pub fn tenant_only(path: &str) -> bool {
    let shape = |p: &str| {
        p.split('/')
            .map(|s| if s.starts_with('{') { "{}" } else { s })
            .collect::<Vec<_>>()
            .join("/")
    };
    let path = shape(path);
    TENANT_ONLY_PATHS.iter().any(|p| shape(p) == path)
        || TENANT_ONLY_PREFIXES.iter().any(|p| path.starts_with(p))
}

/// Collects the names of the component schemas reachable from `node`.
pub fn reachable(raw: &Value, node: &Value, acc: &mut BTreeSet<String>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                if key == "$ref" {
                    if let Some(name) = value
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/components/schemas/"))
                        && acc.insert(name.to_string())
                        && let Some(target) = raw.pointer(&format!("/components/schemas/{name}"))
                    {
                        reachable(raw, target, acc);
                    }
                } else {
                    reachable(raw, value, acc);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| reachable(raw, v, acc)),
        _ => {}
    }
}

/// The schemas an operation's replies (success and error) reach.
pub fn reply_schemas(raw: &Value, op: &Op<'_>) -> BTreeSet<String> {
    let mut sent = BTreeSet::new();
    for (_, body) in success_responses(raw, op) {
        if let Some((_, schema)) = body {
            reachable(raw, schema, &mut sent);
        }
    }
    if let Some(error) = raw.pointer("/components/responses/Error") {
        reachable(raw, error, &mut sent);
    }
    sent
}

/// Whether a success body is a file: a binary string, whatever media type it is listed under.
pub fn is_file(schema: &Value) -> bool {
    schema.get("type") == Some(&Value::from("string"))
        && schema.get("format") == Some(&Value::from("binary"))
}
