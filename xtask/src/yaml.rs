//! Writes a JSON value as block-style YAML with a fixed, readable key order.
//!
//! serde_json's maps are sorted, and a sorted OpenAPI document reads badly (`description`
//! before `operationId`, `responses` before `summary`), so the document's files are written
//! here: keys in the order a reader expects, strings quoted whenever a YAML 1.1 or 1.2 reader
//! could take them for something else (`on`, `no`, `2024`, `null`), so that `serde_norway`
//! (build.rs) and PyYAML (palette-ref) read the same document.

use serde_json::{Map, Value};

/// Keys written first, in this order; any other key follows, sorted.
const KEY_ORDER: &[&str] = &[
    "paths",
    "components",
    "get",
    "put",
    "post",
    "delete",
    "patch",
    "$ref",
    "name",
    "in",
    "operationId",
    "tags",
    "summary",
    "description",
    "deprecated",
    "required",
    "parameters",
    "requestBody",
    "responses",
    "schemas",
    "content",
    "headers",
    "schema",
    "type",
    "format",
    "nullable",
    "enum",
    "default",
    "items",
    "properties",
    "additionalProperties",
    "oneOf",
    "allOf",
];

/// The YAML text of `value`, a mapping at the top.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) => write_map(map, 0, &mut out),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
    out
}

fn sorted_keys(map: &Map<String, Value>) -> Vec<&String> {
    // A path item's shared parameters read best before its methods.
    let path_item = ["get", "put", "post", "delete", "patch"]
        .iter()
        .any(|m| map.contains_key(*m));
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort_by_key(|k| {
        let rank = if path_item && k.as_str() == "parameters" {
            0
        } else {
            1 + KEY_ORDER
                .iter()
                .position(|o| o == k)
                .unwrap_or(KEY_ORDER.len())
        };
        (rank, k.as_str())
    });
    keys
}

fn write_map(map: &Map<String, Value>, indent: usize, out: &mut String) {
    for key in sorted_keys(map) {
        let value = &map[key];
        push_indent(indent, out);
        out.push_str(&key_text(key));
        out.push(':');
        write_value_after_key(value, indent, out);
    }
}

/// Writes what follows `key:`: a scalar on the same line, or a block on the next ones.
fn write_value_after_key(value: &Value, indent: usize, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_map(map, indent + 2, out);
        }
        Value::Array(items) if !items.is_empty() && !is_flow_list(items) => {
            out.push('\n');
            write_list(items, indent + 2, out);
        }
        Value::Array(items) if !items.is_empty() => {
            let parts: Vec<String> = items.iter().map(scalar).collect();
            out.push_str(" [");
            out.push_str(&parts.join(", "));
            out.push_str("]\n");
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

/// Short lists of scalars (tags, enum values, required fields) fit on one line.
fn is_flow_list(items: &[Value]) -> bool {
    items
        .iter()
        .all(|v| !matches!(v, Value::Object(_) | Value::Array(_)))
        && items.iter().map(|v| scalar(v).len() + 2).sum::<usize>() < 80
}

fn write_list(items: &[Value], indent: usize, out: &mut String) {
    for item in items {
        push_indent(indent, out);
        out.push('-');
        match item {
            Value::Object(map) if !map.is_empty() => {
                // The first key shares the dash's line; the rest line up under it.
                let mut first = true;
                for key in sorted_keys(map) {
                    if first {
                        out.push(' ');
                        first = false;
                    } else {
                        push_indent(indent + 2, out);
                    }
                    out.push_str(&key_text(key));
                    out.push(':');
                    write_value_after_key(&map[key], indent + 2, out);
                }
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_list(inner, indent + 2, out);
            }
            other => {
                out.push(' ');
                out.push_str(&scalar(other));
                out.push('\n');
            }
        }
    }
}

fn push_indent(indent: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn scalar(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// A string as a plain scalar when no reader could mistake it, else double-quoted.
fn string(s: &str) -> String {
    if plain_is_safe(s) {
        s.to_string()
    } else {
        // A JSON string is a valid YAML double-quoted scalar.
        Value::String(s.to_string()).to_string()
    }
}

fn key_text(key: &str) -> String {
    string(key)
}

/// Words YAML 1.1 reads as booleans or null.
const RESERVED: &[&str] = &[
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
];

fn plain_is_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '/' || first == '$' || first == '_')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./{}$".contains(c))
        && !RESERVED.contains(&s.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_follow_the_reading_order_and_lists_are_blocks() {
        let value = json!({
            "responses": {"200": {"description": "OK"}},
            "summary": "Get it",
            "operationId": "thingGet",
            "tags": ["Things"],
            "parameters": [{"schema": {"type": "string"}, "name": "uid", "in": "path"}]
        });
        assert_eq!(
            to_string(&value),
            "operationId: thingGet\n\
             tags: [Things]\n\
             summary: \"Get it\"\n\
             parameters:\n  \
               - name: uid\n    \
                 in: path\n    \
                 schema:\n      \
                   type: string\n\
             responses:\n  \
               \"200\":\n    \
                 description: OK\n"
        );
    }

    #[test]
    fn strings_a_yaml_reader_could_misread_are_quoted() {
        for (text, written) in [
            ("On", "\"On\""),
            ("no", "\"no\""),
            ("2024", "\"2024\""),
            ("", "\"\""),
            ("a: b", "\"a: b\""),
            (
                "#/components/schemas/Thing",
                "\"#/components/schemas/Thing\"",
            ),
            ("date-time", "date-time"),
            ("/v1/things/{uid}", "/v1/things/{uid}"),
        ] {
            assert_eq!(string(text), written, "{text}");
        }
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let value = json!({
            "a": {"b": [1, 2.5, true, null, "x y", "On"], "c": {}, "d": []},
            "e": [{"f": "g", "h": [{"i": "j"}]}, "k"],
            "l": "quote \" and \\ and \u{e9}"
        });
        let text = to_string(&value);
        let back: Value = serde_norway::from_str(&text).unwrap();
        assert_eq!(back, value, "{text}");
    }
}
