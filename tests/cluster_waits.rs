//! Waiting for a cluster against a scripted Palette on a paused clock: reads that lag behind a create, a cluster that is not there, and `Deleted` as gone.
#![cfg(feature = "spectroclusters")]

mod common;

use std::time::Duration;

use common::paused_builder;
use common::scripted::{Reply, Scripted};
use palette_sdk::Error;
use palette_sdk::wait::{Awaited, WaitFailure, WaitOptions};
use serde_json::json;
use tokio::time::Instant;

/// A poll every 10 s, and a bound far beyond any test's polls.
fn every_10s() -> WaitOptions {
    WaitOptions::default()
        .interval(Duration::from_secs(10))
        .timeout(Duration::from_secs(3600))
}

/// The cluster overview in `state`, healthy once running.
fn overview(state: &str) -> Reply {
    let health = if state == "Running" {
        "Healthy"
    } else {
        "UnKnown"
    };
    Reply::json(
        200,
        &json!({
            "metadata": {"uid": "c1", "name": "payments"},
            "status": {"state": state, "health": {"state": health}},
        }),
    )
    .closing()
}

/// Palette's answer for a cluster it does not (yet, or any more) list.
fn not_found() -> Reply {
    Reply::json(
        404,
        &json!({"code": "ResourceNotFound", "message": "cluster 'c1' not found"}),
    )
    .closing()
}

fn wait_error(err: &Error) -> &palette_sdk::wait::WaitError {
    match err {
        Error::Wait(wait) => wait,
        other => panic!("expected a wait error, got {other:?}"),
    }
}

// ---------------------------------------------------------------- a cluster that was just created

#[tokio::test(start_paused = true)]
async fn a_404_just_after_the_create_is_palette_catching_up_and_the_wait_goes_on() {
    let server = Scripted::start(vec![
        not_found(),
        not_found(),
        overview("Pending"),
        overview("Running"),
    ])
    .await;
    let clusters = paused_builder(server.url()).build().unwrap().clusters();
    let start = Instant::now();
    // In a task of its own: the wait is a `Send` future.
    let running =
        tokio::spawn(async move { clusters.wait_until_running("c1", every_10s(), |_| {}).await })
            .await
            .unwrap()
            .unwrap();
    assert!(running.is_running_and_healthy());
    assert_eq!(server.arrivals_ms(start), [0, 10_000, 20_000, 30_000]);
}

#[tokio::test(start_paused = true)]
async fn a_cluster_still_unknown_30_seconds_into_the_wait_is_not_found() {
    let server = Scripted::start(vec![not_found()]).await;
    let clusters = paused_builder(server.url()).build().unwrap().clusters();
    let start = Instant::now();
    let err = clusters
        .wait_until_running("c1", every_10s(), |_| {})
        .await
        .unwrap_err();
    let wait = wait_error(&err);
    assert_eq!(wait.awaited, Awaited::ClusterRunning { uid: "c1".into() });
    assert_eq!(wait.failure, WaitFailure::NotFound);
    assert_eq!(wait.last_state, None);
    // Polls at 0, 10 and 20 s are within the grace; the one at 30 s is not.
    assert_eq!(server.arrivals_ms(start), [0, 10_000, 20_000, 30_000]);
    assert_eq!(err.to_string(), "cluster c1 was not found (no state seen)");
}

#[tokio::test(start_paused = true)]
async fn a_cluster_that_vanishes_after_it_was_seen_is_not_found_at_once() {
    let server = Scripted::start(vec![overview("Provisioning"), not_found()]).await;
    let clusters = paused_builder(server.url()).build().unwrap().clusters();
    let start = Instant::now();
    let err = clusters
        .wait_until_running("c1", every_10s(), |_| {})
        .await
        .unwrap_err();
    let wait = wait_error(&err);
    assert_eq!(wait.failure, WaitFailure::NotFound);
    assert_eq!(wait.last_state.as_deref(), Some("Provisioning"));
    assert_eq!(server.arrivals_ms(start), [0, 10_000]);
}

#[tokio::test(start_paused = true)]
async fn a_wait_shorter_than_the_grace_on_a_cluster_never_seen_ends_as_not_found() {
    let server = Scripted::start(vec![not_found()]).await;
    let clusters = paused_builder(server.url()).build().unwrap().clusters();
    let short = WaitOptions::default()
        .interval(Duration::from_secs(10))
        .timeout(Duration::from_secs(15));
    let err = clusters
        .wait_until_running("c1", short, |_| {})
        .await
        .unwrap_err();
    assert_eq!(wait_error(&err).failure, WaitFailure::NotFound);
}

// ---------------------------------------------------------------- a cluster being deleted

#[tokio::test(start_paused = true)]
async fn a_cluster_palette_reports_deleted_is_gone() {
    let server = Scripted::start(vec![overview("Deleting"), overview("Deleted")]).await;
    let clusters = paused_builder(server.url()).build().unwrap().clusters();
    let start = Instant::now();
    let mut seen = Vec::new();
    clusters
        .wait_until_deleted("c1", every_10s(), |s| seen.push(s.state.clone()))
        .await
        .unwrap();
    assert_eq!(seen, ["Deleting", "Deleted"]);
    assert_eq!(server.arrivals_ms(start), [0, 10_000]);
}

#[tokio::test(start_paused = true)]
async fn a_cluster_palette_answers_404_for_is_gone() {
    let server = Scripted::start(vec![overview("Deleting"), not_found()]).await;
    let clusters = paused_builder(server.url()).build().unwrap().clusters();
    let mut seen = Vec::new();
    clusters
        .wait_until_deleted("c1", every_10s(), |s| seen.push(s.state.clone()))
        .await
        .unwrap();
    assert_eq!(seen, ["Deleting"]);
}

#[tokio::test(start_paused = true)]
async fn waiting_until_running_ends_when_palette_reports_the_cluster_deleted() {
    let server = Scripted::start(vec![overview("Pending"), overview("Deleted")]).await;
    let clusters = paused_builder(server.url()).build().unwrap().clusters();
    let err = clusters
        .wait_until_running("c1", every_10s(), |_| {})
        .await
        .unwrap_err();
    let wait = wait_error(&err);
    assert_eq!(wait.failure, WaitFailure::Failed);
    assert_eq!(wait.last_state.as_deref(), Some("Deleted"));
}
