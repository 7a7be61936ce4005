//! The operation table: each operation's facts, the `Call` impl of its builder, reply checks and pagination.

use heck::{ToPascalCase, ToSnakeCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use super::rust_types::rust_type;
use super::walk::{self, Op};

/// The static operation table, the `Call` impl of every operation's builder, the reply
/// decoders, and `Paged` for every list that pages with Palette's `continue` token.
///
/// `hand_written` operations (which progenitor cannot generate) get their facts, and a static
/// each in `hand_written` for the hand-written builder's `Call` impl, but no generated impl.
pub fn table(raw: &Value, hand_written: &[&str]) -> Result<TokenStream, String> {
    let mut ops = walk::operations(raw);
    ops.sort_by(|a, b| a.id.cmp(&b.id));
    let mut entries = Vec::new();
    let mut lookups = Vec::new();
    let mut impls = Vec::new();
    let mut checks = Vec::new();
    let mut hand_written_facts = Vec::new();
    let crate_root = quote! { crate };
    // The reply checks are expanded in the user's crate (`reply_check!`), where `crate` is
    // theirs: the types are named through `$crate`.
    let macro_root = quote! { $crate };
    for (index, op) in ops.iter().enumerate() {
        let (id, method, path) = (&op.id, op.method, op.path);
        let tag = op.tag();
        let successes = walk::success_responses(raw, op);
        // With two success replies (one hand-written operation), the one with a body is the
        // documented one; the `exec` hook reads the other as it with a `null` body.
        let (code, body) = successes
            .iter()
            .find(|(_, body)| body.is_some())
            .or_else(|| successes.first())
            .ok_or_else(|| format!("{id}: no success response"))?;
        let status: u16 = code
            .parse()
            .map_err(|_| format!("{id}: success code {code} is not a number"))?;
        let idempotent = matches!(method, "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS");
        let reply_body = body.is_some();
        let reply_file = body.is_some_and(|(media, _)| media != "application/json");
        let scoped = walk::takes_project_uid(raw, op);
        let fn_name = id.to_snake_case();
        entries.push(quote! {
            crate::document::operation::Operation {
                id: #id,
                fn_name: #fn_name,
                method: #method,
                path: #path,
                tag: #tag,
                success_status: #status,
                reply_body: #reply_body,
                reply_file: #reply_file,
                idempotent: #idempotent,
                scoped: #scoped,
            }
        });
        lookups.push(quote! { #fn_name => Some(&OPERATIONS[#index]), });
        // A JSON reply decodes into its type; a file (octet-stream, an image) is read whole.
        // The builder's request goes through the `crate::dispatch` future of its reply type.
        let dispatch = |kind: &str| {
            let kind = format_ident!("{kind}");
            quote! {
                crate::client::dispatch::#kind(self.client, self.generated_request(), #fn_name, #status)
            }
        };
        let (output, send) = match body {
            None => (quote! { () }, dispatch("empty")),
            Some((media, schema)) if *media == "application/json" => {
                let ty = rust_type(raw, schema, &crate_root)?;
                let checked = rust_type(raw, schema, &macro_root)?;
                checks.push(quote! { #id => operation.decode_reply::<#checked>(body).map(drop), });
                (ty, dispatch("json"))
            }
            Some(_) => {
                let stream = dispatch("stream");
                (
                    quote! { ::bytes::Bytes },
                    quote! { async move { crate::client::download::collect(#stream.await).await } },
                )
            }
        };
        if hand_written.contains(&id.as_str()) {
            let name = format_ident!("{}", id.to_snake_case().to_uppercase());
            hand_written_facts.push(quote! {
                pub(crate) static #name: &crate::document::operation::Operation = &OPERATIONS[#index];
            });
            continue;
        }
        let builder = format_ident!("{}", id.to_pascal_case());
        impls.push(quote! {
            impl crate::send::call::Call for builder::#builder<'_> {
                type Output = #output;
                const OPERATION: &'static crate::document::operation::Operation = &OPERATIONS[#index];
                #[inline]
                fn send_raw(
                    self,
                    _: crate::send::call::Sealed,
                ) -> impl ::std::future::Future<
                    Output = Result<ResponseValue<Self::Output>, Error<types::ApiError>>,
                > + Send {
                    #send
                }
            }
        });
        if let Some(paged) = paged_impl(raw, op, &builder)? {
            impls.push(paged);
        }
    }
    let count = ops.len();
    Ok(quote! {
        /// Every operation of the document, sorted by operationId.
        pub static OPERATIONS: [crate::document::operation::Operation; #count] = [#(#entries),*];

        /// Finds an operation by the name of its client method (progenitor's `OperationInfo`).
        pub fn find(fn_name: &str) -> Option<&'static crate::document::operation::Operation> {
            match fn_name {
                #(#lookups)*
                _ => None,
            }
        }

        /// Defines `fn $name(operation, body) -> Result<(), DecodeError>`, which decodes `body`
        /// as the success reply of `operation` the way the client would, for every operation of
        /// the crate's enabled features; operations without a JSON reply accept anything.
        ///
        /// It is a macro so that the decoders of the whole API are compiled only in a crate
        /// that asks for them (a test suite, a fuzz target, a tool that checks recorded
        /// replies), not in every build of the SDK. To check one reply whose type you know,
        /// [`Operation::decode_reply`](crate::document::operation::Operation::decode_reply) is enough.
        ///
        /// ```
        /// palette_sdk::reply_check!(check_reply);
        ///
        /// let op = palette_sdk::operation::find("usersInfoGet").unwrap();
        /// assert!(check_reply(op, br#"{"userUid": "u1", "orgName": null}"#).is_ok());
        /// let err = check_reply(op, br#"{"userUid": 5}"#).unwrap_err();
        /// assert_eq!(err.path, "userUid");
        /// ```
        #[macro_export]
        macro_rules! reply_check {
            ($name:ident) => {
                #[allow(unused_variables)]
                fn $name(
                    operation: &'static $crate::operation::Operation,
                    body: &[u8],
                ) -> ::std::result::Result<(), $crate::DecodeError> {
                    match operation.id {
                        #(#checks)*
                        _ => Ok(()),
                    }
                }
            };
        }

        /// The facts of the operations written by hand in `src/`, for their `Call` impls.
        #[allow(dead_code, unused_imports)]
        pub(crate) mod hand_written {
            use super::OPERATIONS;
            #(#hand_written_facts)*
        }

        #(#impls)*
    })
}

/// `Paged` for an operation that takes Palette's `continue` token and replies with
/// `listmeta` and `items`.
fn paged_impl(
    raw: &Value,
    op: &Op<'_>,
    builder: &proc_macro2::Ident,
) -> Result<Option<TokenStream>, String> {
    let params = walk::parameters(raw, op);
    let query = |name: &str| {
        params.iter().any(|p| {
            p.get("in") == Some(&Value::from("query")) && p.get("name") == Some(&Value::from(name))
        })
    };
    if !query("continue") {
        return Ok(None);
    }
    let Some((_, Some((_, reply)))) = walk::success_responses(raw, op).into_iter().next() else {
        return Ok(None);
    };
    let reply = walk::resolve(raw, reply);
    let props = reply.get("properties").and_then(Value::as_object);
    // Palette's lists carry the token in `listmeta`; the Kubernetes-shaped ones (virtual
    // machines) in `metadata`.
    let meta_field = props.and_then(|p| {
        ["listmeta", "metadata"].into_iter().find(|name| {
            p.get(*name)
                .map(|m| walk::resolve(raw, m))
                .and_then(|m| m.pointer("/properties/continue"))
                .is_some()
        })
    });
    // The page's items are `items`, or the reply's one list (`appDeployments`, `appProfiles`).
    let items_field = props.and_then(|p| {
        if p.contains_key("items") {
            return Some("items");
        }
        let lists: Vec<&str> = p
            .iter()
            .filter(|(_, v)| walk::resolve(raw, v).get("type") == Some(&Value::from("array")))
            .map(|(k, _)| k.as_str())
            .collect();
        (lists.len() == 1).then(|| lists[0])
    });
    let (Some(items_field), Some(meta_field)) = (items_field, meta_field) else {
        return Err(format!(
            "{}: takes `continue` but its reply has no `items` and no `continue` token in \
             `listmeta` or `metadata`",
            op.id
        ));
    };
    let items = &props
        .and_then(|p| p.get(items_field))
        .cloned()
        .unwrap_or_default();
    let items_ident = format_ident!("{}", super::secrets::field_ident(items_field));
    let listmeta = &props
        .and_then(|p| p.get(meta_field))
        .cloned()
        .unwrap_or_default();
    let meta_ident = format_ident!("{meta_field}");
    let required = |name: &str| {
        reply
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|r| r.iter().any(|v| v == name))
    };
    let item = rust_type(
        raw,
        items.get("items").unwrap_or(&Value::Null),
        &quote! { crate },
    )?;
    // Arrays are nullable, so `items` is an Option whether required or not.
    let items_expr = quote! { reply.#items_ident.unwrap_or_default() };
    let meta = walk::resolve(raw, listmeta);
    let continue_optional = !meta
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|v| v == "continue"));
    let token = if continue_optional {
        quote! { m.continue_ }
    } else {
        quote! { Some(m.continue_) }
    };
    let continue_expr = if required(meta_field) && !super::rust_types::is_nullable(listmeta) {
        quote! { { let m = reply.#meta_ident; #token } }
    } else {
        quote! { reply.#meta_ident.and_then(|m| #token) }
    };
    let with_limit = if query("limit") {
        quote! { .limit(i64::from(limit)) }
    } else {
        quote! {}
    };
    Ok(Some(quote! {
        impl crate::send::pagination::Paged for builder::#builder<'_> {
            type Item = #item;
            fn page(self, continue_token: Option<String>, limit: u32) -> Self {
                let _ = limit;
                let first = match continue_token {
                    Some(token) => self.continue_(token),
                    None => self,
                };
                first #with_limit
            }
            fn split(reply: Self::Output) -> (Vec<Self::Item>, Option<String>) {
                (#items_expr, #continue_expr)
            }
        }
    }))
}

/// The cargo feature of every operation of the whole document, whatever the build's features:
/// `EVERY_OPERATION`, sorted by operationId, so that a program can say which feature to turn
/// on for an operation its build does not have.
pub fn features_of_all(full: &Value) -> TokenStream {
    let mut ops = walk::operations(full);
    ops.sort_by(|a, b| a.id.cmp(&b.id));
    let entries = ops.iter().map(|op| {
        let id = &op.id;
        let feature = super::prepare::feature_name(op.tag());
        quote! { (#id, #feature) }
    });
    quote! {
        /// Every operation of Palette API V1 with the cargo feature that brings it, sorted by
        /// operationId, in every build.
        pub static EVERY_OPERATION: &[(&str, &str)] = &[#(#entries),*];
    }
}

/// `impl crate::Resource` for every type with Palette's `metadata` (an object with a `uid`, a
/// `name`, or both), so that `workspace.name()` and `cluster.uid()` read them without the
/// `metadata.and_then(..)` chain. A type's `metadata` and the meta's fields may be required
/// (a type only requests use) or optional; each is read as it is generated.
pub fn resource_impls(doc: &Value) -> TokenStream {
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    let required = |schema: &Value, field: &str| {
        schema
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|r| r.iter().any(|f| f == field))
    };
    let mut impls = Vec::new();
    for (name, schema) in schemas.into_iter().flatten() {
        let Some(meta) = schema.pointer("/properties/metadata") else {
            continue;
        };
        let meta_ref = walk::ref_name(meta).or_else(|| {
            meta.pointer("/allOf/0")
                .and_then(walk::ref_name)
                .filter(|_| meta.get("allOf").and_then(Value::as_array).map(Vec::len) == Some(1))
        });
        let Some(meta_schema) =
            meta_ref.and_then(|m| doc.pointer(&format!("/components/schemas/{m}")))
        else {
            continue;
        };
        let string = |field: &str| {
            meta_schema.pointer(&format!("/properties/{field}/type"))
                == Some(&Value::from("string"))
        };
        if !string("uid") && !string("name") {
            continue;
        }
        let meta_required = required(schema, "metadata");
        let read = |field: &str| -> TokenStream {
            if !string(field) {
                return quote! { None };
            }
            let ident = format_ident!("{field}");
            let value = if required(meta_schema, field) {
                quote! { Some(m.#ident.as_str()) }
            } else {
                quote! { m.#ident.as_deref() }
            };
            if meta_required {
                quote! { { let m = &self.metadata; #value } }
            } else {
                quote! { self.metadata.as_ref().and_then(|m| #value) }
            }
        };
        let (uid, name_of) = (read("uid"), read("name"));
        let ty = format_ident!("{}", name.to_pascal_case());
        impls.push(quote! {
            impl crate::Resource for types::#ty {
                fn uid(&self) -> Option<&str> { #uid }
                fn name(&self) -> Option<&str> { #name_of }
            }
        });
    }
    quote! { #(#impls)* }
}
