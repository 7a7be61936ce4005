//! The fake's virtual cluster pauses: the pause asked for, and the lifecycle status it shows on the fake's clock.

use std::collections::BTreeMap;
use std::time::Duration;

/// How long a virtual cluster is `Pausing` or `Resuming`, in the fake's time.
pub(crate) const STEP: Duration = Duration::from_secs(60);

/// The last pause or resume asked of one virtual cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Lifecycle {
    pub(crate) pause: bool,
    /// Fake time of the request.
    since: Duration,
}

/// The virtual clusters ever paused, by uid.
#[derive(Debug, Default)]
pub(crate) struct Lifecycles {
    all: BTreeMap<String, Lifecycle>,
}

impl Lifecycles {
    /// Asks for a pause (or a resume) at fake time `now`. Asking for what is already asked
    /// changes nothing.
    pub(crate) fn set(&mut self, uid: &str, pause: bool, now: Duration) {
        let unchanged = self.all.get(uid).is_some_and(|l| l.pause == pause);
        // A cluster never paused is running: resuming it changes nothing either.
        if unchanged || (!pause && !self.all.contains_key(uid)) {
            return;
        }
        self.all
            .insert(uid.to_string(), Lifecycle { pause, since: now });
    }

    /// The pause asked for, if any was.
    pub(crate) fn get(&self, uid: &str) -> Option<Lifecycle> {
        self.all.get(uid).copied()
    }

    /// The lifecycle status of a running virtual cluster at fake time `now`: `Running` if it
    /// was never paused, else `Pausing` then `Paused`, or after a resume `Resuming` then
    /// `Running`, each transition taking [`STEP`].
    pub(crate) fn status(&self, uid: &str, now: Duration) -> &'static str {
        match self.all.get(uid) {
            None => "Running",
            Some(l) => {
                let settled = now.saturating_sub(l.since) >= STEP;
                match (l.pause, settled) {
                    (true, false) => "Pausing",
                    (true, true) => "Paused",
                    (false, false) => "Resuming",
                    (false, true) => "Running",
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pause_and_a_resume_each_take_a_step() {
        let mut lifecycles = Lifecycles::default();
        let at = |s| Duration::from_secs(s);
        assert_eq!(lifecycles.status("v", at(0)), "Running");
        lifecycles.set("v", false, at(0));
        assert_eq!(lifecycles.get("v"), None, "resuming a running cluster");
        lifecycles.set("v", true, at(10));
        assert_eq!(lifecycles.status("v", at(69)), "Pausing");
        assert_eq!(lifecycles.status("v", at(70)), "Paused");
        lifecycles.set("v", true, at(100));
        assert_eq!(lifecycles.status("v", at(100)), "Paused", "paused again");
        lifecycles.set("v", false, at(200));
        assert_eq!(lifecycles.status("v", at(259)), "Resuming");
        assert_eq!(lifecycles.status("v", at(260)), "Running");
    }
}
