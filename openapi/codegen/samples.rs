//! JSON values made from a schema: request bodies to send, and replies the way Palette's Go server writes them.

use serde_json::{Map, Value, json};

use super::walk;

/// What kind of value to make.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Variant {
    /// Every field set, known enum values: what a caller sends, and must read back the same.
    Request,
    /// Every field set, plus a field this SDK does not know in every object, and enum values a
    /// newer Palette might add.
    Rich,
    /// Go's zero values: empty lists, maps and objects as `null`, zero times, `""`, `0`, `false`.
    Go,
    /// Only the required fields.
    Minimal,
}

/// A string value a later Palette might add to an enum.
pub const NEW_ENUM_VALUE: &str = "ValueFromANewerPalette";
/// A field a later Palette might add to an object.
pub const NEW_FIELD: &str = "fieldFromANewerPalette";
/// The time every sample carries, and Go's zero time.
pub const TIME: &str = "2024-05-06T07:08:09Z";
pub const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

/// Deeper than this, only required fields are filled (schemas may refer to themselves).
const MAX_DEPTH: usize = 10;

/// A value for `schema`. Where the schema offers a choice (`oneOf`, `anyOf`), the first.
pub fn sample(doc: &Value, schema: &Value, variant: Variant) -> Value {
    Make {
        doc,
        variant,
        last_branch: false,
    }
    .value(schema, 0, "value")
}

/// A value for `schema` that takes the last branch of every choice, where
/// [`sample`] takes the first: both sides of a Kubernetes IntOrString. `None` when the
/// schema offers no choice, so it would be the same value.
pub fn sample_other_branch(doc: &Value, schema: &Value, variant: Variant) -> Option<Value> {
    let other = Make {
        doc,
        variant,
        last_branch: true,
    }
    .value(schema, 0, "value");
    (other != sample(doc, schema, variant)).then_some(other)
}

/// How values are made.
#[derive(Clone, Copy)]
struct Make<'a> {
    doc: &'a Value,
    variant: Variant,
    /// Take the last branch of a `oneOf`/`anyOf` instead of the first.
    last_branch: bool,
}

/// A number of its own for each field name, so that two fields swapped do not look alike;
/// between 10 and 99, which every integer format holds (`int8` included).
fn number_for(field: &str) -> u64 {
    10 + field.bytes().map(u64::from).sum::<u64>() % 90
}

impl Make<'_> {
    /// The value of `schema` for the field named `field` (its items and map values go by the
    /// same name).
    fn value(self, schema: &Value, depth: usize, field: &str) -> Value {
        let (doc, variant) = (self.doc, self.variant);
        let schema = walk::resolve(doc, schema);
        if let Some(Value::Array(parts)) = schema.get("allOf") {
            let mut merged = Map::new();
            let mut other = None;
            for part in parts {
                match self.value(part, depth, field) {
                    Value::Object(m) => merged.extend(m),
                    value => other = Some(value),
                }
            }
            if merged.is_empty()
                && let Some(value) = other
            {
                return value;
            }
            return Value::Object(merged);
        }
        if let Some(Value::Array(parts)) = schema.get("oneOf").or_else(|| schema.get("anyOf")) {
            let branch = if self.last_branch {
                parts.last()
            } else {
                parts.first()
            };
            if let Some(branch) = branch {
                return self.value(branch, depth, field);
            }
        }
        let nullable = schema.get("nullable") == Some(&Value::Bool(true));
        let go = variant == Variant::Go;
        let format = schema.get("format").and_then(Value::as_str);
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => {
                if let Some(values) = schema.get("enum").and_then(Value::as_array) {
                    return match variant {
                        Variant::Rich => json!(NEW_ENUM_VALUE),
                        // Go's zero value for an unset string of an enum type.
                        Variant::Go => json!(""),
                        _ => values.first().cloned().unwrap_or(json!("")),
                    };
                }
                match (format, variant) {
                    (Some("date-time"), Variant::Go | Variant::Minimal) => json!(ZERO_TIME),
                    (Some("date-time"), _) => json!(TIME),
                    (_, Variant::Go | Variant::Minimal) => json!(""),
                    (_, Variant::Request) => json!(format!("{field}: text, /, & and ü")),
                    (_, Variant::Rich) => json!(format!("{field} text")),
                }
            }
            // What Go reads as an integer (`int32`, `uint8`, ...) is written as one: `7`, never
            // `7.0`. Decided here from the format's name, apart from the preparation's list, so
            // that a sent body checks the generated type.
            Some("integer") => json!(if go { 0 } else { number_for(field) }),
            Some("number")
                if format.is_some_and(|f| f.starts_with("int") || f.starts_with("uint")) =>
            {
                json!(if go { 0 } else { number_for(field) })
            }
            Some("number") => json!(if go {
                0.0
            } else {
                number_for(field) as f64 + 0.5
            }),
            Some("boolean") => json!(!go),
            Some("array") => {
                if (go || variant == Variant::Minimal || depth >= MAX_DEPTH) && nullable {
                    return Value::Null;
                }
                if depth >= MAX_DEPTH || variant == Variant::Minimal {
                    return json!([]);
                }
                let items = schema.get("items").unwrap_or(&Value::Null);
                json!([self.value(items, depth + 1, field)])
            }
            Some("object") | None if schema.get("properties").is_some() => {
                self.object(schema, depth)
            }
            Some("object") => match schema.get("additionalProperties") {
                Some(values @ Value::Object(_)) => {
                    if (go || variant == Variant::Minimal || depth >= MAX_DEPTH) && nullable {
                        return Value::Null;
                    }
                    json!({"key": self.value(values, depth + 1, field)})
                }
                _ if go || variant == Variant::Minimal => {
                    if nullable {
                        Value::Null
                    } else {
                        json!({})
                    }
                }
                _ => json!({"anything": [1, "two", {"three": null}]}),
            },
            _ if go || variant == Variant::Minimal => Value::Null,
            _ => json!({"any": ["json", 1, true]}),
        }
    }

    fn object(self, schema: &Value, depth: usize) -> Value {
        let variant = self.variant;
        let required = palette_required(schema);
        let mut out = Map::new();
        for (name, child) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let needed = required.contains(&name.as_str());
            let wanted = match variant {
                Variant::Minimal => needed,
                _ => needed || depth < MAX_DEPTH,
            };
            if !wanted {
                continue;
            }
            let is_object = object_like(self.doc, child);
            let value = if variant == Variant::Go && is_object && !needed {
                // Go writes a nil struct pointer as null.
                Value::Null
            } else {
                self.value(child, depth + 1, name)
            };
            // A request never carries `null`: the typed value would leave the field out.
            if variant == Variant::Request && value.is_null() && !needed {
                continue;
            }
            out.insert(name.clone(), value);
        }
        // A required field the schema does not describe (Palette requires `cloudType` in the
        // spec of a cluster's create body without declaring it) is any JSON: a string here.
        for name in required {
            let declared = schema.get("properties").and_then(|p| p.get(name)).is_some();
            if !declared && !out.contains_key(name) {
                out.insert(name.to_string(), json!("undeclared"));
            }
        }
        if variant == Variant::Rich {
            out.insert(NEW_FIELD.into(), json!({"nested": [1, {"deeper": null}]}));
        }
        Value::Object(out)
    }
}

/// The properties Palette's document requires: `required`, or where the preparation moved
/// it for a type replies use (`x-palette-required`).
fn palette_required(schema: &Value) -> Vec<&str> {
    ["required", super::prepare::PALETTE_REQUIRED]
        .iter()
        .filter_map(|key| schema.get(*key).and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// Puts `marker` in every field of `value` (a sample of `schema`) that `is_secret(type, property)`
/// says is a secret, following the schema: a property is secret by the type that declares
/// it, at any depth, and a same-named property of another type is left alone.
pub fn plant_secrets(
    doc: &Value,
    schema: &Value,
    value: &mut Value,
    is_secret: &dyn Fn(&str, &str) -> bool,
    marker: &str,
) {
    let type_name = walk::ref_name(schema).map(heck::ToPascalCase::to_pascal_case);
    let schema = walk::resolve(doc, schema);
    for combo in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(parts)) = schema.get(combo) {
            let parts = if combo == "allOf" {
                &parts[..]
            } else {
                &parts[..1.min(parts.len())]
            };
            for part in parts {
                plant_secrets(doc, part, value, is_secret, marker);
            }
        }
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = schema.get("properties") {
                for (prop, child_schema) in properties {
                    let Some(child) = map.get_mut(prop) else {
                        continue;
                    };
                    if type_name.as_deref().is_some_and(|t| is_secret(t, prop)) {
                        plant(doc, child_schema, child, marker);
                    } else {
                        plant_secrets(doc, child_schema, child, is_secret, marker);
                    }
                }
            } else if let Some(values @ Value::Object(_)) = schema.get("additionalProperties") {
                for child in map.values_mut() {
                    plant_secrets(doc, values, child, is_secret, marker);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for item in items {
                    plant_secrets(doc, item_schema, item, is_secret, marker);
                }
            }
        }
        _ => {}
    }
}

/// Puts `marker` in every string of `value` (a sample of `schema`), or makes `value` the
/// marker if it holds none. Flags, numbers and times inside a secret object keep their type
/// (`activation.expiry` stays a time).
fn plant(doc: &Value, schema: &Value, value: &mut Value, marker: &str) {
    let schema = walk::resolve(doc, schema);
    if let Some(Value::Array(parts)) = schema.get("allOf") {
        for part in parts {
            plant(doc, part, value, marker);
        }
        return;
    }
    let is_time = schema.get("format") == Some(&json!("date-time"));
    match value {
        Value::String(_) if is_time => {}
        Value::String(s) => *s = marker.to_string(),
        Value::Bool(_) | Value::Number(_) => {}
        Value::Array(items) if !items.is_empty() => {
            let item = schema.get("items").unwrap_or(&Value::Null);
            items.iter_mut().for_each(|v| plant(doc, item, v, marker));
        }
        Value::Object(map) if !map.is_empty() => {
            for (key, child) in map.iter_mut() {
                let child_schema = schema
                    .pointer(&format!(
                        "/properties/{}",
                        key.replace('~', "~0").replace('/', "~1")
                    ))
                    .or_else(|| schema.get("additionalProperties"))
                    .unwrap_or(&Value::Null);
                plant(doc, child_schema, child, marker);
            }
        }
        other => *other = json!(marker),
    }
}

/// Whether the schema (through references and a one-part `allOf`) is an object with fields.
fn object_like(doc: &Value, schema: &Value) -> bool {
    let schema = walk::resolve(doc, schema);
    if let Some(Value::Array(parts)) = schema.get("allOf")
        && let [single] = parts.as_slice()
    {
        return object_like(doc, single);
    }
    schema.get("properties").is_some()
}

/// The JSON pointers, in the [`Variant::Rich`] sample of `schema`, of every field that is not
/// required: each may arrive as `null` from a Go server.
pub fn optional_pointers(doc: &Value, schema: &Value) -> Vec<String> {
    let mut out = Vec::new();
    pointers(doc, schema, String::new(), 0, false, &mut out);
    out
}

/// The JSON pointers, in the [`Variant::Rich`] sample of `schema`, of every field Palette's
/// document requires: Go writes an unset one as `null` too (its models hold them as pointers
/// without `omitempty`).
pub fn required_pointers(doc: &Value, schema: &Value) -> Vec<String> {
    let mut out = Vec::new();
    pointers(doc, schema, String::new(), 0, true, &mut out);
    out
}

/// Walks `schema` the way [`sample`] builds a [`Variant::Rich`] value, collecting the
/// pointers of the required fields (`required`) or of the others.
fn pointers(
    doc: &Value,
    schema: &Value,
    at: String,
    depth: usize,
    required: bool,
    out: &mut Vec<String>,
) {
    let schema = walk::resolve(doc, schema);
    if let Some(Value::Array(parts)) = schema.get("allOf") {
        for part in parts {
            pointers(doc, part, at.clone(), depth, required, out);
        }
        return;
    }
    if let Some(Value::Array(parts)) = schema.get("oneOf").or_else(|| schema.get("anyOf"))
        && let Some(first) = parts.first()
    {
        return pointers(doc, first, at, depth, required, out);
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("array") if depth < MAX_DEPTH => pointers(
            doc,
            schema.get("items").unwrap_or(&Value::Null),
            format!("{at}/0"),
            depth + 1,
            required,
            out,
        ),
        Some("object") | None if schema.get("properties").is_some() => {
            let needs = palette_required(schema);
            for (name, child) in schema
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let needed = needs.contains(&name.as_str());
                if !(needed || depth < MAX_DEPTH) {
                    continue;
                }
                let here = format!("{at}/{}", name.replace('~', "~0").replace('/', "~1"));
                if needed == required {
                    out.push(here.clone());
                }
                pointers(doc, child, here, depth + 1, required, out);
            }
        }
        Some("object") => {
            if let Some(values @ Value::Object(_)) = schema.get("additionalProperties") {
                pointers(doc, values, format!("{at}/key"), depth + 1, required, out);
            }
        }
        _ => {}
    }
}
