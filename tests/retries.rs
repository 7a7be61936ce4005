//! Retries: which failures are sent again, how often, and that a create is never sent twice unasked.

mod common;

use std::time::Duration;

use common::scripted::{Reply, Scripted};
use common::{builder_for, client_for, fast_retries, fixture};
use palette_sdk::prelude::*;
use palette_sdk::{RetryPolicy, types};

fn workspace() -> Reply {
    Reply::json(200, &fixture("workspace"))
}

fn created() -> Reply {
    Reply::json(201, &fixture("uid"))
}

fn entity() -> types::WorkspaceEntity {
    types::WorkspaceEntity {
        metadata: Some(types::ObjectMeta {
            name: Some("payments-prod".into()),
            ..Default::default()
        }),
        spec: None,
    }
}

#[tokio::test]
async fn a_get_is_retried_through_503s_until_it_succeeds() {
    let server = Scripted::start(vec![Reply::empty(503), Reply::empty(503), workspace()]).await;
    let client = client_for(server.url());
    let ws = client.workspaces_uid_get().uid("w1").send().await.unwrap();
    assert!(ws.metadata.is_some());
    assert_eq!(server.hits(), 3);
}

#[tokio::test]
async fn a_retried_get_is_the_same_request_again() {
    let server = Scripted::start(vec![Reply::empty(503), workspace()]).await;
    let project = client_for(server.url()).with_project("project-7").unwrap();
    project
        .workspaces_uid_get()
        .uid("a b/c")
        .send()
        .await
        .unwrap();
    let sent = server.requests();
    assert_eq!(sent.len(), 2);
    let (first, second) = (&sent[0], &sent[1]);
    assert_eq!(second.method, first.method);
    assert_eq!(second.target, first.target);
    assert_eq!(second.headers, first.headers, "every header, in order");
    assert_eq!(second.header("ProjectUid"), Some("project-7"));
    assert!(second.body.is_empty());
}

#[tokio::test]
async fn every_retryable_status_is_retried() {
    for status in [408, 429, 502, 503, 504] {
        let server = Scripted::start(vec![Reply::empty(status), workspace()]).await;
        let client = client_for(server.url());
        client.workspaces_uid_get().uid("w1").send().await.unwrap();
        assert_eq!(server.hits(), 2, "status {status}");
    }
}

#[tokio::test]
async fn final_statuses_are_not_retried() {
    for status in [400, 401, 403, 404, 409, 500] {
        let server = Scripted::start(vec![Reply::empty(status), workspace()]).await;
        let client = client_for(server.url());
        let err = client
            .workspaces_uid_get()
            .uid("w1")
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(server.hits(), 1, "status {status}");
    }
}

#[tokio::test]
async fn the_policy_caps_the_attempts_and_the_last_error_is_returned() {
    let server = Scripted::start(vec![Reply::empty(503)]).await;
    let client = builder_for(server.url())
        .retry(fast_retries().max_attempts(4))
        .build()
        .unwrap();
    let err = client
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 503);
    assert!(err.is_retryable());
    assert_eq!(server.hits(), 4);
}

#[tokio::test]
async fn a_post_create_is_sent_once_when_writes_are_not_opted_in() {
    let server = Scripted::start(vec![Reply::empty(503), created()]).await;
    let client = client_for(server.url());
    let err = client
        .workspaces_create()
        .body(entity())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 503);
    assert_eq!(server.hits(), 1, "a create must not be sent twice unasked");
}

#[tokio::test]
async fn a_post_is_retried_on_a_handle_that_opted_in() {
    let server = Scripted::start(vec![Reply::empty(503), created()]).await;
    let client = client_for(server.url());
    let uid = client
        .retrying_writes()
        .workspaces_create()
        .body(entity())
        .send()
        .await
        .unwrap();
    assert_eq!(uid.uid.as_deref(), Some("651aa2f7e4b0c3d2a1f09e88"));
    assert_eq!(server.hits(), 2);
    let first = &server.requests()[0];
    let second = &server.requests()[1];
    assert_eq!(first.body, second.body, "the retry carries the same body");
    assert_eq!(first.headers, second.headers, "and the same headers");
}

#[tokio::test]
async fn a_post_is_retried_when_the_whole_client_opted_in() {
    let server = Scripted::start(vec![Reply::empty(502), created()]).await;
    let client = builder_for(server.url())
        .retry(fast_retries().retry_writes(true))
        .build()
        .unwrap();
    client
        .workspaces_create()
        .body(entity())
        .send()
        .await
        .unwrap();
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn a_closed_connection_is_retried_for_a_get_but_not_for_a_post() {
    let server = Scripted::start(vec![Reply::Close, workspace()]).await;
    let client = client_for(server.url());
    client.workspaces_uid_get().uid("w1").send().await.unwrap();
    assert_eq!(server.hits(), 2);

    let server = Scripted::start(vec![Reply::Close, created()]).await;
    let client = client_for(server.url());
    let err = client
        .workspaces_create()
        .body(entity())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, palette_sdk::Error::Transport(_)), "{err:?}");
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_retry_after_longer_than_max_delay_ends_the_call_at_once_with_the_servers_wait() {
    // max_delay is 20 ms: waiting an hour is not retrying, so the call ends with the reply.
    for status in [429, 503] {
        for retry_after in ["3600", "Wed, 21 Oct 2099 07:28:00 GMT"] {
            let busy = Reply::empty(status).with_header("Retry-After", retry_after);
            let server = Scripted::start(vec![busy, workspace()]).await;
            let client = client_for(server.url());
            let call = client.workspaces_uid_get().uid("w1").send();
            let err = tokio::time::timeout(Duration::from_secs(10), call)
                .await
                .expect("no wait at all")
                .unwrap_err();
            assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
            let asked = err.retry_after().expect("the error carries Retry-After");
            assert!(asked >= Duration::from_secs(3600), "{asked:?}");
            assert_eq!(server.hits(), 1, "{status} {retry_after}");
        }
    }
}

#[tokio::test]
async fn a_retry_after_longer_than_the_budget_left_ends_the_call_at_once() {
    let busy = Reply::empty(429).with_header("Retry-After", "10");
    let server = Scripted::start(vec![busy, workspace()]).await;
    let policy = RetryPolicy::default()
        .max_delay(Duration::from_secs(60))
        .budget(Duration::from_secs(5));
    let client = builder_for(server.url()).retry(policy).build().unwrap();
    let err = client
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_rate_limited());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(10)));
    assert_eq!(server.hits(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_longer_than_the_operation_timeout_left_ends_the_call_at_once() {
    let busy = Reply::empty(503).with_header("Retry-After", "40").closing();
    let server = Scripted::start(vec![busy, workspace().closing()]).await;
    let policy = RetryPolicy::default()
        .max_delay(Duration::from_secs(60))
        .budget(Duration::from_secs(60));
    let client = common::paused_builder(server.url())
        .retry(policy)
        .operation_timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let start = tokio::time::Instant::now();
    let err = client
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(40)));
    assert_eq!(server.hits(), 1);
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "the call did not wait for its timeout: {:?}",
        start.elapsed()
    );
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_within_bounds_is_waited_for_exactly() {
    let busy = Reply::empty(429).with_header("Retry-After", "2").closing();
    let server = Scripted::start(vec![busy, workspace().closing()]).await;
    let client = common::paused_builder(server.url())
        .retry(RetryPolicy::default().max_delay(Duration::from_secs(10)))
        .build()
        .unwrap();
    let start = tokio::time::Instant::now();
    client.workspaces_uid_get().uid("w1").send().await.unwrap();
    assert_eq!(server.arrivals_ms(start), [0, 2000]);
}

#[tokio::test(start_paused = true)]
async fn no_sleep_follows_the_last_attempt() {
    let server = Scripted::start(vec![Reply::empty(503).closing()]).await;
    let policy = RetryPolicy::default()
        .max_attempts(3)
        .base_delay(Duration::from_secs(1))
        .jitter(false);
    let client = common::paused_builder(server.url())
        .retry(policy)
        .build()
        .unwrap();
    let start = tokio::time::Instant::now();
    let err = client
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(
        server.arrivals_ms(start),
        [0, 1000, 3000],
        "waits of 1 s and 2 s"
    );
    assert_eq!(
        start.elapsed(),
        Duration::from_secs(3),
        "the call returns as the last attempt fails, without another wait"
    );
}

#[tokio::test]
async fn a_429_without_retry_after_uses_the_computed_wait() {
    let server = Scripted::start(vec![Reply::empty(429), Reply::empty(429), workspace()]).await;
    let client = client_for(server.url());
    client.workspaces_uid_get().uid("w1").send().await.unwrap();
    assert_eq!(server.hits(), 3);
}

#[tokio::test]
async fn a_never_policy_sends_once() {
    let server = Scripted::start(vec![Reply::empty(503), workspace()]).await;
    let client = builder_for(server.url())
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    client
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn the_budget_ends_retries_before_the_attempts_run_out() {
    let server = Scripted::start(vec![Reply::empty(503)]).await;
    let policy = RetryPolicy::default()
        .max_attempts(10)
        .base_delay(Duration::from_millis(10))
        .jitter(false)
        .budget(Duration::from_millis(35)); // 10 + 20 fit, 40 more does not
    let client = builder_for(server.url()).retry(policy).build().unwrap();
    client
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.hits(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_client_rate_limit_sends_a_burst_then_one_request_per_period() {
    let server = Scripted::start(vec![workspace().closing()]).await;
    let client = common::paused_builder(server.url())
        .rate_limit(palette_sdk::RateLimit::new(2, 2).unwrap())
        .build()
        .unwrap();
    let start = tokio::time::Instant::now();
    for _ in 0..5 {
        client.workspaces_uid_get().uid("w1").send().await.unwrap();
    }
    assert_eq!(server.arrivals_ms(start), [0, 0, 500, 1000, 1500]);
}

#[tokio::test(start_paused = true)]
async fn a_rate_limit_wait_past_the_operation_timeout_ends_the_call_at_once() {
    let server = Scripted::start(vec![workspace().closing()]).await;
    let client = common::paused_builder(server.url())
        .rate_limit(palette_sdk::RateLimit::new(1, 1).unwrap())
        .build()
        .unwrap();
    client.workspaces_uid_get().uid("w1").send().await.unwrap();
    // The next token comes in 1 s; this call may take 300 ms: it cannot make it.
    let start = tokio::time::Instant::now();
    let err = client
        .workspaces_uid_get()
        .uid("w1")
        .send_within(Duration::from_millis(300))
        .await
        .unwrap_err();
    assert!(matches!(err, palette_sdk::Error::Timeout(_)), "{err:?}");
    assert_eq!(start.elapsed(), Duration::ZERO);
    assert_eq!(server.hits(), 1);
    // The token it did not take is there for a call that can wait.
    client
        .workspaces_uid_get()
        .uid("w1")
        .send_within(Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(start.elapsed(), Duration::from_secs(1));
}

// --- Retry-After values outside the RFC: never a panic, never a wait past the policy.

#[tokio::test(start_paused = true)]
async fn a_fractional_retry_after_is_waited_for_as_written() {
    let busy = Reply::empty(429)
        .with_header("Retry-After", "1.5")
        .closing();
    let server = Scripted::start(vec![busy, workspace().closing()]).await;
    let client = common::paused_builder(server.url())
        .retry(RetryPolicy::default().max_delay(Duration::from_secs(10)))
        .build()
        .unwrap();
    let start = tokio::time::Instant::now();
    client.workspaces_uid_get().uid("w1").send().await.unwrap();
    assert_eq!(server.arrivals_ms(start), [0, 1500]);
}

#[tokio::test(start_paused = true)]
async fn a_negative_or_garbled_retry_after_is_ignored_for_the_computed_wait() {
    for value in [
        "-5", "-0", "-1.5", "soon", "", "1e3", "NaN", "inf", "0x10", "1,5", "1.", ".5", "+-1",
        "1.5s", "२",
    ] {
        let busy = Reply::empty(503)
            .with_header("Retry-After", value)
            .closing();
        let server = Scripted::start(vec![busy, workspace().closing()]).await;
        let policy = RetryPolicy::default()
            .base_delay(Duration::from_secs(1))
            .max_delay(Duration::from_secs(10))
            .jitter(false);
        let client = common::paused_builder(server.url())
            .retry(policy)
            .build()
            .unwrap();
        let start = tokio::time::Instant::now();
        client
            .workspaces_uid_get()
            .uid("w1")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{value:?}: {e}"));
        assert_eq!(server.arrivals_ms(start), [0, 1000], "{value:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_huge_retry_after_ends_the_call_at_once_and_never_overflows() {
    for value in [
        "99999999999",
        "18446744073709551616", // u64::MAX + 1
        "99999999999999999999999999999999999999",
        "99999999999999999999999999999999999999.5",
        "Fri, 31 Dec 9999 23:59:59 GMT",
    ] {
        let busy = Reply::empty(429)
            .with_header("Retry-After", value)
            .closing();
        let server = Scripted::start(vec![busy, workspace().closing()]).await;
        let client = common::paused_builder(server.url())
            .retry(RetryPolicy::default().max_delay(Duration::from_secs(10)))
            .build()
            .unwrap();
        let start = tokio::time::Instant::now();
        let err = client
            .workspaces_uid_get()
            .uid("w1")
            .send()
            .await
            .unwrap_err();
        assert!(err.is_rate_limited(), "{value}: {err}");
        let asked = err
            .retry_after()
            .expect("the error carries the server's wait");
        assert!(
            asked >= Duration::from_secs(99_999_999_999),
            "{value}: {asked:?}"
        );
        assert_eq!(server.hits(), 1, "{value}");
        assert_eq!(start.elapsed(), Duration::ZERO, "{value}: no wait at all");
    }
}

#[tokio::test(start_paused = true)]
async fn a_huge_retry_after_under_an_unbounded_policy_still_ends_at_the_operation_timeout() {
    let busy = Reply::empty(503)
        .with_header("Retry-After", "99999999999999999999999")
        .closing();
    let server = Scripted::start(vec![busy, workspace().closing()]).await;
    let unbounded = RetryPolicy::default()
        .max_delay(Duration::MAX)
        .budget(Duration::MAX);
    let client = common::paused_builder(server.url())
        .retry(unbounded)
        .operation_timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let start = tokio::time::Instant::now();
    let err = client
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.hits(), 1);
    assert_eq!(
        start.elapsed(),
        Duration::ZERO,
        "ended at once, not slept on"
    );
}
