//! A file sent as `multipart/form-data`: one part, encoded into bytes so a retry can send it again.

use std::fmt;

use bytes::{BufMut, Bytes, BytesMut};

/// A file to upload: its name, its media type and its content.
///
/// ```
/// use palette_sdk::hand_written::FilePart;
/// let logo = FilePart::new("logo.png", std::fs::read("logo.png").unwrap_or_default()).content_type("image/png");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    file_name: String,
    content_type: String,
    content: Bytes,
}

impl FilePart {
    /// A file called `file_name` (only the name Palette sees; nothing is read from disk here)
    /// with this content, sent as `application/octet-stream`.
    pub fn new(file_name: impl Into<String>, content: impl Into<Bytes>) -> Self {
        FilePart {
            file_name: file_name.into(),
            content_type: "application/octet-stream".into(),
            content: content.into(),
        }
    }

    /// The media type the part declares (such as `image/png` or `application/x-yaml`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }

    /// The file's name.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The file's content.
    pub fn content(&self) -> &Bytes {
        &self.content
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The content may be large and is nobody's business in a log.
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("bytes", &self.content.len())
            .finish()
    }
}

/// A `multipart/form-data` body with one file part under the form field `field`: the
/// `Content-Type` header value (with its boundary) and the body.
pub(crate) fn encode(field: &str, file: &FilePart) -> (String, Bytes) {
    // A boundary that does not occur in the content.
    let boundary = loop {
        let candidate = format!(
            "palette-sdk-{:016x}{:016x}",
            fastrand::u64(..),
            fastrand::u64(..)
        );
        if !contains(&file.content, candidate.as_bytes()) {
            break candidate;
        }
    };
    let mut body = BytesMut::with_capacity(file.content.len() + 256);
    body.put_slice(format!("--{boundary}\r\n").as_bytes());
    body.put_slice(
        format!(
            "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\n",
            quoted(field),
            quoted(&file.file_name)
        )
        .as_bytes(),
    );
    body.put_slice(format!("Content-Type: {}\r\n\r\n", header_safe(&file.content_type)).as_bytes());
    body.put_slice(&file.content);
    body.put_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (
        format!("multipart/form-data; boundary={boundary}"),
        body.freeze(),
    )
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A value for a quoted header parameter: quotes and backslashes escaped, line breaks dropped.
fn quoted(value: &str) -> String {
    value
        .chars()
        .filter(|c| *c != '\r' && *c != '\n')
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

/// A header value with line breaks dropped, so a part's headers cannot be split.
fn header_safe(value: &str) -> String {
    value.chars().filter(|c| *c != '\r' && *c != '\n').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_part_with_its_name_type_and_bytes() {
        let file =
            FilePart::new("core.yaml", &b"kind: Core\n"[..]).content_type("application/x-yaml");
        let (content_type, body) = encode("fileName", &file);
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert_eq!(
            text,
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"fileName\"; \
                 filename=\"core.yaml\"\r\nContent-Type: application/x-yaml\r\n\r\nkind: Core\n\r\n--{boundary}--\r\n"
            )
        );
    }

    #[test]
    fn names_cannot_break_out_of_their_header() {
        let file =
            FilePart::new("a\"b\r\nX-Injected: 1", &b""[..]).content_type("text/plain\r\nX: 2");
        let (_, body) = encode("fileName", &file);
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert!(text.contains("filename=\"a\\\"bX-Injected: 1\""), "{text}");
        assert!(!text.contains("\r\nX-Injected"), "{text}");
        assert!(text.contains("Content-Type: text/plainX: 2\r\n"), "{text}");
    }

    #[test]
    fn the_boundary_never_occurs_in_the_content() {
        let file = FilePart::new("f", vec![b'-'; 100]);
        let (content_type, body) = encode("f", &file);
        let boundary = content_type.rsplit('=').next().unwrap();
        assert_eq!(
            body.windows(boundary.len())
                .filter(|w| *w == boundary.as_bytes())
                .count(),
            2
        );
    }

    #[test]
    fn debug_shows_the_size_not_the_content() {
        let shown = format!("{:?}", FilePart::new("secret.txt", &b"do-not-print-me"[..]));
        assert!(!shown.contains("do-not-print-me"), "{shown}");
        assert!(shown.contains("15"), "{shown}");
    }
}
