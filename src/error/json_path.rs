//! Where in a JSON text a decode error happened, as a path (`spec.clusterRefs[1].clusterUid`).
//!
//! Decoding a reply once more through a path-tracking deserializer would make the compiler
//! generate every reply type's decoder a second time; instead, the line and column serde_json
//! reports are walked back to the path of the value being read there.

/// A container being read, and where in it the reader is.
enum Frame {
    /// An object: the key whose value is being read, if past its colon.
    Object { key: Option<String>, in_value: bool },
    /// An array: the index of the element being read.
    Array { index: usize },
}

/// The path of the value being read at 1-based `line` and `column` of `text`, in the form
/// `a.b[2].c`; `.` for the top.
pub(crate) fn at(text: &[u8], line: usize, column: usize) -> String {
    let target = offset(text, line, column);
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < text.len() && i < target {
        // serde_json reports a container of the wrong type just past its opening bracket: the
        // value being read is the container itself, not something inside it.
        let last = i + 1 == target;
        match text[i] {
            b'{' | b'[' if last => {}
            b'{' => stack.push(Frame::Object {
                key: None,
                in_value: false,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key, in_value }) => {
                    *key = None;
                    *in_value = false;
                }
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { in_value, .. }) = stack.last_mut() {
                    *in_value = true;
                }
            }
            b'"' => {
                let (text_of, end) = string_at(text, i);
                if let Some(Frame::Object { key, in_value }) = stack.last_mut()
                    && !*in_value
                {
                    *key = Some(text_of);
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    // A value of the wrong type is sometimes reported at the colon before it.
    let next = text[target.min(text.len())..]
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    if next == Some(&b':')
        && let Some(Frame::Object { in_value, .. }) = stack.last_mut()
    {
        *in_value = true;
    }
    render(&stack)
}

/// The byte offset of 1-based `line` and `column` (serde_json counts columns in bytes).
fn offset(text: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].iter().position(|b| *b == b'\n') {
            Some(n) => start += n + 1,
            None => return text.len(),
        }
    }
    start + column.saturating_sub(1)
}

/// The string starting at the quote `text[start]`, unescaped loosely (enough for keys), and
/// the index just past its closing quote.
fn string_at(text: &[u8], start: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut i = start + 1;
    while i < text.len() {
        match text[i] {
            b'\\' if i + 1 < text.len() => {
                out.push(text[i + 1]);
                i += 2;
            }
            b'"' => return (String::from_utf8_lossy(&out).into_owned(), i + 1),
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), text.len())
}

fn render(stack: &[Frame]) -> String {
    let mut out = String::new();
    for frame in stack {
        match frame {
            Frame::Object {
                key: Some(key),
                in_value: true,
            } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Frame::Object { .. } => break,
            Frame::Array { index } => out.push_str(&format!("[{index}]")),
        }
    }
    if out.is_empty() { ".".to_string() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `text` as `T` and returns the path of the error.
    fn path_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
        let err = serde_json::from_str::<T>(text).unwrap_err();
        at(text.as_bytes(), err.line(), err.column())
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Ref {
        #[serde(rename = "clusterUid")]
        cluster_uid: String,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Spec {
        #[serde(rename = "clusterRefs")]
        cluster_refs: Vec<Ref>,
        name: Option<String>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Workspace {
        spec: Spec,
    }

    #[test]
    fn a_wrong_type_deep_inside_names_its_path() {
        let text =
            r#"{"spec": {"name": "a", "clusterRefs": [{"clusterUid": "x"}, {"clusterUid": 42}]}}"#;
        assert_eq!(path_of::<Workspace>(text), "spec.clusterRefs[1].clusterUid");
    }

    #[test]
    fn a_list_where_text_belongs_names_its_field() {
        let text = r#"{"spec":{"clusterRefs":[{"clusterUid":["not","a","string"]}]}}"#;
        assert_eq!(path_of::<Workspace>(text), "spec.clusterRefs[0].clusterUid");
    }

    #[test]
    fn paths_survive_line_breaks_and_escaped_keys() {
        let text =
            "{\n  \"spec\": {\n    \"clusterRefs\": [\n      {\"clusterUid\": true}\n    ]\n  }\n}";
        assert_eq!(path_of::<Workspace>(text), "spec.clusterRefs[0].clusterUid");
        let escaped = r#"{"spec": {"n\"ame": "x", "clusterRefs": 5}}"#;
        assert_eq!(path_of::<Workspace>(escaped), "spec.clusterRefs");
    }

    #[test]
    fn a_missing_field_names_the_object_and_the_top_is_a_dot() {
        assert_eq!(
            path_of::<Workspace>(r#"{"spec": {"clusterRefs": [{}]}}"#),
            "spec.clusterRefs[0]"
        );
        assert_eq!(path_of::<Workspace>("[1]"), ".");
        assert_eq!(path_of::<Workspace>(""), ".");
    }
}
