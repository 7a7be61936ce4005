//! Time is bounded: the operation timeout covers a whole call, set per client, per handle or per call, and `Duration::MAX` means no limit anywhere.
//!
//! The tests run on a paused tokio clock against a server in the same runtime, so the times
//! they assert are exact.

mod common;

use std::time::Duration;

use common::scripted::{Reply, Scripted};
use common::{fixture, paused_builder};
use palette_sdk::prelude::*;
use palette_sdk::{Error, RateLimit, RetryPolicy};
use tokio::time::Instant;

fn workspace() -> Reply {
    Reply::json(200, &fixture("workspace")).closing()
}

/// A reply that never comes (within the tests' lifetime).
fn stalled() -> Reply {
    Reply::Slow(Duration::from_secs(24 * 3600), Box::new(workspace()))
}

fn timeout_of(err: &Error) -> Duration {
    match err {
        Error::Timeout(t) => t.timeout,
        other => panic!("not an operation timeout: {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn a_stalled_reply_ends_at_the_operation_timeout_naming_the_operation() {
    let server = Scripted::start(vec![stalled()]).await;
    let client = paused_builder(server.url())
        .operation_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let start = Instant::now();
    let err = client
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(start.elapsed(), Duration::from_secs(10));
    assert_eq!(timeout_of(&err), Duration::from_secs(10));
    assert!(err.is_timeout());
    assert!(err.is_retryable());
    assert_eq!(err.operation().unwrap().id, "workspacesUidGet");
    assert_eq!(
        err.to_string(),
        "GET /v1/workspaces/{uid} (workspacesUidGet): did not finish within the operation timeout (10s)"
    );
}

#[tokio::test(start_paused = true)]
async fn the_operation_timeout_covers_every_attempt_of_a_call() {
    // Each attempt times out after 4 s; the whole call may take 10 s.
    let server = Scripted::start(vec![stalled()]).await;
    let client = paused_builder(server.url())
        .request_timeout(Duration::from_secs(4))
        .operation_timeout(Duration::from_secs(10))
        .retry(
            RetryPolicy::default()
                .max_attempts(10)
                .base_delay(Duration::from_millis(500))
                .jitter(false),
        )
        .build()
        .unwrap();
    let start = Instant::now();
    let err = client
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    // Attempts at 0 s, 4.5 s (after 4 s and a 0.5 s wait) and 9.5 s (after 4 s and 1 s);
    // the third is cut off by the operation timeout.
    assert_eq!(server.arrivals_ms(start), [0, 4500, 9500]);
    assert_eq!(start.elapsed(), Duration::from_secs(10));
    assert_eq!(timeout_of(&err), Duration::from_secs(10));
}

#[tokio::test(start_paused = true)]
async fn a_wait_that_would_pass_the_operation_timeout_ends_the_call_with_the_last_error() {
    let server = Scripted::start(vec![Reply::empty(503).closing()]).await;
    let client = paused_builder(server.url())
        .operation_timeout(Duration::from_secs(10))
        .retry(
            RetryPolicy::default()
                .max_attempts(10)
                .base_delay(Duration::from_secs(4))
                .max_delay(Duration::from_secs(60))
                .jitter(false),
        )
        .build()
        .unwrap();
    let start = Instant::now();
    let err = client
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    // 503 at 0 s, a 4 s wait, 503 at 4 s; the next wait (8 s) would end past 10 s.
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.arrivals_ms(start), [0, 4000]);
    assert_eq!(start.elapsed(), Duration::from_secs(4));
}

#[tokio::test(start_paused = true)]
async fn a_handle_and_a_call_can_each_have_their_own_operation_timeout() {
    let server = Scripted::start(vec![stalled()]).await;
    let client = paused_builder(server.url())
        .operation_timeout(Duration::from_secs(60))
        .build()
        .unwrap();

    let quick = client.with_operation_timeout(Duration::from_secs(3));
    assert_eq!(quick.operation_timeout(), Duration::from_secs(3));
    assert_eq!(client.operation_timeout(), Duration::from_secs(60));
    let start = Instant::now();
    let err = quick
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(timeout_of(&err), Duration::from_secs(3));
    assert_eq!(start.elapsed(), Duration::from_secs(3));

    // A call's own timeout wins over its handle's, longer or shorter.
    for seconds in [1, 7] {
        let start = Instant::now();
        let err = quick
            .workspaces_uid_get()
            .uid("w1")
            .send_within(Duration::from_secs(seconds))
            .await
            .unwrap_err();
        assert_eq!(timeout_of(&err), Duration::from_secs(seconds));
        assert_eq!(start.elapsed(), Duration::from_secs(seconds));
    }
}

#[tokio::test(start_paused = true)]
async fn the_default_operation_timeout_is_two_minutes() {
    let server = Scripted::start(vec![stalled()]).await;
    let client = common::builder_for(server.url())
        .request_timeout(Duration::MAX)
        .build()
        .unwrap();
    assert_eq!(
        client.operation_timeout(),
        palette_sdk::config::DEFAULT_OPERATION_TIMEOUT
    );
    let start = Instant::now();
    let err = client.users_info_get().send().await.unwrap_err();
    assert!(err.is_timeout());
    assert_eq!(start.elapsed(), Duration::from_secs(120));
}

#[tokio::test(start_paused = true)]
async fn duration_max_is_no_limit_for_every_timeout_retry_setting_and_rate_limit() {
    let max = Duration::MAX;
    // Two 503s, then a reply an hour late: nothing gives up, nothing panics.
    let server = Scripted::start(vec![
        Reply::empty(503).closing(),
        Reply::empty(503).closing(),
        Reply::Slow(Duration::from_secs(3600), Box::new(workspace())),
    ])
    .await;
    let client = paused_builder(server.url())
        .connect_timeout(max)
        .request_timeout(max)
        .operation_timeout(max)
        .retry(
            RetryPolicy::default()
                .base_delay(Duration::from_secs(1))
                .max_delay(max)
                .budget(max),
        )
        .rate_limit(RateLimit::new(1, 1).unwrap())
        .build()
        .unwrap();
    let start = Instant::now();
    client
        .workspaces_uid_get()
        .uid("w1")
        .send_within(max)
        .await
        .unwrap();
    assert!(start.elapsed() >= Duration::from_secs(3600));
    client
        .with_operation_timeout(max)
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap();
    assert_eq!(server.hits(), 4);
}

#[tokio::test(start_paused = true)]
async fn a_base_delay_of_duration_max_waits_as_long_as_the_budget_allows() {
    let server = Scripted::start(vec![Reply::empty(503).closing(), workspace()]).await;
    let client = paused_builder(server.url())
        .retry(
            RetryPolicy::default()
                .base_delay(Duration::MAX)
                .max_delay(Duration::MAX),
        )
        .build()
        .unwrap();
    // The wait would pass the 30 s budget: the 503 comes back at once.
    let err = client
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.hits(), 1);
}
