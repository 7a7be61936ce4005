//! Failures a test schedules (`FakePalette::fail_call`): which call of an operation fails and how; plain data the HTTP layer keeps and consults.

use crate::document::operation::Operation;
use crate::testing::refusal::{Refusal, refuse};

/// Failures a test scheduled: the nth call of an operation, counted from when it was
/// scheduled, answers an error status with Palette's error body.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    /// (operation id, calls still to let through, status).
    scheduled: Vec<(String, u32, u16)>,
}

impl Faults {
    /// Makes the `nth` call from now (1 = the next) of `operation_id` answer `status`.
    pub(crate) fn schedule(&mut self, operation_id: &str, nth: u32, status: u16) {
        self.scheduled
            .push((operation_id.to_string(), nth.max(1), status));
    }

    /// Counts a call of `operation_id`; the status to answer instead, if one is due.
    fn due(&mut self, operation_id: &str) -> Option<u16> {
        let mut due = None;
        for (op, left, status) in &mut self.scheduled {
            if op == operation_id {
                *left -= 1;
                if *left == 0 && due.is_none() {
                    due = Some(*status);
                }
            }
        }
        self.scheduled.retain(|(_, left, _)| *left > 0);
        due
    }

    /// Counts a call of `op`; the refusal to answer instead, if a fault is due.
    pub(crate) fn on_call(&mut self, op: &Operation) -> Option<Refusal> {
        self.due(op.id).map(|status| fault(status, op))
    }
}

/// The refusal a scheduled fault answers with: a 4xx or 5xx as given, anything else as 500.
fn fault(status: u16, op: &Operation) -> Refusal {
    let (status, code) = match status {
        429 => (429, "TooManyRequests"),
        502 => (502, "BadGateway"),
        503 => (503, "ServiceUnavailable"),
        504 => (504, "GatewayTimeout"),
        400..=599 => (status, "InternalError"),
        _ => (500, "InternalError"),
    };
    refuse(
        status,
        code,
        format!(
            "a fault scheduled by the test failed this call of {}",
            op.id
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scheduled_fault_hits_only_its_nth_call() {
        let mut faults = Faults::default();
        faults.schedule("spectroClustersGet", 2, 503);
        assert_eq!(faults.due("spectroClustersGet"), None);
        assert_eq!(faults.due("usersInfoGet"), None);
        assert_eq!(faults.due("spectroClustersGet"), Some(503));
        assert_eq!(faults.due("spectroClustersGet"), None, "it fires once");
    }
}
