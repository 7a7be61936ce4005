//! Polling until something reaches a state (a backup or restore run ends, a cluster runs or is gone): interval, overall timeout, progress, and the error that names what stopped the wait.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use crate::Error;
pub use crate::error::wait::{Awaited, RunKind, RunPhase, WaitError, WaitFailure};

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

/// How one observation stands for a wait (see [`until`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Not there yet: poll again.
    Waiting,
    /// Reached: the wait ends well.
    Done,
    /// Never going to be reached: the wait ends with this failure.
    Failed(WaitFailure),
}

/// The one polling loop behind every waiter. Polls `observe` (which gives `None` while Palette
/// does not list the thing awaited) until `judge` says the observation is done or failed, or
/// `options.timeout` passes; `progress` sees every observation, and `state_of` names its state
/// for the error. Returns the observation that ended the wait.
///
/// The timeout bounds the poll in flight too. A poll that fails in a way worth trying again
/// (a transport failure, a 5xx, 408 or 429, a session renewal that failed for now) is logged
/// and polled again at the next interval; any other error ends the wait. A wait that times
/// out having had answers but never an observation fails with `NotFound`. A wait that times
/// out keeps the last error a poll failed with ([`WaitError::last_error`]).
// Only the workflows of some categories wait.
#[cfg_attr(
    not(any(
        feature = "workspaces",
        feature = "spectroclusters",
        feature = "registries"
    )),
    allow(dead_code)
)]
pub(crate) async fn poll_until<S, F, Fut>(
    awaited: Awaited,
    options: WaitOptions,
    mut observe: F,
    judge: impl Fn(Option<&S>) -> Verdict,
    state_of: impl Fn(&S) -> Option<String>,
    mut progress: impl FnMut(&S),
) -> Result<Option<S>, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<S>, Error>>,
{
    // `None`: no limit (a timeout too long to add to the clock, such as `Duration::MAX`).
    let deadline = Instant::now().checked_add(options.timeout);
    let mut last_state: Option<String> = None;
    // Whether Palette answered a poll at all, and whether it ever listed the thing awaited.
    let mut answered = false;
    let mut seen = false;
    // The last failed poll that did not end the wait.
    let mut last_error: Option<Arc<Error>> = None;
    let fail = |failure, last_state: Option<String>, last_error: Option<Arc<Error>>| {
        Error::Wait(Box::new(WaitError {
            awaited: awaited.clone(),
            failure,
            last_state,
            last_error,
        }))
    };
    let timed_out = |answered: bool, seen: bool, last_state, last_error| {
        if answered && !seen {
            fail(WaitFailure::NotFound, last_state, last_error)
        } else {
            fail(
                WaitFailure::TimedOut(options.timeout),
                last_state,
                last_error,
            )
        }
    };
    loop {
        let polled = match deadline {
            Some(deadline) => match tokio::time::timeout_at(deadline, observe()).await {
                Ok(polled) => polled,
                Err(_) => return Err(timed_out(answered, seen, last_state, last_error)),
            },
            None => observe().await,
        };
        match polled {
            Ok(observed) => {
                answered = true;
                if let Some(observed) = &observed {
                    seen = true;
                    progress(observed);
                    last_state = state_of(observed);
                }
                match judge(observed.as_ref()) {
                    Verdict::Done => return Ok(observed),
                    Verdict::Failed(failure) => return Err(fail(failure, last_state, None)),
                    Verdict::Waiting => {}
                }
            }
            Err(e) if is_transient(&e) => {
                tracing::warn!(%awaited, error = %e, "polling failed for now; polling again");
                last_error = Some(Arc::new(e));
            }
            Err(e) => return Err(e),
        }
        if let Some(deadline) = deadline {
            let next_poll = Instant::now().checked_add(options.interval);
            if next_poll.is_none_or(|at| at > deadline) {
                return Err(timed_out(answered, seen, last_state, last_error));
            }
        }
        tokio::time::sleep(options.interval).await;
    }
}

/// Waits for a condition of your own with the mechanism the workflows use: polls `observe`
/// every [`WaitOptions::interval`] until `check` says [`Verdict::Done`] (and returns the
/// observation that ended the wait) or [`Verdict::Failed`], or [`WaitOptions::timeout`]
/// passes, the poll in flight included. `observe` answers `None` while the thing awaited is
/// not there (not listed yet, or gone: say which is done with `check`); `progress` sees every
/// observation.
///
/// A poll that fails in a way worth trying again (a transport failure, a 5xx, 408 or 429, a
/// session renewal that failed for now) is polled again at the next interval, and a wait that
/// then times out keeps that error ([`WaitError::last_error`]); any other error ends the wait
/// at once. A wait that times out having had answers but never an observation fails with
/// [`WaitFailure::NotFound`]. The error names `what` ([`Awaited::Condition`]).
///
/// ```no_run
/// # #[cfg(feature = "spectroclusters")]
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use std::time::Duration;
/// use palette_sdk::prelude::*;
/// use palette_sdk::wait::{self, Verdict, WaitOptions};
///
/// // Until the cluster has a kubeconfig to hand out (404 until Palette makes one).
/// let options = WaitOptions::default().timeout(Duration::from_secs(600));
/// let kubeconfig = wait::until(
///     "the kubeconfig of cluster c1",
///     options,
///     || async {
///         match client.spectro_clusters_uid_kube_config().uid("c1").send().await {
///             Ok(file) => Ok(Some(file)),
///             Err(e) if e.is_not_found() => Ok(None),
///             Err(e) => Err(e),
///         }
///     },
///     |file| match file {
///         Some(_) => Verdict::Done,
///         None => Verdict::Waiting,
///     },
///     |_| {},
/// )
/// .await?;
/// # Ok(()) }
/// ```
pub async fn until<S, F, Fut>(
    what: impl Into<String>,
    options: WaitOptions,
    observe: F,
    check: impl Fn(Option<&S>) -> Verdict,
    progress: impl FnMut(&S),
) -> Result<Option<S>, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<S>, Error>>,
{
    let awaited = Awaited::Condition { what: what.into() };
    poll_until(awaited, options, observe, check, |_| None, progress).await
}

/// [`poll_until`] for a wait whose `judge` is done only on an observation: returns that
/// observation (a `None` would be reported as [`WaitFailure::NotFound`]).
#[cfg_attr(
    not(any(
        feature = "workspaces",
        feature = "spectroclusters",
        feature = "registries"
    )),
    allow(dead_code)
)]
pub(crate) async fn poll_until_observed<S, F, Fut>(
    awaited: Awaited,
    options: WaitOptions,
    observe: F,
    judge: impl Fn(Option<&S>) -> Verdict,
    state_of: impl Fn(&S) -> Option<String>,
    progress: impl FnMut(&S),
) -> Result<S, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<S>, Error>>,
{
    let done = poll_until(awaited.clone(), options, observe, judge, state_of, progress).await?;
    done.ok_or_else(|| {
        Error::Wait(Box::new(WaitError {
            awaited,
            failure: WaitFailure::NotFound,
            last_state: None,
            last_error: None,
        }))
    })
}

/// Polls a workspace's backup or restore run until it is terminal: [`until_run_done`] naming
/// the workspace.
#[cfg_attr(not(feature = "workspaces"), allow(dead_code))]
pub(crate) async fn until_done<F, Fut>(
    kind: RunKind,
    workspace_uid: &str,
    request_uid: &str,
    options: WaitOptions,
    observe: F,
    progress: impl FnMut(&RunStatus),
) -> Result<RunStatus, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<RunStatus>, Error>>,
{
    let awaited = Awaited::Run {
        kind,
        workspace_uid: workspace_uid.to_string(),
        request_uid: request_uid.to_string(),
    };
    until_run_done(awaited, options, observe, progress).await
}

/// Polls a backup or restore run (of a workspace or a cluster, as `awaited` says) until it is
/// terminal: [`poll_until`] with the run's phases. `Completed` ends the wait well;
/// `PartiallyFailed`, `Failed` and `FailedValidation` end it with an error; every other
/// state (Velero's `WaitingForPluginOperations...` and `Finalizing...` among them) waits on.
#[cfg_attr(
    not(any(feature = "workspaces", feature = "spectroclusters")),
    allow(dead_code)
)]
pub(crate) async fn until_run_done<F, Fut>(
    awaited: Awaited,
    options: WaitOptions,
    observe: F,
    progress: impl FnMut(&RunStatus),
) -> Result<RunStatus, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<RunStatus>, Error>>,
{
    let judge = |run: Option<&RunStatus>| match run.map(|r| r.phase) {
        None | Some(RunPhase::Running) => Verdict::Waiting,
        Some(RunPhase::Completed) => Verdict::Done,
        Some(RunPhase::PartiallyFailed) => Verdict::Failed(WaitFailure::PartiallyFailed),
        Some(RunPhase::Failed) => Verdict::Failed(WaitFailure::Failed),
    };
    poll_until_observed(
        awaited,
        options,
        observe,
        judge,
        |run| Some(run.state.clone()),
        progress,
    )
    .await
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
            operation: crate::client::table::find("workspaceOpsBackupGet").unwrap(),
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

    #[tokio::test(start_paused = true)]
    async fn a_wait_that_times_out_keeps_the_last_error_it_polled_through() {
        let options = WaitOptions::default()
            .interval(Duration::from_secs(1))
            .timeout(Duration::from_secs(10));
        let mut script = vec![Ok(Some(status("InProgress"))), Err(api_error(500))].into_iter();
        let err = until_done(
            RunKind::Backup,
            "w1",
            "r1",
            options,
            || std::future::ready(script.next().unwrap_or_else(|| Err(api_error(503)))),
            |_| {},
        )
        .await
        .unwrap_err();
        let Error::Wait(wait) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(wait.failure, WaitFailure::TimedOut(Duration::from_secs(10)));
        let last = wait.last_error().expect("kept");
        assert_eq!(last.status().map(|s| s.as_u16()), Some(503), "the last one");
        let source = std::error::Error::source(&err).expect("the source");
        assert_eq!(source.to_string(), last.to_string());
        assert_eq!(
            err.to_string(),
            "backup r1 of workspace w1 did not finish within 10s (last state: InProgress); \
             last error while polling: 503 GET /v1/workspaces/{uid}/backup (workspaceOpsBackupGet): \
             Service Unavailable"
        );
    }

    #[tokio::test]
    async fn a_wait_that_ends_on_a_state_keeps_no_poll_error() {
        let mut script = vec![
            Err(api_error(503)),
            Ok(Some(status("InProgress"))),
            Ok(Some(status("Failed"))),
        ]
        .into_iter();
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
        let Error::Wait(wait) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(wait.failure, WaitFailure::Failed);
        assert!(wait.last_error().is_none());
        assert!(std::error::Error::source(&err).is_none());
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

    #[tokio::test]
    async fn a_wait_for_absence_ends_well_when_the_thing_is_gone() {
        let mut script = vec![Some("Deleting"), Some("Deleting"), None].into_iter();
        let mut seen = Vec::new();
        let gone = poll_until(
            Awaited::ClusterDeleted { uid: "c1".into() },
            fast(),
            || std::future::ready(Ok(script.next().flatten())),
            |state: Option<&&str>| match state {
                None => Verdict::Done,
                Some(_) => Verdict::Waiting,
            },
            |state| Some(state.to_string()),
            |state| seen.push(*state),
        )
        .await
        .unwrap();
        assert_eq!(gone, None);
        assert_eq!(seen, ["Deleting", "Deleting"]);
    }

    #[tokio::test]
    async fn a_judged_failure_names_what_was_awaited_and_its_last_state() {
        let mut script = vec![Some("Provisioning"), Some("Failed")].into_iter();
        let err = poll_until(
            Awaited::ClusterRunning { uid: "c1".into() },
            fast(),
            || std::future::ready(Ok(script.next().flatten())),
            |state: Option<&&str>| match state {
                Some(&"Failed") => Verdict::Failed(WaitFailure::Failed),
                Some(_) => Verdict::Waiting,
                None => Verdict::Failed(WaitFailure::NotFound),
            },
            |state| Some(state.to_string()),
            |_| {},
        )
        .await
        .unwrap_err();
        assert_eq!(err.to_string(), "cluster c1 failed (last state: Failed)");
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

    /// A caller's own condition: every observation is seen, the one that ends the wait is
    /// returned, a failure the caller decides ends it at once, and a timeout keeps the last
    /// error a poll failed with and names what was awaited in the caller's words.
    #[tokio::test(start_paused = true)]
    async fn a_callers_own_condition_waits_like_the_workflows() {
        let mut script = vec![
            Ok(None),
            Err(api_error(503)),
            Ok(Some(1)),
            Ok(Some(2)),
            Ok(Some(3)),
        ]
        .into_iter();
        let mut seen = Vec::new();
        let done = until(
            "three hosts",
            fast(),
            || std::future::ready(script.next().unwrap()),
            |n: Option<&u32>| match n {
                Some(3) => Verdict::Done,
                _ => Verdict::Waiting,
            },
            |n| seen.push(*n),
        )
        .await
        .unwrap();
        assert_eq!(done, Some(3));
        assert_eq!(seen, [1, 2, 3]);

        let err = until(
            "a host that will not come",
            fast(),
            || std::future::ready(Ok(Some(7u32))),
            |_| Verdict::Failed(WaitFailure::Failed),
            |_| {},
        )
        .await
        .unwrap_err();
        assert_eq!(err.to_string(), "a host that will not come failed");

        let options = WaitOptions::default()
            .interval(Duration::from_secs(1))
            .timeout(Duration::from_secs(5));
        let err = until(
            "a quiet host",
            options,
            || std::future::ready(Err::<Option<u32>, _>(api_error(503))),
            |_| Verdict::Waiting,
            |_| {},
        )
        .await
        .unwrap_err();
        let Error::Wait(wait) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(wait.failure, WaitFailure::TimedOut(Duration::from_secs(5)));
        assert_eq!(
            wait.awaited,
            Awaited::Condition {
                what: "a quiet host".into()
            }
        );
        assert!(wait.last_error().is_some(), "{err}");
        assert!(
            err.to_string()
                .starts_with("a quiet host was not reached within 5s; last error"),
            "{err}"
        );
    }
}
