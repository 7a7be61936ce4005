//! Failed waits: what a wait was for, where a backup or restore run stands, and why the wait ended.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::Error;

/// Where a backup or restore run stands, read from Palette's state string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunPhase {
    /// Not finished: `New`, `InProgress`, Velero's `WaitingForPluginOperations`,
    /// `WaitingForPluginOperationsPartiallyFailed`, `Finalizing`, `FinalizingPartiallyFailed`,
    /// no state yet, or a state this SDK does not know.
    Running,
    /// Finished successfully (`Completed`).
    Completed,
    /// Finished with some clusters or resources failed (`PartiallyFailed`).
    PartiallyFailed,
    /// Finished unsuccessfully (`Failed`, `FailedValidation`).
    Failed,
}

impl RunPhase {
    /// Reads a state as Palette (and Velero under it) writes it. Only the four end states,
    /// matched whole (ASCII case ignored), end a run: `Completed`, `PartiallyFailed`, `Failed`
    /// and `FailedValidation`. Every other state, known or not, is still running.
    ///
    /// ```
    /// use palette_sdk::wait::RunPhase;
    /// assert_eq!(RunPhase::of("PartiallyFailed"), RunPhase::PartiallyFailed);
    /// assert_eq!(RunPhase::of("FinalizingPartiallyFailed"), RunPhase::Running);
    /// assert_eq!(RunPhase::of("SomethingNew"), RunPhase::Running);
    /// ```
    pub fn of(state: &str) -> RunPhase {
        let is = |name: &str| state.eq_ignore_ascii_case(name);
        if is("Completed") {
            RunPhase::Completed
        } else if is("PartiallyFailed") {
            RunPhase::PartiallyFailed
        } else if is("Failed") || is("FailedValidation") {
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
    /// A backup (of a workspace or of a cluster).
    Backup,
    /// A restore (of a workspace or into a cluster).
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

/// What a wait was for: the thing polled and the state it was to reach.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Awaited {
    /// A backup or restore run of a workspace, to complete.
    Run {
        /// Backup or restore.
        kind: RunKind,
        /// The workspace.
        workspace_uid: String,
        /// The run.
        request_uid: String,
    },
    /// A cluster, to be running (and healthy, when asked).
    ClusterRunning {
        /// The cluster's uid.
        uid: String,
    },
    /// A cluster, to be gone.
    ClusterDeleted {
        /// The cluster's uid.
        uid: String,
    },
    /// A virtual cluster, to be reported `Paused`.
    ClusterPaused {
        /// The cluster's uid.
        uid: String,
    },
    /// A virtual cluster, to be reported running again after a pause.
    ClusterResumed {
        /// The cluster's uid.
        uid: String,
    },
    /// A registry's sync, to end.
    RegistrySync {
        /// The registry's name.
        name: String,
        /// The registry's uid.
        uid: String,
    },
    /// A backup run of a cluster, or a restore run into a cluster, to complete.
    ClusterRun {
        /// Backup or restore.
        kind: RunKind,
        /// The cluster backed up, or restored into.
        cluster_uid: String,
        /// The run.
        request_uid: String,
    },
    /// A condition of the caller's ([`wait::until`](crate::send::wait::until)), as they named it.
    Condition {
        /// What was awaited, in the caller's words.
        what: String,
    },
    /// An edge host, to be registered (known to Palette in the project).
    EdgeHostRegistered {
        /// The host's uid.
        uid: String,
    },
    /// Edge hosts matching a filter, to be listed, at least so many of them.
    EdgeHostsListed {
        /// How many were awaited.
        at_least: usize,
        /// Which hosts, as the filter reads (`unassigned edge hosts tagged site:42`).
        filter: String,
    },
}

impl fmt::Display for Awaited {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Awaited::Run {
                kind,
                workspace_uid,
                request_uid,
            } => write!(f, "{kind} {request_uid} of workspace {workspace_uid}"),
            Awaited::ClusterRun {
                kind: RunKind::Backup,
                cluster_uid,
                request_uid,
            } => write!(f, "backup {request_uid} of cluster {cluster_uid}"),
            Awaited::ClusterRun {
                kind: RunKind::Restore,
                cluster_uid,
                request_uid,
            } => write!(f, "restore {request_uid} into cluster {cluster_uid}"),
            Awaited::ClusterRunning { uid }
            | Awaited::ClusterDeleted { uid }
            | Awaited::ClusterPaused { uid }
            | Awaited::ClusterResumed { uid } => write!(f, "cluster {uid}"),
            Awaited::RegistrySync { name, uid } => write!(f, "sync of registry {name:?} ({uid})"),
            Awaited::Condition { what } => f.write_str(what),
            Awaited::EdgeHostRegistered { uid } => write!(f, "edge host {uid}"),
            Awaited::EdgeHostsListed { at_least, filter } => write!(f, "{at_least} {filter}"),
        }
    }
}

/// Why waiting did not end in success.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaitFailure {
    /// The overall timeout passed first.
    TimedOut(Duration),
    /// What was awaited ended in a failed state (a run failed, a cluster failed to
    /// provision); the error's `last_state` says which.
    Failed,
    /// A run ended with some clusters or resources failed.
    PartiallyFailed,
    /// Palette does not know what was awaited (a run never listed, a cluster that is not
    /// there).
    NotFound,
}

/// A wait that did not end in success; names what was awaited, why it stopped and the last
/// state seen, and, for a wait that ran out of time, the last error a poll failed with.
///
/// A poll that fails in a way worth trying again (a reset, a 5xx, a 429, a session renewal
/// that failed for now) does not end a wait; when the wait then times out (or never saw what
/// it awaited), the last such error is kept, so that "it never got there" comes with a why:
/// [`last_error`](Self::last_error) returns it, it is the error's
/// [`source`](std::error::Error::source), and it is shown after the last state, as in
/// `cluster c1 was not running within 600s (last state: Provisioning); last error while
/// polling: 503 GET /v1/dashboard/spectroclusters/{uid}/overview
/// (spectroClustersSummaryUidOverview): Service Unavailable`. It is kept even when later
/// polls answered. Like every error of the SDK, it shows no key, token or password.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WaitError {
    /// What was awaited.
    pub awaited: Awaited,
    /// What happened.
    pub failure: WaitFailure,
    /// The last state observed, if any.
    pub last_state: Option<String>,
    /// See [`last_error`](Self::last_error).
    pub(crate) last_error: Option<Arc<Error>>,
}

impl WaitError {
    /// The last error a poll failed with (in a way worth polling again through) before the
    /// wait ran out of time, if any; `None` for a wait that ended on a state.
    pub fn last_error(&self) -> Option<&Error> {
        self.last_error.as_deref()
    }
}

impl PartialEq for WaitError {
    /// Equal when what was awaited, the failure, the last state and the last poll error (by
    /// how it reads) are.
    fn eq(&self, other: &Self) -> bool {
        self.awaited == other.awaited
            && self.failure == other.failure
            && self.last_state == other.last_state
            && self.last_error.as_ref().map(ToString::to_string)
                == other.last_error.as_ref().map(ToString::to_string)
    }
}

impl Eq for WaitError {}

impl fmt::Display for WaitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ", self.awaited)?;
        match (&self.failure, &self.awaited) {
            (WaitFailure::TimedOut(after), Awaited::Run { .. } | Awaited::ClusterRun { .. }) => {
                write!(f, "did not finish within {after:?}")?
            }
            (WaitFailure::TimedOut(after), Awaited::ClusterRunning { .. }) => {
                write!(f, "was not running within {after:?}")?
            }
            (WaitFailure::TimedOut(after), Awaited::ClusterDeleted { .. }) => {
                write!(f, "was not deleted within {after:?}")?
            }
            (WaitFailure::TimedOut(after), Awaited::ClusterPaused { .. }) => {
                write!(f, "was not paused within {after:?}")?
            }
            (WaitFailure::TimedOut(after), Awaited::ClusterResumed { .. }) => {
                write!(f, "was not resumed within {after:?}")?
            }
            (WaitFailure::TimedOut(after), Awaited::RegistrySync { .. }) => {
                write!(f, "did not end within {after:?}")?
            }
            (WaitFailure::TimedOut(after), Awaited::Condition { .. }) => {
                write!(f, "was not reached within {after:?}")?
            }
            (WaitFailure::TimedOut(after), Awaited::EdgeHostRegistered { .. }) => {
                write!(f, "did not register within {after:?}")?
            }
            (WaitFailure::TimedOut(after), Awaited::EdgeHostsListed { .. }) => {
                write!(f, "were not listed within {after:?}")?
            }
            (WaitFailure::Failed, _) => f.write_str("failed")?,
            (WaitFailure::PartiallyFailed, _) => f.write_str("partially failed")?,
            (WaitFailure::NotFound, Awaited::Run { .. } | Awaited::ClusterRun { .. }) => {
                f.write_str("is unknown to Palette")?
            }
            (WaitFailure::NotFound, Awaited::EdgeHostRegistered { .. }) => {
                f.write_str("never registered")?
            }
            (WaitFailure::NotFound, _) => f.write_str("was not found")?,
        }
        match (&self.last_state, &self.awaited) {
            (Some(state), _) if !state.is_empty() => write!(f, " (last state: {state})")?,
            // A condition of the caller's has no state the SDK can name.
            (_, Awaited::Condition { .. }) => {}
            _ => f.write_str(" (no state seen)")?,
        }
        match &self.last_error {
            Some(error) => write!(f, "; last error while polling: {error}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for WaitError {
    /// The last error a poll failed with, if the wait kept one.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.last_error
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_four_end_states_end_a_run() {
        assert_eq!(RunPhase::of("Completed"), RunPhase::Completed);
        assert_eq!(RunPhase::of("completed"), RunPhase::Completed);
        assert_eq!(RunPhase::of("PartiallyFailed"), RunPhase::PartiallyFailed);
        assert_eq!(RunPhase::of("Failed"), RunPhase::Failed);
        assert_eq!(RunPhase::of("FailedValidation"), RunPhase::Failed);
    }

    #[test]
    fn a_cluster_run_is_named_by_its_kind_cluster_and_request() {
        let run = |kind| Awaited::ClusterRun {
            kind,
            cluster_uid: "c1".into(),
            request_uid: "r1".into(),
        };
        let error = |awaited, failure| WaitError {
            awaited,
            failure,
            last_state: Some("Finalizing".into()),
            last_error: None,
        };
        assert_eq!(
            error(
                run(RunKind::Backup),
                WaitFailure::TimedOut(Duration::from_secs(60))
            )
            .to_string(),
            "backup r1 of cluster c1 did not finish within 60s (last state: Finalizing)"
        );
        assert_eq!(
            error(run(RunKind::Restore), WaitFailure::NotFound).to_string(),
            "restore r1 into cluster c1 is unknown to Palette (last state: Finalizing)"
        );
    }

    #[test]
    fn velero_states_on_the_way_to_the_end_are_still_running() {
        for running in [
            "",
            "New",
            "InProgress",
            "WaitingForPluginOperations",
            "WaitingForPluginOperationsPartiallyFailed",
            "Finalizing",
            "FinalizingPartiallyFailed",
            "Deleting",
            "SomeStateFromANewerPalette",
            "PartiallyFailedSoon",
            "NotFailedYet",
        ] {
            assert_eq!(RunPhase::of(running), RunPhase::Running, "{running}");
        }
    }
}
