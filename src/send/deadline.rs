//! The operation timeout: how long a whole call may take, for a client, a handle or one call.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::document::operation::Operation;
use crate::error::{Error, TimeoutError};

tokio::task_local! {
    /// The operation timeout of the call being sent, when it was given for that call alone.
    static PER_CALL: Duration;
}

/// When a call must be done by.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    at: Instant,
    timeout: Duration,
}

impl Deadline {
    /// The deadline of a call starting now: the operation timeout given to
    /// [`Call::send_within`](crate::Call::send_within) around it, else `handle_timeout`.
    /// `None` for no limit (a timeout too long to add to the clock, such as `Duration::MAX`).
    pub(crate) fn for_call(handle_timeout: Duration) -> Option<Deadline> {
        let timeout = PER_CALL.try_with(|t| *t).unwrap_or(handle_timeout);
        Some(Deadline {
            at: Instant::now().checked_add(timeout)?,
            timeout,
        })
    }

    /// When it passes.
    pub(crate) fn at(&self) -> Instant {
        self.at
    }

    /// The time left.
    pub(crate) fn left(&self) -> Duration {
        self.at.saturating_duration_since(Instant::now())
    }

    /// The error of `op` running out of time.
    pub(crate) fn passed(&self, op: &'static Operation) -> Error {
        Error::Timeout(Box::new(TimeoutError {
            operation: op,
            timeout: self.timeout,
        }))
    }

    /// Runs `work` until the deadline (if any), else fails with the timeout error of `op`.
    pub(crate) async fn bound<T>(
        deadline: Option<Deadline>,
        op: &'static Operation,
        work: impl Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        match deadline {
            Some(d) => tokio::time::timeout_at(d.at, work)
                .await
                .unwrap_or_else(|_| Err(d.passed(op))),
            None => work.await,
        }
    }
}

/// Runs `call` with its own operation timeout.
pub(crate) async fn within<F: Future>(timeout: Duration, call: F) -> F::Output {
    PER_CALL.scope(timeout, call).await
}
