//! The operation timeout: how long a whole call may take, for a client, a handle or one call.

use std::future::Future;
use std::time::Duration;

use crate::Client;
use crate::state::ClientState;

tokio::task_local! {
    /// The operation timeout of the call being sent, when it was given for that call alone.
    static PER_CALL: Duration;
}

/// The operation timeout of the call this handle is sending now: the one given to
/// [`Call::send_within`](crate::Call::send_within) around it, else the handle's.
pub(crate) fn operation_timeout(state: &ClientState) -> Duration {
    PER_CALL
        .try_with(|timeout| *timeout)
        .unwrap_or(state.operation_timeout)
}

/// Runs `call` with its own operation timeout.
pub(crate) async fn within<F: Future>(timeout: Duration, call: F) -> F::Output {
    PER_CALL.scope(timeout, call).await
}

impl Client {
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
}
