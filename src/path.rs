//! Path parameters checked and percent-encoded straight into the request URL.

use std::fmt;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// The URL standard's path-segment set, plus `%` and `/`: a parameter is always one whole
/// segment, its `%` never read as an escape. The same set as progenitor's `encode_path`.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%');

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

    #[test]
    fn encodes_like_the_generated_code_did() {
        for raw in [
            "651aa2f7e4b0c3d2a1f09e88",
            "a b/c%d-ü",
            "q?x#y\"z<>`{}",
            "tab\there\u{7f}",
            "keep:@!$&'()*+,;=~._-",
            "",
        ] {
            assert_eq!(
                Segment(raw).to_string(),
                progenitor_client::encode_path(raw),
                "{raw:?}"
            );
        }
    }
}
