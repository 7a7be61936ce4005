//! A `new` for every generated type that has required fields, taking them and leaving every optional field `None`.
//!
//! A type whose fields are all optional derives `Default`, so a body names only what it sets:
//! `types::X { name: Some(..), ..Default::default() }`. A type with required fields (one that
//! only requests use) cannot default them; `X::new(required, ..)` takes them, in the order they
//! are declared, and a body sets the optional ones it wants with
//! `types::X { labels: Some(..), ..types::X::new(a, b) }`. Without it, every optional field of
//! such a type had to be written out as `None`.

use quote::format_ident;

use super::derives::{derives, is_option, types_items};

/// Adds `new` to every struct of `mod types` with named fields that does not derive `Default`
/// and has at least one field that is not an `Option`. Returns how many it added.
pub fn add(file: &mut syn::File) -> usize {
    let Some(items) = types_items(file) else {
        return 0;
    };
    let constructors: Vec<syn::Item> = items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(item) => constructor(item),
            _ => None,
        })
        .collect();
    let added = constructors.len();
    items.extend(constructors);
    added
}

fn constructor(item: &syn::ItemStruct) -> Option<syn::Item> {
    if derives(item, "Default") || !item.generics.params.is_empty() {
        return None;
    }
    let syn::Fields::Named(fields) = &item.fields else {
        return None;
    };
    let mut params = Vec::new();
    let mut inits = Vec::new();
    for field in &fields.named {
        let ident = field.ident.as_ref()?;
        if is_option(&field.ty) {
            inits.push(quote::quote! { #ident: None });
        } else {
            let ty = &field.ty;
            params.push(quote::quote! { #ident: #ty });
            inits.push(quote::quote! { #ident });
        }
    }
    if params.is_empty() {
        return None;
    }
    let name = &item.ident;
    let shown: Vec<String> = fields
        .named
        .iter()
        .filter(|f| !is_option(&f.ty))
        .filter_map(|f| f.ident.as_ref())
        .map(|i| format!("`{}`", i.to_string().trim_start_matches("r#")))
        .collect();
    let doc = format!(
        "Takes the required fields ({}); every optional one is `None`.",
        shown.join(", ")
    );
    let new = format_ident!("new");
    Some(syn::parse_quote! {
        impl #name {
            #[doc = #doc]
            #[inline]
            #[allow(clippy::too_many_arguments)]
            pub fn #new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    })
}
