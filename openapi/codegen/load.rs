//! Reads the document: the root file, `shared.yaml` and one file per category, merged into one, with the list of credential-like fields beside it.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// The document's folder, relative to the crate root.
pub const DOCUMENT_DIR: &str = "openapi";

/// The root file: `openapi`, `info`, `tags`, and the shared parameters and responses.
pub const ROOT_FILE: &str = "openapi/palette.yaml";

/// Schemas used by more than one category.
pub const SHARED_FILE: &str = "openapi/shared.yaml";

/// One file per category.
pub const CATEGORY_DIR: &str = "openapi/categories";

/// The document, merged from its files.
pub struct Document {
    pub raw: Value,
}

/// The document's files, relative to the crate root: the root file, the shared schemas if
/// present, and every `.yaml` file of the category folder, sorted.
pub fn document_files(root: &Path) -> Result<Vec<String>, String> {
    let mut files = vec![ROOT_FILE.to_string()];
    if root.join(SHARED_FILE).exists() {
        files.push(SHARED_FILE.to_string());
    }
    let dir = root.join(CATEGORY_DIR);
    if dir.exists() {
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".yaml"))
            .collect();
        names.sort();
        files.extend(names.into_iter().map(|n| format!("{CATEGORY_DIR}/{n}")));
    }
    Ok(files)
}

/// Reads and merges the document under `root` (the crate root). The root file gives
/// everything but `paths` and `components`; every file adds paths and components, and a path
/// or component defined twice is an error naming both files.
pub fn load(root: &Path) -> Result<Document, String> {
    let files = document_files(root)?;
    let mut merged = Map::new();
    let mut paths = Map::new();
    let mut components: Map<String, Value> = Map::new();
    let mut owners: std::collections::BTreeMap<String, String> = Default::default();
    for file in &files {
        let path: PathBuf = root.join(file);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let doc: Value =
            serde_norway::from_str(&text).map_err(|e| format!("{file}: not YAML: {e}"))?;
        let Value::Object(doc) = doc else {
            return Err(format!("{file}: not a mapping"));
        };
        let is_root = file == ROOT_FILE;
        for (key, value) in doc {
            match key.as_str() {
                "paths" => {
                    for (path_key, item) in value.as_object().into_iter().flatten() {
                        claim(&mut owners, format!("path {path_key}"), file)?;
                        paths.insert(path_key.clone(), item.clone());
                    }
                }
                "components" => {
                    for (section, entries) in value.as_object().into_iter().flatten() {
                        let target = components
                            .entry(section.clone())
                            .or_insert_with(|| Value::Object(Map::new()));
                        for (name, entry) in entries.as_object().into_iter().flatten() {
                            claim(&mut owners, format!("components.{section}.{name}"), file)?;
                            if let Some(target) = target.as_object_mut() {
                                target.insert(name.clone(), entry.clone());
                            }
                        }
                    }
                }
                _ if is_root => {
                    merged.insert(key, value);
                }
                other => {
                    return Err(format!(
                        "{file}: `{other}` belongs in {ROOT_FILE}; other files hold only paths and components"
                    ));
                }
            }
        }
    }
    merged.insert("paths".into(), Value::Object(paths));
    merged.insert("components".into(), Value::Object(components));
    let list = root.join(super::secrets::SECRETS_FILE);
    if list.exists() {
        let text =
            std::fs::read_to_string(&list).map_err(|e| format!("{}: {e}", list.display()))?;
        let value: Value = serde_norway::from_str(&text)
            .map_err(|e| format!("{}: not YAML: {e}", super::secrets::SECRETS_FILE))?;
        merged.insert(super::secrets::CLASSIFIED.into(), value);
    }
    Ok(Document {
        raw: Value::Object(merged),
    })
}

fn claim(
    owners: &mut std::collections::BTreeMap<String, String>,
    key: String,
    file: &str,
) -> Result<(), String> {
    if let Some(first) = owners.insert(key.clone(), file.to_string()) {
        return Err(format!("{key} is defined in both {first} and {file}"));
    }
    Ok(())
}
