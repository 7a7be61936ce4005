//! Logging in: `Client::login` and `login_with`, and the client's side of a session (renewing its token, logging in again).

use std::future::Future;
use std::sync::Arc;

use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use secrecy::{ExposeSecret, SecretString};

use crate::client::generated::{Client, ClientAuthExt, builder};
use crate::document::operation::Operation;
use crate::error::Error;
use crate::error::config::ConfigError;
use crate::send::call::Call;
use crate::state::credentials::{
    Credentials, Exchange, LoginCredentials, Relogin, Session, token_from,
};
use crate::types;

/// The `authRefresh` operation.
fn refresh_operation() -> &'static Operation {
    <builder::AuthRefresh<'_> as Call>::OPERATION
}

/// The `authenticate` operation.
fn login_operation() -> &'static Operation {
    <builder::Authenticate<'_> as Call>::OPERATION
}

/// A tenant handle without credentials is how a session reaches Palette.
impl Exchange for Client {
    fn refresh<'a>(&'a self, old: &'a SecretString) -> BoxFuture<'a, Result<String, Error>> {
        // Boxed: sending a request applies credentials, which may renew a session, so the
        // future types would otherwise contain themselves.
        Box::pin(async move {
            let reply = self
                .with_credentials(Credentials::Hidden(Arc::new([old.clone()])))
                .auth_refresh()
                .token(old.expose_secret())
                .set_cookie(false)
                .send()
                .await?;
            token_from(reply, refresh_operation())
        })
    }

    fn log_in<'a>(&'a self, login: &'a LoginCredentials) -> BoxFuture<'a, Result<String, Error>> {
        Box::pin(authenticate(self, login))
    }

    fn refresh_operation(&self) -> &'static Operation {
        refresh_operation()
    }
}

/// Logs in with `login` on `tenant` (a handle without credentials); returns the token. The
/// password is masked in any error.
async fn authenticate(tenant: &Client, login: &LoginCredentials) -> Result<String, Error> {
    if login.email.trim().is_empty() {
        return Err(ConfigError::EmptySecret {
            what: "login email",
        }
        .into());
    }
    let password = login.password.expose_secret();
    if password.is_empty() {
        return Err(ConfigError::EmptySecret { what: "password" }.into());
    }
    let hidden = Credentials::Hidden(Arc::new([login.password.clone()]));
    let body = types::AuthLogin {
        email_id: Some(login.email.clone()),
        org: Some(login.org.clone()).filter(|o| !o.is_empty()),
        password: Some(password.to_string()),
    };
    let reply = tenant
        .with_credentials(hidden)
        .authenticate()
        .body(body)
        .set_cookie(false)
        .send()
        .await?;
    if reply.is_mfa == Some(true) {
        return Err(Error::MfaRequired);
    }
    token_from(reply, login_operation())
}

impl Client {
    /// Logs in with email, organisation and password, and returns a handle whose session
    /// keeps its token renewed (see [`SessionPolicy`](crate::SessionPolicy)). The handle shares this client's pool,
    /// settings and scope. The password is not kept: once Palette refuses to renew the token
    /// (after a long suspend, say), calls fail with an expired-session error
    /// ([`Error::is_session_expired`]); use [`login_with`](Self::login_with) for a session
    /// that logs in again by itself.
    ///
    /// Every login problem surfaces here: wrong credentials, an account that needs a second
    /// factor ([`Error::MfaRequired`]), an unreachable server. The password is masked in any
    /// error.
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), palette_sdk::Error> {
    /// let client = palette_sdk::Client::builder().build()?;
    /// let me = client.login("ops@example.com", "acme", "s3cret-passw0rd").await?;
    /// # Ok(()) }
    /// ```
    pub async fn login(&self, email: &str, org: &str, password: &str) -> Result<Client, Error> {
        let login = LoginCredentials::new(email, org, password);
        self.start_session(&login, None).await
    }

    /// Logs in with the credentials `credentials` gives, and calls it again whenever Palette
    /// refuses to renew the session's token, to log in afresh; `None` gives up (the call that
    /// needed the token then fails with an expired-session error). The credentials are not
    /// kept between calls, so they can come from a vault each time.
    ///
    /// ```no_run
    /// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::LoginCredentials;
    ///
    /// let session = client
    ///     .login_with(|| async {
    ///         let password = std::env::var("PALETTE_PASSWORD").ok()?;
    ///         Some(LoginCredentials::new("ops@example.com", "acme", password))
    ///     })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn login_with<F, Fut>(&self, credentials: F) -> Result<Client, Error>
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Option<LoginCredentials>> + Send + 'static,
    {
        let relogin: Relogin = Arc::new(move || credentials().boxed());
        let login = relogin().await.ok_or(ConfigError::NoLoginCredentials)?;
        self.start_session(&login, Some(relogin)).await
    }

    async fn start_session(
        &self,
        login: &LoginCredentials,
        relogin: Option<Relogin>,
    ) -> Result<Client, Error> {
        let tenant = self.tenant().with_credentials(Credentials::None);
        let token = authenticate(&tenant, login).await?;
        let session = Session::start(
            Box::new(tenant),
            self.inner.settings.session,
            &token,
            relogin,
        )
        .ok_or(Error::NoSessionToken {
            operation: login_operation(),
        })?;
        Ok(self.with_credentials(Credentials::Session(session)))
    }
}
