//! Error replies made safe before anything reads them: bounded, secrets masked, always Palette's JSON shape.

use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use serde_json::Value;

use crate::error::RAW_BODY_MARKER;
use crate::redact::{redact, redact_headers, truncate};
use crate::state::ClientState;
use crate::types;

/// The most of an error body that is read.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// The most of a non-JSON error body that is kept.
const MAX_RAW_BODY: usize = 512;

/// Passes success replies through untouched. An error reply (4xx, 5xx) is read (up to
/// [`MAX_ERROR_BODY`]), every secret the handle knows is masked in its body and headers, and a
/// body that is not Palette's `{code, message, ref, details}` becomes
/// `{"message": "<start of the body>"}` with a marker header, so that the generated code
/// decodes it as an error reply with its status instead of failing to decode.
pub(crate) async fn normalize(
    response: reqwest::Response,
    state: &ClientState,
) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return Ok(response);
    }
    let version = response.version();
    let mut headers = response.headers().clone();
    let body = read_bounded(response, MAX_ERROR_BODY).await?;

    let secrets = state.credentials.secrets();
    redact_headers(&mut headers, &secrets);
    let text = String::from_utf8_lossy(&body);
    let text = redact(&text, &secrets);
    let body = if is_palette_error(&text) {
        text.into_owned()
    } else {
        headers.insert(RAW_BODY_MARKER, HeaderValue::from_static("1"));
        let raw = truncate(text.trim(), MAX_RAW_BODY);
        serde_json::json!({ "message": raw }).to_string()
    };
    headers.remove(CONTENT_LENGTH);
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));

    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    Ok(reqwest::Response::from(rebuilt))
}

/// True for a JSON object that decodes as Palette's error body.
fn is_palette_error(text: &str) -> bool {
    match serde_json::from_str::<Value>(text) {
        Ok(value @ Value::Object(_)) => serde_json::from_value::<types::ApiError>(value).is_ok(),
        _ => false,
    }
}

/// Reads at most `max` bytes of the body; the rest is dropped with the connection.
async fn read_bounded(mut response: reqwest::Response, max: usize) -> reqwest::Result<Vec<u8>> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = max - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() == max {
            break;
        }
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_error_bodies_are_recognised() {
        assert!(is_palette_error(r#"{"code":"NotFound","message":"gone"}"#));
        assert!(is_palette_error(r#"{"code":null,"details":null}"#));
        assert!(is_palette_error("{}"));
        assert!(is_palette_error(r#"{"unknown":"field"}"#));
    }

    #[test]
    fn anything_else_is_raw() {
        for raw in [
            "Forbidden",
            "",
            "null",
            "[]",
            "\"text\"",
            "<html>",
            r#"{"code": 5}"#,
        ] {
            assert!(!is_palette_error(raw), "{raw:?}");
        }
    }
}
