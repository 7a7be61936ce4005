//! `cargo xtask layers`: checks that the crate's modules under src/ form no import circle and that each folder of a layered tree (src/, src/testing/) uses only the layers below it.
//!
//! A module's edges are the paths its code names (`crate::a::b`, `super::x`, `self::y`, inside
//! `use` groups too), each resolved to the deepest module that exists. A name lib.rs re-exports
//! (`crate::Client`) counts as the module it comes from. A module that includes generated code
//! is read together with that code's snapshot under openapi/generated/. Left out: comments and
//! doc comments, each file's trailing `#[cfg(test)] mod tests`, and edges between a module and
//! its own ancestors (a folder's `mod.rs` declares and re-exports its children): a doc link or
//! a test does not make one layer depend on another.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The top-level modules of src/, bottom to top. A module may use the ones in earlier rows;
/// the modules of one row do not use each other.
pub const LAYERS: &[&[&str]] = &[
    &["codec"],
    &["document"],
    &["error"],
    &["send"],
    &["state"],
    &["client"],
    &["config"],
    &["ext", "hand_written", "mock", "fuzzing"],
    &["testing"],
];

type Module = Vec<String>;

fn name(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_string()
    } else {
        module.join("::")
    }
}

/// The module of a file under `src`: `a/b.rs` and `a/b/mod.rs` are `a::b`, `lib.rs` the root.
fn module_of(src: &Path, file: &Path) -> Module {
    let relative = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Module = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The code of a file without comments and without its trailing test module.
fn code_of(text: &str) -> String {
    let mut kept = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod tests"))
        {
            break;
        }
        let trimmed = line.trim_start();
        if !(trimmed.starts_with("//") || trimmed.starts_with("/*") || trimmed.starts_with('*')) {
            kept.push(line);
        }
    }
    kept.join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Turns `a::{b, c::{d, e}}` into `a::b a::c::d a::c::e`, innermost groups first.
fn expand_groups(code: &str) -> String {
    let mut code = code.to_string();
    loop {
        let bytes = code.as_bytes();
        let mut done = true;
        for close in 0..bytes.len() {
            if bytes[close] != b'}' {
                continue;
            }
            let Some(open) = code[..close].rfind(['{', '}']) else {
                break;
            };
            if bytes[open] != b'{' || open < 2 || &code[open - 2..open] != "::" {
                continue;
            }
            let start = code[..open]
                .rfind(|c: char| !(is_ident(c) || c == ':'))
                .map_or(0, |i| i + 1);
            let prefix = &code[start..open];
            let expanded = code[open + 1..close]
                .split(',')
                .map(str::trim)
                .filter(|part| !part.is_empty())
                .map(|part| format!("{prefix}{part}"))
                .collect::<Vec<_>>()
                .join(", ");
            code = format!("{}{expanded}{}", &code[..start], &code[close + 1..]);
            done = false;
            break;
        }
        if done {
            return code;
        }
    }
}

/// Every `crate::…`, `super::…` and `self::…` path in `code`, as its segments.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !is_ident(chars[i]) || (i > 0 && is_ident(chars[i - 1])) {
            i += 1;
            continue;
        }
        let mut segments = Vec::new();
        let mut j = i;
        loop {
            let begin = j;
            while j < chars.len() && is_ident(chars[j]) {
                j += 1;
            }
            if begin == j {
                break;
            }
            segments.push(chars[begin..j].iter().collect::<String>());
            if j + 2 < chars.len()
                && chars[j] == ':'
                && chars[j + 1] == ':'
                && is_ident(chars[j + 2])
            {
                j += 2;
            } else {
                break;
            }
        }
        if segments.len() > 1 && matches!(segments[0].as_str(), "crate" | "super" | "self") {
            found.push(segments);
        }
        i = j.max(i + 1);
    }
    found
}

struct Crate {
    modules: BTreeSet<Module>,
    /// Names lib.rs re-exports, each to the module it comes from; `*` for a glob.
    exports: BTreeMap<String, Module>,
}

impl Crate {
    fn resolve(&self, from: &[String], path: &[String]) -> Option<Module> {
        let (base, rest): (Module, &[String]) = match path[0].as_str() {
            "crate" => {
                let rest = &path[1..];
                if let Some(first) = rest.first()
                    && !self.modules.contains(std::slice::from_ref(first))
                    && let Some(source) = self.exports.get(first).or(self.exports.get("*"))
                {
                    return Some(source.clone());
                }
                (Vec::new(), rest)
            }
            _ => {
                let mut base = from.to_vec();
                let mut rest = path;
                while let Some(first) = rest.first() {
                    match first.as_str() {
                        "super" => {
                            base.pop();
                        }
                        "self" => {}
                        _ => break,
                    }
                    rest = &rest[1..];
                }
                (base, rest)
            }
        };
        (0..=rest.len())
            .rev()
            .map(|i| [base.as_slice(), &rest[..i]].concat())
            .find(|candidate| self.modules.contains(candidate))
    }
}

/// The files of `src`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// The import edges between the modules under `src`, reading included generated code from
/// `snapshot`.
pub fn edges(src: &Path, snapshot: &Path) -> Result<BTreeMap<Module, BTreeSet<Module>>, String> {
    let mut files = Vec::new();
    rust_files(src, &mut files)?;
    let mut texts = BTreeMap::new();
    for file in &files {
        let mut text =
            std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let marker = "include!(concat!(env!(\"OUT_DIR\"), \"/";
        let included: Vec<String> = text
            .match_indices(marker)
            .filter_map(|(at, _)| {
                let rest = &text[at + marker.len()..];
                rest.find('"').map(|end| rest[..end].to_string())
            })
            .collect();
        for name in included {
            if let Ok(generated) = std::fs::read_to_string(snapshot.join(&name)) {
                text.push('\n');
                text.push_str(&generated);
            }
        }
        texts.insert(module_of(src, file), expand_groups(&code_of(&text)));
    }
    let mut krate = Crate {
        modules: texts.keys().cloned().collect(),
        exports: BTreeMap::new(),
    };
    let root = texts.get(&Vec::new()).cloned().unwrap_or_default();
    for line in root.lines() {
        let Some(used) = line
            .trim()
            .strip_prefix("pub use ")
            .and_then(|u| u.strip_suffix(';'))
        else {
            continue;
        };
        let used = used.trim_start_matches("crate::");
        for path in expand_groups(used)
            .split([',', ' '])
            .filter(|p| !p.is_empty())
        {
            let segments: Vec<String> = ["crate"]
                .into_iter()
                .chain(path.split("::"))
                .map(str::to_string)
                .collect();
            // A module re-exported whole (`pub use send::call`) stands for itself.
            let source = krate
                .resolve(&[], &segments)
                .filter(|m| m.len() == segments.len() - 1)
                .or_else(|| krate.resolve(&[], &segments[..segments.len() - 1]));
            if let (Some(last), Some(source)) = (segments.last(), source) {
                krate.exports.insert(last.clone(), source);
            }
        }
    }
    let mut edges = BTreeMap::new();
    for (module, code) in &texts {
        let mut targets = BTreeSet::new();
        for path in paths(code) {
            let Some(target) = krate.resolve(module, &path) else {
                continue;
            };
            if target.starts_with(module) || module.starts_with(&target) {
                continue;
            }
            targets.insert(target);
        }
        edges.insert(module.clone(), targets);
    }
    Ok(edges)
}

/// Every group of two or more modules that import each other, with one circle through it.
pub fn circles(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<String> {
    struct Tarjan<'a> {
        edges: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        groups: Vec<Vec<&'a Module>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a Module) {
            let at = self.index.len();
            self.index.insert(v, at);
            self.low.insert(v, at);
            self.stack.push(v);
            for w in self.edges.get(v).into_iter().flatten() {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.stack.contains(&w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut group = Vec::new();
                while let Some(w) = self.stack.pop() {
                    group.push(w);
                    if w == v {
                        break;
                    }
                }
                if group.len() > 1 {
                    group.sort();
                    self.groups.push(group);
                }
            }
        }
    }
    let mut tarjan = Tarjan {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        groups: Vec::new(),
    };
    for v in edges.keys() {
        if !tarjan.index.contains_key(v) {
            tarjan.visit(v);
        }
    }
    tarjan
        .groups
        .iter()
        .map(|group| {
            // One circle through the group's first module, by breadth-first search back to it.
            let start = group[0];
            let mut previous: BTreeMap<&Module, &Module> = BTreeMap::new();
            let mut queue = std::collections::VecDeque::from([start]);
            let mut closing = start;
            'search: while let Some(v) = queue.pop_front() {
                for w in edges[v].iter().filter(|w| group.contains(w)) {
                    if w == start {
                        closing = v;
                        break 'search;
                    }
                    if !previous.contains_key(w) {
                        previous.insert(w, v);
                        queue.push_back(w);
                    }
                }
            }
            let mut circle = vec![name(start)];
            let mut v = closing;
            let mut back = Vec::new();
            while v != start {
                back.push(name(v));
                v = previous[v];
            }
            circle.extend(back.into_iter().rev());
            circle.push(name(start));
            format!(
                "an import circle among {}: {}",
                group.iter().map(|m| name(m)).collect::<Vec<_>>().join(", "),
                circle.join(" -> ")
            )
        })
        .collect()
}

/// Folders laid out in layers of their own, bottom to top, like [`LAYERS`] within them.
pub const WITHIN: &[(&str, &[&[&str]])] = &[(
    "testing",
    &[
        &["refusal", "seed"],
        &["paging"],
        &["model"],
        &["rules"],
        &["http"],
        &["api"],
    ],
)];

/// Every edge between two children of `parent` (the crate root when empty) from one to
/// another not in a lower row of `layers`, and every child missing from `layers`.
pub fn breaches(
    edges: &BTreeMap<Module, BTreeSet<Module>>,
    parent: &[String],
    layers: &[&[&str]],
) -> Vec<String> {
    let rank = |child: &str| layers.iter().position(|row| row.contains(&child));
    let child_of = |module: &Module| {
        module
            .strip_prefix(parent)
            .and_then(|rest| rest.first())
            .cloned()
    };
    let folder = if parent.is_empty() {
        "src".to_string()
    } else {
        format!("src/{}", parent.join("/"))
    };
    let mut found = BTreeSet::new();
    for (module, targets) in edges {
        let Some(child) = child_of(module) else {
            continue;
        };
        let Some(from) = rank(&child) else {
            found.insert(format!(
                "{folder}/{child} is in no layer: add it to xtask/src/layers.rs"
            ));
            continue;
        };
        for target in targets {
            let Some(to) = child_of(target) else {
                continue;
            };
            if to != child && rank(&to).is_none_or(|to| to >= from) {
                found.insert(format!(
                    "{} uses {}, which is not in a layer below {}",
                    name(module),
                    name(target),
                    name(&[parent, std::slice::from_ref(&child)].concat())
                ));
            }
        }
    }
    found.into_iter().collect()
}

/// What is wrong with the layering of the crate at `root`: circles and breaches, empty when
/// none.
pub fn check(root: &Path) -> Result<Vec<String>, String> {
    let edges = edges(&root.join("src"), &root.join("openapi/generated"))?;
    let mut problems = circles(&edges);
    problems.extend(breaches(&edges, &[], LAYERS));
    for (parent, layers) in WITHIN {
        problems.extend(breaches(&edges, &[parent.to_string()], layers));
    }
    Ok(problems)
}

/// Prints the layers, then any problem; an error when there is one.
pub fn run(root: &Path) -> Result<(), String> {
    for (i, row) in LAYERS.iter().enumerate().rev() {
        println!("{}. {}", i + 1, row.join(", "));
        for (parent, layers) in WITHIN.iter().filter(|(parent, _)| row.contains(parent)) {
            for (j, row) in layers.iter().enumerate().rev() {
                println!("   {parent} {}. {}", j + 1, row.join(", "));
            }
        }
    }
    let problems = check(root)?;
    if problems.is_empty() {
        println!("no import circle, and each layer uses only the layers below it");
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch crate: `files` as (path under src/, text).
    fn scratch(label: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
        let root =
            std::env::temp_dir().join(format!("xtask-layers-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (path, text) in files {
            let file = root.join("src").join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        std::fs::create_dir_all(root.join("openapi/generated")).unwrap();
        root
    }

    fn problems(label: &str, files: &[(&str, &str)], layers: &[&[&str]]) -> Vec<String> {
        let root = scratch(label, files);
        let edges = edges(&root.join("src"), &root.join("openapi/generated")).unwrap();
        let mut found = circles(&edges);
        found.extend(breaches(&edges, &[], layers));
        std::fs::remove_dir_all(root).unwrap();
        found
    }

    #[test]
    fn the_crate_has_no_import_circle_and_each_layer_uses_only_lower_ones() {
        let problems = check(&crate::workspace_root()).unwrap();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn a_circle_through_a_use_group_is_found() {
        let found = problems(
            "circle",
            &[
                ("lib.rs", "mod low;\nmod high;\n"),
                ("low/mod.rs", "mod a;\nmod b;\n"),
                ("low/a.rs", "use crate::low::{b::{Thing, other}, c};\n"),
                ("low/b.rs", "use super::a::Other;\n"),
            ],
            &[&["low"], &["high"]],
        );
        assert_eq!(
            found,
            ["an import circle among low::a, low::b: low::a -> low::b -> low::a"]
        );
    }

    #[test]
    fn naming_a_higher_layer_or_a_peer_is_a_breach_even_through_a_reexport() {
        let found = problems(
            "breach",
            &[
                (
                    "lib.rs",
                    "mod low;\nmod high;\nmod peer;\npub use high::Client;\n",
                ),
                ("low.rs", "fn f(_: &crate::Client) {}\n"),
                ("high.rs", "pub struct Client(crate::low::Thing);\n"),
                ("peer.rs", "use crate::high::Client;\n"),
            ],
            &[&["low"], &["high", "peer"]],
        );
        assert_eq!(
            found,
            [
                "an import circle among high, low: high -> low -> high",
                "low uses high, which is not in a layer below low",
                "peer uses high, which is not in a layer below peer",
            ]
        );
    }

    #[test]
    fn doc_comments_tests_and_own_ancestors_are_not_edges() {
        let found = problems(
            "ignored",
            &[
                ("lib.rs", "mod low;\nmod high;\n"),
                (
                    "low/mod.rs",
                    "//! See [`crate::high::Client`].\nmod inner;\npub use self::inner::X;\n\n#[cfg(test)]\nmod tests {\n    use crate::high::Client;\n}\n",
                ),
                (
                    "low/inner.rs",
                    "/// Made by [`crate::high`].\npub struct X(super::Y);\n",
                ),
                ("high.rs", "pub struct Client(crate::low::X);\n"),
            ],
            &[&["low"], &["high"]],
        );
        assert_eq!(found, Vec::<String>::new());
    }

    #[test]
    fn layers_within_a_folder_are_checked_like_the_top_level() {
        let root = scratch(
            "within",
            &[
                ("lib.rs", "mod fake;\n"),
                ("fake/mod.rs", "mod model;\nmod http;\n"),
                ("fake/model/mod.rs", "mod area;\n"),
                ("fake/model/area.rs", "use crate::fake::http::Req;\n"),
                ("fake/http.rs", "pub struct Req;\n"),
            ],
        );
        let edges = edges(&root.join("src"), &root.join("openapi/generated")).unwrap();
        std::fs::remove_dir_all(root).unwrap();
        let within = breaches(&edges, &["fake".to_string()], &[&["model"], &["http"]]);
        assert_eq!(
            within,
            ["fake::model::area uses fake::http, which is not in a layer below fake::model"]
        );
        assert_eq!(breaches(&edges, &[], &[&["fake"]]), Vec::<String>::new());
    }

    #[test]
    fn a_top_level_module_outside_the_layers_is_reported() {
        let found = problems(
            "unlisted",
            &[
                ("lib.rs", "mod low;\nmod stray;\n"),
                ("low.rs", ""),
                ("stray.rs", ""),
            ],
            &[&["low"]],
        );
        assert_eq!(
            found,
            ["src/stray is in no layer: add it to xtask/src/layers.rs"]
        );
    }
}
