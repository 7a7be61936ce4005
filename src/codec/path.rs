//! Path parameters checked and percent-encoded straight into the request URL.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986's unreserved characters (letters, digits, `-`, `.`, `_`, `~`) is
/// percent-encoded, so nothing in a parameter can act as a separator (`/`, and `\`, which the
/// URL parser under reqwest reads as `/` in http(s) URLs), end the path (`?`, `#`), be read as
/// an escape (`%`), or be dropped (tabs and newlines): the server decodes exactly one segment
/// holding exactly the parameter's bytes.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path parameter that writes itself percent-encoded, so that the generated code formats it
/// into the URL directly instead of encoding it into a `String` first.
pub(crate) struct Segment<'a>(pub(crate) &'a str);

impl fmt::Display for Segment<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        utf8_percent_encode(self.0, SEGMENT).fmt(f)
    }
}

/// A path parameter the generated code may write into the URL: refused when it is empty, `.`
/// or `..`, which URL normalisation would turn into a request on another resource
/// (`/v1/workspaces/{uid}/clusterRbacs/..` is the workspace itself).
///
/// The error is progenitor's, as the generated `send` returns it; it is built only for a bad
/// parameter and never lives across an await, so its size costs nothing per call.
#[allow(clippy::result_large_err)]
pub(crate) fn checked<'a, E>(
    name: &'static str,
    value: &'a str,
) -> Result<Segment<'a>, progenitor_client::Error<E>> {
    let what = match value {
        "" => "empty",
        "." | ".." => "a dot segment",
        _ => return Ok(Segment(value)),
    };
    Err(progenitor_client::Error::InvalidRequest(format!(
        "path parameter `{name}` is {what} ({value:?}), which would address another resource"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_dot_segments_are_refused_naming_the_parameter() {
        for bad in ["", ".", ".."] {
            let err = checked::<()>("cluster_rbac_uid", bad).err().unwrap();
            assert!(
                err.to_string().contains("`cluster_rbac_uid`"),
                "{bad:?}: {err}"
            );
        }
        for fine in ["...", "a.b", ".hidden", "%2E"] {
            assert!(checked::<()>("uid", fine).is_ok(), "{fine:?}");
        }
    }

    /// RFC 3986: what a segment may hold raw is letters, digits and `-._~`; everything
    /// else goes as `%XX` of its UTF-8 bytes, and the URL parser reqwest uses keeps the result
    /// as one segment that decodes to the original.
    #[test]
    fn only_unreserved_characters_go_raw_and_the_url_keeps_one_segment() {
        for raw in [
            "651aa2f7e4b0c3d2a1f09e88",
            "a b/c%d-ü",
            "q?x#y\"z<>`{}",
            "tab\there\u{7f}\n",
            "keep:@!$&'()*+,;=~._-",
            "..\\..\\v1\\projects",
            "%2e%2E",
        ] {
            let encoded = Segment(raw).to_string();
            let mut rest = encoded.as_str();
            while let Some(c) = rest.chars().next() {
                if c == '%' {
                    let hex = rest.get(1..3).unwrap_or_default();
                    assert!(
                        hex.len() == 2 && hex.chars().all(|h| h.is_ascii_hexdigit()),
                        "{raw:?}: {encoded}"
                    );
                    rest = &rest[3..];
                } else {
                    assert!(
                        c.is_ascii_alphanumeric() || "-._~".contains(c),
                        "{raw:?}: {c:?} sent raw in {encoded}"
                    );
                    rest = &rest[1..];
                }
            }
            let url = url::Url::parse(&format!("http://h/v1/x/{encoded}/y")).unwrap();
            let segments: Vec<&str> = url.path_segments().unwrap().collect();
            assert_eq!(segments, ["v1", "x", encoded.as_str(), "y"], "{raw:?}");
            let decoded = percent_encoding::percent_decode_str(segments[2]).decode_utf8();
            assert_eq!(decoded.as_deref().ok(), Some(raw));
        }
    }
}
