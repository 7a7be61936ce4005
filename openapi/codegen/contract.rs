//! Contract test cases made from the document: for every operation, the request the builder must send and the replies it must read.
//!
//! `tests/contract.rs` includes the generated cases and runs each against a local server: the
//! method, the path with awkward parameters percent-encoded, `ProjectUid` exactly where the
//! document declares it, the query and the body, then the reply decoded the way Palette's Go
//! server writes it. The expectation of scope is read here from the document's parameters,
//! not from the operation table the client uses.

use heck::{ToPascalCase, ToSnakeCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::rust_types::rust_type;
use super::samples::{self, TIME, Variant};
use super::secrets::{Secrets, field_ident};
use super::walk::{self, Op};

/// The values path parameters take, one of its own for each parameter of an operation (so
/// that two parameters swapped do not look alike): spaces, slashes, backslashes, dots, a
/// percent sign, `?`, `#`, and letters outside ASCII.
pub const PATH_VALUES: &[&str] = &[
    "a b/c%d-ü",
    "x\\y?z#2",
    "..\\p;q=r&s+3",
    "%2e%2E-4",
    "tab\tnew\nline-5",
    "plain-6",
];

/// How a path parameter must appear in the request: RFC 3986's unreserved characters
/// (letters, digits, `-._~`) as they are, every other byte of its UTF-8 as `%XX`. Written
/// here apart from the client's encoder, which it checks.
pub fn rfc3986_segment(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Every string query parameter starts with this; the parameter's name follows.
pub const QUERY_TEXT: &str = "x y&z=ü";
/// What secret fields and parameters hold in the redaction checks.
pub const MARKER: &str = "s3cr3t-marker-0123456789";

/// The generated cases: `CASES` (one per operation), `SECRET_TYPES` and `SECRET_BUILDERS`.
pub fn cases(doc: &Value, secrets: &Secrets) -> Result<TokenStream, String> {
    let mut ops = walk::operations(doc);
    ops.sort_by(|a, b| a.id.cmp(&b.id));
    let root = quote! { palette_sdk };
    let mut cases = Vec::new();
    for op in ops
        .iter()
        .filter(|op| !super::HAND_WRITTEN.contains(&op.id.as_str()))
    {
        cases.push(case(doc, op, &root).map_err(|e| format!("{}: {e}", op.id))?);
    }
    let secret_field = |t: &str, prop: &str| {
        secrets
            .types
            .get(t)
            .is_some_and(|fields| fields.iter().any(|(p, _)| p == prop))
    };
    let when_sensitive = |t: &str, prop: &str| {
        secrets
            .when_sensitive
            .get(t)
            .is_some_and(|fields| fields.iter().any(|(p, _)| p == prop))
    };
    let mut type_checks = Vec::new();
    let masked_types = secrets.types.keys().map(|t| (t, true, false));
    let conditional_types = secrets
        .when_sensitive
        .keys()
        .flat_map(|t| [(t, true, true), (t, false, true)]);
    for (type_name, masked, conditional) in masked_types.chain(conditional_types) {
        let schema_name = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .and_then(|s| s.keys().find(|k| k.to_pascal_case() == *type_name))
            .ok_or_else(|| format!("no schema for the type {type_name}"))?;
        let reference = serde_json::json!({"$ref": format!("#/components/schemas/{schema_name}")});
        let mut value = samples::sample(doc, &reference, Variant::Request);
        if conditional {
            value["isSensitive"] = Value::Bool(masked);
            samples::plant_secrets(doc, &reference, &mut value, &when_sensitive, MARKER);
        } else {
            samples::plant_secrets(doc, &reference, &mut value, &secret_field, MARKER);
        }
        let json = value.to_string();
        let ident = format_ident!("{type_name}");
        let name = if conditional {
            format!("{type_name} with isSensitive {masked}")
        } else {
            type_name.clone()
        };
        type_checks.push(quote! {
            SecretCheck {
                name: #name,
                masked: #masked,
                debug: || {
                    let value: #root::types::#ident = ::serde_json::from_str(#json)
                        .expect("the sample decodes");
                    let sent = ::serde_json::to_string(&value).expect("the sample encodes");
                    (sent, vec![format!("{value:?}"), format!("{value:#?}")])
                },
            },
        });
    }
    let mut builder_checks = Vec::new();
    for op in &ops {
        let method = format_ident!("{}", op.id.to_snake_case());
        let id = &op.id;
        if let Some(fields) = secrets.builders.get(&op.id.to_pascal_case()) {
            let setters = fields.iter().map(|(_, field)| {
                let setter = format_ident!("{field}");
                quote! { .#setter(MARKER) }
            });
            builder_checks.push(quote! {
                SecretBuilderCheck {
                    id: #id,
                    debug: |client| format!("{:?}", client.#method() #(#setters)*),
                },
            });
        }
        if super::HAND_WRITTEN.contains(&op.id.as_str()) {
            continue;
        }
        // A body that holds a secret field prints it masked in the builder's Debug too.
        if let Some((_, schema)) = walk::request_body(doc, op) {
            let mut value = samples::sample(doc, schema, Variant::Request);
            samples::plant_secrets(doc, schema, &mut value, &secret_field, MARKER);
            let json = value.to_string();
            if json.contains(MARKER) {
                let ty = rust_type(doc, schema, &root)?;
                builder_checks.push(quote! {
                    SecretBuilderCheck {
                        id: #id,
                        debug: |client| format!(
                            "{:?}",
                            client.#method().body(
                                ::serde_json::from_str::<#ty>(#json).expect("the sample decodes")
                            )
                        ),
                    },
                });
            }
        }
    }
    let path_values = PATH_VALUES.iter();
    Ok(quote! {
        /// The values of path parameters: the first parameter takes the first, and so on.
        const PATH_VALUES: &[&str] = &[#(#path_values),*];
        /// What secret fields and parameters hold in the redaction checks.
        const MARKER: &str = #MARKER;
        /// Every operation's contract, sorted by operationId.
        static CASES: &[Case] = &[#(#cases)*];
        /// Every type with a secret field, with a value whose secrets hold `MARKER`; a field
        /// secret only when `isSensitive` is checked both ways.
        static SECRET_TYPES: &[SecretCheck] = &[#(#type_checks)*];
        /// Every request builder with a secret parameter set to `MARKER`, or with a body whose
        /// secret fields hold it.
        static SECRET_BUILDERS: &[SecretBuilderCheck] = &[#(#builder_checks)*];
    })
}

fn case(doc: &Value, op: &Op<'_>, root: &TokenStream) -> Result<TokenStream, String> {
    let id = &op.id;
    let method = op.method;
    let params = walk::parameters(doc, op);
    let mut path = op.path.to_string();
    let mut setters = Vec::new();
    let mut query: Vec<(String, String)> = Vec::new();
    let mut scoped = false;
    let mut path_params = Vec::new();
    for (index, param) in params.iter().enumerate() {
        let name = param
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let setter = format_ident!("{}", field_ident(name));
        let schema = param.get("schema").unwrap_or(&Value::Null);
        match param.get("in").and_then(Value::as_str) {
            Some("path") => {
                let nth = path_params.len();
                let value = PATH_VALUES
                    .get(nth)
                    .ok_or("more path parameters than PATH_VALUES")?;
                path = path.replace(&format!("{{{name}}}"), &rfc3986_segment(value));
                path_params.push(field_ident(name));
                setters.push(quote! { .#setter(segments[#nth]) });
            }
            Some("query") => {
                let explode = param.get("explode") != Some(&Value::Bool(false));
                let (value, wire) = query_value(doc, schema, root, name, index)?;
                setters.push(quote! { .#setter(#value) });
                if explode || wire.len() < 2 {
                    query.extend(wire.into_iter().map(|w| (name.to_string(), w)));
                } else {
                    query.push((name.to_string(), wire.join(",")));
                }
            }
            Some("header") if name == "ProjectUid" => scoped = true,
            Some(other) => {
                return Err(format!("parameter {name} in {other} is not covered"));
            }
            None => {}
        }
    }
    let (media, bodies) = match walk::request_body(doc, op) {
        None => (quote! { Media::None }, Vec::new()),
        Some((media, schema)) => {
            let ty = rust_type(doc, schema, root)?;
            setters.push(quote! {
                .body(::serde_json::from_str::<#ty>(body).expect("the sample body decodes"))
            });
            let media = match media {
                "application/json" => quote! { Media::Json },
                "application/x-www-form-urlencoded" => quote! { Media::Form },
                other => return Err(format!("a {other} request body is not covered")),
            };
            let first = samples::sample(doc, schema, Variant::Request);
            let other = samples::sample_other_branch(doc, schema, Variant::Request);
            let bodies = std::iter::once(first)
                .chain(other)
                .map(|v| v.to_string())
                .collect();
            (media, bodies)
        }
    };
    let successes = walk::success_responses(doc, op);
    let (code, reply) = successes.first().ok_or("no success response")?;
    let status: u16 = code.parse().map_err(|_| "a success code is not a number")?;
    let replies = match reply {
        None => quote! { None },
        Some((_, schema)) => {
            let rich = samples::sample(doc, schema, Variant::Rich).to_string();
            let other = match samples::sample_other_branch(doc, schema, Variant::Rich) {
                Some(other) => {
                    let other = other.to_string();
                    quote! { Some(#other) }
                }
                None => quote! { None },
            };
            let go = samples::sample(doc, schema, Variant::Go).to_string();
            let minimal = samples::sample(doc, schema, Variant::Minimal).to_string();
            let optional = samples::optional_pointers(doc, schema);
            let required = samples::required_pointers(doc, schema);
            quote! {
                Some(Replies {
                    rich: #rich,
                    other_branch: #other,
                    go: #go,
                    minimal: #minimal,
                    optional: &[#(#optional),*],
                    required: &[#(#required),*],
                })
            }
        }
    };
    let query = query.iter().map(|(k, v)| quote! { (#k, #v) });
    let client_method = format_ident!("{}", id.to_snake_case());
    let segments = if path_params.is_empty() {
        quote! { _ }
    } else {
        quote! { segments }
    };
    let body = if bodies.is_empty() {
        quote! { _ }
    } else {
        quote! { body }
    };
    Ok(quote! {
        Case {
            id: #id,
            method: #method,
            path: #path,
            path_params: &[#(#path_params),*],
            query: &[#(#query),*],
            scoped: #scoped,
            media: #media,
            bodies: &[#(#bodies),*],
            status: #status,
            replies: #replies,
            send: |client, #segments, #body| ::std::boxed::Box::pin(async move {
                client.#client_method() #(#setters)*
                    .send_with_response()
                    .await
                    .map(|reply| reply.status().as_u16())
            }),
        },
    })
}

/// A value for a query parameter: the Rust expression to set and the wire value(s) expected.
/// Each parameter of an operation gets a value of its own, from its `name` and `index`, so
/// that two parameters swapped do not look alike.
fn query_value(
    doc: &Value,
    schema: &Value,
    root: &TokenStream,
    name: &str,
    index: usize,
) -> Result<(TokenStream, Vec<String>), String> {
    if let Some(reference) = walk::ref_name(schema) {
        let target = walk::resolve(doc, schema);
        if let Some(values) = target.get("enum").and_then(Value::as_array) {
            let value = values
                .get(index % values.len().max(1))
                .and_then(Value::as_str)
                .unwrap_or_default();
            let ident = format_ident!("{}", reference.to_pascal_case());
            return Ok((
                quote! { #root::enums::#ident::from(#value) },
                vec![value.to_string()],
            ));
        }
        return query_value(doc, target, root, name, index);
    }
    let format = schema.get("format").and_then(Value::as_str);
    let whole = 7 + index as i64;
    let text = format!("{QUERY_TEXT} {name}");
    Ok(match schema.get("type").and_then(Value::as_str) {
        Some("string") if format == Some("date-time") => (
            quote! {
                ::chrono::DateTime::parse_from_rfc3339(#TIME)
                    .expect("a time")
                    .with_timezone(&::chrono::Utc)
            },
            vec![TIME.to_string()],
        ),
        Some("string") if format == Some("date") => (
            quote! { ::chrono::NaiveDate::from_ymd_opt(2026, 3, 14).expect("a date") },
            vec!["2026-03-14".to_string()],
        ),
        Some("string") => (quote! { #text }, vec![text.clone()]),
        Some("integer") => (quote! { #whole }, vec![whole.to_string()]),
        Some("number") if format == Some("float") => {
            let value = whole as f32 + 0.5;
            (quote! { #value }, vec![value.to_string()])
        }
        Some("number") => {
            let value = whole as f64 + 0.5;
            (quote! { #value }, vec![value.to_string()])
        }
        Some("boolean") => {
            let value = index.is_multiple_of(2);
            (quote! { #value }, vec![value.to_string()])
        }
        Some("array") => {
            let items = schema.get("items").unwrap_or(&Value::Null);
            let (one, wire_one) = query_value(doc, items, root, name, index)?;
            let item_type = rust_type(doc, items, root)?;
            let (two, wire_two) = second_value(doc, items, root, name, index)?;
            let mut wire = wire_one;
            wire.extend(wire_two);
            (
                quote! { ::std::vec![<#item_type>::from(#one), <#item_type>::from(#two)] },
                wire,
            )
        }
        other => {
            return Err(format!(
                "a query parameter of type {other:?} is not covered"
            ));
        }
    })
}

/// A second, different value for an array's items.
fn second_value(
    doc: &Value,
    items: &Value,
    root: &TokenStream,
    name: &str,
    index: usize,
) -> Result<(TokenStream, Vec<String>), String> {
    let target = walk::resolve(doc, items);
    if let (Some(reference), Some(values)) = (
        walk::ref_name(items),
        target.get("enum").and_then(Value::as_array),
    ) {
        let value = values
            .get((index + 1) % values.len().max(1))
            .and_then(Value::as_str)
            .unwrap_or_default();
        let ident = format_ident!("{}", reference.to_pascal_case());
        return Ok((
            quote! { #root::enums::#ident::from(#value) },
            vec![value.to_string()],
        ));
    }
    match target.get("type").and_then(Value::as_str) {
        Some("string") => {
            let text = format!("second {name}");
            Ok((quote! { #text }, vec![text.clone()]))
        }
        _ => query_value(doc, items, root, name, index + 1),
    }
}
