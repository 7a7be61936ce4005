//! The one error type of the SDK, built from what a generated call returns plus the operation's facts.

use std::fmt;

use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::config::ConfigError;
use crate::operation::Operation;
use crate::redact::truncate;
use crate::types;

/// The header the SDK adds when it turned a non-JSON error body into Palette's error shape.
pub(crate) const RAW_BODY_MARKER: &str = "x-palette-sdk-raw-body";

/// The header carrying the uid of the audit record Palette wrote for a request.
const AUDIT_UID: &str = "AuditUid";

/// The longest decode message kept; serde's messages can quote a whole value.
const MAX_MESSAGE: usize = 512;

/// Everything that can go wrong when using the SDK.
///
/// Every variant that comes from a request names the operation. Match on the variant, or use
/// the predicates:
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::prelude::*;
///
/// match client.workspaces_uid_get().uid("5f3c").send().await {
///     Ok(workspace) => println!("{:?}", workspace.metadata),
///     Err(e) if e.is_not_found() => println!("no such workspace"),
///     Err(e) => return Err(e),
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Palette answered with an error status (or a status the document does not list).
    #[error(transparent)]
    Api(Box<ApiError>),
    /// No complete reply arrived: the connection failed, timed out or broke.
    #[error(transparent)]
    Transport(Box<TransportError>),
    /// A success reply arrived but does not match the document.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The request could not be built from the values given, or could not be authenticated.
    #[error(transparent)]
    Request(Box<RequestError>),
    /// The client's configuration is invalid or incomplete.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A backup or restore did not finish well in time.
    #[error(transparent)]
    Wait(Box<crate::wait::WaitError>),
}

/// Palette's answer to a request it did not carry out.
///
/// Displays as `404 GET /v1/workspaces/{uid} (workspacesUidGet): WorkspaceNotFound: ...`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation that was sent.
    pub operation: &'static Operation,
    /// The reply's status.
    pub status: StatusCode,
    /// Palette's error code, such as `WorkspaceNotFound`.
    pub code: Option<String>,
    /// Palette's explanation.
    pub message: Option<String>,
    /// Palette's reference for the failure (its `ref` field).
    pub reference: Option<String>,
    /// Extra data Palette attached.
    pub details: Option<serde_json::Value>,
    /// The `AuditUid` header, when Palette sent one.
    pub audit_uid: Option<String>,
    /// The start of the body, with secrets masked, when it was not Palette's JSON error shape.
    pub raw_body: Option<String>,
}

/// A request that got no complete reply.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// The operation that was sent.
    pub operation: &'static Operation,
    /// What went wrong.
    pub kind: TransportKind,
    /// The underlying error, with its URL removed.
    pub source: reqwest::Error,
}

/// The kind of a [`TransportError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// The connection could not be made.
    Connect,
    /// The connect or request timeout passed.
    Timeout,
    /// The connection broke while the reply was being read.
    Body,
    /// The request failed in some other way, such as a reset before any reply.
    Other,
}

/// A success reply that does not match the document.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// The operation that was sent.
    pub operation: &'static Operation,
    /// The reply's status.
    pub status: StatusCode,
    /// Where in the body decoding failed, such as `spec.clusterRbacs[0].spec`; `.` for the top.
    pub path: String,
    /// What serde said.
    pub message: String,
}

/// A request that was never sent.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RequestError {
    /// The operation that was to be sent.
    pub operation: &'static Operation,
    /// Why it was not sent.
    pub message: String,
}

impl Error {
    /// The operation the error came from, if it came from a request.
    pub fn operation(&self) -> Option<&'static Operation> {
        match self {
            Error::Api(e) => Some(e.operation),
            Error::Transport(e) => Some(e.operation),
            Error::Decode(e) => Some(e.operation),
            Error::Request(e) => Some(e.operation),
            Error::Config(_) | Error::Wait(_) => None,
        }
    }

    /// The reply's status, if a reply arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// Palette's error code, such as `WorkspaceNotFound`.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.code.as_deref(),
            _ => None,
        }
    }

    /// True for a 404 reply.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// True for a 409 reply, such as a name already in use.
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(StatusCode::CONFLICT)
    }

    /// True for a 401 reply: missing, wrong or expired credentials.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// True for a 403 reply: the credentials may not do this.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(StatusCode::FORBIDDEN)
    }

    /// True for a 429 reply: Palette's rate limit was hit.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// True when sending the same request again later may succeed: transport failures and
    /// 408, 429, 502, 503 and 504 replies.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(_) => true,
            Error::Api(e) => crate::retry::is_retryable_status(e.status),
            _ => false,
        }
    }

    /// Converts what a generated call returned into an [`Error`] naming `operation`.
    ///
    /// `T` is the success body type; a body that fails to decode is decoded once more to find
    /// the path of the first mismatch.
    pub(crate) fn from_generated<T: DeserializeOwned>(
        operation: &'static Operation,
        error: progenitor_client::Error<types::ApiError>,
    ) -> Error {
        use progenitor_client::Error as E;
        let success = StatusCode::from_u16(operation.success_status).unwrap_or(StatusCode::OK);
        match error {
            E::ErrorResponse(reply) => {
                let status = reply.status();
                let audit_uid = header_text(reply.headers(), AUDIT_UID);
                let raw = reply.headers().contains_key(RAW_BODY_MARKER);
                let body = reply.into_inner();
                let (message, raw_body) = if raw {
                    (None, body.message)
                } else {
                    (body.message, None)
                };
                Error::Api(Box::new(ApiError {
                    operation,
                    status,
                    code: body.code,
                    message,
                    reference: body.ref_,
                    details: body.details,
                    audit_uid,
                    raw_body,
                }))
            }
            E::UnexpectedResponse(reply) => Error::Api(Box::new(ApiError {
                operation,
                status: reply.status(),
                code: None,
                message: Some(unexpected_status_message(reply.status())),
                reference: None,
                details: None,
                audit_uid: header_text(reply.headers(), AUDIT_UID),
                raw_body: None,
            })),
            E::CommunicationError(e) | E::InvalidUpgrade(e) => Error::transport(operation, e),
            E::ResponseBodyError(e) => Error::Transport(Box::new(TransportError {
                operation,
                kind: if e.is_timeout() {
                    TransportKind::Timeout
                } else {
                    TransportKind::Body
                },
                source: e.without_url(),
            })),
            E::InvalidResponsePayload(bytes, e) => {
                let path = serde_path_to_error::deserialize::<_, T>(
                    &mut serde_json::Deserializer::from_slice(&bytes),
                )
                .err()
                .map(|e| e.path().to_string())
                .unwrap_or_else(|| ".".to_string());
                Error::Decode(Box::new(DecodeError {
                    operation,
                    status: success,
                    path,
                    message: truncate(&e.to_string(), MAX_MESSAGE).into_owned(),
                }))
            }
            E::InvalidRequest(message) | E::Custom(message) => {
                Error::Request(Box::new(RequestError { operation, message }))
            }
        }
    }

    /// A transport failure of `operation`, classified, with the URL removed.
    pub(crate) fn transport(operation: &'static Operation, e: reqwest::Error) -> Error {
        let kind = if e.is_timeout() {
            TransportKind::Timeout
        } else if e.is_connect() {
            TransportKind::Connect
        } else if e.is_body() || e.is_decode() {
            TransportKind::Body
        } else {
            TransportKind::Other
        };
        Error::Transport(Box::new(TransportError {
            operation,
            kind,
            source: e.without_url(),
        }))
    }
}

fn header_text(headers: &reqwest::header::HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn unexpected_status_message(status: StatusCode) -> String {
    if status.is_redirection() {
        "a redirect the client did not follow (only same-origin redirects are followed)".into()
    } else {
        "a status the document does not list for this operation".into()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.operation)?;
        if let Some(code) = &self.code {
            write!(f, ": {code}")?;
        }
        match (&self.message, &self.raw_body) {
            (Some(message), _) => write!(f, ": {message}"),
            (None, Some(raw)) => write!(f, ": {raw}"),
            (None, None) if self.code.is_none() => {
                write!(
                    f,
                    ": {}",
                    self.status.canonical_reason().unwrap_or("no reason given")
                )
            }
            (None, None) => Ok(()),
        }
    }
}

impl std::error::Error for ApiError {}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportKind::Connect => "could not connect",
            TransportKind::Timeout => "timed out",
            TransportKind::Body => "the connection broke while reading the reply",
            TransportKind::Other => "the request failed",
        };
        write!(f, "{}: {what}: {}", self.operation, self.source)?;
        let mut cause = std::error::Error::source(&self.source);
        while let Some(c) = cause {
            write!(f, ": {c}")?;
            cause = c.source();
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: the reply does not match the document at `{}`: {}",
            self.status.as_u16(),
            self.operation,
            self.path,
            self.message
        )
    }
}

impl std::error::Error for DecodeError {}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: not sent: {}", self.operation, self.message)
    }
}

impl std::error::Error for RequestError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::find;

    fn api(status: u16, code: Option<&str>, message: Option<&str>) -> Error {
        Error::Api(Box::new(ApiError {
            operation: find("workspacesUidGet").unwrap(),
            status: StatusCode::from_u16(status).unwrap(),
            code: code.map(Into::into),
            message: message.map(Into::into),
            reference: None,
            details: None,
            audit_uid: None,
            raw_body: None,
        }))
    }

    #[test]
    fn an_api_error_reads_like_status_operation_code_message() {
        let e = api(404, Some("WorkspaceNotFound"), Some("workspace not found"));
        assert_eq!(
            e.to_string(),
            "404 GET /v1/workspaces/{uid} (workspacesUidGet): WorkspaceNotFound: workspace not found"
        );
    }

    #[test]
    fn an_api_error_without_a_body_falls_back_to_the_reason_phrase() {
        assert_eq!(
            api(503, None, None).to_string(),
            "503 GET /v1/workspaces/{uid} (workspacesUidGet): Service Unavailable"
        );
    }

    #[test]
    fn predicates_follow_the_status() {
        assert!(api(404, None, None).is_not_found());
        assert!(api(409, None, None).is_conflict());
        assert!(api(401, None, None).is_unauthorized());
        assert!(api(403, None, None).is_forbidden());
        assert!(api(429, None, None).is_rate_limited());
        for retryable in [408, 429, 502, 503, 504] {
            assert!(api(retryable, None, None).is_retryable(), "{retryable}");
        }
        for final_status in [400, 401, 403, 404, 409, 500] {
            assert!(
                !api(final_status, None, None).is_retryable(),
                "{final_status}"
            );
        }
    }
}
