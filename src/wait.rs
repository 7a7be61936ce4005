//! Polling a backup or restore run until it ends: interval, overall timeout, terminal states, progress.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::Error;
pub use crate::failures::{RunKind, RunPhase, WaitError, WaitFailure};

/// How often to poll and for how long.
///
/// ```
/// use std::time::Duration;
/// use palette_sdk::wait::WaitOptions;
/// let quick = WaitOptions::default().interval(Duration::from_secs(2)).timeout(Duration::from_secs(600));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitOptions {
    interval: Duration,
    timeout: Duration,
}

impl Default for WaitOptions {
    /// Poll every 10 seconds for up to 30 minutes.
    fn default() -> Self {
        WaitOptions {
            interval: Duration::from_secs(10),
            timeout: Duration::from_secs(30 * 60),
        }
    }
}

impl WaitOptions {
    /// The pause between polls (`Duration::MAX`: poll once, unless the timeout is also
    /// `Duration::MAX`).
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The longest the whole wait may take, the poll in flight included (`Duration::MAX`: no
    /// limit).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// One observation of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunStatus {
    /// The request uid that identifies the run.
    pub request_uid: String,
    /// The run's overall state as Palette reports it (empty when it reports none yet).
    pub state: String,
    /// The state read as a phase.
    pub phase: RunPhase,
    /// Each cluster's part of the run.
    pub clusters: Vec<ClusterRun>,
}

/// One cluster's part of a backup or restore run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClusterRun {
    /// The cluster's uid.
    pub cluster_uid: String,
    /// The cluster's name.
    pub cluster_name: String,
    /// The name of the cluster's backup (what a restore of this cluster reads).
    pub backup_name: String,
    /// The cluster's state as Palette reports it.
    pub state: String,
}

/// Polls `observe` until the run is terminal or `options.timeout` passes, calling `progress`
/// with every observation. `observe` returns `None` while Palette does not list the run;
/// that is only an error if the run never appears.
///
/// The timeout bounds the poll in flight too. A poll that fails in a way worth trying again
/// (a transport failure, a 5xx, 408 or 429, a session renewal that failed for now) is logged
/// and polled again at the next interval; any other error ends the wait.
// Only the workflows of some categories wait for runs.
#[cfg_attr(not(feature = "workspaces"), allow(dead_code))]
pub(crate) async fn until_done<F, Fut>(
    kind: RunKind,
    workspace_uid: &str,
    request_uid: &str,
    options: WaitOptions,
    mut observe: F,
    mut progress: impl FnMut(&RunStatus),
) -> Result<RunStatus, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<RunStatus>, Error>>,
{
    // `None`: no limit (a timeout too long to add to the clock, such as `Duration::MAX`).
    let deadline = Instant::now().checked_add(options.timeout);
    let mut last: Option<RunStatus> = None;
    // Whether Palette answered a poll at all (a run it never lists is unknown to it).
    let mut answered = false;
    let fail = |failure, last: &Option<RunStatus>| {
        Error::Wait(Box::new(WaitError {
            kind,
            workspace_uid: workspace_uid.to_string(),
            request_uid: request_uid.to_string(),
            failure,
            last_state: last.as_ref().map(|s| s.state.clone()),
        }))
    };
    let timed_out = |answered: bool, last: &Option<RunStatus>| {
        if answered && last.is_none() {
            fail(WaitFailure::NotFound, last)
        } else {
            fail(WaitFailure::TimedOut(options.timeout), last)
        }
    };
    loop {
        let polled = match deadline {
            Some(deadline) => match tokio::time::timeout_at(deadline, observe()).await {
                Ok(polled) => polled,
                Err(_) => return Err(timed_out(answered, &last)),
            },
            None => observe().await,
        };
        match polled {
            Ok(Some(status)) => {
                answered = true;
                progress(&status);
                let phase = status.phase;
                if phase == RunPhase::Completed {
                    return Ok(status);
                }
                last = Some(status);
                if phase.is_terminal() {
                    return Err(fail(WaitFailure::Ended(phase), &last));
                }
            }
            Ok(None) => answered = true,
            Err(e) if is_transient(&e) => {
                tracing::warn!(%kind, request_uid, error = %e, "polling failed for now; polling again");
            }
            Err(e) => return Err(e),
        }
        if let Some(deadline) = deadline {
            let next_poll = Instant::now().checked_add(options.interval);
            if next_poll.is_none_or(|at| at > deadline) {
                return Err(timed_out(answered, &last));
            }
        }
        tokio::time::sleep(options.interval).await;
    }
}

/// True for a failed poll worth repeating: the run is still there, the answer was not.
fn is_transient(error: &Error) -> bool {
    error.is_retryable() || error.status().is_some_and(|s| s.is_server_error())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(state: &str) -> RunStatus {
        RunStatus {
            request_uid: "r1".into(),
            state: state.into(),
            phase: RunPhase::of(state),
            clusters: vec![],
        }
    }

    fn fast() -> WaitOptions {
        WaitOptions::default()
            .interval(Duration::from_millis(1))
            .timeout(Duration::from_secs(5))
    }

    #[tokio::test]
    async fn every_observation_is_reported_until_completion() {
        let mut script = vec![
            None,
            Some(status("New")),
            Some(status("InProgress")),
            Some(status("Completed")),
        ]
        .into_iter();
        let mut seen = Vec::new();
        let done = until_done(
            RunKind::Backup,
            "w1",
            "r1",
            fast(),
            || std::future::ready(Ok(script.next().flatten())),
            |s| seen.push(s.state.clone()),
        )
        .await
        .unwrap();
        assert_eq!(done.phase, RunPhase::Completed);
        assert_eq!(seen, ["New", "InProgress", "Completed"]);
    }

    #[tokio::test]
    async fn a_failed_run_is_an_error_naming_its_state() {
        let mut script =
            vec![Some(status("InProgress")), Some(status("PartiallyFailed"))].into_iter();
        let err = until_done(
            RunKind::Restore,
            "w1",
            "r1",
            fast(),
            || std::future::ready(Ok(script.next().flatten())),
            |_| {},
        )
        .await
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "restore r1 of workspace w1 partially failed (last state: PartiallyFailed)"
        );
    }

    #[tokio::test]
    async fn a_run_that_never_ends_times_out_with_its_last_state() {
        let options = WaitOptions::default()
            .interval(Duration::from_millis(5))
            .timeout(Duration::from_millis(30));
        let err = until_done(
            RunKind::Backup,
            "w1",
            "r1",
            options,
            || std::future::ready(Ok(Some(status("InProgress")))),
            |_| {},
        )
        .await
        .unwrap_err();
        let Error::Wait(wait) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(
            wait.failure,
            WaitFailure::TimedOut(Duration::from_millis(30))
        );
        assert_eq!(wait.last_state.as_deref(), Some("InProgress"));
    }

    #[tokio::test]
    async fn a_run_that_never_appears_is_not_found() {
        let options = WaitOptions::default()
            .interval(Duration::from_millis(5))
            .timeout(Duration::from_millis(20));
        let err = until_done(
            RunKind::Backup,
            "w1",
            "r1",
            options,
            || std::future::ready(Ok(None)),
            |_| {},
        )
        .await
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("is unknown to Palette (no state seen)"),
            "{err}"
        );
    }

    fn api_error(status: u16) -> Error {
        Error::Api(Box::new(crate::ApiError {
            operation: crate::operation::find("workspaceOpsBackupGet").unwrap(),
            status: reqwest::StatusCode::from_u16(status).unwrap(),
            code: None,
            message: None,
            reference: None,
            details: None,
            audit_uid: None,
            raw_body: None,
            retry_after: None,
        }))
    }

    #[tokio::test(start_paused = true)]
    async fn the_timeout_also_bounds_the_poll_in_flight() {
        let options = WaitOptions::default()
            .interval(Duration::from_secs(1))
            .timeout(Duration::from_secs(30));
        let start = Instant::now();
        let waited = until_done(
            RunKind::Backup,
            "w1",
            "r1",
            options,
            std::future::pending::<Result<Option<RunStatus>, Error>>,
            |_| {},
        );
        let err = tokio::time::timeout(Duration::from_secs(3600), waited)
            .await
            .expect("the wait ends at its timeout, not when the poll does")
            .unwrap_err();
        let Error::Wait(wait) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(wait.failure, WaitFailure::TimedOut(Duration::from_secs(30)));
        assert_eq!(start.elapsed(), Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn a_transient_error_while_polling_is_polled_again() {
        let mut script = vec![
            Ok(Some(status("InProgress"))),
            Err(api_error(503)),
            Err(api_error(500)),
            Err(api_error(429)),
            Ok(Some(status("Completed"))),
        ]
        .into_iter();
        let mut seen = Vec::new();
        let done = until_done(
            RunKind::Backup,
            "w1",
            "r1",
            fast(),
            || std::future::ready(script.next().unwrap()),
            |s| seen.push(s.state.clone()),
        )
        .await
        .unwrap();
        assert_eq!(done.phase, RunPhase::Completed);
        assert_eq!(seen, ["InProgress", "Completed"]);
    }

    #[tokio::test]
    async fn a_final_error_while_polling_ends_the_wait_with_it() {
        let mut script = vec![Ok(Some(status("InProgress"))), Err(api_error(403))].into_iter();
        let err = until_done(
            RunKind::Backup,
            "w1",
            "r1",
            fast(),
            || std::future::ready(script.next().unwrap()),
            |_| {},
        )
        .await
        .unwrap_err();
        assert!(err.is_forbidden(), "{err:?}");
    }

    #[tokio::test]
    async fn velero_states_and_unknown_ones_keep_waiting_and_are_reported() {
        let states = [
            "WaitingForPluginOperations",
            "WaitingForPluginOperationsPartiallyFailed",
            "Finalizing",
            "FinalizingPartiallyFailed",
            "SomethingANewerPaletteSays",
            "Completed",
        ];
        let mut script = states.iter().map(|s| Ok(Some(status(s))));
        let mut seen = Vec::new();
        let done = until_done(
            RunKind::Restore,
            "w1",
            "r1",
            fast(),
            || std::future::ready(script.next().unwrap()),
            |s| seen.push(s.state.clone()),
        )
        .await
        .unwrap();
        assert_eq!(done.state, "Completed");
        assert_eq!(seen, states);
    }

    #[tokio::test(start_paused = true)]
    async fn duration_max_in_the_wait_options_never_panics() {
        let max = Duration::MAX;
        let second = Duration::from_secs(1);
        for (interval, timeout, completes) in [
            (max, max, true),
            (second, max, true),
            (max, Duration::from_secs(60), false),
        ] {
            let mut script = vec![
                Ok(Some(status("InProgress"))),
                Ok(Some(status("Completed"))),
            ]
            .into_iter();
            let options = WaitOptions::default().interval(interval).timeout(timeout);
            let waited = until_done(
                RunKind::Backup,
                "w1",
                "r1",
                options,
                || std::future::ready(script.next().unwrap()),
                |_| {},
            )
            .await;
            assert_eq!(waited.is_ok(), completes, "{options:?}: {waited:?}");
        }
    }
}
