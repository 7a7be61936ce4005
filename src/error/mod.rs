//! The one error type of the SDK, built from what a generated call returns plus the operation's facts; this layer uses document/ and codec/ only.

pub(crate) mod config;
mod json_path;
pub(crate) mod retryable;
pub(crate) mod wait;

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;

use crate::codec::redact::truncate;
use crate::document::operation::Operation;
use crate::error::config::ConfigError;
use crate::error::wait::WaitError;
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
    /// A wait did not end well in time: a backup or restore run, a cluster that was to run
    /// or to be deleted.
    #[error(transparent)]
    Wait(Box<WaitError>),
    /// The call's login session could not supply a token: Palette refused to renew it (the
    /// session expired; see [`Error::is_session_expired`]), or the renewal failed for now.
    #[error(transparent)]
    Session(Box<SessionError>),
    /// The whole call (its attempts, the waits between them, rate-limit waits and a session
    /// renewal) took longer than its operation timeout.
    #[error(transparent)]
    Timeout(Box<TimeoutError>),
    /// The account needs a second factor, which the SDK cannot supply; use an API key.
    #[error("the login needs a second factor; use an API key for this account instead")]
    MfaRequired,
    /// No object of the kind looked up (a project, a team, a role, ...) has the name.
    #[error("no {kind} is named {name:?}")]
    NameNotFound {
        /// What was looked up: `project`, `team`, `role`, `user`, `API key`, ...
        kind: &'static str,
        /// The name looked up.
        name: String,
    },
    /// Several objects of the kind looked up have the name, so a name is not enough.
    #[error("{} {kind}s are named {name:?} ({}); use a uid", uids.len(), uids.join(", "))]
    AmbiguousName {
        /// What was looked up.
        kind: &'static str,
        /// The name looked up.
        name: String,
        /// The uids of the objects with that name.
        uids: Vec<String>,
    },
    /// A workflow that does not cover this case (such as scaling a pool on a cloud the SDK
    /// has no pool update for); the generated operations do.
    #[error("{what} is not supported here: {detail}")]
    NotSupported {
        /// What was asked.
        what: &'static str,
        /// Why not, and what to use instead.
        detail: String,
    },
    /// A workflow that acts in a project was called on a tenant handle (no `ProjectUid`): the
    /// objects it reads or makes live in projects, so at tenant scope it would find nothing
    /// or be refused. Use a project handle (`with_project`, `with_project_name`).
    #[error(
        "{what} needs a project, and this handle is at tenant scope: use with_project or with_project_name"
    )]
    ProjectScopeRequired {
        /// What was asked, such as "finding a cluster by name".
        what: &'static str,
    },
    /// Palette accepted a login or renewal but sent no usable token.
    #[error("{operation} succeeded but its reply has no usable Authorization token")]
    NoSessionToken {
        /// `authenticate` or `authRefresh`.
        operation: &'static Operation,
    },
    /// A paged list sent a `continue` token that an earlier page of the same stream had
    /// already sent: following it would fetch the same pages for ever, so the stream ends
    /// with this error, after the items of every page it got (that page's included).
    #[error(
        "{}: page {page} sent a `continue` token an earlier page had sent; the list was not followed further, so as not to fetch the same pages for ever",
        list_name(*.operation)
    )]
    RepeatedContinueToken {
        /// The list operation, when the stream knows it (`.stream()` does;
        /// [`paginate`](crate::send::pagination::paginate) does not).
        operation: Option<&'static Operation>,
        /// The page that repeated a token, counted from 1.
        page: u32,
    },
}

/// How an error names a paged list.
fn list_name(operation: Option<&'static Operation>) -> String {
    match operation {
        Some(operation) => operation.to_string(),
        None => "a paged list".to_string(),
    }
}

/// The kinds of object the workflows look up by name, as [`Error::NameNotFound`] and
/// [`Error::AmbiguousName`] name them.
#[non_exhaustive]
pub struct NameKind;

impl NameKind {
    /// A project.
    pub const PROJECT: &'static str = "project";
    /// An API key.
    pub const API_KEY: &'static str = "API key";
    /// A user.
    pub const USER: &'static str = "user";
    /// A team.
    pub const TEAM: &'static str = "team";
    /// A role.
    pub const ROLE: &'static str = "role";
    /// A workspace.
    pub const WORKSPACE: &'static str = "workspace";
    /// A cluster.
    pub const CLUSTER: &'static str = "cluster";
    /// A machine pool of a cluster.
    pub const MACHINE_POOL: &'static str = "machine pool";
    /// The cloud config of a cluster (looked up by the cluster's uid).
    pub const CLOUD_CONFIG: &'static str = "cloud config of cluster";
    /// A cluster profile.
    pub const CLUSTER_PROFILE: &'static str = "cluster profile";
    /// A version of a cluster profile, named as `name version` (`web 1.1.0`).
    pub const CLUSTER_PROFILE_VERSION: &'static str = "cluster profile version";
    /// A cluster profile among those a cluster uses (looked up by name or uid).
    pub const ATTACHED_PROFILE: &'static str = "cluster profile attached to the cluster";
    /// A pack of a cluster profile.
    pub const PROFILE_PACK: &'static str = "pack in the cluster profile";
    /// A cloud account.
    pub const CLOUD_ACCOUNT: &'static str = "cloud account";
    /// A pack, named `name` or `name:version`.
    pub const PACK: &'static str = "pack";
    /// A pack, Helm or OCI registry.
    pub const REGISTRY: &'static str = "registry";
    /// An edge host registration token.
    pub const EDGE_TOKEN: &'static str = "edge host registration token";
    /// An edge host.
    pub const EDGE_HOST: &'static str = "edge host";
    /// A backup location (an S3, MinIO, GCP or Azure bucket Palette backs clusters up to).
    pub const BACKUP_LOCATION: &'static str = "backup location";
    /// A backup of a cluster.
    pub const CLUSTER_BACKUP: &'static str = "cluster backup";
    /// An SSH key saved in Palette.
    pub const SSH_KEY: &'static str = "SSH key";
    /// A cluster group.
    pub const CLUSTER_GROUP: &'static str = "cluster group";
    /// A private cloud gateway (an overlord, in Palette's API).
    pub const PRIVATE_CLOUD_GATEWAY: &'static str = "private cloud gateway";
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
    /// How long the reply's `Retry-After` header asked to wait, if it had a readable one (see
    /// [`Error::retry_after`]).
    pub retry_after: Option<Duration>,
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

/// A call whose login session could not supply a token.
///
/// Displays as `GET /v1/workspaces/{uid} (workspacesUidGet): the login session has expired:
/// Palette refused to renew it (401 GET /v1/auth/refresh/{token} (authRefresh): ...); log in
/// again`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SessionError {
    /// The operation that needed the token (it was not sent, or was refused with 401).
    pub operation: &'static Operation,
    /// True when Palette refused to renew the session (and a login callback, if any, could not
    /// log in again): only a new login helps. False when the renewal failed in a way that may
    /// pass (a transport failure, a 5xx); a later call tries again.
    pub expired: bool,
    /// The status of Palette's refusal to renew, when it refused (a 401, or a 403 or 404 for
    /// a token it no longer knows). It is the renewal's status, not the call's:
    /// [`Error::status`] is `None` for a session error, and [`Error::is_not_found`] and
    /// [`Error::is_forbidden`] are false whatever this says.
    pub status: Option<StatusCode>,
    /// What the renewal (or the new login) failed with; shared by every call that waited for it.
    pub cause: Arc<Error>,
}

/// A call that did not finish within its operation timeout.
///
/// Displays as `GET /v1/workspaces/{uid} (workspacesUidGet): did not finish within the
/// operation timeout (30s)`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TimeoutError {
    /// The operation that was sent.
    pub operation: &'static Operation,
    /// The operation timeout that passed.
    pub timeout: Duration,
}

impl Error {
    /// The operation the error came from, if it came from a request.
    pub fn operation(&self) -> Option<&'static Operation> {
        match self {
            Error::Api(e) => Some(e.operation),
            Error::Transport(e) => Some(e.operation),
            Error::Decode(e) => Some(e.operation),
            Error::Request(e) => Some(e.operation),
            Error::Session(e) => Some(e.operation),
            Error::Timeout(e) => Some(e.operation),
            Error::NoSessionToken { operation } => Some(operation),
            Error::RepeatedContinueToken { operation, .. } => *operation,
            Error::Config(_)
            | Error::Wait(_)
            | Error::MfaRequired
            | Error::NameNotFound { .. }
            | Error::AmbiguousName { .. }
            | Error::NotSupported { .. }
            | Error::ProjectScopeRequired { .. } => None,
        }
    }

    /// The status of the reply to the call itself, if one arrived.
    ///
    /// `None` for a session error ([`Error::Session`]): the status there is that of the token
    /// renewal, not of the call's resource, so that a renewal refused with 404 or 403 never
    /// reads as a missing or forbidden resource ([`is_not_found`](Self::is_not_found) and
    /// [`is_forbidden`](Self::is_forbidden) are false, and a workflow such as deleting with
    /// `ignore_missing` does not take it for "already gone"). The renewal's status is
    /// [`SessionError::status`]; [`is_session_expired`](Self::is_session_expired) and
    /// [`is_unauthorized`](Self::is_unauthorized) say what it means for the call.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// How long the reply's `Retry-After` asked to wait, for an error reply that had one (a
    /// 429 or 503). The call ends at once with it when the wait is longer than the retry
    /// policy's `max_delay`, its budget left or the operation timeout left. Read as
    /// [`RetryPolicy`](crate::RetryPolicy) says: seconds (a decimal number such as `1.5` as
    /// written, one too large for a `Duration` as `Duration::MAX`) or an HTTP date; `None` for
    /// a negative or garbled value, which the retries ignore.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(e) => e.retry_after,
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

    /// True for a 404 reply to the call, and when nothing has the name looked up. Never for a
    /// session error, whatever the renewal's status (see [`status`](Self::status)).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND) || matches!(self, Error::NameNotFound { .. })
    }

    /// True for a 409 reply, such as a name already in use.
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(StatusCode::CONFLICT)
    }

    /// True for a 401 reply (missing, wrong or expired credentials), and for a login session
    /// that expired.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED) || self.is_session_expired()
    }

    /// True when the call's login session has expired and could not be renewed: log in again.
    pub fn is_session_expired(&self) -> bool {
        matches!(self, Error::Session(e) if e.expired)
    }

    /// True when the call ran out of time: its operation timeout passed, or one attempt's
    /// connect or request timeout did.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout(_) => true,
            Error::Transport(e) => e.kind == TransportKind::Timeout,
            _ => false,
        }
    }

    /// True when a login was refused because the account needs a second factor.
    pub fn is_mfa_required(&self) -> bool {
        matches!(self, Error::MfaRequired)
    }

    /// True when no project has the name looked up.
    pub fn is_project_not_found(&self) -> bool {
        matches!(self, Error::NameNotFound { kind, .. } if *kind == NameKind::PROJECT)
    }

    /// True when a workflow that acts in a project was called on a tenant handle.
    pub fn is_project_scope_required(&self) -> bool {
        matches!(self, Error::ProjectScopeRequired { .. })
    }

    /// True when several objects have the name looked up.
    pub fn is_ambiguous_name(&self) -> bool {
        matches!(self, Error::AmbiguousName { .. })
    }

    /// A success reply that lacks a field the workflow needs (such as a created key's value).
    #[allow(dead_code)] // Only workflows use it, and none may be built.
    pub(crate) fn missing_field(operation: &'static Operation, field: &str) -> Error {
        Error::Decode(Box::new(DecodeError {
            operation,
            status: StatusCode::from_u16(operation.success_status).unwrap_or(StatusCode::OK),
            path: field.to_string(),
            message: "the reply has no value here, which this call needs".into(),
        }))
    }

    /// True when a login or renewal succeeded without a usable token in its reply.
    pub fn is_missing_session_token(&self) -> bool {
        matches!(self, Error::NoSessionToken { .. })
    }

    /// True for a 403 reply to the call: the credentials may not do this. Never for a session
    /// error, whatever the renewal's status (see [`status`](Self::status)).
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(StatusCode::FORBIDDEN)
    }

    /// True for a 429 reply: Palette's rate limit was hit.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// True when sending the same request again later may succeed: transport failures,
    /// operation timeouts, 408, 429, 502, 503 and 504 replies, and session renewals that
    /// failed that way.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(_) | Error::Timeout(_) => true,
            Error::Api(e) => crate::error::retryable::is_retryable_status(e.status),
            Error::Session(e) => !e.expired && e.cause.is_retryable(),
            _ => false,
        }
    }

    /// Converts what a generated call returned into an [`Error`] naming `operation`.
    ///
    /// A body that fails to decode is decoded once more, as the operation's reply, to find the
    /// path of the first mismatch.
    pub(crate) fn from_generated(
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
                let retry_after =
                    crate::error::retryable::retry_after(reply.headers(), SystemTime::now());
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
                    retry_after,
                }))
            }
            E::UnexpectedResponse(mut reply) => {
                if let Some(carried) = reply.extensions_mut().remove::<Carried>() {
                    return carried.into_error(operation);
                }
                Error::Api(Box::new(ApiError {
                    operation,
                    status: reply.status(),
                    code: None,
                    message: Some(unexpected_status_message(reply.status())),
                    reference: None,
                    details: None,
                    audit_uid: header_text(reply.headers(), AUDIT_UID),
                    raw_body: None,
                    retry_after: crate::error::retryable::retry_after(
                        reply.headers(),
                        SystemTime::now(),
                    ),
                }))
            }
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
                Error::Decode(Box::new(DecodeError::new(operation, success, &bytes, &e)))
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

/// An outcome of the client's hooks that progenitor's hook signatures cannot return, carried
/// to [`Error::from_generated`] in the extensions of a placeholder reply (whose status no
/// generated code matches, so it arrives as `UnexpectedResponse`).
#[derive(Clone)]
pub(crate) struct Carried(Arc<Mutex<Option<Outcome>>>);

/// What a hook carries out.
enum Outcome {
    /// A finished error.
    Error(Error),
    /// The request was not sent, for this reason; the error names the caller's operation.
    NotSent(String),
}

impl Carried {
    /// Carries a finished error.
    pub(crate) fn error(error: Error) -> Self {
        Carried(Arc::new(Mutex::new(Some(Outcome::Error(error)))))
    }

    /// Carries the reason a request was not sent.
    pub(crate) fn not_sent(reason: String) -> Self {
        Carried(Arc::new(Mutex::new(Some(Outcome::NotSent(reason)))))
    }

    fn into_error(self, operation: &'static Operation) -> Error {
        let outcome = self.0.lock().unwrap_or_else(|e| e.into_inner()).take();
        match outcome {
            Some(Outcome::Error(error)) => error,
            Some(Outcome::NotSent(message)) => {
                Error::Request(Box::new(RequestError { operation, message }))
            }
            None => Error::Request(Box::new(RequestError {
                operation,
                message: "the client's hooks lost the outcome of this call".into(),
            })),
        }
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

impl DecodeError {
    /// The failure of serde_json to decode `body`, the reply of `operation` with `status`,
    /// with the JSON path of where it failed.
    pub(crate) fn new(
        operation: &'static Operation,
        status: StatusCode,
        body: &[u8],
        error: &serde_json::Error,
    ) -> DecodeError {
        DecodeError {
            operation,
            status,
            path: json_path::at(body, error.line(), error.column()),
            message: truncate(&error.to_string(), MAX_MESSAGE).into_owned(),
        }
    }
}

impl DecodeError {
    /// A file reply that was to be text (a kubeconfig) but is not UTF-8.
    #[cfg_attr(not(feature = "spectroclusters"), allow(dead_code))]
    pub(crate) fn not_text(
        operation: &'static Operation,
        error: &std::string::FromUtf8Error,
    ) -> DecodeError {
        DecodeError {
            operation,
            status: StatusCode::from_u16(operation.success_status).unwrap_or(StatusCode::OK),
            path: ".".to_string(),
            message: format!("the file is not UTF-8 text: {}", error.utf8_error()),
        }
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

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.expired {
            write!(
                f,
                "{}: the login session has expired: Palette refused to renew it ({}); log in again",
                self.operation, self.cause
            )
        } else {
            write!(
                f,
                "{}: the login session could not be renewed: {}",
                self.operation, self.cause
            )
        }
    }
}

impl std::error::Error for SessionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.cause)
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: did not finish within the operation timeout ({:?})",
            self.operation, self.timeout
        )
    }
}

impl std::error::Error for TimeoutError {}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: not sent: {}", self.operation, self.message)
    }
}

impl std::error::Error for RequestError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::table::find;

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
            retry_after: None,
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
