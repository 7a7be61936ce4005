//! Credentials: an API key, a token, or a login session that keeps its token renewed (in the background, on demand, or by logging in again).

use std::fmt;
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::Duration;

use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::oneshot;
use tokio::time::Instant;

use crate::document::operation::Operation;
use crate::error::Error;
use crate::error::config::ConfigError;
use crate::error::{RequestError, SessionError};
use crate::send::deadline::Deadline;
use crate::types;

/// The header an API key travels in.
const API_KEY: HeaderName = HeaderName::from_static("apikey");

/// What a client handle authenticates with.
#[derive(Clone, Default)]
pub(crate) enum Credentials {
    /// Nothing: only for the few operations that need no login.
    #[default]
    None,
    /// `ApiKey: <key>` on every request.
    ApiKey(Arc<Secret>),
    /// `Authorization: <token>` on every request, as given.
    Token(Arc<Secret>),
    /// `Authorization: <token>` from a login session that renews itself.
    Session(Arc<Session>),
    /// Nothing is sent, but these values are masked in errors: the password while logging in,
    /// the old token while renewing it.
    Hidden(Arc<[SecretString]>),
}

/// A secret with its header value, which is marked sensitive.
pub(crate) struct Secret {
    value: SecretString,
    header: HeaderValue,
}

impl Secret {
    /// Checks a key or token: not empty, no surrounding spaces, usable as a header value.
    pub(crate) fn new(value: &str, what: &'static str) -> Result<Self, ConfigError> {
        if value.trim().is_empty() {
            return Err(ConfigError::EmptySecret { what });
        }
        if value.trim() != value {
            return Err(ConfigError::InvalidSecret {
                what,
                reason: "it has leading or trailing whitespace",
            });
        }
        let header = sensitive_header(value).ok_or(ConfigError::InvalidSecret {
            what,
            reason: "it has characters a header cannot carry (such as a line break)",
        })?;
        Ok(Secret {
            value: SecretString::from(value),
            header,
        })
    }
}

fn sensitive_header(value: &str) -> Option<HeaderValue> {
    let mut header = HeaderValue::from_str(value).ok()?;
    header.set_sensitive(true);
    Some(header)
}

impl Credentials {
    /// Adds the authentication header, renewing a session's token first when it is due (by
    /// `deadline`). `op` is the operation the header is for, named by a session error.
    pub(crate) async fn apply(
        &self,
        headers: &mut HeaderMap,
        op: &'static Operation,
        deadline: Option<Deadline>,
    ) -> Result<(), Error> {
        match self {
            Credentials::None | Credentials::Hidden(_) => {}
            Credentials::ApiKey(key) => {
                headers.insert(API_KEY, key.header.clone());
            }
            Credentials::Token(token) => {
                headers.insert(AUTHORIZATION, token.header.clone());
            }
            Credentials::Session(session) => {
                headers.insert(AUTHORIZATION, session.header(op, deadline).await?);
            }
        }
        Ok(())
    }

    /// The session, when these credentials are one.
    pub(crate) fn session(&self) -> Option<&Arc<Session>> {
        match self {
            Credentials::Session(session) => Some(session),
            _ => None,
        }
    }

    /// Every secret these credentials know, for masking.
    pub(crate) fn secrets(&self) -> Vec<String> {
        match self {
            Credentials::None => Vec::new(),
            Credentials::ApiKey(s) | Credentials::Token(s) => {
                vec![s.value.expose_secret().to_string()]
            }
            Credentials::Session(session) => session.secrets(),
            Credentials::Hidden(values) => values
                .iter()
                .map(|v| v.expose_secret().to_string())
                .collect(),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::None => f.write_str("None"),
            Credentials::ApiKey(_) => f.write_str("ApiKey(***)"),
            Credentials::Token(_) => f.write_str("Token(***)"),
            Credentials::Session(session) => fmt::Debug::fmt(session, f),
            Credentials::Hidden(_) => f.write_str("Hidden(***)"),
        }
    }
}

/// How long a session token lives, how early it is renewed, and whether the session renews it
/// in the background.
///
/// Palette's tokens last about 15 minutes, and `authRefresh` renews one only while it is
/// still good: after that only a new login helps. So a session renews its token once less
/// than `margin` of its lifetime is left: in the background while any handle of the session
/// lives (`keep_alive`, so that an idle program keeps its session), or else before the next
/// request that needs it; and once more if Palette rejects a token with 401.
///
/// What a failed renewal means for a call:
///
/// - Refused (a 4xx such as 401, 403 or 404, and no login callback that helps): the session
///   has expired, and the call fails with [`Error::Session`]
///   ([`is_session_expired`](Error::is_session_expired)); the renewal's status is not the
///   call's, so the error is never "not found" or "forbidden".
/// - Failed for now (a reset, a 5xx, a 429) while the token's lifetime is not up: the call
///   goes on with the current token, and the renewal is tried again after a pause (a sixth of
///   `margin`, between 100 ms and 30 s) by the next call or the background task. Once the
///   lifetime is up, the call fails with a retryable [`Error::Session`] instead.
///
/// A 401 renews the token and the call is sent once more, once: calls that drew a 401 with
/// the same token share one renewal, and a call whose token another call already renewed is
/// sent again with the new one. When the request sent again with the token renewed for its
/// 401 draws a 401 too, the 401s are not about the token's age (a permission, say): for a
/// pause, 401s with that token are returned as they are instead of renewing it on every call.
///
/// ```
/// use std::time::Duration;
/// use palette_sdk::SessionPolicy;
///
/// let policy = SessionPolicy { keep_alive: false, ..SessionPolicy::default() };
/// assert_eq!(policy.token_lifetime, Duration::from_secs(15 * 60));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// How long a token is good for after Palette issues it (`Duration::MAX`: for ever).
    pub token_lifetime: Duration,
    /// How long before the end of that time the token is renewed.
    pub margin: Duration,
    /// Whether a background task renews the token on time while any handle of the session
    /// lives (it stops when the last one is dropped). Needs a tokio runtime when logging in.
    pub keep_alive: bool,
}

impl Default for SessionPolicy {
    /// 15-minute tokens renewed 3 minutes early, in the background.
    fn default() -> Self {
        SessionPolicy {
            token_lifetime: Duration::from_secs(15 * 60),
            margin: Duration::from_secs(3 * 60),
            keep_alive: true,
        }
    }
}

/// What [`Client::login_with`](crate::Client::login_with) logs in with: email, organisation and password.
///
/// Its `Debug` output never shows the password.
#[derive(Clone)]
pub struct LoginCredentials {
    pub(crate) email: String,
    pub(crate) org: String,
    pub(crate) password: SecretString,
}

impl LoginCredentials {
    /// The email, organisation (tenant) name and password of a Palette user. An empty
    /// organisation is left out of the login, for Palette to pick the user's only one.
    pub fn new(
        email: impl Into<String>,
        org: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        LoginCredentials {
            email: email.into(),
            org: org.into(),
            password: SecretString::from(password.into()),
        }
    }
}

impl fmt::Debug for LoginCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginCredentials")
            .field("email", &self.email)
            .field("org", &self.org)
            .field("password", &"***")
            .finish()
    }
}

/// Gives the credentials to log in again with, or `None` to give up.
pub(crate) type Relogin =
    Arc<dyn Fn() -> BoxFuture<'static, Option<LoginCredentials>> + Send + Sync + 'static>;

/// What to send a request again with after a 401.
pub(crate) struct Resend {
    /// The token's header.
    pub(crate) header: HeaderValue,
    /// Whether a renewal ran for it (this call started or joined one), rather than another
    /// call having renewed the token before.
    pub(crate) renewed: bool,
}

/// A renewal in flight, shared by every call that waits for it.
type Renewal = Shared<BoxFuture<'static, Result<HeaderValue, Failure>>>;

/// Why a renewal gave no token, shared by every call that waited for it.
#[derive(Debug, Clone)]
struct Failure {
    /// Palette refused: only a new login helps.
    expired: bool,
    cause: Arc<Error>,
}

impl Failure {
    fn into_error(self, operation: &'static Operation) -> Error {
        Error::Session(Box::new(SessionError {
            operation,
            expired: self.expired,
            status: if self.expired {
                self.cause.status()
            } else {
                None
            },
            cause: self.cause,
        }))
    }
}

/// True for a failure that a later try would meet again: Palette refused the token or the
/// credentials (a 4xx other than 408 and 429), or its reply was no token.
fn is_refusal(error: &Error) -> bool {
    match error {
        Error::Api(e) => {
            e.status.is_client_error() && !crate::error::retryable::is_retryable_status(e.status)
        }
        Error::MfaRequired | Error::NoSessionToken { .. } | Error::Config(_) => true,
        _ => false,
    }
}

/// How a session reaches Palette: renewing its token and logging in again. The client layer
/// implements it with a tenant handle that carries no credentials; the session only keeps,
/// times and shares the token.
pub(crate) trait Exchange: Send + Sync + 'static {
    /// Asks Palette for a new token in exchange for `old`.
    fn refresh<'a>(&'a self, old: &'a SecretString) -> BoxFuture<'a, Result<String, Error>>;
    /// Logs in with `login` and returns the new token.
    fn log_in<'a>(&'a self, login: &'a LoginCredentials) -> BoxFuture<'a, Result<String, Error>>;
    /// The `authRefresh` operation, named by errors of renewals no call asked for.
    fn refresh_operation(&self) -> &'static Operation;
}

/// A login session: the current token, shared by every handle and task that uses it.
pub(crate) struct Session {
    /// How to reach Palette for `authRefresh` and logging in again.
    auth: Box<dyn Exchange>,
    policy: SessionPolicy,
    current: RwLock<Token>,
    renewing: Mutex<Renewing>,
    /// Called for credentials when Palette refuses to renew the token.
    relogin: Option<Relogin>,
    /// Dropped with the session, which stops its keep-alive task.
    _stop_keep_alive: oneshot::Sender<()>,
}

/// The renewal side of a session.
#[derive(Default)]
struct Renewing {
    /// The renewal in flight, if any. It runs in its own task, so that it completes (and its
    /// token is stored) even when every call waiting for it is cancelled.
    inflight: Option<Renewal>,
    /// Set once Palette refused to renew and logging in again did not help.
    expired: Option<Failure>,
    /// The last renewal failed for now (a reset, a 5xx, a 429): until the pause has passed,
    /// callers get this failure instead of sending another renewal.
    backoff: Option<Backoff>,
    /// A token that drew a 401 right after a renewal, so that renewing it on a 401 does not
    /// help: until the pause has passed, a 401 with it is returned as it is.
    unhelpful: Option<Backoff>,
}

/// A failure or a 401 that stands for a token until a pause has passed.
struct Backoff {
    /// The header of the token it stands for.
    token: HeaderValue,
    until: Instant,
    /// What the renewal failed with (none for a 401 that renewing does not cure).
    failure: Option<Failure>,
}

impl Backoff {
    /// True while it stands for `token`.
    fn holds_for(&self, token: &HeaderValue) -> bool {
        self.token == *token && Instant::now() < self.until
    }
}

struct Token {
    value: SecretString,
    header: HeaderValue,
    renew_at: Instant,
    /// When its lifetime is up (by the policy): past this, a failed renewal fails the call.
    expires_at: Instant,
    /// The token before the last renewal, still masked in case a late error echoes it.
    previous: Option<SecretString>,
}

/// How far ahead "never" is, for lifetimes too long to add to the clock.
const FAR_FUTURE: Duration = Duration::from_secs(30 * 365 * 24 * 3600);

/// The shortest pause of the keep-alive task between renewals, whatever the policy says: a
/// tenth of a token's lifetime, between 10 ms and 1 s (a margin as long as the lifetime would
/// otherwise make it renew without pause).
fn min_keep_alive_pause(policy: SessionPolicy) -> Duration {
    (policy.token_lifetime / 10).clamp(Duration::from_millis(10), Duration::from_secs(1))
}

/// How long a renewal that did not help stands before the session tries again: after a
/// renewal that failed for now, and for a token that drew a 401 right after a renewal. A
/// sixth of the margin, between 100 ms and 30 s (30 s for the default policy).
fn renewal_pause(policy: SessionPolicy) -> Duration {
    (policy.margin / 6).clamp(Duration::from_millis(100), Duration::from_secs(30))
}

/// `now + after`, or as far ahead as the clock goes.
fn later(now: Instant, after: Duration) -> Instant {
    now.checked_add(after)
        .or_else(|| now.checked_add(FAR_FUTURE))
        .unwrap_or(now)
}

impl Token {
    fn issue(value: &str, policy: SessionPolicy, previous: Option<SecretString>) -> Option<Self> {
        let usable = policy.token_lifetime.saturating_sub(policy.margin);
        let now = Instant::now();
        Some(Token {
            value: SecretString::from(value),
            header: sensitive_header(value)?,
            renew_at: later(now, usable),
            expires_at: later(now, policy.token_lifetime),
            previous,
        })
    }
}

impl Session {
    /// Starts a session with the token a login returned, and its keep-alive task when the
    /// policy asks for one and a tokio runtime runs. `None` when the token is not usable.
    pub(crate) fn start(
        auth: Box<dyn Exchange>,
        policy: SessionPolicy,
        token: &str,
        relogin: Option<Relogin>,
    ) -> Option<Arc<Session>> {
        let token = Token::issue(token, policy, None)?;
        let (stop, stopped) = oneshot::channel();
        let session = Arc::new(Session {
            auth,
            policy,
            current: RwLock::new(token),
            renewing: Mutex::default(),
            relogin,
            _stop_keep_alive: stop,
        });
        if policy.keep_alive
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            runtime.spawn(keep_alive(Arc::downgrade(&session), stopped));
        }
        Some(session)
    }

    /// The header for the next request of `op`, renewing the token first when it is due,
    /// waiting for the renewal until `deadline` at most.
    ///
    /// A renewal that fails for now (a reset, a 5xx, a 429) while the token's lifetime is not
    /// up does not fail the call: it goes on with the current token, and the renewal is tried
    /// again after a pause. Once the lifetime is up, the failure is the call's.
    pub(crate) async fn header(
        self: &Arc<Self>,
        op: &'static Operation,
        deadline: Option<Deadline>,
    ) -> Result<HeaderValue, Error> {
        let (stale, expires_at) = {
            let token = self.read();
            if Instant::now() < token.renew_at {
                return Ok(token.header.clone());
            }
            (token.header.clone(), token.expires_at)
        };
        match Deadline::bound(deadline, op, self.renew(&stale, op)).await {
            Err(Error::Session(failed)) if !failed.expired && Instant::now() < expires_at => {
                tracing::debug!(
                    operation = op.id,
                    "palette session renewal failed for now; the token is still good, so the call goes on with it"
                );
                Ok(stale)
            }
            renewed => renewed,
        }
    }

    /// After Palette answered 401 to a request sent with `sent`: what to send it again with,
    /// renewed unless another call already renewed it (see [`renew`](Self::renew)), or `None`
    /// when `sent` is the current token and drew a 401 right after a renewal less than a pause
    /// ago (renewing again would not help: the 401 is returned as it is).
    pub(crate) async fn renew_after_401(
        self: &Arc<Self>,
        sent: &HeaderValue,
        op: &'static Operation,
    ) -> Result<Option<Resend>, Error> {
        {
            let renewing = self.lock_renewing();
            if renewing
                .unhelpful
                .as_ref()
                .is_some_and(|u| u.holds_for(sent))
                && self.read().header == *sent
            {
                return Ok(None);
            }
        }
        let (header, renewed) = self.renew_or_newer(sent, op).await?;
        Ok(Some(Resend { header, renewed }))
    }

    /// Notes that a request sent again after a 401 with `sent`, a token renewed for that 401,
    /// drew a 401 too: the 401s are not about the token's age, so for a pause, 401s with this
    /// token renew nothing. (Not for a token another call renewed before: it may have been
    /// revoked since, and renewing it is the way to find out.)
    pub(crate) fn renewal_did_not_help(&self, sent: &HeaderValue) {
        let mut renewing = self.lock_renewing();
        if self.read().header == *sent {
            tracing::debug!(
                "a 401 right after a renewal: for a pause, 401s with this token renew nothing"
            );
            renewing.unhelpful = Some(Backoff {
                token: sent.clone(),
                until: later(Instant::now(), renewal_pause(self.policy)),
                failure: None,
            });
        }
    }

    /// Renews the token unless it has changed since `seen` was read (another task renewed it).
    /// Only one renewal runs at a time, in a task of its own; every caller waits for the same
    /// one and uses its token, and a caller that is cancelled does not stop it.
    pub(crate) async fn renew(
        self: &Arc<Self>,
        seen: &HeaderValue,
        op: &'static Operation,
    ) -> Result<HeaderValue, Error> {
        self.renew_or_newer(seen, op)
            .await
            .map(|(header, _)| header)
    }

    /// [`renew`](Self::renew), also telling whether a renewal ran for this caller (it started
    /// or joined one) rather than the token having changed before.
    async fn renew_or_newer(
        self: &Arc<Self>,
        seen: &HeaderValue,
        op: &'static Operation,
    ) -> Result<(HeaderValue, bool), Error> {
        let renewal = {
            let mut renewing = self.lock_renewing();
            if let Some(failure) = &renewing.expired {
                return Err(failure.clone().into_error(op));
            }
            {
                let token = self.read();
                if token.header != *seen {
                    return Ok((token.header.clone(), false));
                }
            }
            if let Some(failure) = renewing
                .backoff
                .as_ref()
                .filter(|b| b.holds_for(seen))
                .and_then(|b| b.failure.clone())
            {
                return Err(failure.into_error(op));
            }
            match &renewing.inflight {
                Some(running) if running.peek().is_none() => running.clone(),
                _ => {
                    let started = self.start_renewal();
                    renewing.inflight = Some(started.clone());
                    started
                }
            }
        };
        match renewal.await {
            Ok(header) => Ok((header, true)),
            Err(failure) => Err(failure.into_error(op)),
        }
    }

    /// Starts a renewal in a task of its own (inline when there is no tokio runtime).
    fn start_renewal(self: &Arc<Self>) -> Renewal {
        let session = Arc::clone(self);
        let op = self.auth.refresh_operation();
        let work = async move { session.renew_now().await };
        let renewal: BoxFuture<'static, Result<HeaderValue, Failure>> =
            match tokio::runtime::Handle::try_current() {
                Ok(runtime) => {
                    let task = runtime.spawn(work);
                    Box::pin(async move { task.await.unwrap_or_else(|e| Err(stopped(&e, op))) })
                }
                Err(_) => Box::pin(work),
            };
        renewal.shared()
    }

    /// Renews the token with `authRefresh`; when Palette refuses, logs in again if the session
    /// has a login callback. Stores the new token, or that the session expired.
    async fn renew_now(self: Arc<Self>) -> Result<HeaderValue, Failure> {
        let (old, old_header) = {
            let token = self.read();
            (token.value.clone(), token.header.clone())
        };
        let fresh = match self.auth.refresh(&old).await {
            Ok(fresh) => Ok(fresh),
            Err(refused) if is_refusal(&refused) => match &self.relogin {
                Some(relogin) => self.log_in_again(relogin, refused).await,
                None => Err(Failure {
                    expired: true,
                    cause: Arc::new(refused),
                }),
            },
            Err(failed) => Err(Failure {
                expired: false,
                cause: Arc::new(failed),
            }),
        };
        let issued = fresh.and_then(|fresh| {
            Token::issue(&fresh, self.policy, Some(old)).ok_or_else(|| Failure {
                expired: true,
                cause: Arc::new(Error::NoSessionToken {
                    operation: self.auth.refresh_operation(),
                }),
            })
        });
        let mut renewing = self.lock_renewing();
        renewing.inflight = None;
        match issued {
            Ok(token) => {
                let header = token.header.clone();
                *self.current.write().unwrap_or_else(|e| e.into_inner()) = token;
                renewing.backoff = None;
                tracing::debug!("palette session token renewed");
                Ok(header)
            }
            Err(failure) => {
                if failure.expired {
                    tracing::warn!(error = %failure.cause, "palette session expired");
                    renewing.expired = Some(failure.clone());
                } else {
                    tracing::warn!(error = %failure.cause, "palette session renewal failed; tried again after a pause");
                    renewing.backoff = Some(Backoff {
                        token: old_header,
                        until: later(Instant::now(), renewal_pause(self.policy)),
                        failure: Some(failure.clone()),
                    });
                }
                Err(failure)
            }
        }
    }

    /// Logs in again with the credentials the callback gives; `refused` is why.
    async fn log_in_again(&self, relogin: &Relogin, refused: Error) -> Result<String, Failure> {
        let Some(login) = relogin().await else {
            return Err(Failure {
                expired: true,
                cause: Arc::new(refused),
            });
        };
        self.auth.log_in(&login).await.map_err(|e| Failure {
            expired: is_refusal(&e),
            cause: Arc::new(e),
        })
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Token> {
        self.current.read().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_renewing(&self) -> std::sync::MutexGuard<'_, Renewing> {
        self.renewing.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn secrets(&self) -> Vec<String> {
        let token = self.read();
        std::iter::once(&token.value)
            .chain(token.previous.as_ref())
            .map(|s| s.expose_secret().to_string())
            .collect()
    }
}

/// A renewal task that stopped without an outcome (it panicked, or its runtime shut down).
fn stopped(e: &tokio::task::JoinError, operation: &'static Operation) -> Failure {
    Failure {
        expired: false,
        cause: Arc::new(Error::Request(Box::new(RequestError {
            operation,
            message: format!("the session renewal stopped: {e}"),
        }))),
    }
}

/// Renews the session's token on time while the session lives; ends when it is dropped
/// (`stop` closes) or has expired.
async fn keep_alive(session: Weak<Session>, mut stop: oneshot::Receiver<()>) {
    loop {
        let (wake, seen, retry_pause) = {
            let Some(session) = session.upgrade() else {
                return;
            };
            let token = session.read();
            let soonest = later(Instant::now(), min_keep_alive_pause(session.policy));
            let retry_pause = renewal_pause(session.policy);
            (
                token.renew_at.max(soonest),
                token.header.clone(),
                retry_pause,
            )
        };
        // Ready before `wake` only when the session was dropped.
        if tokio::time::timeout_at(wake, &mut stop).await.is_ok() {
            return;
        }
        let Some(strong) = session.upgrade() else {
            return;
        };
        let renewed = if strong.read().header == seen {
            Some(strong.renew(&seen, strong.auth.refresh_operation()).await)
        } else {
            None // a call renewed it meanwhile
        };
        drop(strong);
        if let Some(Err(e)) = renewed {
            // Expired: there is nothing left to renew. Failed for now: try
            // again after a pause, unless the session is dropped meanwhile.
            if e.is_session_expired() || tokio::time::timeout(retry_pause, &mut stop).await.is_ok()
            {
                return;
            }
        }
    }
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let renew_in = self
            .read()
            .renew_at
            .saturating_duration_since(Instant::now());
        f.debug_struct("Session")
            .field("token", &"***")
            .field("renew_in", &renew_in)
            .field("keep_alive", &self.policy.keep_alive)
            .field("logs_in_again", &self.relogin.is_some())
            .finish()
    }
}

pub(crate) fn token_from(
    reply: types::UserToken,
    operation: &'static Operation,
) -> Result<String, Error> {
    match reply.authorization {
        Some(token) if !token.is_empty() => Ok(token),
        _ => Err(Error::NoSessionToken { operation }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_checked_before_use() {
        assert!(matches!(
            Secret::new("", "API key"),
            Err(ConfigError::EmptySecret { .. })
        ));
        assert!(matches!(
            Secret::new("   ", "API key"),
            Err(ConfigError::EmptySecret { .. })
        ));
        assert!(matches!(
            Secret::new(" key", "API key"),
            Err(ConfigError::InvalidSecret { .. })
        ));
        assert!(matches!(
            Secret::new("ke\ny", "API key"),
            Err(ConfigError::InvalidSecret { .. })
        ));
        assert!(Secret::new("a-good-key", "API key").is_ok());
    }

    #[test]
    fn debug_never_shows_a_secret() {
        let key = Credentials::ApiKey(Arc::new(Secret::new("key-0123456789", "API key").unwrap()));
        let shown = format!("{key:?}");
        assert!(!shown.contains("0123456789"), "{shown}");
        let hidden = Credentials::Hidden(Arc::new([SecretString::from("pw-0123456789")]));
        assert!(!format!("{hidden:?}").contains("0123456789"));
    }

    #[test]
    fn login_credentials_never_show_the_password() {
        let login = LoginCredentials::new("ops@example.com", "acme", "pw-0123456789");
        let shown = format!("{login:?}");
        assert!(!shown.contains("0123456789"), "{shown}");
        assert!(shown.contains("ops@example.com"), "{shown}");
    }

    #[test]
    fn a_lifetime_of_duration_max_never_panics() {
        let forever = SessionPolicy {
            token_lifetime: Duration::MAX,
            margin: Duration::ZERO,
            keep_alive: true,
        };
        let token = Token::issue("tok-0123456789", forever, None).unwrap();
        assert!(token.renew_at > Instant::now() + Duration::from_secs(365 * 24 * 3600));
        let margin_max = SessionPolicy {
            margin: Duration::MAX,
            ..forever
        };
        let token = Token::issue("tok-0123456789", margin_max, None).unwrap();
        assert!(token.renew_at <= Instant::now(), "due at once");
    }

    #[test]
    fn the_api_key_header_is_sensitive() {
        let key = Secret::new("key-0123456789", "API key").unwrap();
        assert!(key.header.is_sensitive());
    }
}
