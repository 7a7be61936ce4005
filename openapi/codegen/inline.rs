//! Marks the per-operation functions `#[inline]`, so each is compiled by the program that calls it instead of by every build of the SDK.
//!
//! A library compiles to machine code every function that is neither generic nor `#[inline]`.
//! At the whole API's size that was mostly code no single program uses: 1,182 request
//! builders, each reply type's JSON decoding and each body's encoding instantiated through
//! them, and the typed mock matchers. `#[inline]` functions are compiled, like generic ones, in
//! the crate that calls them, and only the ones it calls. A program that sends five operations
//! compiles those five; the SDK's own build stops generating code for the rest.

use syn::visit_mut::{self, VisitMut};

/// Marks every function of the request builders (`mod builder`) and of the client's
/// per-category traits (`impl ClientXExt for Client`). Returns how many it marked.
pub fn client(file: &mut syn::File) -> usize {
    mark(file, false)
}

/// Marks every function of the typed mocks. Returns how many it marked.
pub fn mock(file: &mut syn::File) -> usize {
    mark(file, true)
}

fn mark(file: &mut syn::File, everywhere: bool) -> usize {
    let mut marker = Marker {
        everywhere,
        inside: 0,
        marked: 0,
    };
    marker.visit_file_mut(file);
    marker.marked
}

struct Marker {
    /// Every `impl` of the file, not only the client's per-operation ones.
    everywhere: bool,
    /// How deep the visit is inside an item whose functions are marked.
    inside: usize,
    marked: usize,
}

impl Marker {
    /// `impl ClientXExt for Client`: the methods that start each operation's request builder.
    fn per_category_trait(item: &syn::ItemImpl) -> bool {
        item.trait_.as_ref().is_some_and(|(_, path, _)| {
            path.segments.last().is_some_and(|last| {
                let name = last.ident.to_string();
                name.starts_with("Client") && name.ends_with("Ext")
            })
        })
    }
}

impl VisitMut for Marker {
    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        let builders = module.ident == "builder";
        self.inside += usize::from(builders);
        visit_mut::visit_item_mod_mut(self, module);
        self.inside -= usize::from(builders);
    }

    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let marks = self.everywhere || Self::per_category_trait(item);
        self.inside += usize::from(marks);
        visit_mut::visit_item_impl_mut(self, item);
        self.inside -= usize::from(marks);
    }

    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        let already = function.attrs.iter().any(|a| a.path().is_ident("inline"));
        if self.inside > 0 && !already {
            function.attrs.push(syn::parse_quote!(#[inline]));
            self.marked += 1;
        }
        visit_mut::visit_impl_item_fn_mut(self, function);
    }
}
