//! Keeps secrets out of the text the SDK shows: error bodies, response headers and messages.

use std::borrow::Cow;

use reqwest::header::{HeaderMap, HeaderValue};

/// What a secret is replaced with.
pub const MASK: &str = "***";

/// Stands in for a secret field in the `Debug` output of generated types and request
/// builders: it prints [`MASK`] whatever the field holds.
pub(crate) struct Masked;

impl std::fmt::Debug for Masked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(MASK)
    }
}

/// Stands in for a field that is a secret only when its object says so (a profile variable's
/// value when `isSensitive` is true): [`MASK`] then, the value otherwise.
// Used by the generated types that have such a field, which a build may not have.
#[allow(dead_code)]
pub(crate) struct MaskedIf<'a, T>(pub(crate) bool, pub(crate) &'a T);

impl<T: std::fmt::Debug> std::fmt::Debug for MaskedIf<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0 {
            f.write_str(MASK)
        } else {
            self.1.fmt(f)
        }
    }
}

/// An `isSensitive` flag, required (`bool`) or not (`Option<bool>`): set only when true.
#[allow(dead_code)]
pub(crate) trait Flag {
    fn is_set(&self) -> bool;
}

impl Flag for bool {
    fn is_set(&self) -> bool {
        *self
    }
}

impl Flag for Option<bool> {
    fn is_set(&self) -> bool {
        *self == Some(true)
    }
}

/// Secrets shorter than this are not searched for: masking them would mangle ordinary text,
/// and no real key or token is that short.
const SHORTEST_SECRET: usize = 6;

/// Replaces every occurrence of each secret in `text` with [`MASK`].
pub(crate) fn redact<'a, S: AsRef<str>>(text: &'a str, secrets: &[S]) -> Cow<'a, str> {
    let mut out = Cow::Borrowed(text);
    for secret in secrets {
        let secret = secret.as_ref();
        if secret.len() >= SHORTEST_SECRET && out.contains(secret) {
            out = Cow::Owned(out.replace(secret, MASK));
        }
    }
    out
}

/// Masks every header value that contains a secret, and marks it sensitive.
pub(crate) fn redact_headers<S: AsRef<str>>(headers: &mut HeaderMap, secrets: &[S]) {
    for value in headers.values_mut() {
        let leaks = secrets.iter().any(|s| {
            let s = s.as_ref().as_bytes();
            s.len() >= SHORTEST_SECRET && value.as_bytes().windows(s.len()).any(|w| w == s)
        });
        if leaks {
            let mut masked = HeaderValue::from_static(MASK);
            masked.set_sensitive(true);
            *value = masked;
        }
    }
}

/// Cuts text to at most `max` bytes on a character boundary, marking the cut.
pub(crate) fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    if text.len() <= max {
        return Cow::Borrowed(text);
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(format!("{}... ({} bytes in all)", &text[..end], text.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_occurrence_of_every_secret_is_masked() {
        let text = "key abcdef123 echoed twice: abcdef123, token tok-987654";
        let out = redact(text, &["abcdef123", "tok-987654"]);
        assert_eq!(out, "key *** echoed twice: ***, token ***");
    }

    #[test]
    fn text_without_secrets_is_not_copied() {
        assert!(matches!(
            redact("nothing here", &["abcdef123"]),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn very_short_secrets_are_ignored() {
        assert_eq!(redact("a b c", &["a"]), "a b c");
    }

    #[test]
    fn header_values_holding_a_secret_are_masked() {
        let mut headers = HeaderMap::new();
        headers.insert("x-echo", HeaderValue::from_static("ApiKey abcdef123"));
        headers.insert("audituid", HeaderValue::from_static("audit-1"));
        redact_headers(&mut headers, &["abcdef123"]);
        assert_eq!(headers["x-echo"], MASK);
        assert!(headers["x-echo"].is_sensitive());
        assert_eq!(headers["audituid"], "audit-1");
    }

    #[test]
    fn truncation_respects_character_boundaries() {
        let text = "ééééé";
        let cut = truncate(text, 3);
        assert!(cut.starts_with("é..."), "{cut}");
        assert_eq!(truncate("short", 10), "short");
    }
}
