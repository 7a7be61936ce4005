//! A short soak under faults: thousands of concurrent calls through a login session against a server that resets, stalls, truncates, throttles and revokes tokens; the invariants hold.
//!
//! The figures of the long run are in README "Reliability" (`cargo bench --bench soak`).

mod common;

use std::time::Duration;

use common::faulty::Faults;
use common::soak_run::{Kind, SoakConfig, run};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousands_of_calls_under_faults_keep_every_invariant() {
    let config = SoakConfig {
        calls: 3000,
        concurrency: 64,
        operation_timeout: Duration::from_millis(1500),
        request_timeout: Duration::from_millis(500),
        faults: Faults {
            slow_delay: Duration::from_millis(50),
            // Short-lived tokens, so that the session renews them during the run.
            token_lifetime: Duration::from_millis(800),
            ..Faults::soak()
        },
    };
    let report = run(config).await;
    println!("{report}");

    assert_eq!(report.panics, 0, "no panic anywhere");
    assert_eq!(report.hung, 0, "every call ended");
    assert_eq!(report.calls(), 3000, "every call has an outcome");
    let outcomes = report.by_outcome();
    assert!(
        outcomes.keys().all(|o| !o.starts_with("other")),
        "every failure is one of the typed errors: {outcomes:?}"
    );
    assert!(
        outcomes.get("ok").copied().unwrap_or(0) > 2000,
        "most calls succeed through the faults: {outcomes:?}"
    );
    // A create that did not opt into retries reaches Palette exactly once, whatever happened.
    let (sent, received, most) = report.creates[&Kind::Create];
    assert_eq!(most, 1, "no create was received twice");
    assert_eq!(received, sent, "every create was received once");
    // One that opted in may be received again, and is received at least once.
    let (sent, received, _) = report.creates[&Kind::CreateRetried];
    assert!(received >= sent);
    // The revocation half-way through was survived by logging in again.
    assert!(report.server["logins"] >= 2, "{:?}", report.server);
    assert!(
        !outcomes.contains_key("session expired"),
        "the login callback recovers the session: {outcomes:?}"
    );
}
