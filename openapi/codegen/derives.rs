//! The generated `mod types`: its items, what a struct there derives, and whether a field is an `Option`.

type Paths = syn::punctuated::Punctuated<syn::Path, syn::Token![,]>;

/// The items of the client's `mod types` (progenitor writes one), or `None` without it.
pub fn types_items(file: &mut syn::File) -> Option<&mut Vec<syn::Item>> {
    file.items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(module) if module.ident == "types" => {
            module.content.as_mut().map(|(_, items)| items)
        }
        _ => None,
    })
}

fn names(path: &syn::Path, name: &str) -> bool {
    path.segments.last().is_some_and(|s| s.ident == name)
}

/// True when one of the struct's `#[derive(..)]` lists names `name` (by its last segment).
pub fn derives(item: &syn::ItemStruct, name: &str) -> bool {
    item.attrs.iter().any(|attr| {
        attr.path().is_ident("derive")
            && attr
                .parse_args_with(Paths::parse_terminated)
                .is_ok_and(|paths| paths.iter().any(|p| names(p, name)))
    })
}

/// Removes `name` from the struct's derives; true when it was there.
pub fn drop_derive(item: &mut syn::ItemStruct, name: &str) -> Result<bool, String> {
    let mut dropped = false;
    for attr in &mut item.attrs {
        if !attr.path().is_ident("derive") {
            continue;
        }
        let paths = attr
            .parse_args_with(Paths::parse_terminated)
            .map_err(|e| format!("{}: derive: {e}", item.ident))?;
        let kept: Vec<&syn::Path> = paths.iter().filter(|p| !names(p, name)).collect();
        dropped |= kept.len() < paths.len();
        *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
    }
    Ok(dropped)
}

/// True when the type is an `Option<..>` (by its last path segment, as typify writes it).
pub fn is_option(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(path)
        if path.path.segments.last().is_some_and(|s| s.ident == "Option"))
}
