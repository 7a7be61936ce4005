//! Which cargo features bring each generated item, shown in the docs (`doc(cfg)` on docs.rs).
//!
//! Computed on the whole document, so an item carries the same attribute in every build.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToPascalCase, ToSnakeCase};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;
use syn::visit_mut::{self, VisitMut};

use super::prepare::{CORE_OPERATIONS, WORKFLOW_OPERATIONS, feature_name};
use super::walk;

/// The features that bring an item; `None` when every build has it.
pub type Needs = Option<BTreeSet<String>>;

/// What each generated item needs.
#[derive(Default)]
pub struct FeatureMap {
    /// Operation (client method name) -> features.
    methods: BTreeMap<String, Needs>,
    /// Request builder name -> features.
    builders: BTreeMap<String, Needs>,
    /// Type name (types and enums) -> features.
    pub types: BTreeMap<String, Needs>,
    /// Category trait name -> features.
    traits: BTreeMap<String, Needs>,
}

fn widen(into: &mut Needs, with: &Needs) {
    match (into.as_mut(), with) {
        (_, None) => *into = None,
        (Some(set), Some(more)) => set.extend(more.iter().cloned()),
        (None, Some(_)) => {}
    }
}

/// Computes the map from a prepared document with every category.
pub fn compute(doc: &Value) -> FeatureMap {
    let mut map = FeatureMap::default();
    for op in walk::operations(doc) {
        let needs: Needs = if CORE_OPERATIONS.contains(&op.id.as_str()) {
            None
        } else {
            let mut set = BTreeSet::from([feature_name(op.tag())]);
            for (category, ids) in WORKFLOW_OPERATIONS {
                if ids.contains(&op.id.as_str()) {
                    set.insert(feature_name(category));
                }
            }
            Some(set)
        };
        map.methods.insert(op.id.to_snake_case(), needs.clone());
        map.builders.insert(op.id.to_pascal_case(), needs.clone());
        let trait_name = format!("Client{}Ext", op.tag().to_pascal_case());
        widen(
            map.traits
                .entry(trait_name)
                .or_insert_with(|| Some(BTreeSet::new())),
            &needs,
        );
        let mut reached = BTreeSet::new();
        if let Some(shared) = op.item.get("parameters") {
            walk::reachable(doc, shared, &mut reached);
        }
        walk::reachable(doc, op.body, &mut reached);
        for name in reached {
            widen(
                map.types
                    .entry(name.to_pascal_case())
                    .or_insert_with(|| Some(BTreeSet::new())),
                &needs,
            );
        }
    }
    // What every reply and error shares is always there.
    let mut always = BTreeSet::new();
    for section in ["parameters", "responses"] {
        if let Some(node) = doc.pointer(&format!("/components/{section}")) {
            walk::reachable(doc, node, &mut always);
        }
    }
    for name in always {
        map.types.insert(name.to_pascal_case(), None);
    }
    map
}

/// The `doc(cfg)` attribute for `needs`, if any.
pub fn attribute(needs: &Needs) -> Option<syn::Attribute> {
    let set = needs.as_ref()?;
    let features: Vec<TokenStream> = set.iter().map(|f| quote! { feature = #f }).collect();
    let cfg = if features.len() == 1 {
        features[0].clone()
    } else {
        quote! { any(#(#features),*) }
    };
    Some(syn::parse_quote!(#[cfg_attr(docsrs, doc(cfg(#cfg)))]))
}

/// Adds `doc(cfg)` to every trait, trait method, request builder and type of the client.
pub fn annotate(file: &mut syn::File, map: &FeatureMap) {
    let mut annotator = Annotator {
        map,
        module: Vec::new(),
    };
    annotator.visit_file_mut(file);
}

struct Annotator<'a> {
    map: &'a FeatureMap,
    module: Vec<String>,
}

impl Annotator<'_> {
    fn needs(&self, name: &str) -> Option<&Needs> {
        match self.module.join("::").as_str() {
            "" => self.map.traits.get(name),
            "types" => self.map.types.get(name),
            "builder" => self.map.builders.get(name),
            _ => None,
        }
    }
}

impl VisitMut for Annotator<'_> {
    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        self.module.push(module.ident.to_string());
        visit_mut::visit_item_mod_mut(self, module);
        self.module.pop();
    }

    fn visit_item_struct_mut(&mut self, item: &mut syn::ItemStruct) {
        if let Some(attr) = self.needs(&item.ident.to_string()).and_then(attribute) {
            item.attrs.push(attr);
        }
    }

    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        if let Some(attr) = self.needs(&item.ident.to_string()).and_then(attribute) {
            item.attrs.push(attr);
        }
    }

    fn visit_item_trait_mut(&mut self, item: &mut syn::ItemTrait) {
        if let Some(attr) = self.needs(&item.ident.to_string()).and_then(attribute) {
            item.attrs.push(attr);
        }
        for trait_item in &mut item.items {
            if let syn::TraitItem::Fn(method) = trait_item
                && let Some(attr) = self
                    .map
                    .methods
                    .get(&method.sig.ident.to_string())
                    .and_then(attribute)
            {
                method.attrs.push(attr);
            }
        }
    }
}
