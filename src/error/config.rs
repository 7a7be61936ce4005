//! Configuration errors: a client that cannot be built or set up as asked.

/// A client that cannot be built or set up as asked. The message names the offending setting
/// (never a secret's value).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The base URL is not an http(s) URL of a host.
    #[error("invalid base URL {value:?}: {reason}")]
    InvalidBaseUrl {
        /// The value given, with any user or password in it masked.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A key, token, email or password is empty.
    #[error("the {what} is empty")]
    EmptySecret {
        /// Which one.
        what: &'static str,
    },
    /// A key or token cannot be sent as given.
    #[error("the {what} cannot be used: {reason}")]
    InvalidSecret {
        /// Which one.
        what: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// A project uid is empty or has characters a header cannot carry.
    #[error("invalid project uid {value:?}: it must be non-empty visible ASCII")]
    InvalidProjectUid {
        /// The value given, escaped.
        value: String,
    },
    /// A timeout of zero.
    #[error("the {what} must be longer than zero")]
    InvalidTimeout {
        /// Which timeout.
        what: &'static str,
    },
    /// A user agent suffix with characters a header cannot carry.
    #[error("the user agent suffix has characters a header cannot carry")]
    InvalidUserAgent,
    /// A rate limit of zero.
    #[error("invalid rate limit {per_second}/s with burst {burst}: both must be at least 1")]
    InvalidRateLimit {
        /// Requests per second asked for.
        per_second: u32,
        /// Burst asked for.
        burst: u32,
    },
    /// Root certificates that are not PEM.
    #[error("invalid root certificate PEM: {reason}")]
    InvalidCertificate {
        /// What the TLS library said.
        reason: String,
    },
    /// The HTTP client could not be set up.
    #[error("the HTTP client could not be set up: {reason}")]
    HttpClient {
        /// What reqwest or the TLS library said.
        reason: String,
    },
    /// No API key in the environment.
    #[error(
        "no Palette credentials in the environment: set PALETTE_API_KEY (or SPECTROCLOUD_APIKEY), \
         and optionally PALETTE_HOST and PALETTE_PROJECT_UID"
    )]
    MissingApiKey,
    /// The login callback of [`Client::login_with`](crate::Client::login_with) gave no
    /// credentials for the first login.
    #[error("the login callback gave no credentials to log in with")]
    NoLoginCredentials,
}
