//! Path parameters percent-encoded straight into the request URL.

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

#[cfg(test)]
mod tests {
    use super::*;

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
