//! Handles derived from a client: another scope, operation timeout, retry of writes or credentials, sharing the same pool and settings.

use std::time::Duration;

use crate::client::generated::{Client, ClientDashboardExt};
use crate::error::config::ConfigError;
use crate::error::{Error, NameKind};
use crate::send::call::Call;
use crate::state::ClientState;
use crate::state::credentials::Credentials;
use crate::state::scope::{ProjectUid, Scope};

impl Client {
    /// The scope this handle acts in.
    pub fn scope(&self) -> &Scope {
        &self.inner.scope
    }

    /// A handle acting in the project `uid`. It shares this client's connection pool,
    /// credentials and settings; this handle is unchanged.
    ///
    /// ```no_run
    /// # fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::ConfigError> {
    /// let team_a = client.with_project("5f3c1a2b9e")?;
    /// let tenant = client.tenant();
    /// # Ok(()) }
    /// ```
    pub fn with_project(&self, uid: impl AsRef<str>) -> Result<Client, ConfigError> {
        Ok(self.with_scope(Scope::Project(ProjectUid::new(uid)?)))
    }

    /// A handle acting across the tenant (no `ProjectUid` header), sharing this client's pool.
    pub fn tenant(&self) -> Client {
        self.with_scope(Scope::Tenant)
    }

    /// A handle acting in the project called `name`, looked up with `projectsMetadata`.
    ///
    /// Fails with [`Error::NameNotFound`] when no project has exactly that name and
    /// [`Error::AmbiguousName`] when several do.
    ///
    /// ```no_run
    /// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
    /// let default = client.with_project_name("Default").await?;
    /// # Ok(()) }
    /// ```
    pub async fn with_project_name(&self, name: &str) -> Result<Client, Error> {
        let found = self.tenant().projects_metadata().name(name).send().await?;
        let uids: Vec<String> = found
            .items
            .into_iter()
            .flatten()
            .filter_map(|p| p.metadata)
            .filter(|m| m.name.as_deref() == Some(name))
            .filter_map(|m| m.uid)
            .collect();
        match uids.as_slice() {
            [uid] => Ok(self.with_project(uid)?),
            [] => Err(Error::NameNotFound {
                kind: NameKind::PROJECT,
                name: name.into(),
            }),
            many => Err(Error::AmbiguousName {
                kind: NameKind::PROJECT,
                name: name.into(),
                uids: many.to_vec(),
            }),
        }
    }

    /// A handle like this one in `scope`.
    pub(crate) fn with_scope(&self, scope: Scope) -> Client {
        let mut state = self.inner.clone();
        state.scope = scope;
        self.with_state(state)
    }

    /// A handle sharing this one's base URL and connection pool, with other state.
    pub(crate) fn with_state(&self, state: ClientState) -> Client {
        Client::new_with_client(&self.baseurl, self.client.clone(), state)
    }

    /// A handle whose calls may each take at most `timeout` in all: every attempt, the waits
    /// between them, rate-limit waits and a session renewal. It shares this client's pool,
    /// credentials and scope; `Duration::MAX` means no limit.
    ///
    /// ```no_run
    /// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
    /// use std::time::Duration;
    /// use palette_sdk::prelude::*;
    ///
    /// let quick = client.with_operation_timeout(Duration::from_secs(5));
    /// match quick.users_info_get().send().await {
    ///     Err(e) if e.is_timeout() => println!("Palette is slow today"),
    ///     other => println!("{:?}", other?.user_uid),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn with_operation_timeout(&self, timeout: Duration) -> Client {
        let mut state = self.inner.clone();
        state.operation_timeout = timeout;
        self.with_state(state)
    }

    /// The operation timeout of this handle's calls.
    pub fn operation_timeout(&self) -> Duration {
        self.inner.operation_timeout
    }

    /// A handle that also retries POST and PATCH under the client's retry policy, sharing this
    /// client's pool, credentials and scope. Use it for writes that are safe to send twice.
    ///
    /// ```no_run
    /// # async fn example(client: palette_sdk::Client, body: palette_sdk::types::WorkspaceBackupConfigEntity) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::prelude::*;
    /// // Updating backup settings twice leaves the same settings: safe to retry.
    /// client.retrying_writes().workspace_ops_backup_update().uid("5f3c").body(body).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn retrying_writes(&self) -> Client {
        let mut state = self.inner.clone();
        state.retry_writes = true;
        self.with_state(state)
    }

    /// A handle like this one with other credentials.
    pub(crate) fn with_credentials(&self, credentials: Credentials) -> Client {
        let mut state = self.inner.clone();
        state.credentials = credentials;
        self.with_state(state)
    }
}
