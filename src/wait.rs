//! Polling a backup or restore run until it ends: interval, overall timeout, terminal states, progress.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::Error;

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
    /// The pause between polls.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The longest the whole wait may take.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// Where a run stands, read from Palette's state string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunPhase {
    /// Not finished (any state Palette reports that is not one of the others).
    Running,
    /// Finished successfully (`Completed`).
    Completed,
    /// Finished with some clusters or resources failed (`PartiallyFailed`).
    PartiallyFailed,
    /// Finished unsuccessfully (`Failed`, `FailedValidation`, ...).
    Failed,
}

impl RunPhase {
    /// Reads a state as Palette (and Velero under it) writes it; case is ignored.
    pub fn of(state: &str) -> RunPhase {
        let state = state.to_ascii_lowercase();
        if state == "completed" {
            RunPhase::Completed
        } else if state.starts_with("partially") {
            RunPhase::PartiallyFailed
        } else if state.contains("fail") {
            RunPhase::Failed
        } else {
            RunPhase::Running
        }
    }

    /// True once the run has ended, well or not.
    pub fn is_terminal(self) -> bool {
        self != RunPhase::Running
    }
}

/// What kind of run is awaited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    /// A workspace backup.
    Backup,
    /// A workspace restore.
    Restore,
}

impl fmt::Display for RunKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RunKind::Backup => "backup",
            RunKind::Restore => "restore",
        })
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

/// Why waiting for a run did not end in success.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaitFailure {
    /// The overall timeout passed first.
    TimedOut(Duration),
    /// The run ended failed or partially failed.
    Ended(RunPhase),
    /// Palette does not know the run.
    NotFound,
}

/// A wait that did not end in success; names the run and the last state seen.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WaitError {
    /// Backup or restore.
    pub kind: RunKind,
    /// The workspace.
    pub workspace_uid: String,
    /// The run.
    pub request_uid: String,
    /// What happened.
    pub failure: WaitFailure,
    /// The last state observed, if any.
    pub last_state: Option<String>,
}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} of workspace {} ",
            self.kind, self.request_uid, self.workspace_uid
        )?;
        match &self.failure {
            WaitFailure::TimedOut(after) => write!(f, "did not finish within {after:?}")?,
            WaitFailure::Ended(RunPhase::PartiallyFailed) => f.write_str("partially failed")?,
            WaitFailure::Ended(_) => f.write_str("failed")?,
            WaitFailure::NotFound => f.write_str("is unknown to Palette")?,
        }
        match &self.last_state {
            Some(state) if !state.is_empty() => write!(f, " (last state: {state})"),
            _ => f.write_str(" (no state seen)"),
        }
    }
}

impl std::error::Error for WaitError {}

/// Polls `observe` until the run is terminal or `options.timeout` passes, calling `progress`
/// with every observation. `observe` returns `None` while Palette does not list the run;
/// that is only an error if the run never appears.
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
    let deadline = Instant::now() + options.timeout;
    let mut last: Option<RunStatus> = None;
    let fail = |failure, last: &Option<RunStatus>| {
        Error::Wait(Box::new(WaitError {
            kind,
            workspace_uid: workspace_uid.to_string(),
            request_uid: request_uid.to_string(),
            failure,
            last_state: last.as_ref().map(|s| s.state.clone()),
        }))
    };
    loop {
        if let Some(status) = observe().await? {
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
        let now = Instant::now();
        if now + options.interval > deadline {
            let failure = if last.is_none() {
                WaitFailure::NotFound
            } else {
                WaitFailure::TimedOut(options.timeout)
            };
            return Err(fail(failure, &last));
        }
        tokio::time::sleep(options.interval).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_read_as_phases() {
        assert_eq!(RunPhase::of("Completed"), RunPhase::Completed);
        assert_eq!(RunPhase::of("completed"), RunPhase::Completed);
        assert_eq!(RunPhase::of("PartiallyFailed"), RunPhase::PartiallyFailed);
        assert_eq!(RunPhase::of("Failed"), RunPhase::Failed);
        assert_eq!(RunPhase::of("FailedValidation"), RunPhase::Failed);
        for running in [
            "",
            "New",
            "InProgress",
            "Finalizing",
            "WaitingForPluginOperations",
        ] {
            assert_eq!(RunPhase::of(running), RunPhase::Running, "{running}");
        }
    }

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
}
