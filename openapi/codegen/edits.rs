//! Edits to progenitor's client that save work on every call and keep our layer the only way in.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident};
use syn::visit_mut::{self, VisitMut};

/// Edits to progenitor 0.15's client. Three save work on every call:
///
/// - It adds `api-version: <info.version>` to every request, for servers that version their
///   API by header. Palette defines no such header: the statement is removed.
/// - It sizes each request's header map for that header, so every call allocated one. The map
///   now starts empty, and a call that sets no header parameter (most calls) builds none.
/// - It copies each path parameter (`encode_path(&uid.to_string())`) and encodes the copy into
///   a new `String` before formatting that into the URL. The lint keeps every path parameter
///   a string, so `src/codec/path.rs`'s `checked` refuses a parameter that is empty, `.` or `..`
///   (URL normalisation would send those to another resource) and writes the parameter
///   itself, encoded, straight into the URL. It is moved into the call (`&{ uid }`), not borrowed: a borrowed local stays
///   alive across the request's awaits, which doubled the size of every call's future.
///
/// Two keep our layer the only way in:
///
/// - Each request builder's `send` (which returns progenitor's own error) becomes the
///   crate-private `generated_send`; users call `Call::send`, which returns
///   `palette_sdk::Error`.
/// - `Client::new` and `Client::new_with_client` become crate-private, so a client is only
///   made by our builder, with its URL checks, timeouts and redirect policy.
///
/// Fails when the first two find nothing to change, or when a path parameter is encoded in a
/// form the third does not know, so that a progenitor upgrade that changes this output is
/// noticed here rather than in the contract tests or the benchmarks.
// build.rs calls `trim_client_with`; the xtask tests call this.
#[allow(dead_code)]
pub fn trim_client(client: TokenStream) -> Result<TokenStream, String> {
    trim_client_with(client, &Default::default())
}

/// [`trim_client`], and the query arrays in `comma_joined` (request builder name -> wire
/// names) are sent as one comma-joined value, as Palette reads them (`collectionFormat: csv`
/// in its spec, `explode: false` in the document), instead of progenitor's repeated key.
pub fn trim_client_with(
    client: TokenStream,
    comma_joined: &std::collections::BTreeMap<String, Vec<String>>,
) -> Result<TokenStream, String> {
    let mut file: syn::File =
        syn::parse2(client).map_err(|e| format!("progenitor's client does not parse: {e}"))?;
    trim_file(&mut file, comma_joined)?;
    Ok(file.into_token_stream())
}

/// [`trim_client_with`] on the parsed client, which the other edits share.
pub fn trim_file(
    file: &mut syn::File,
    comma_joined: &std::collections::BTreeMap<String, Vec<String>>,
) -> Result<(), String> {
    let mut edits = ClientEdits {
        comma_joined: comma_joined.clone(),
        ..Default::default()
    };
    edits.visit_file_mut(file);
    let wanted: usize = comma_joined.values().map(Vec::len).sum();
    if edits.joined != wanted {
        return Err(format!(
            "progenitor's client changed shape: joined {} of {wanted} comma-separated query \
             arrays; update trim_client in openapi/codegen/edits.rs",
            edits.joined
        ));
    }
    if edits.api_versions == 0
        || edits.header_maps == 0
        || edits.other_paths > 0
        || edits.sends == 0
        || edits.setters == 0
        || edits.constructors != 2
        || edits.other_tails > 0
    {
        return Err(format!(
            "progenitor's client changed shape: removed {} api-version header(s), emptied {} \
             header map(s), left {} path parameter(s) in an unknown form, renamed {} send \
             method(s), shared the conversion of {} setter(s), made {} of 2 constructors \
             private; update trim_client in openapi/codegen/edits.rs",
            edits.api_versions,
            edits.header_maps,
            edits.other_paths,
            edits.sends,
            edits.setters,
            edits.constructors
        ));
    }
    Ok(())
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
    /// Request builder -> its query arrays sent comma-joined.
    comma_joined: std::collections::BTreeMap<String, Vec<String>>,
    /// The builder whose `impl` is being visited.
    builder: Option<String>,
    /// Query arrays wrapped to be sent comma-joined.
    joined: usize,
    /// `send` tails replaced by a call to `crate::dispatch`.
    dispatched: usize,
    /// `send` methods whose tail is in a form the edit does not know.
    other_tails: usize,
    /// Setters whose conversion now goes through `crate::codec::setter::convert`.
    setters: usize,
}

impl VisitMut for ClientEdits {
    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let outer = self.builder.take();
        if item.trait_.is_none()
            && let syn::Type::Path(path) = &*item.self_ty
        {
            self.builder = path.path.segments.last().map(|s| s.ident.to_string());
        }
        visit_mut::visit_item_impl_mut(self, item);
        self.builder = outer;
    }

    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        // A request builder's client: its `Call::send_raw`, in the crate's operations module
        // (src/client/operations.rs), sends with it.
        for field in &mut item.fields {
            if field.ident.as_ref().is_some_and(|name| name == "client")
                && field.ty.to_token_stream().to_string() == "& 'a super :: Client"
            {
                field.vis = syn::parse_quote!(pub(crate));
            }
        }
        visit_mut::visit_item_struct_mut(self, item);
    }

    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        let name = function.sig.ident.to_string();
        let public = matches!(function.vis, syn::Visibility::Public(_));
        if public && name == "send" && function.sig.asyncness.is_some() {
            self.sends += 1;
            match dispatch_tail(&mut function.block) {
                Some(()) => {
                    into_request(function);
                    self.dispatched += 1;
                }
                None => {
                    function.sig.ident = format_ident!("generated_send");
                    function.vis = syn::parse_quote!(pub(crate));
                    self.other_tails += 1;
                }
            }
        } else if public && returns_self(function) && shared_conversion(function) {
            self.setters += 1;
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
            // `encode_path(&uid.to_string())` becomes `checked("uid", &{ uid })?`: the String
            // itself, moved, refused when empty, `.` or `..`, else written encoded into the URL.
            let receiver = &copy.receiver;
            let name = receiver.to_token_stream().to_string();
            *expr = syn::parse_quote!(crate::codec::path::checked(#name, &{ #receiver })?);
            return;
        }
        if let syn::Expr::Call(call) = expr
            && ends_with(&call.func, &["encode_path"])
        {
            self.other_paths += 1;
        }
        if let syn::Expr::Call(call) = expr
            && ends_with(&call.func, &["QueryParam", "new"])
            && let Some(syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(name),
                ..
            })) = call.args.first()
            && let Some(builder) = &self.builder
            && self
                .comma_joined
                .get(builder)
                .is_some_and(|names| names.contains(&name.value()))
            && let Some(syn::Expr::Reference(value)) = call.args.iter_mut().nth(1)
        {
            let inner = &value.expr;
            *value.expr = syn::parse_quote!(crate::codec::query::CommaJoined(&#inner));
            self.joined += 1;
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }
}

/// Rewrites a request builder setter's conversion, `self.uid = value.try_into()[.map(f)]
/// .map_err(|_| "conversion to `String` for uid failed".to_string());`, to
/// `crate::codec::setter::convert(value, "uid")[.map(f)]`: one shared function instead of a
/// closure per setter (2,471 of them for the whole API, each a body the compiler checks and
/// keeps). Returns whether the setter had that form.
fn shared_conversion(function: &mut syn::ImplItemFn) -> bool {
    let name = function.sig.ident.to_string();
    let Some(syn::Stmt::Expr(syn::Expr::Assign(assign), Some(_))) =
        function.block.stmts.first_mut()
    else {
        return false;
    };
    let syn::Expr::MethodCall(map_err) = &*assign.right else {
        return false;
    };
    if map_err.method != "map_err" {
        return false;
    }
    let (conversion, mapped) = match &*map_err.receiver {
        syn::Expr::MethodCall(map) if map.method == "map" => (&*map.receiver, Some(&map.args)),
        other => (other, None),
    };
    let syn::Expr::MethodCall(try_into) = conversion else {
        return false;
    };
    if try_into.method != "try_into" || !try_into.args.is_empty() {
        return false;
    }
    let value = &try_into.receiver;
    *assign.right = match mapped {
        Some(map) => syn::parse_quote!(crate::codec::setter::convert(#value, #name).map(#map)),
        None => syn::parse_quote!(crate::codec::setter::convert(#value, #name)),
    };
    true
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

/// Fixes progenitor's httpmock helpers for query arrays, which it matches with
/// `value.to_string()` (a `Vec` has none): a comma-joined array is matched as the one value
/// it goes out as; any other array's helper is dropped (match it on `into_inner()`).
///
/// And makes every helper that writes or matches a JSON body (`then.ok(&reply)`,
/// `when.body(&body)`) generic over `Borrow<T>` of its type. Called as before (`&reply`
/// borrows as `T`), but compiled only where a test uses it: as written, the mocks of the whole
/// API made the compiler generate JSON serialization for every type a second time, in the
/// library itself.
///
/// Then each operation's `XThen` and `XWhen` become aliases of the shared `crate::mock::Then`
/// and `crate::mock::When` (`share_then`, `share_when`), and every function left is marked
/// `#[inline]`, compiled only by the tests that use it (`inline.rs`).
pub fn fix_mock(
    mock: TokenStream,
    comma_joined: &std::collections::BTreeMap<String, Vec<String>>,
) -> Result<TokenStream, String> {
    let mut file: syn::File =
        syn::parse2(mock).map_err(|e| format!("progenitor's mocks do not parse: {e}"))?;
    let mut fixer = MockArrays {
        comma_joined,
        operation: None,
    };
    fixer.visit_file_mut(&mut file);
    share_then(&mut file)?;
    share_when(&mut file)?;
    share_replies(&mut file);
    super::inline::mock(&mut file);
    Ok(file.into_token_stream())
}

/// The items of each inline module of the file: the mocks are in `mod operations`.
fn module_items(file: &mut syn::File) -> impl Iterator<Item = &mut Vec<syn::Item>> {
    file.items.iter_mut().filter_map(|item| match item {
        syn::Item::Mod(module) => module.content.as_mut().map(|(_, items)| items),
        _ => None,
    })
}

/// Removes from an operation's `impl` the functions the shared type has.
fn drop_shared(item: &mut syn::ItemImpl, shared: &[&str]) {
    item.items.retain(|inner| {
        !matches!(inner, syn::ImplItem::Fn(f) if shared.contains(&f.sig.ident.to_string().as_str()))
    });
}

/// What every operation's `...Then` had a copy of (`new`, `into_inner`, and the error
/// replies, the same for all: Palette's `ApiError`), which `crate::mock::Then` has once.
const SHARED_THEN: &[&str] = &["new", "into_inner", "client_error", "server_error"];

/// Makes each operation's `XThen` an alias of `crate::mock::Then<XWhen>`, keeping in its
/// `impl` only the replies of its own (`ok`, `created`, `no_content` and other statuses):
/// 7,000 copies of four functions fewer at full scale. Fails when there are no such structs.
fn share_then(file: &mut syn::File) -> Result<(), String> {
    let mut shared = 0;
    for items in module_items(file) {
        for item in items.iter_mut() {
            match item {
                syn::Item::Struct(then) if then.ident.to_string().ends_with("Then") => {
                    let name = &then.ident;
                    let operation = name.to_string();
                    let when = format_ident!("{}When", operation.trim_end_matches("Then"));
                    *item = syn::parse_quote!(pub type #name = super::Then<#when>;);
                    shared += 1;
                }
                syn::Item::Impl(then)
                    if then.trait_.is_none()
                        && then.self_ty.to_token_stream().to_string().ends_with("Then") =>
                {
                    drop_shared(then, SHARED_THEN);
                    Rewrap("new").visit_item_impl_mut(then);
                }
                _ => {}
            }
        }
    }
    let mut closures = 0;
    for item in &mut file.items {
        if let syn::Item::Impl(server) = item
            && server.trait_.is_some()
        {
            for inner in &mut server.items {
                if let syn::ImplItem::Fn(f) = inner
                    && let Some(when) = when_constructor(&f.block)
                {
                    f.block =
                        syn::parse_quote!({ crate::mock::reply::mock(self, #when, config_fn) });
                    closures += 1;
                }
            }
        }
    }
    if shared == 0 || closures == 0 {
        return Err(format!(
            "progenitor's mocks changed shape: shared {shared} `...Then` struct(s) and \
             {closures} mock closure(s); update share_then in openapi/codegen/edits.rs"
        ));
    }
    Ok(())
}

/// What every operation's `...When` had a copy of: `new`, which matches its method and path,
/// and `into_inner`. `crate::mock::When` has them once.
const SHARED_WHEN: &[&str] = &["new", "into_inner"];

/// Makes each operation's `XWhen` an alias of `crate::mock::When<X>`, where `X` is a marker
/// type that holds the operation's method and path (`crate::mock::Route`). Its `impl` keeps
/// only the operation's own matchers (path and query parameters, body). Fails when a `new`
/// is not in the form read here.
fn share_when(file: &mut syn::File) -> Result<(), String> {
    let mut routes = std::collections::BTreeMap::new();
    let mut scoped = std::collections::BTreeSet::new();
    for items in module_items(file) {
        for item in items.iter_mut() {
            let syn::Item::Impl(when) = item else {
                continue;
            };
            let name = when.self_ty.to_token_stream().to_string();
            if when.trait_.is_some() || !name.ends_with("When") {
                continue;
            }
            for inner in &when.items {
                if let syn::ImplItem::Fn(f) = inner
                    && f.sig.ident == "new"
                {
                    let mut route = RouteOf::default();
                    route.visit_block_mut(&mut f.block.clone());
                    let (Some(method), Some(path)) = (route.method, route.path) else {
                        return Err(format!(
                            "progenitor's `{name}::new` changed shape; update share_when in \
                             openapi/codegen/edits.rs"
                        ));
                    };
                    routes.insert(name.clone(), (method, path));
                }
            }
            drop_shared(when, SHARED_WHEN);
            if takes_project_header(when) {
                drop_shared(when, &["project_uid"]);
                scoped.insert(name.clone());
            }
            Rewrap("wrap").visit_item_impl_mut(when);
            for inner in &mut when.items {
                if let syn::ImplItem::Fn(f) = inner {
                    encode_path_matcher(f);
                }
            }
        }
        let mut shared = Vec::with_capacity(items.len());
        for item in items.drain(..) {
            match item {
                syn::Item::Struct(when) if routes.contains_key(&when.ident.to_string()) => {
                    let (method, path) = &routes[&when.ident.to_string()];
                    let path = one_segment_each(path);
                    let alias = &when.ident;
                    let marker = format_ident!("{}", alias.to_string().trim_end_matches("When"));
                    let doc = format!(
                        "The operation behind [`{alias}`] and its `Then`, as a type: its method \
                         and path."
                    );
                    shared.push(syn::parse_quote! {
                        #[doc = #doc]
                        pub enum #marker {}
                    });
                    shared.push(syn::parse_quote! {
                        impl super::Route for #marker {
                            const METHOD: ::httpmock::Method = #method;
                            const PATH: &'static str = #path;
                        }
                    });
                    if scoped.contains(&when.ident.to_string()) {
                        shared.push(syn::parse_quote!(impl super::ProjectScoped for #marker {}));
                    }
                    shared.push(syn::parse_quote!(pub type #alias = super::When<#marker>;));
                }
                syn::Item::Impl(when) if when.trait_.is_none() && when.items.is_empty() => {}
                other => shared.push(other),
            }
        }
        *items = shared;
    }
    if routes.is_empty() {
        return Err(
            "progenitor's mocks changed shape: no `...When` with a `new`; update share_when in \
             openapi/codegen/edits.rs"
                .into(),
        );
    }
    Ok(())
}

/// The typed replies and body matcher progenitor writes the same way in every operation,
/// differing only in their type: `ok` (200) and `created` (201) with a JSON body,
/// `no_content` (204), and the `XWhen`'s `body`. Each operation's copy becomes one line on its
/// marker type (`impl OkReply for X { type Ok = types::T; }`), and `crate::mock` has the
/// function once, generic over the marker. A function in another form stays as it is.
fn share_replies(file: &mut syn::File) {
    for items in module_items(file) {
        let mut marks: Vec<syn::Item> = Vec::new();
        for item in items.iter_mut() {
            let syn::Item::Impl(imp) = item else {
                continue;
            };
            if imp.trait_.is_some() {
                continue;
            }
            let name = imp.self_ty.to_token_stream().to_string();
            let (marker, shared): (_, &[Shared]) = if let Some(op) = name.strip_suffix("Then") {
                (format_ident!("{}", op), &THEN_REPLIES)
            } else if let Some(op) = name.strip_suffix("When") {
                (format_ident!("{}", op), &WHEN_BODY)
            } else {
                continue;
            };
            imp.items.retain(|inner| {
                let syn::ImplItem::Fn(f) = inner else {
                    return true;
                };
                let Some(kind) = shared.iter().find(|kind| f.sig.ident == kind.name) else {
                    return true;
                };
                let Some(mark) = kind.mark(f, &marker) else {
                    return true;
                };
                marks.push(mark);
                false
            });
        }
        items.retain(|item| {
            !matches!(item, syn::Item::Impl(imp) if imp.trait_.is_none() && imp.items.is_empty())
        });
        items.extend(marks);
    }
}

/// One shared reply or matcher: its function's name, the last statement of progenitor's
/// copy, and the trait that marks an operation as having it (with the associated type that
/// names its body, if it has one).
struct Shared {
    name: &'static str,
    last: &'static str,
    mark: &'static str,
    body: Option<&'static str>,
}

const THEN_REPLIES: [Shared; 3] = [
    Shared {
        name: "ok",
        last: "self . json (200u16 , value)",
        mark: "OkReply",
        body: Some("Ok"),
    },
    Shared {
        name: "created",
        last: "self . json (201u16 , value)",
        mark: "CreatedReply",
        body: Some("Created"),
    },
    Shared {
        name: "no_content",
        last: "Self :: new (self . 0 . status (204u16))",
        mark: "NoContentReply",
        body: None,
    },
];

const WHEN_BODY: [Shared; 1] = [Shared {
    name: "body",
    last: "Self :: wrap (self . 0 . json_body_obj (value))",
    mark: "JsonBody",
    body: Some("Body"),
}];

impl Shared {
    /// The marker impl standing for `f` on the operation `marker`, if `f` is progenitor's copy
    /// of this function: with a body, `fn name<V: Borrow<T>>(self, value: V) -> Self` ending in
    /// `last`; without one, `fn name(self) -> Self { last }`.
    fn mark(&self, f: &syn::ImplItemFn, marker: &syn::Ident) -> Option<syn::Item> {
        let last = f.block.stmts.last()?.to_token_stream().to_string();
        if normalized(&last) != normalized(self.last) {
            return None;
        }
        let mark = format_ident!("{}", self.mark);
        let Some(assoc) = self.body else {
            let plain = f.sig.generics.params.is_empty() && f.sig.inputs.len() == 1;
            return plain.then(|| syn::parse_quote!(impl super::#mark for #marker {}));
        };
        let ty = borrowed_type(&f.sig)?;
        let assoc = format_ident!("{}", assoc);
        Some(syn::parse_quote!(impl super::#mark for #marker { type #assoc = #ty; }))
    }
}

/// Token text without spaces, so that two renderings of the same tokens compare equal.
fn normalized(tokens: &str) -> String {
    tokens.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `T` of `fn f<V: ::std::borrow::Borrow<T>>(self, value: V) -> Self`, the only shape read.
fn borrowed_type(sig: &syn::Signature) -> Option<syn::Type> {
    let [syn::GenericParam::Type(v)] = sig.generics.params.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    if sig.inputs.len() != 2 || sig.generics.where_clause.is_some() || v.bounds.len() != 1 {
        return None;
    }
    let syn::TypeParamBound::Trait(bound) = v.bounds.first()? else {
        return None;
    };
    let borrow = bound.path.segments.last()?;
    if borrow.ident != "Borrow" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &borrow.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(ty) if args.args.len() == 1 => Some(ty.clone()),
        _ => None,
    }
}

/// Whether an operation's `XWhen` has progenitor's matcher of the `ProjectUid` header, which
/// is the same in every operation that takes the header: `crate::mock::When` has it once, for
/// the operations marked `ProjectScoped`.
fn takes_project_header(when: &syn::ItemImpl) -> bool {
    when.items.iter().any(|inner| {
        matches!(inner, syn::ImplItem::Fn(f)
            if f.sig.ident == "project_uid"
                && f.block.to_token_stream().to_string().contains("\"ProjectUid\""))
    })
}

/// progenitor's patterns match any text (`.*`) where a path parameter goes; one segment
/// (`[^/]+`) is what the client sends there.
fn one_segment_each(pattern: &syn::LitStr) -> syn::LitStr {
    syn::LitStr::new(&pattern.value().replace(".*", "[^/]+"), pattern.span())
}

/// A path parameter's matcher, `let re = regex::Regex::new(&format!("^/v1/x/{}$",
/// value.to_string())).unwrap(); ...`, puts the raw value into the pattern: a value the client
/// percent-encodes (`team a`) never matches, and one with regex syntax (`a(b`) panics. It
/// becomes the shared `self.path_param(pattern, value)` (`src/mock/request.rs`), which puts
/// the value in as the client sends it, escaped. Other matchers are left as they are.
fn encode_path_matcher(f: &mut syn::ImplItemFn) {
    let Some(syn::Stmt::Local(local)) = f.block.stmts.first() else {
        return;
    };
    if local.pat.to_token_stream().to_string() != "re" {
        return;
    }
    let mut found = FormatPattern(None);
    found.visit_local_mut(&mut local.clone());
    let Some(pattern) = found.0 else {
        return;
    };
    let pattern = one_segment_each(&pattern);
    f.block = syn::parse_quote!({ self.path_param(#pattern, value) });
}

/// The pattern of the first `format!("..", ..)` visited.
struct FormatPattern(Option<syn::LitStr>);

impl VisitMut for FormatPattern {
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if self.0.is_none() && mac.path.is_ident("format") {
            self.0 = mac
                .parse_body_with(
                    syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated,
                )
                .ok()
                .and_then(|args| match args.first() {
                    Some(syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(pattern),
                        ..
                    })) => Some(pattern.clone()),
                    _ => None,
                });
        }
    }
}

/// The method and the path pattern a progenitor `XWhen::new` matches:
/// `Self(inner.method(M).path_matches(regex::Regex::new("P").unwrap()))`.
#[derive(Default)]
struct RouteOf {
    method: Option<syn::Expr>,
    path: Option<syn::LitStr>,
}

impl VisitMut for RouteOf {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        if call.method == "method" {
            self.method = call.args.first().cloned();
        }
        visit_mut::visit_expr_method_call_mut(self, call);
    }

    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        if call
            .func
            .to_token_stream()
            .to_string()
            .ends_with("Regex :: new")
            && let Some(syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(path),
                ..
            })) = call.args.first()
        {
            self.path = Some(path.clone());
        }
        visit_mut::visit_expr_call_mut(self, call);
    }
}

/// The `operations::XWhen::new` a `MockServerExt` method's closure calls, if it has that form:
/// `self.mock(|when, then| config_fn(XWhen::new(when), XThen::new(then)))`.
fn when_constructor(block: &syn::Block) -> Option<syn::ExprPath> {
    let Some(syn::Stmt::Expr(syn::Expr::MethodCall(mock), None)) = block.stmts.first() else {
        return None;
    };
    let syn::Expr::Closure(closure) = mock.args.first()? else {
        return None;
    };
    let body = match &*closure.body {
        syn::Expr::Block(block) => match block.block.stmts.as_slice() {
            [syn::Stmt::Expr(only, None)] => only,
            _ => return None,
        },
        other => other,
    };
    let syn::Expr::Call(config) = body else {
        return None;
    };
    let syn::Expr::Call(when) = config.args.first()? else {
        return None;
    };
    let syn::Expr::Path(path) = &*when.func else {
        return None;
    };
    (mock.method == "mock" && block.stmts.len() == 1).then(|| path.clone())
}

/// The status of `self.0.status(S).header("content-type", "application/json")
/// .json_body_obj(value)`, if `expr` is that.
fn json_reply(expr: Option<&syn::Expr>) -> Option<syn::Expr> {
    let syn::Expr::MethodCall(body) = expr? else {
        return None;
    };
    let syn::Expr::MethodCall(header) = &*body.receiver else {
        return None;
    };
    let syn::Expr::MethodCall(status) = &*header.receiver else {
        return None;
    };
    let plain = body.method == "json_body_obj"
        && body.args.to_token_stream().to_string() == "value"
        && header.method == "header"
        && header.args.to_token_stream().to_string() == "\"content-type\" , \"application/json\""
        && status.method == "status"
        && status.receiver.to_token_stream().to_string() == "self . 0";
    plain.then(|| status.args.first().cloned()).flatten()
}

/// `Self(inner)` becomes `Self::<constructor>(inner)`: the shared `When` and `Then` have a
/// marker beside the inner value. A `Then` reply of the form
/// `Self(self.0.status(S).header("content-type", ..).json_body_obj(value))` becomes the shared
/// `self.json(S, value)`.
struct Rewrap(&'static str);

impl VisitMut for Rewrap {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        visit_mut::visit_expr_mut(self, expr);
        if let syn::Expr::Call(call) = expr
            && let syn::Expr::Path(path) = &*call.func
            && path.path.is_ident("Self")
        {
            let shared = json_reply(call.args.first());
            let args = &call.args;
            *expr = match shared {
                Some(status) => syn::parse_quote!(self.json(#status, value)),
                None => {
                    let constructor = format_ident!("{}", self.0);
                    syn::parse_quote!(Self::#constructor(#args))
                }
            };
        }
    }
}

struct MockArrays<'a> {
    comma_joined: &'a std::collections::BTreeMap<String, Vec<String>>,
    /// The operation whose `...When` helpers are being visited.
    operation: Option<String>,
}

impl VisitMut for MockArrays<'_> {
    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let outer = self.operation.take();
        if let syn::Type::Path(path) = &*item.self_ty {
            self.operation = path
                .path
                .segments
                .last()
                .and_then(|s| s.ident.to_string().strip_suffix("When").map(str::to_string));
        }
        let joined: Vec<String> = self
            .operation
            .as_ref()
            .and_then(|op| self.comma_joined.get(op))
            .cloned()
            .unwrap_or_default();
        item.items.retain_mut(|inner| {
            let syn::ImplItem::Fn(f) = inner else {
                return true;
            };
            borrow_body_value(f);
            // The list type is in the `where` clause (`T: Into<Option<&Vec<String>>>`).
            let takes_a_list = f
                .sig
                .generics
                .where_clause
                .to_token_stream()
                .to_string()
                .contains("Vec <");
            if !takes_a_list {
                return true;
            }
            let body = f.block.to_token_stream().to_string();
            if !joined.iter().any(|n| body.contains(&format!("\"{n}\""))) {
                // An array Palette reads as repeated keys: no single value to match.
                return false;
            }
            let mut join = JoinValue;
            join.visit_block_mut(&mut f.block);
            true
        });
        visit_mut::visit_item_impl_mut(self, item);
        self.operation = outer;
    }
}

/// `value.to_string()` becomes the list's values joined with commas.
struct JoinValue;

impl VisitMut for JoinValue {
    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::MethodCall(call) = expr
            && call.method == "to_string"
            && call.receiver.to_token_stream().to_string() == "value"
        {
            *expr = syn::parse_quote!(
                value
                    .iter()
                    .map(::std::string::ToString::to_string)
                    .collect::<::std::vec::Vec<_>>()
                    .join(",")
            );
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }
}

/// `fn ok(self, value: &types::X) -> Self { .. json_body_obj(value) .. }` becomes
/// `fn ok<V: Borrow<types::X>>(self, value: V) -> Self { let value = value.borrow(); .. }`.
fn borrow_body_value(f: &mut syn::ImplItemFn) {
    if !f
        .block
        .to_token_stream()
        .to_string()
        .contains("json_body_obj")
    {
        return;
    }
    let mut target = None;
    for input in f.sig.inputs.iter_mut() {
        if let syn::FnArg::Typed(arg) = input
            && arg.pat.to_token_stream().to_string() == "value"
            && let syn::Type::Reference(reference) = &*arg.ty
        {
            target = Some((*reference.elem).clone());
            arg.ty = syn::parse_quote!(V);
        }
    }
    let Some(target) = target else {
        return;
    };
    f.sig
        .generics
        .params
        .push(syn::parse_quote!(V: ::std::borrow::Borrow<#target>));
    let borrow: syn::Stmt =
        syn::parse_quote!(let value: &#target = ::std::borrow::Borrow::borrow(&value););
    f.block.stmts.insert(0, borrow);
}

/// Replaces the end of a generated `send` (from `let info = OperationInfo { .. }` to the
/// `match` on the status) by `Ok(request)`: the operation's `Call::send_raw` (operations.rs)
/// sends the request through `crate::dispatch`, which does the same for every operation with
/// the same reply type. `None` when the tail is not in the expected form: an operation id, then
/// a match whose success arm reads the reply as JSON, as nothing, or as a stream.
fn dispatch_tail(block: &mut syn::Block) -> Option<()> {
    let start = block.stmts.iter().position(|stmt| {
        matches!(stmt, syn::Stmt::Local(local)
            if local.pat.to_token_stream().to_string() == "info")
    })?;
    let syn::Stmt::Local(info) = &block.stmts[start] else {
        return None;
    };
    let syn::Expr::Struct(info) = &*info.init.as_ref()?.expr else {
        return None;
    };
    info.fields.first()?;
    let Some(syn::Stmt::Expr(syn::Expr::Match(matched), None)) = block.stmts.last() else {
        return None;
    };
    let body = matched.arms.first()?.body.to_token_stream().to_string();
    let known = [
        "ResponseValue :: from_response",
        "ResponseValue :: empty",
        "ResponseValue :: stream",
    ];
    if !known.iter().any(|reply| body.contains(reply)) {
        return None;
    }
    block.stmts.truncate(start);
    block
        .stmts
        .push(syn::Stmt::Expr(syn::parse_quote!(Ok(request)), None));
    Some(())
}

/// Makes a builder's `async fn send` (its tail already replaced by `Ok(request)`) the plain
/// function `generated_request`, which builds the request. The operation's `Call::send_raw`
/// hands it to the shared `crate::client::dispatch` future: no operation has a future type or a send
/// function of its own, which spares the compiler 1,182 of each at the whole API's size.
fn into_request(function: &mut syn::ImplItemFn) {
    function.attrs.retain(|a| !a.path().is_ident("doc"));
    function.sig.asyncness = None;
    function.sig.ident = format_ident!("generated_request");
    function.sig.output = syn::parse_quote!(-> Result<::reqwest::Request, Error<types::ApiError>>);
    function.vis = syn::parse_quote!(pub(crate));
}
