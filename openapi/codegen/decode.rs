//! Gives every struct whose fields are all optional a small `Deserialize` through `crate::struct_fields`, in place of serde's derive.
//!
//! serde's derived `Deserialize` is the largest code in the client: for each type a field
//! enum and three visitors. A struct of optional fields only needs its wire names and one
//! `match` that reads a field; `crate::struct_fields` holds the rest once. Structs with a
//! required field, a container attribute (`transparent`, `untagged`), a field attribute other
//! than `rename` and `skip_serializing_if`, or more than 64 fields keep the derive.

use quote::quote;

use super::derives::{derives, drop_derive, is_option, types_items};

/// The most fields `crate::struct_fields` tracks (it marks the ones seen in a `u64`).
const MAX_FIELDS: usize = 64;

/// Replaces the derived `Deserialize` of every eligible struct of `mod types`. Returns how
/// many it replaced.
pub fn optional_fields(file: &mut syn::File) -> Result<usize, String> {
    let Some(items) = types_items(file) else {
        return Ok(0);
    };
    let mut impls = Vec::new();
    for item in items.iter_mut() {
        if let syn::Item::Struct(item) = item
            && let Some(wire_names) = eligible(item)?
        {
            drop_derive(item, "Deserialize")?;
            impls.extend(decode_impls(item, &wire_names));
        }
    }
    let replaced = impls.len() / 2;
    items.extend(impls);
    Ok(replaced)
}

/// The wire names of the struct's fields when it can use `OptionalFields`, else `None`.
fn eligible(item: &syn::ItemStruct) -> Result<Option<Vec<String>>, String> {
    if !derives(item, "Deserialize") || !derives(item, "Default") {
        return Ok(None);
    }
    if !item.generics.params.is_empty() || item.attrs.iter().any(|a| a.path().is_ident("serde")) {
        return Ok(None);
    }
    let syn::Fields::Named(fields) = &item.fields else {
        return Ok(None);
    };
    if fields.named.len() > MAX_FIELDS {
        return Ok(None);
    }
    let mut names = Vec::new();
    for field in &fields.named {
        if !is_option(&field.ty) {
            return Ok(None);
        }
        let Some(ident) = &field.ident else {
            return Ok(None);
        };
        let mut name = ident.to_string().trim_start_matches("r#").to_string();
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
            let mut simple = true;
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    name = meta.value()?.parse::<syn::LitStr>()?.value();
                } else if meta.path.is_ident("skip_serializing_if") {
                    meta.value()?.parse::<syn::LitStr>()?;
                } else {
                    simple = false;
                    // Consume the attribute's value, if any, so parsing goes on.
                    if meta.input.peek(syn::Token![=]) {
                        meta.value()?.parse::<syn::Expr>()?;
                    }
                }
                Ok(())
            })
            .map_err(|e| format!("{}: serde attribute: {e}", item.ident))?;
            if !simple {
                return Ok(None);
            }
        }
        names.push(name);
    }
    Ok(Some(names))
}

/// `Deserialize` and `OptionalFields` for the struct.
fn decode_impls(item: &syn::ItemStruct, wire_names: &[String]) -> Vec<syn::Item> {
    let ident = &item.ident;
    let title = ident.to_string();
    let arms = item
        .fields
        .iter()
        .filter_map(|field| field.ident.as_ref())
        .enumerate()
        .map(|(index, field)| quote! { #index => self.#field = map.next_value()?, });
    let deserialize: syn::Item = syn::parse_quote! {
        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                crate::codec::struct_fields::deserialize(deserializer)
            }
        }
    };
    let fields: syn::Item = syn::parse_quote! {
        impl crate::codec::struct_fields::OptionalFields for #ident {
            const NAME: &'static str = #title;
            const FIELDS: &'static [&'static str] = &[#(#wire_names),*];
            fn read<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                map: &mut A,
            ) -> ::std::result::Result<(), A::Error> {
                match index {
                    #(#arms)*
                    _ => {
                        map.next_value::<::serde::de::IgnoredAny>()?;
                    }
                }
                Ok(())
            }
        }
    };
    vec![deserialize, fields]
}
