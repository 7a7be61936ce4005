//! Drops typify's struct builders (`types::builder`), nearly half of the generated code, which nothing in the SDK needs.
//!
//! progenitor's builder interface turns typify's struct builders on with no way to have one
//! without the other. Users build request bodies as plain structs (`types::WorkspaceEntity {
//! .. }`), and the request builders keep a body as its own type: their `body` field holds
//! `types::X` instead of `types::builder::X`, starts as `X::default()` where the type has one
//! (else as an error saying the body was not set), and `body_map` (which edited the struct
//! builder) goes. Fails when the output no longer has the shapes edited here.

use std::collections::BTreeSet;

use quote::ToTokens;
use syn::visit_mut::{self, VisitMut};

/// Removes `types::builder` and rewires the request builders to the plain types.
pub fn drop_struct_builders(file: &mut syn::File) -> Result<(), String> {
    let with_default = types_with_default(file);
    let mut slim = Slim {
        with_default,
        module: Vec::new(),
        removed_modules: 0,
    };
    slim.visit_file_mut(file);
    if slim.removed_modules != 1 {
        return Err(format!(
            "progenitor's client changed shape: found {} `types::builder` module(s), not 1; \
             update openapi/codegen/slim.rs",
            slim.removed_modules
        ));
    }
    let mut left = BuilderPaths(0);
    left.visit_file_mut(file);
    if left.0 > 0 {
        return Err(format!(
            "the generated client still refers to `types::builder` {} time(s); update \
             openapi/codegen/slim.rs",
            left.0
        ));
    }
    Ok(())
}

/// Counts the paths through `types::builder`.
struct BuilderPaths(usize);

impl VisitMut for BuilderPaths {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let names: Vec<&syn::Ident> = path.segments.iter().map(|s| &s.ident).collect();
        if names
            .windows(2)
            .any(|w| w[0] == "types" && w[1] == "builder")
        {
            self.0 += 1;
        }
        visit_mut::visit_path_mut(self, path);
    }
}

/// The types of the `types` module that derive `Default`.
fn types_with_default(file: &mut syn::File) -> BTreeSet<String> {
    super::derives::types_items(file)
        .into_iter()
        .flatten()
        .filter_map(|item| match item {
            syn::Item::Struct(s) if super::derives::derives(s, "Default") => {
                Some(s.ident.to_string())
            }
            _ => None,
        })
        .collect()
}

struct Slim {
    with_default: BTreeSet<String>,
    module: Vec<String>,
    removed_modules: usize,
}

/// The name `X` of a type written `types::builder::X`.
fn builder_type(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let names: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    match names.as_slice() {
        [types, builder, name] if types == "types" && builder == "builder" => Some(name.clone()),
        _ => None,
    }
}

/// `Result<types::builder::X, String>` -> `X`.
fn result_of_builder(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(inner) => builder_type(inner),
        _ => None,
    }
}

impl VisitMut for Slim {
    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        self.module.push(module.ident.to_string());
        if self.module.join("::") == "types"
            && let Some((_, items)) = module.content.as_mut()
        {
            let before = items.len();
            items.retain(|item| !matches!(item, syn::Item::Mod(m) if m.ident == "builder"));
            self.removed_modules += before - items.len();
            // `impl X { pub fn builder() -> builder::X }` goes with the module.
            items.retain(|item| {
                !matches!(item, syn::Item::Impl(i) if i.trait_.is_none()
                    && i.items.iter().all(|f| matches!(f, syn::ImplItem::Fn(f) if f.sig.ident == "builder")))
            });
        }
        visit_mut::visit_item_mod_mut(self, module);
        self.module.pop();
    }

    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        if self.module.join("::") == "builder" {
            for field in item.fields.iter_mut() {
                if let Some(name) = result_of_builder(&field.ty) {
                    let ident = quote::format_ident!("{name}");
                    field.ty = syn::parse_quote!(Result<types::#ident, String>);
                }
            }
        }
        visit_mut::visit_item_struct_mut(self, item);
    }

    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        if self.module.join("::") == "builder" {
            item.items
                .retain(|f| !matches!(f, syn::ImplItem::Fn(f) if f.sig.ident == "body_map"));
            // The body's starting value, in `new`: the type's default, or "not set".
            let body_type = self.body_type_of(item);
            for f in item.items.iter_mut() {
                if let syn::ImplItem::Fn(f) = f
                    && f.sig.ident == "new"
                    && let Some(name) = &body_type
                    && !self.with_default.contains(name)
                {
                    let mut starts = BodyStart;
                    starts.visit_block_mut(&mut f.block);
                }
            }
        }
        visit_mut::visit_item_impl_mut(self, item);
    }
}

impl Slim {
    /// The body type of the request builder an `impl` block is for, from its `body` setter.
    fn body_type_of(&self, item: &syn::ItemImpl) -> Option<String> {
        item.items.iter().find_map(|f| {
            let syn::ImplItem::Fn(f) = f else { return None };
            if f.sig.ident != "body" {
                return None;
            }
            let text = f.sig.generics.to_token_stream().to_string()
                + &f.sig.generics.where_clause.to_token_stream().to_string();
            text.split("TryInto < types :: ")
                .nth(1)
                .and_then(|rest| rest.split(' ').next())
                .map(str::to_string)
        })
    }
}

/// In a request builder's `new`, `body: Ok(Default::default())` becomes an error saying the
/// body was not set (for a body type without a default).
struct BodyStart;

impl VisitMut for BodyStart {
    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        if matches!(&field.member, syn::Member::Named(n) if n == "body") {
            field.expr = syn::parse_quote!(Err("`body` was not set".to_string()));
        }
        visit_mut::visit_field_value_mut(self, field);
    }
}
