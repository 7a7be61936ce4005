//! Replies read whole within their attempt; success replies given the documented status; error replies made safe: bounded, secrets masked, Palette's JSON shape.

use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{ResponseBuilderExt, StatusCode, Version};
use std::borrow::Cow;
use std::sync::LazyLock;
use url::Url;

use serde_json::Value;

use crate::codec::redact::{redact, redact_headers, truncate};
use crate::document::operation::Operation;
use crate::error::{Carried, RAW_BODY_MARKER};
use crate::state::ClientState;
use crate::types;

/// The most of an error body that is read.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// The most of a non-JSON error body that is kept.
const MAX_RAW_BODY: usize = 512;

/// Reads a reply's body within the attempt that fetched it, so that a body cut short is a
/// failed attempt.
///
/// A success reply keeps its body. When its status is another 2xx than the one `op`
/// documents (200 where 204 is documented, or the other way round), it gets the documented
/// status, so that the generated code reads it as a success instead of an unexpected status;
/// an empty body where the documented reply is JSON reads as `null`, which decodes into
/// types that accept it and is a decode error for the others. A file reply keeps its empty
/// body, which [`download::collect`](crate::download::collect) refuses.
///
/// An error reply (4xx, 5xx) is read up
/// to [`MAX_ERROR_BODY`], every secret the handle knows is masked in its body and headers, and
/// a body that is not Palette's `{code, message, ref, details}` becomes
/// `{"message": "<start of the body>"}` with a marker header, so that the generated code
/// decodes it as an error reply with its status instead of failing to decode.
pub(crate) async fn read_whole(
    mut response: reqwest::Response,
    state: &ClientState,
    op: &Operation,
) -> reqwest::Result<reqwest::Response> {
    let mut status = response.status();
    let version = response.version();
    let mut headers = std::mem::take(response.headers_mut());
    let extensions = std::mem::take(response.extensions_mut());
    let body = if status.is_client_error() || status.is_server_error() {
        // Boxed: error replies are rare, and reading them inline would add 120 bytes to every
        // call's future.
        Box::pin(error_reply_body(response, &mut headers, state)).await?
    } else {
        let mut body = read_all(response).await?;
        if status.is_success()
            && status.as_u16() != op.success_status
            && let Ok(documented) = StatusCode::from_u16(op.success_status)
        {
            status = documented;
            if op.reply_body && !op.reply_file && body.is_empty() {
                body = bytes::Bytes::from_static(b"null");
            }
        }
        body
    };
    Ok(rebuild(status, version, headers, extensions, body))
}

/// A status no generated code matches, so that a placeholder reply reaches
/// [`Error::from_generated`](crate::Error) as `UnexpectedResponse`.
const PLACEHOLDER_STATUS: u16 = 999;

/// A placeholder reply carrying an outcome of the hooks to the error conversion (progenitor's
/// `exec` hook can only return a reply or a `reqwest::Error`, which cannot be made).
pub(crate) fn carrying(outcome: Carried) -> reqwest::Response {
    let mut reply = http::Response::new(bytes::Bytes::new());
    if let Ok(status) = StatusCode::from_u16(PLACEHOLDER_STATUS) {
        *reply.status_mut() = status;
    }
    reply.extensions_mut().insert(outcome);
    reqwest::Response::from(reply)
}

/// The largest buffer reserved up front from a reply's announced length.
const MAX_RESERVED: u64 = 16 * 1024 * 1024;

/// Reads the whole body. A body that arrives as one chunk, as most replies do, is kept as it
/// is, without collecting it into a list first.
async fn read_all(mut response: reqwest::Response) -> reqwest::Result<bytes::Bytes> {
    let Some(first) = response.chunk().await? else {
        return Ok(bytes::Bytes::new());
    };
    let Some(second) = response.chunk().await? else {
        return Ok(first);
    };
    let announced = response.content_length().unwrap_or(0).min(MAX_RESERVED) as usize;
    let mut body = bytes::BytesMut::with_capacity(first.len() + second.len() + announced);
    body.extend_from_slice(&first);
    body.extend_from_slice(&second);
    while let Some(chunk) = response.chunk().await? {
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Reads an error reply's body (bounded), masks secrets in it and in `headers`, and turns it
/// into Palette's error JSON.
async fn error_reply_body(
    response: reqwest::Response,
    headers: &mut HeaderMap,
    state: &ClientState,
) -> reqwest::Result<bytes::Bytes> {
    let body = read_bounded(response, MAX_ERROR_BODY).await?;
    let secrets = state.credentials.secrets();
    redact_headers(headers, &secrets);
    let (body, raw) = error_body(&body, &secrets);
    if raw {
        headers.insert(RAW_BODY_MARKER, HeaderValue::from_static("1"));
    }
    headers.remove(CONTENT_LENGTH);
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Ok(bytes::Bytes::from(body))
}

/// Where rebuilt replies say they came from: never the request URL, which can carry a token.
static NO_URL: LazyLock<Option<Url>> =
    LazyLock::new(|| Url::parse("http://palette-sdk.invalid/").ok());

/// A reply from its parts and a body already read. The reply's own extensions map (connection
/// details) is reused to carry the placeholder URL, which saves allocating another.
fn rebuild(
    status: StatusCode,
    version: Version,
    headers: HeaderMap,
    extensions: http::Extensions,
    body: bytes::Bytes,
) -> reqwest::Response {
    let mut builder = http::Response::builder();
    if let Some(slot) = builder.extensions_mut() {
        *slot = extensions;
    }
    if let Some(url) = NO_URL.as_ref() {
        builder = builder.url(url.clone());
    }
    let mut parts = builder
        .body(())
        .map(|r| r.into_parts().0)
        .unwrap_or_else(|_| http::Response::new(()).into_parts().0);
    parts.status = status;
    parts.version = version;
    parts.headers = headers;
    reqwest::Response::from(http::Response::from_parts(parts, body))
}

/// Turns an error body into Palette's error JSON with every secret masked; true when the body
/// was not Palette's shape and its (bounded) text became the message.
///
/// A JSON body is masked after parsing, so a secret written with JSON escapes (Go escapes
/// `&`, `<` and `>` as `\u0026`, ...) is masked too.
pub(crate) fn error_body<S: AsRef<str>>(body: &[u8], secrets: &[S]) -> (String, bool) {
    if let Ok(mut value @ Value::Object(_)) = serde_json::from_slice::<Value>(body)
        && serde_json::from_value::<types::ApiError>(value.clone()).is_ok()
    {
        redact_strings(&mut value, secrets);
        return (value.to_string(), false);
    }
    let text = String::from_utf8_lossy(body);
    let text = redact(&text, secrets);
    let raw = truncate(text.trim(), MAX_RAW_BODY);
    (serde_json::json!({ "message": raw }).to_string(), true)
}

/// Masks secrets in every string (keys included) of a JSON value.
fn redact_strings<S: AsRef<str>>(value: &mut Value, secrets: &[S]) {
    match value {
        Value::String(text) => {
            if let Cow::Owned(masked) = redact(text, secrets) {
                *text = masked;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| redact_strings(v, secrets)),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut v) in entries {
                redact_strings(&mut v, secrets);
                map.insert(redact(&key, secrets).into_owned(), v);
            }
        }
        _ => {}
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
    fn palette_error_bodies_are_kept() {
        for body in [
            r#"{"code":"NotFound","message":"gone"}"#,
            r#"{"code":null,"details":null}"#,
            "{}",
            r#"{"unknown":"field"}"#,
        ] {
            let (json, raw) = error_body(body.as_bytes(), &["secret-value"]);
            assert!(!raw, "{body}");
            let parse = |t: &str| serde_json::from_str::<Value>(t).unwrap();
            assert_eq!(parse(&json), parse(body));
        }
    }

    #[test]
    fn anything_else_is_raw() {
        for body in [
            "Forbidden",
            "",
            "null",
            "[]",
            "\"text\"",
            "<html>",
            r#"{"code": 5}"#,
        ] {
            let (_, raw) = error_body(body.as_bytes(), &["secret-value"]);
            assert!(raw, "{body:?}");
        }
    }

    #[test]
    fn a_normalized_body_always_decodes_as_palettes_error() {
        for body in [
            &b"Forbidden"[..],
            b"",
            b"\xff\xfe",
            b"{\"code\": 5}",
            b"{\"code\":\"X\"}",
        ] {
            let (json, _) = error_body(body, &["secret-value"]);
            assert!(
                serde_json::from_str::<types::ApiError>(&json).is_ok(),
                "{json}"
            );
        }
    }

    #[test]
    fn secrets_are_masked_before_the_body_is_read() {
        let (json, raw) = error_body(br#"{"message":"bad key secret-value"}"#, &["secret-value"]);
        assert!(!raw);
        assert_eq!(json, r#"{"message":"bad key ***"}"#);
        let (json, raw) = error_body(b"denied: secret-value", &["secret-value"]);
        assert!(raw);
        assert_eq!(json, r#"{"message":"denied: ***"}"#);
    }

    #[test]
    fn a_secret_written_with_json_escapes_is_masked_too() {
        let (json, _) = error_body(
            br#"{"message":"pw p\u0026ss-w0rd rejected"}"#,
            &["p&ss-w0rd"],
        );
        assert_eq!(json, r#"{"message":"pw *** rejected"}"#);
    }
}
