//! The state every client handle carries: settings shared by all handles, plus its own credentials and scope; this layer uses send/, error/, document/ and codec/.

pub(crate) mod credentials;
pub(crate) mod scope;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::send::ratelimit::Limiter;
use crate::send::retry::RetryPolicy;
use crate::state::credentials::{Credentials, SessionPolicy};
use crate::state::scope::Scope;

/// The inner state of a [`Client`](crate::Client) handle (progenitor's "inner type").
///
/// Cloning it is cheap: the settings are shared, and credentials hold their secrets behind an
/// `Arc`. Its `Debug` output never shows a key, token or password.
#[derive(Clone)]
pub struct ClientState {
    pub(crate) settings: Arc<Settings>,
    pub(crate) credentials: Credentials,
    pub(crate) scope: Scope,
    /// Whether this handle retries POST and PATCH (see [`RetryPolicy::retry_writes`]).
    pub(crate) retry_writes: bool,
    /// How long a whole call of this handle may take (see
    /// [`ClientBuilder::operation_timeout`](crate::ClientBuilder::operation_timeout)).
    pub(crate) operation_timeout: Duration,
}

/// Settings fixed when the client is built and shared by all its handles.
#[derive(Debug)]
pub(crate) struct Settings {
    pub(crate) retry: RetryPolicy,
    /// How long one attempt may take (reqwest's timeout); `None` for no limit.
    pub(crate) request_timeout: Option<Duration>,
    pub(crate) limiter: Option<Limiter>,
    pub(crate) session: SessionPolicy,
}

impl fmt::Debug for ClientState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientState")
            .field("credentials", &self.credentials)
            .field("scope", &self.scope)
            .field("retry", &self.settings.retry)
            .field("retry_writes", &self.retry_writes)
            .field("operation_timeout", &self.operation_timeout)
            .field("rate_limited", &self.settings.limiter.is_some())
            .field("session", &self.settings.session)
            .finish()
    }
}
