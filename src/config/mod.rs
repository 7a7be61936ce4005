//! Building a client (base URL, credentials, scope, timeouts, TLS, proxy, retries, rate limit, `from_env`), logging in, and the handles derived from a client; this layer uses client/ and every layer below it.

mod handles;
mod login;
mod tls;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::redirect;
use secrecy::{ExposeSecret, SecretString};
use url::Url;

pub use crate::error::config::ConfigError;
use crate::send::ratelimit::{Limiter, RateLimit};
use crate::send::retry::RetryPolicy;
use crate::state::credentials::{Credentials, Secret, SessionPolicy};
use crate::state::scope::{ProjectUid, Scope};
use crate::state::{ClientState, Settings};
use crate::{Client, Error};

/// Palette SaaS, used when no base URL is given.
pub const DEFAULT_BASE_URL: &str = "https://api.spectrocloud.com";

/// The `User-Agent` every request carries.
pub const USER_AGENT: &str = concat!("palette-sdk/", env!("CARGO_PKG_VERSION"));

/// The most redirects followed for one request (same origin only).
const MAX_REDIRECTS: usize = 5;

/// How long a whole call may take unless set otherwise
/// ([`ClientBuilder::operation_timeout`]): its attempts, the waits between them, rate-limit
/// waits and a session renewal.
pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(120);

/// Timeouts at least this long mean "no limit" (`Duration::MAX` is the usual way to say it).
const NO_LIMIT: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// A timeout as reqwest takes it: `None` for no limit.
fn limit(timeout: Duration) -> Option<Duration> {
    (timeout < NO_LIMIT).then_some(timeout)
}

/// Builds a [`Client`]. Every setting has a default; [`build`](ClientBuilder::build) checks
/// them all and never panics.
///
/// ```no_run
/// use std::time::Duration;
/// use palette_sdk::{Client, RateLimit, RetryPolicy};
///
/// # fn example() -> Result<(), palette_sdk::ConfigError> {
/// let client = Client::builder()
///     .base_url("palette.example.com")
///     .api_key(std::env::var("PALETTE_API_KEY").unwrap_or_default())
///     .project("5f3c1a2b9e")
///     .request_timeout(Duration::from_secs(30))
///     .operation_timeout(Duration::from_secs(90))
///     .retry(RetryPolicy::default().max_attempts(5))
///     .rate_limit(RateLimit::palette_default())
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: Option<String>,
    credentials: PendingCredentials,
    project: Option<String>,
    connect_timeout: Duration,
    request_timeout: Duration,
    operation_timeout: Duration,
    user_agent_suffix: Option<String>,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
    root_certificates: Vec<Vec<u8>>,
    accept_invalid_certs: bool,
    proxy_from_env: bool,
    session: SessionPolicy,
}

#[derive(Clone, Default)]
enum PendingCredentials {
    #[default]
    None,
    ApiKey(SecretString),
    Token(SecretString),
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            credentials: PendingCredentials::None,
            project: None,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            operation_timeout: DEFAULT_OPERATION_TIMEOUT,
            user_agent_suffix: None,
            retry: RetryPolicy::default(),
            rate_limit: None,
            root_certificates: Vec::new(),
            accept_invalid_certs: false,
            proxy_from_env: true,
            session: SessionPolicy::default(),
        }
    }
}

impl Client {
    /// Starts building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Builds a client from the environment (see [`EnvConfig`] for the variables and their
    /// precedence), resolving a project name to its uid when one is given.
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), palette_sdk::Error> {
    /// let client = palette_sdk::Client::from_env().await?;
    /// # Ok(()) }
    /// ```
    pub async fn from_env() -> Result<Client, Error> {
        EnvConfig::from_process_env().connect().await
    }
}

impl ClientBuilder {
    /// The Palette endpoint: a host (`api.spectrocloud.com`, `palette.example.com:8443`) or a
    /// URL (`https://palette.example.com`). Without a scheme, https is used.
    /// Default: [`DEFAULT_BASE_URL`].
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Authenticate with an API key, sent as the `ApiKey` header.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.credentials = PendingCredentials::ApiKey(SecretString::from(key.into()));
        self
    }

    /// Authenticate with a session token from an earlier login, sent as the `Authorization`
    /// header as-is. It is not renewed; use [`Client::login`] for a session that is.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.credentials = PendingCredentials::Token(SecretString::from(token.into()));
        self
    }

    /// Act in this project by default (the `ProjectUid` header). Default: tenant scope.
    pub fn project(mut self, uid: impl Into<String>) -> Self {
        self.project = Some(uid.into());
        self
    }

    /// How long to wait for a connection. Default 10 s; `Duration::MAX` for no limit.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt of a request may take, reply body included. Default 60 s;
    /// `Duration::MAX` for no limit.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// How long a whole call may take: every attempt, the waits between them, rate-limit
    /// waits and a session renewal. Past it the call ends with [`Error::Timeout`] naming the
    /// operation. Default [`DEFAULT_OPERATION_TIMEOUT`] (2 minutes); `Duration::MAX` for no
    /// limit. Change it for one handle with [`Client::with_operation_timeout`], or for one
    /// call with [`Call::send_within`](crate::Call::send_within).
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = timeout;
        self
    }

    /// Appended to the `User-Agent` (`palette-sdk/0.1.0 my-tool/2.3`).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// How failed requests are retried. Default: [`RetryPolicy::default`].
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Limit the request rate on the client side. Default: no limit.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Trust the certificates in this PEM bundle too, for a self-hosted Palette with its own
    /// certificate authority. May be called more than once.
    pub fn add_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// **Dangerous:** accept any server certificate, even an invalid or self-signed one, for
    /// this client only. Anyone between you and the server can then read your API key.
    /// Prefer [`add_root_certificates_pem`](Self::add_root_certificates_pem); use this only
    /// against a throwaway lab install.
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.accept_invalid_certs = accept;
        self
    }

    /// Whether to use the proxy named by `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and
    /// `NO_PROXY`. Default on.
    pub fn proxy_from_env(mut self, enabled: bool) -> Self {
        self.proxy_from_env = enabled;
        self
    }

    /// How long login session tokens live, how early they are renewed, and whether a session
    /// renews them in the background.
    pub fn session_policy(mut self, policy: SessionPolicy) -> Self {
        self.session = policy;
        self
    }

    /// Checks every setting and builds the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let base_url = normalize_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let credentials = match &self.credentials {
            PendingCredentials::None => Credentials::None,
            PendingCredentials::ApiKey(key) => {
                Credentials::ApiKey(Arc::new(Secret::new(key.expose_secret(), "API key")?))
            }
            PendingCredentials::Token(token) => {
                Credentials::Token(Arc::new(Secret::new(token.expose_secret(), "token")?))
            }
        };
        let scope = match &self.project {
            Some(uid) => Scope::Project(ProjectUid::new(uid)?),
            None => Scope::Tenant,
        };
        if self.connect_timeout.is_zero() {
            return Err(ConfigError::InvalidTimeout {
                what: "connect timeout",
            });
        }
        if self.request_timeout.is_zero() {
            return Err(ConfigError::InvalidTimeout {
                what: "request timeout",
            });
        }
        if self.operation_timeout.is_zero() {
            return Err(ConfigError::InvalidTimeout {
                what: "operation timeout",
            });
        }
        let http = self.http_client()?;
        let state = ClientState {
            settings: Arc::new(Settings {
                retry: self.retry.clone(),
                request_timeout: limit(self.request_timeout),
                limiter: self.rate_limit.map(Limiter::new),
                session: self.session,
            }),
            credentials,
            scope,
            retry_writes: false,
            operation_timeout: self.operation_timeout,
        };
        Ok(Client::new_with_client(&base_url, http, state))
    }

    fn http_client(&self) -> Result<reqwest::Client, ConfigError> {
        let user_agent = match &self.user_agent_suffix {
            Some(suffix) => format!("{USER_AGENT} {suffix}"),
            None => USER_AGENT.to_string(),
        };
        if reqwest::header::HeaderValue::from_str(&user_agent).is_err() {
            return Err(ConfigError::InvalidUserAgent);
        }
        // This client's own TLS configuration: nothing process-wide is read or installed.
        let tls =
            crate::config::tls::client_config(&self.root_certificates, self.accept_invalid_certs)?;
        let mut builder = reqwest::Client::builder()
            .user_agent(user_agent)
            .redirect(same_origin_redirects())
            .tls_backend_preconfigured(tls);
        if let Some(timeout) = limit(self.connect_timeout) {
            builder = builder.connect_timeout(timeout);
        }
        if let Some(timeout) = limit(self.request_timeout) {
            builder = builder.timeout(timeout);
        }
        if !self.proxy_from_env {
            builder = builder.no_proxy();
        }
        builder.build().map_err(|e| ConfigError::HttpClient {
            reason: e.to_string(),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let credentials = match self.credentials {
            PendingCredentials::None => "None",
            PendingCredentials::ApiKey(_) => "ApiKey(***)",
            PendingCredentials::Token(_) => "Token(***)",
        };
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &format_args!("{credentials}"))
            .field("project", &self.project)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("root_certificates", &self.root_certificates.len())
            .field("accept_invalid_certs", &self.accept_invalid_certs)
            .field("proxy_from_env", &self.proxy_from_env)
            .field("session", &self.session)
            .finish()
    }
}

/// Follows redirects within the same scheme, host and port only, so that the `ApiKey` header
/// (which reqwest does not know to be a credential) never reaches another host.
fn same_origin_redirects() -> redirect::Policy {
    redirect::Policy::custom(|attempt| {
        let Some(first) = attempt.previous().first() else {
            return attempt.stop();
        };
        let same = first.scheme() == attempt.url().scheme()
            && first.host_str() == attempt.url().host_str()
            && first.port_or_known_default() == attempt.url().port_or_known_default();
        if !same || attempt.previous().len() > MAX_REDIRECTS {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

/// Turns a host or URL into the base URL the generated client prefixes paths with.
fn normalize_base_url(raw: &str) -> Result<String, ConfigError> {
    let invalid = |reason: &str| ConfigError::InvalidBaseUrl {
        value: mask_userinfo(raw),
        reason: reason.to_string(),
    };
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(invalid("it is empty"));
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_string()
    } else {
        format!("https://{trimmed}")
    };
    let url = Url::parse(&with_scheme).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it names no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "it carries a user or password; use api_key or login instead",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it has a query or fragment"));
    }
    let path = url.path().trim_end_matches('/');
    if path.ends_with("/v1") {
        return Err(invalid(
            "leave out /v1: every operation's path starts with it",
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// The value of a base URL with any `user:password@` part masked, for error messages.
fn mask_userinfo(raw: &str) -> String {
    let start = raw.find("://").map_or(0, |i| i + 3);
    let authority_end = raw[start..]
        .find(['/', '?', '#'])
        .map_or(raw.len(), |i| start + i);
    match raw[start..authority_end].rfind('@') {
        Some(at) => format!("{}***@{}", &raw[..start], &raw[start + at + 1..]),
        None => raw.to_string(),
    }
}

/// Client settings read from environment variables.
///
/// | Variable | Meaning | Used when |
/// |---|---|---|
/// | `PALETTE_HOST` | Palette host or URL | always first |
/// | `SPECTROCLOUD_HOST` | Palette host or URL | `PALETTE_HOST` is unset |
/// | `PALETTE_API_KEY` | API key | always first |
/// | `SPECTROCLOUD_APIKEY` | API key | `PALETTE_API_KEY` is unset |
/// | `PALETTE_PROJECT_UID` | project uid | always first |
/// | `SPECTROCLOUD_PROJECT` | project **name** (as terraform uses it) | `PALETTE_PROJECT_UID` is unset |
///
/// Empty values count as unset. Without a host, [`DEFAULT_BASE_URL`] is used; without a
/// project, tenant scope.
///
/// ```
/// use palette_sdk::config::{EnvConfig, ProjectRef};
///
/// let env = EnvConfig::from_lookup(|name| match name {
///     "SPECTROCLOUD_HOST" => Some("palette.example.com".to_string()),
///     "PALETTE_API_KEY" => Some("my-key".to_string()),
///     "SPECTROCLOUD_PROJECT" => Some("Default".to_string()),
///     _ => None,
/// });
/// assert_eq!(env.host.as_deref(), Some("palette.example.com"));
/// assert_eq!(env.project, Some(ProjectRef::Name("Default".to_string())));
/// assert!(env.has_api_key());
/// ```
#[derive(Clone, Default)]
pub struct EnvConfig {
    /// The host or URL, if set.
    pub host: Option<String>,
    /// The project, by uid or name, if set.
    pub project: Option<ProjectRef>,
    api_key: Option<SecretString>,
}

/// A project named in the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectRef {
    /// By uid (`PALETTE_PROJECT_UID`).
    Uid(String),
    /// By name (`SPECTROCLOUD_PROJECT`), looked up when connecting.
    Name(String),
}

impl EnvConfig {
    /// Every variable read, in order of precedence within each setting.
    pub const VARIABLES: &'static [&'static str] = &[
        "PALETTE_HOST",
        "SPECTROCLOUD_HOST",
        "PALETTE_API_KEY",
        "SPECTROCLOUD_APIKEY",
        "PALETTE_PROJECT_UID",
        "SPECTROCLOUD_PROJECT",
    ];

    /// Reads the settings through `lookup`, which returns a variable's value if it is set.
    /// Pure: tests pass a closure instead of touching the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let first = |a: &str, b: &str| get(a).or_else(|| get(b));
        EnvConfig {
            host: first("PALETTE_HOST", "SPECTROCLOUD_HOST"),
            api_key: first("PALETTE_API_KEY", "SPECTROCLOUD_APIKEY").map(SecretString::from),
            project: get("PALETTE_PROJECT_UID")
                .map(ProjectRef::Uid)
                .or_else(|| get("SPECTROCLOUD_PROJECT").map(ProjectRef::Name)),
        }
    }

    /// Reads the settings from the process environment.
    pub fn from_process_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// True when an API key is set.
    pub fn has_api_key(&self) -> bool {
        self.api_key.is_some()
    }

    /// A builder with these settings, except a project given by name (see
    /// [`connect`](Self::connect)). Fails with [`ConfigError::MissingApiKey`] without a key.
    pub fn builder(&self) -> Result<ClientBuilder, ConfigError> {
        let key = self.api_key.as_ref().ok_or(ConfigError::MissingApiKey)?;
        let mut builder = Client::builder().api_key(key.expose_secret());
        if let Some(host) = &self.host {
            builder = builder.base_url(host);
        }
        if let Some(ProjectRef::Uid(uid)) = &self.project {
            builder = builder.project(uid);
        }
        Ok(builder)
    }

    /// Builds the client, then looks up a project given by name.
    pub async fn connect(&self) -> Result<Client, Error> {
        let client = self.builder()?.build()?;
        match &self.project {
            Some(ProjectRef::Name(name)) => client.with_project_name(name).await,
            _ => Ok(client),
        }
    }
}

impl fmt::Debug for EnvConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnvConfig")
            .field("host", &self.host)
            .field("project", &self.project)
            .field("api_key", &self.api_key.as_ref().map(|_| "***"))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_without_scheme_gets_https() {
        assert_eq!(
            normalize_base_url("api.spectrocloud.com").unwrap(),
            "https://api.spectrocloud.com"
        );
        assert_eq!(
            normalize_base_url("palette.example.com:8443/").unwrap(),
            "https://palette.example.com:8443"
        );
        assert_eq!(
            normalize_base_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn bad_base_urls_are_refused_with_their_value() {
        for bad in [
            "",
            "   ",
            "ftp://palette.example.com",
            "https://",
            "https://palette.example.com/v1",
            "https://palette.example.com?x=1",
            "http://exa mple.com",
        ] {
            let err = normalize_base_url(bad).unwrap_err();
            let ConfigError::InvalidBaseUrl { value, .. } = &err else {
                panic!("{bad:?} gave {err:?}");
            };
            assert_eq!(value, bad);
        }
    }

    #[test]
    fn a_password_in_the_base_url_is_refused_and_masked() {
        let err = normalize_base_url("https://me:hunter2-secret@palette.example.com").unwrap_err();
        assert!(!err.to_string().contains("hunter2-secret"), "{err}");
        assert!(err.to_string().contains("***@palette.example.com"), "{err}");
    }

    #[test]
    fn palette_names_win_over_spectrocloud_names() {
        let env = EnvConfig::from_lookup(|name| {
            Some(
                match name {
                    "PALETTE_HOST" => "a.example.com",
                    "SPECTROCLOUD_HOST" => "b.example.com",
                    "PALETTE_PROJECT_UID" => "uid-1",
                    "SPECTROCLOUD_PROJECT" => "Default",
                    _ => return None,
                }
                .to_string(),
            )
        });
        assert_eq!(env.host.as_deref(), Some("a.example.com"));
        assert_eq!(env.project, Some(ProjectRef::Uid("uid-1".into())));
    }

    #[test]
    fn empty_variables_count_as_unset() {
        let env = EnvConfig::from_lookup(|name| {
            (name == "PALETTE_API_KEY" || name == "PALETTE_HOST").then(|| "  ".to_string())
        });
        assert!(!env.has_api_key());
        assert_eq!(env.host, None);
        assert!(matches!(env.builder(), Err(ConfigError::MissingApiKey)));
    }

    #[test]
    fn the_missing_key_error_names_the_variables() {
        let message = ConfigError::MissingApiKey.to_string();
        for name in ["PALETTE_API_KEY", "SPECTROCLOUD_APIKEY", "PALETTE_HOST"] {
            assert!(message.contains(name), "{message}");
        }
    }

    #[test]
    fn debug_hides_the_key() {
        let env =
            EnvConfig::from_lookup(|n| (n == "PALETTE_API_KEY").then(|| "key-0123456789".into()));
        assert!(!format!("{env:?}").contains("0123456789"));
        let builder = Client::builder()
            .api_key("key-0123456789")
            .token("tok-0123456789");
        assert!(!format!("{builder:?}").contains("0123456789"));
    }

    #[test]
    fn build_refuses_bad_settings_without_panicking() {
        type Expected = fn(&ConfigError) -> bool;
        let cases: Vec<(ClientBuilder, Expected)> = vec![
            (Client::builder().api_key(""), |e| {
                matches!(e, ConfigError::EmptySecret { .. })
            }),
            (Client::builder().api_key("a\nb-0123456789"), |e| {
                matches!(e, ConfigError::InvalidSecret { .. })
            }),
            (Client::builder().token("t\r\n"), |e| {
                matches!(e, ConfigError::InvalidSecret { .. })
            }),
            (Client::builder().project("p\n1"), |e| {
                matches!(e, ConfigError::InvalidProjectUid { .. })
            }),
            (Client::builder().base_url("ftp://x"), |e| {
                matches!(e, ConfigError::InvalidBaseUrl { .. })
            }),
            (Client::builder().request_timeout(Duration::ZERO), |e| {
                matches!(e, ConfigError::InvalidTimeout { .. })
            }),
            (Client::builder().operation_timeout(Duration::ZERO), |e| {
                matches!(e, ConfigError::InvalidTimeout { .. })
            }),
            (Client::builder().user_agent_suffix("x\ny"), |e| {
                matches!(e, ConfigError::InvalidUserAgent)
            }),
            (
                Client::builder().add_root_certificates_pem("not a pem"),
                |e| matches!(e, ConfigError::InvalidCertificate { .. }),
            ),
        ];
        for (builder, expected) in cases {
            let shown = format!("{builder:?}");
            let err = builder.build().unwrap_err();
            assert!(expected(&err), "{shown} gave {err:?}");
        }
    }

    #[test]
    fn a_good_builder_builds() {
        let client = Client::builder()
            .api_key("key-0123456789")
            .project("p-1")
            .build()
            .unwrap();
        assert_eq!(client.baseurl, DEFAULT_BASE_URL);
        assert!(!format!("{client:?}").contains("0123456789"));
    }

    #[test]
    fn duration_max_means_no_limit_for_every_builder_timeout() {
        let client = Client::builder()
            .connect_timeout(Duration::MAX)
            .request_timeout(Duration::MAX)
            .operation_timeout(Duration::MAX)
            .build();
        assert!(client.is_ok(), "{client:?}");
        assert_eq!(limit(Duration::MAX), None);
        assert_eq!(
            limit(Duration::from_secs(30)),
            Some(Duration::from_secs(30))
        );
    }
}
