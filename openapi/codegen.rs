//! The one place for progenitor settings and the document's lint rules, shared by build.rs and xtask.
//!
//! Both `build.rs` and `xtask` include this file with `#[path]`, so the code that users compile
//! and the committed snapshot under `openapi/generated/` always come from the same settings.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use proc_macro2::TokenStream;
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use quote::{ToTokens, format_ident, quote};
use serde_json::Value;
use syn::visit_mut::{self, VisitMut};

/// The document, relative to the crate root.
pub const DOCUMENT: &str = "openapi/palette.yaml";

/// Files under `openapi/` whose change must rerun generation.
pub const INPUTS: &[&str] = &["openapi/palette.yaml", "openapi/codegen.rs"];

/// The inner state type every generated `Client` carries (see `src/state.rs`).
const INNER_TYPE: &str = "crate::state::ClientState";

/// Server-sent string enums that stay open: each maps to a hand-written enum in `src/enums.rs`
/// with an `Unknown(String)` case, so a value a newer Palette adds still decodes.
pub const OPEN_ENUMS: &[&str] = &[
    "AuthType",
    "ClusterRoleKind",
    "GpuProvider",
    "IncludeClusterResourceMode",
    "RbacBindingType",
    "RbacSubjectType",
    "RelatedObjectKind",
];

/// The parsed document, both as raw JSON (for the lint) and as OpenAPI (for progenitor).
pub struct Document {
    pub raw: Value,
    pub spec: openapiv3::OpenAPI,
}

/// What generation produces: the client, the httpmock helpers, and the operation table.
pub struct Output {
    pub client: TokenStream,
    pub mock: TokenStream,
    pub operations: TokenStream,
}

/// Reads and parses the document.
pub fn load(path: &Path) -> Result<Document, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let raw: Value =
        serde_norway::from_str(&text).map_err(|e| format!("{}: not YAML: {e}", path.display()))?;
    let spec: openapiv3::OpenAPI = serde_json::from_value(raw.clone())
        .map_err(|e| format!("{}: not an OpenAPI 3.0 document: {e}", path.display()))?;
    Ok(Document { raw, spec })
}

/// The progenitor settings of the crate.
pub fn settings() -> GenerationSettings {
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
    for name in OPEN_ENUMS {
        settings.with_replacement(
            name,
            format!("crate::enums::{name}"),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }
    settings
}

/// Generates the client, the mock helpers and the operation table from a linted document.
pub fn generate(doc: &Document) -> Result<Output, String> {
    let client = Generator::new(&settings())
        .generate_tokens(&doc.spec)
        .map_err(|e| format!("progenitor: {e}"))?;
    let client = trim_client(client)?;
    let mock = Generator::new(&settings())
        .httpmock(&doc.spec, "crate")
        .map_err(|e| format!("progenitor (httpmock): {e}"))?;
    let operations = operation_table(&doc.raw)?;
    Ok(Output {
        client,
        mock,
        operations,
    })
}

/// Edits to progenitor 0.15's client. Three save work on every call:
///
/// - It adds `api-version: <info.version>` to every request, for servers that version their
///   API by header. Palette defines no such header: the statement is removed.
/// - It sizes each request's header map for that header, so every call allocated one. The map
///   now starts empty, and a call that sets no header parameter (most calls) builds none.
/// - It copies each path parameter (`encode_path(&uid.to_string())`) and encodes the copy into
///   a new `String` before formatting that into the URL. The lint keeps every path parameter
///   a string, so `src/path.rs`'s `Segment` writes the parameter itself, encoded, straight into
///   the URL. It is moved into the call (`&{ uid }`), not borrowed: a borrowed local stays
///   alive across the request's awaits, which doubled the size of every call's future.
///
/// Two keep our layer the only way in:
///
/// - Each request builder's `send` (which returns progenitor's own error) becomes the
///   crate-private `generated_send`; users call [`Call::send`](crate::Call), which returns
///   `palette_sdk::Error`.
/// - `Client::new` and `Client::new_with_client` become crate-private, so a client is only
///   made by our builder, with its URL checks, timeouts and redirect policy.
///
/// Fails when the first two find nothing to change, or when a path parameter is encoded in a
/// form the third does not know, so that a progenitor upgrade that changes this output is
/// noticed here rather than in the contract tests or the benchmarks.
pub fn trim_client(client: TokenStream) -> Result<TokenStream, String> {
    let mut file: syn::File =
        syn::parse2(client).map_err(|e| format!("progenitor's client does not parse: {e}"))?;
    let mut edits = ClientEdits::default();
    edits.visit_file_mut(&mut file);
    if edits.api_versions == 0
        || edits.header_maps == 0
        || edits.other_paths > 0
        || edits.sends == 0
        || edits.constructors != 2
    {
        return Err(format!(
            "progenitor's client changed shape: removed {} api-version header(s), emptied {} \
             header map(s), left {} path parameter(s) in an unknown form, renamed {} send \
             method(s), made {} of 2 constructors private; update trim_client in \
             openapi/codegen.rs",
            edits.api_versions,
            edits.header_maps,
            edits.other_paths,
            edits.sends,
            edits.constructors
        ));
    }
    Ok(file.into_token_stream())
}

/// Counts what [`trim_client`] changed.
#[derive(Default)]
struct ClientEdits {
    api_versions: usize,
    header_maps: usize,
    /// `encode_path` calls left as they were.
    other_paths: usize,
    /// Builder `send` methods renamed.
    sends: usize,
    /// `Client` constructors made crate-private.
    constructors: usize,
}

impl VisitMut for ClientEdits {
    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        let name = function.sig.ident.to_string();
        let public = matches!(function.vis, syn::Visibility::Public(_));
        if public && name == "send" && function.sig.asyncness.is_some() {
            function.sig.ident = format_ident!("generated_send");
            function.vis = syn::parse_quote!(pub(crate));
            self.sends += 1;
        } else if public && (name == "new" || name == "new_with_client") && returns_self(function) {
            let takes_inner = function.sig.inputs.iter().any(|arg| {
                matches!(arg, syn::FnArg::Typed(t) if t.pat.to_token_stream().to_string() == "inner")
            });
            if takes_inner {
                function.vis = syn::parse_quote!(pub(crate));
                // `new` builds its own reqwest client with progenitor's 15 s timeouts and is
                // no longer used by anything.
                function.attrs.push(syn::parse_quote!(#[allow(dead_code)]));
                self.constructors += 1;
            }
        }
        visit_mut::visit_impl_item_fn_mut(self, function);
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let before = block.stmts.len();
        block.stmts.retain(|stmt| !appends_api_version(stmt));
        self.api_versions += before - block.stmts.len();
        visit_mut::visit_block_mut(self, block);
    }

    fn visit_local_mut(&mut self, local: &mut syn::Local) {
        if let Some(init) = &mut local.init
            && let syn::Expr::Call(call) = &*init.expr
            && ends_with(&call.func, &["HeaderMap", "with_capacity"])
        {
            *init.expr = syn::parse_quote!(::reqwest::header::HeaderMap::new());
            // Operations without header parameters no longer add to the map.
            local.attrs.push(syn::parse_quote!(#[allow(unused_mut)]));
            self.header_maps += 1;
        }
        visit_mut::visit_local_mut(self, local);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        // The URL is built in `format!`, whose arguments syn leaves as tokens.
        if mac.path.is_ident("format")
            && let Ok(mut args) = mac.parse_body_with(
                syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
            )
        {
            args.iter_mut().for_each(|arg| self.visit_expr_mut(arg));
            mac.tokens = args.into_token_stream();
        }
        visit_mut::visit_macro_mut(self, mac);
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::Call(call) = expr
            && ends_with(&call.func, &["encode_path"])
            && let Some(syn::Expr::Reference(arg)) = call.args.first()
            && let syn::Expr::MethodCall(copy) = &*arg.expr
            && copy.method == "to_string"
            && copy.args.is_empty()
        {
            // `encode_path(&uid.to_string())` becomes `Segment(&{ uid })`: the String itself,
            // moved, written encoded into the URL being formatted.
            let receiver = &copy.receiver;
            *expr = syn::parse_quote!(crate::path::Segment(&{ #receiver }));
            return;
        }
        if let syn::Expr::Call(call) = expr
            && ends_with(&call.func, &["encode_path"])
        {
            self.other_paths += 1;
        }
        visit_mut::visit_expr_mut(self, expr);
    }
}

/// Whether a function returns `Self`.
fn returns_self(function: &syn::ImplItemFn) -> bool {
    matches!(&function.sig.output, syn::ReturnType::Type(_, ty) if ty.to_token_stream().to_string() == "Self")
}

/// Whether `expr` is a path whose last segments are `tail`.
fn ends_with(expr: &syn::Expr, tail: &[&str]) -> bool {
    let syn::Expr::Path(path) = expr else {
        return false;
    };
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segments.ends_with(&tail.iter().map(|s| s.to_string()).collect::<Vec<_>>())
}

/// `header_map.append(HeaderName::from_static("api-version"), ...);`
fn appends_api_version(stmt: &syn::Stmt) -> bool {
    let syn::Stmt::Expr(syn::Expr::MethodCall(call), Some(_)) = stmt else {
        return false;
    };
    call.method == "append"
        && call.args.first().is_some_and(|name| {
            name.to_token_stream()
                .to_string()
                .contains("\"api-version\"")
        })
}

/// One operation of the document, as the lint and the operation table see it.
struct Op<'a> {
    id: String,
    method: &'static str,
    path: &'a str,
    /// The path item: parameters shared by its methods.
    item: &'a Value,
    body: &'a Value,
}

const METHODS: &[(&str, &str)] = &[
    ("get", "GET"),
    ("put", "PUT"),
    ("post", "POST"),
    ("patch", "PATCH"),
    ("delete", "DELETE"),
    ("head", "HEAD"),
    ("options", "OPTIONS"),
    ("trace", "TRACE"),
];

fn operations(raw: &Value) -> Vec<Op<'_>> {
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
fn parameters<'a>(raw: &'a Value, op: &Op<'a>) -> Vec<&'a Value> {
    [op.item, op.body]
        .into_iter()
        .filter_map(|node| node.get("parameters").and_then(Value::as_array))
        .flatten()
        .map(|param| deref(raw, param))
        .collect()
}

/// Follows a local `$ref` once, or returns the node itself.
fn deref<'a>(raw: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix('#')
            .and_then(|pointer| raw.pointer(pointer))
            .unwrap_or(&Value::Null),
        None => node,
    }
}

/// The success codes of an operation with the schema `$ref` of each (None for no body).
fn success_responses<'a>(raw: &'a Value, op: &Op<'a>) -> Vec<(String, Option<&'a Value>)> {
    let Some(responses) = op.body.get("responses").and_then(Value::as_object) else {
        return Vec::new();
    };
    responses
        .iter()
        .filter(|(code, _)| code.starts_with('2'))
        .map(|(code, r)| {
            let r = deref(raw, r);
            let schema = r
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.values().next())
                .and_then(|m| m.get("schema"));
            (code.clone(), schema)
        })
        .collect()
}

/// Checks the document's rules and returns every violation, each naming its operation.
pub fn lint(raw: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let ops = operations(raw);
    let mut seen_ids = BTreeSet::new();
    for op in &ops {
        let at = format!("{} ({} {})", op.id, op.method, op.path);
        let mut bad = |msg: String| out.push(format!("{at}: {msg}"));
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
            Some(tags) if tags.len() == 1 => {}
            Some(tags) => bad(format!("has {} tags; exactly one is allowed", tags.len())),
            None => bad("has no tag; exactly one is required".into()),
        }
        let responses = op.body.get("responses").and_then(Value::as_object);
        if responses.is_some_and(|r| r.contains_key("default")) {
            bad("has a `default` response; use 4XX and 5XX".into());
        }
        let successes = success_responses(raw, op);
        if successes.is_empty() {
            bad("has no 2xx response".into());
        }
        let bodies: BTreeSet<String> = successes
            .iter()
            .filter_map(|(_, s)| s.map(|s| s.to_string()))
            .collect();
        if bodies.len() > 1 || (bodies.len() == 1 && successes.iter().any(|(_, s)| s.is_none())) {
            bad("its 2xx responses differ in body type; one success body is allowed".into());
        }
        for (code, schema) in &successes {
            if code == "204" && schema.is_some() {
                bad("its 204 response declares a body; a 204 never has one".into());
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
            .map(|b| deref(raw, b))
            .and_then(|b| b.get("content"))
            .and_then(Value::as_object)
        {
            if content.len() != 1 {
                bad(format!(
                    "its request body has {} media types; one is allowed",
                    content.len()
                ));
            }
            if content.contains_key("multipart/form-data") {
                bad("multipart/form-data bodies break generation; hand-write the call".into());
            }
        }
        for param in parameters(raw, op) {
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
        let mut sent = BTreeSet::new();
        for (_, schema) in &successes {
            if let Some(schema) = schema {
                reachable(raw, schema, &mut sent);
            }
        }
        if let Some(error) = raw.pointer("/components/responses/Error") {
            reachable(raw, error, &mut sent);
        }
        for name in sent {
            if let Some(schema) = raw.pointer(&format!("/components/schemas/{name}"))
                && closes_properties(schema)
            {
                bad(format!(
                    "replies with {name}, which has additionalProperties: false; \
                     unknown fields from a newer Palette would fail decoding"
                ));
            }
        }
    }
    let mut lower: BTreeMap<String, &str> = BTreeMap::new();
    if let Some(schemas) = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for name in schemas.keys() {
            if let Some(other) = lower.insert(name.to_lowercase(), name) {
                out.push(format!(
                    "schemas {other} and {name} differ only in case; their Rust types collide"
                ));
            }
        }
    }
    out
}

/// Collects the names of the component schemas reachable from `node`.
fn reachable(raw: &Value, node: &Value, acc: &mut BTreeSet<String>) {
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

/// Converts an operationId to the client method name progenitor gives it (`workspacesUidGet`
/// becomes `workspaces_uid_get`).
fn snake(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 4);
    for c in id.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// True when the operation takes the shared `ProjectUid` header parameter.
fn takes_project_uid(raw: &Value, op: &Op<'_>) -> bool {
    op.body
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| deref(raw, p))
        .any(|p| {
            p.get("in") == Some(&Value::from("header"))
                && p.get("name") == Some(&Value::from("ProjectUid"))
        })
}

/// Converts a document name to the Rust type or builder name progenitor gives it.
fn pascal(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// The static operation table and the `Call` impl of every operation's builder.
fn operation_table(raw: &Value) -> Result<TokenStream, String> {
    let mut ops = operations(raw);
    ops.sort_by(|a, b| a.id.cmp(&b.id));
    let mut entries = Vec::new();
    let mut lookups = Vec::new();
    let mut impls = Vec::new();
    let mut checks = Vec::new();
    for (index, op) in ops.iter().enumerate() {
        let (id, method, path) = (&op.id, op.method, op.path);
        let tag = op
            .body
            .get("tags")
            .and_then(|t| t.get(0))
            .and_then(Value::as_str)
            .unwrap_or_default();
        let successes = success_responses(raw, op);
        let (code, schema) = successes
            .first()
            .ok_or_else(|| format!("{id}: no success response"))?;
        let status: u16 = code
            .parse()
            .map_err(|_| format!("{id}: success code {code} is not a number"))?;
        let idempotent = matches!(method, "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS");
        let reply_body = schema.is_some();
        let scoped = takes_project_uid(raw, op);
        let fn_name = snake(id);
        entries.push(quote! {
            crate::operation::Operation {
                id: #id,
                fn_name: #fn_name,
                method: #method,
                path: #path,
                tag: #tag,
                success_status: #status,
                reply_body: #reply_body,
                idempotent: #idempotent,
                scoped: #scoped,
            }
        });
        lookups.push(quote! { #fn_name => Some(&OPERATIONS[#index]), });
        let output = match schema {
            None => quote! { () },
            Some(schema) => {
                let name = schema
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    .ok_or_else(|| format!("{id}: the success body must be a named schema"))?;
                let ty = format_ident!("{}", pascal(name));
                checks.push(quote! { #id => Some(check::<types::#ty>(body)), });
                quote! { types::#ty }
            }
        };
        let builder = format_ident!("{}", pascal(id));
        impls.push(quote! {
            impl crate::call::Call for builder::#builder<'_> {
                type Output = #output;
                const OPERATION: &'static crate::operation::Operation = &OPERATIONS[#index];
                fn send_raw(
                    self,
                    _: crate::call::Sealed,
                ) -> impl ::std::future::Future<
                    Output = Result<ResponseValue<Self::Output>, Error<types::ApiError>>,
                > + Send {
                    self.generated_send()
                }
            }
        });
    }
    let count = ops.len();
    Ok(quote! {
        /// Every operation of the document, sorted by operationId.
        pub static OPERATIONS: [crate::operation::Operation; #count] = [#(#entries),*];

        /// Finds an operation by the name of its client method (progenitor's `OperationInfo`).
        pub fn find(fn_name: &str) -> Option<&'static crate::operation::Operation> {
            match fn_name {
                #(#lookups)*
                _ => None,
            }
        }

        /// Decodes `body` as the success reply of the operation `id`, for operations whose
        /// reply has a body; the error names the path of the first mismatch.
        pub(crate) fn check_reply(
            id: &str,
            body: &[u8],
        ) -> Option<Result<(), serde_path_to_error::Error<serde_json::Error>>> {
            fn check<T: serde::de::DeserializeOwned>(
                body: &[u8],
            ) -> Result<(), serde_path_to_error::Error<serde_json::Error>> {
                serde_path_to_error::deserialize::<_, T>(
                    &mut serde_json::Deserializer::from_slice(body),
                )
                .map(|_| ())
            }
            match id {
                #(#checks)*
                _ => None,
            }
        }

        #(#impls)*
    })
}
