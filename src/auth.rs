//! Credentials: an API key, a token, or a login session that renews its token before it expires.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;

use crate::call::Call;
use crate::config::ConfigError;
use crate::generated::ClientAuthExt;
use crate::{Client, Error, types};

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
    /// Adds the authentication header, renewing a session's token first when it is due.
    pub(crate) async fn apply(&self, headers: &mut HeaderMap) -> Result<(), Error> {
        match self {
            Credentials::None | Credentials::Hidden(_) => {}
            Credentials::ApiKey(key) => {
                headers.insert(API_KEY, key.header.clone());
            }
            Credentials::Token(token) => {
                headers.insert(AUTHORIZATION, token.header.clone());
            }
            Credentials::Session(session) => {
                headers.insert(AUTHORIZATION, session.header().await?);
            }
        }
        Ok(())
    }

    /// The session, when these credentials are one.
    pub(crate) fn session(&self) -> Option<&Session> {
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

/// How long a session token lives and how early it is renewed.
///
/// Palette's tokens last about 15 minutes. The session renews its token once less than
/// `margin` of that is left, before the request that needs it, and once more if Palette
/// rejects a token with 401.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// How long a token is good for after Palette issues it.
    pub token_lifetime: Duration,
    /// How long before the end of that time the token is renewed.
    pub margin: Duration,
}

impl Default for SessionPolicy {
    /// 15-minute tokens renewed 3 minutes early.
    fn default() -> Self {
        SessionPolicy {
            token_lifetime: Duration::from_secs(15 * 60),
            margin: Duration::from_secs(3 * 60),
        }
    }
}

/// A login session: the current token, shared by every handle and task that uses it.
pub(crate) struct Session {
    /// A tenant handle without credentials, for `authRefresh`.
    auth: Client,
    policy: SessionPolicy,
    current: RwLock<Token>,
    /// Held while a renewal runs, so that only one runs at a time.
    renewing: tokio::sync::Mutex<()>,
}

struct Token {
    value: SecretString,
    header: HeaderValue,
    renew_at: Instant,
    /// The token before the last renewal, still masked in case a late error echoes it.
    previous: Option<SecretString>,
}

impl Token {
    fn issue(value: &str, policy: SessionPolicy, previous: Option<SecretString>) -> Option<Self> {
        let usable = policy.token_lifetime.saturating_sub(policy.margin);
        Some(Token {
            value: SecretString::from(value),
            header: sensitive_header(value)?,
            renew_at: Instant::now() + usable,
            previous,
        })
    }
}

impl Session {
    /// The header for the next request, renewing the token first when it is due.
    pub(crate) async fn header(&self) -> Result<HeaderValue, Error> {
        let stale = {
            let token = self.read();
            if Instant::now() < token.renew_at {
                return Ok(token.header.clone());
            }
            token.header.clone()
        };
        self.renew(&stale).await
    }

    /// Renews the token unless it has changed since `seen` was read (another task renewed it).
    /// Only one renewal runs at a time; the others wait for it and use its token.
    pub(crate) async fn renew(&self, seen: &HeaderValue) -> Result<HeaderValue, Error> {
        let _only_one = self.renewing.lock().await;
        let old = {
            let token = self.read();
            if token.header != *seen {
                return Ok(token.header.clone());
            }
            token.value.clone()
        };
        let auth = self
            .auth
            .with_credentials(Credentials::Hidden(Arc::new([old.clone()])));
        // Boxed: sending a request applies credentials, which may renew a session, so the
        // future types would otherwise contain themselves.
        let renewal: Pin<Box<dyn Future<Output = Result<types::UserToken, Error>> + Send + '_>> =
            Box::pin(
                auth.auth_refresh()
                    .token(old.expose_secret())
                    .set_cookie(false)
                    .send(),
            );
        let reply = renewal.await?;
        let fresh = token_from(reply, "authRefresh")?;
        let token =
            Token::issue(&fresh, self.policy, Some(old)).ok_or_else(|| bad_token("authRefresh"))?;
        let header = token.header.clone();
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = token;
        tracing::debug!("palette session token renewed");
        Ok(header)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Token> {
        self.current.read().unwrap_or_else(|e| e.into_inner())
    }

    fn secrets(&self) -> Vec<String> {
        let token = self.read();
        std::iter::once(&token.value)
            .chain(token.previous.as_ref())
            .map(|s| s.expose_secret().to_string())
            .collect()
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
            .finish()
    }
}

fn token_from(reply: types::UserToken, operation: &'static str) -> Result<String, Error> {
    match reply.authorization {
        Some(token) if !token.is_empty() => Ok(token),
        _ => Err(bad_token(operation)),
    }
}

fn bad_token(operation: &'static str) -> Error {
    ConfigError::NoSessionToken { operation }.into()
}

impl Client {
    /// Logs in with email, organisation and password, and returns a handle whose session
    /// renews its token by itself. The handle shares this client's pool, settings and scope.
    ///
    /// Every login problem surfaces here: wrong credentials, an account that needs a second
    /// factor, an unreachable server. The password is masked in any error.
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), palette_sdk::Error> {
    /// let client = palette_sdk::Client::builder().build()?;
    /// let me = client.login("ops@example.com", "acme", "s3cret-passw0rd").await?;
    /// # Ok(()) }
    /// ```
    pub async fn login(&self, email: &str, org: &str, password: &str) -> Result<Client, Error> {
        if email.trim().is_empty() {
            return Err(ConfigError::EmptySecret {
                what: "login email",
            }
            .into());
        }
        if password.is_empty() {
            return Err(ConfigError::EmptySecret { what: "password" }.into());
        }
        let hidden = Credentials::Hidden(Arc::new([SecretString::from(password)]));
        let body = types::AuthLogin {
            email_id: Some(email.to_string()),
            org: Some(org.to_string()).filter(|o| !o.is_empty()),
            password: Some(password.to_string()),
        };
        let reply = self
            .tenant()
            .with_credentials(hidden)
            .authenticate()
            .body(body)
            .set_cookie(false)
            .send()
            .await?;
        if reply.is_mfa == Some(true) {
            return Err(ConfigError::MfaRequired.into());
        }
        let policy = self.inner.settings.session;
        let token = token_from(reply, "authenticate")?;
        let token = Token::issue(&token, policy, None).ok_or_else(|| bad_token("authenticate"))?;
        let session = Session {
            auth: self.tenant().with_credentials(Credentials::None),
            policy,
            current: RwLock::new(token),
            renewing: tokio::sync::Mutex::new(()),
        };
        Ok(self.with_credentials(Credentials::Session(Arc::new(session))))
    }

    /// A handle like this one with other credentials.
    pub(crate) fn with_credentials(&self, credentials: Credentials) -> Client {
        let mut state = self.inner.clone();
        state.credentials = credentials;
        self.with_state(state)
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
    fn the_api_key_header_is_sensitive() {
        let key = Secret::new("key-0123456789", "API key").unwrap();
        assert!(key.header.is_sensitive());
    }
}
