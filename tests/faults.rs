//! The fault matrix: every way a reply can go wrong, for a GET and for a POST create.
//!
//! For each fault: nothing panics; the error names the operation (and the status when a reply
//! came); a GET is sent as often as the retry policy promises, a create exactly once, and a
//! create on a handle that opted into retrying writes as often as the GET.

mod common;

use std::time::Duration;

use common::scripted::{Reply, Scripted};
use common::{builder_for, fixture};
use palette_sdk::prelude::*;
use palette_sdk::{Error, TransportKind, types};

const ATTEMPTS: u32 = 3;

/// What a fault must turn into.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// An error reply with this status.
    Api(u16),
    /// No complete reply.
    Transport(TransportKind),
    /// A success reply that does not decode.
    Decode,
}

struct Fault {
    name: &'static str,
    reply: Reply,
    expect: Expect,
    retried: bool,
}

fn fault(name: &'static str, reply: Reply, expect: Expect, retried: bool) -> Fault {
    Fault {
        name,
        reply,
        expect,
        retried,
    }
}

/// The faults, for an operation whose success status is `ok`.
fn faults(ok: u16) -> Vec<Fault> {
    let palette_error = |status| {
        Reply::json(
            status,
            &serde_json::json!({"code": "Boom", "message": "boom"}),
        )
    };
    let slow = Reply::Slow(Duration::from_secs(5), Box::new(Reply::empty(ok)));
    vec![
        fault("500", palette_error(500), Expect::Api(500), false),
        fault("502", palette_error(502), Expect::Api(502), true),
        fault("503", Reply::empty(503), Expect::Api(503), true),
        fault("504", Reply::empty(504), Expect::Api(504), true),
        fault(
            "429 Retry-After seconds",
            Reply::empty(429).with_header("Retry-After", "0"),
            Expect::Api(429),
            true,
        ),
        fault(
            "429 Retry-After date",
            Reply::empty(429).with_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"),
            Expect::Api(429),
            true,
        ),
        fault(
            "429 without Retry-After",
            Reply::empty(429),
            Expect::Api(429),
            true,
        ),
        fault(
            "reset before the reply",
            Reply::Close,
            Expect::Transport(TransportKind::Other),
            true,
        ),
        fault(
            "reset mid-body",
            Reply::Truncated {
                status: ok,
                declared_len: 4000,
                partial: b"{\"metadata\": {\"na".to_vec(),
            },
            Expect::Transport(TransportKind::Body),
            true,
        ),
        fault(
            "malformed JSON",
            Reply::text(ok, "application/json", "{\"metadata\": [}"),
            Expect::Decode,
            false,
        ),
        fault(
            "HTML error page",
            Reply::text(
                502,
                "text/html",
                "<html><body><h1>502 Bad Gateway</h1></body></html>",
            ),
            Expect::Api(502),
            true,
        ),
        fault(
            "plain-text 403",
            Reply::text(403, "text/plain", "Forbidden"),
            Expect::Api(403),
            false,
        ),
        fault(
            "empty success reply",
            Reply::empty(ok),
            Expect::Decode,
            false,
        ),
        fault(
            "slower than the timeout",
            slow,
            Expect::Transport(TransportKind::Timeout),
            true,
        ),
    ]
}

fn kind(err: &Error) -> Option<Expect> {
    match err {
        Error::Api(e) => Some(Expect::Api(e.status.as_u16())),
        Error::Transport(e) => Some(Expect::Transport(e.kind)),
        Error::Decode(_) => Some(Expect::Decode),
        _ => None,
    }
}

fn client(url: &str) -> Client {
    builder_for(url)
        .request_timeout(Duration::from_millis(300))
        .retry(common::fast_retries().max_attempts(ATTEMPTS))
        .build()
        .unwrap()
}

fn entity() -> types::WorkspaceEntity {
    serde_json::from_value(serde_json::json!({"metadata": {"name": "payments"}})).unwrap()
}

/// Checks one outcome: the error's kind, that it names `op`, its status, and the hit count.
fn check(fault: &Fault, what: &str, op: &str, err: Error, hits: usize, expected_hits: usize) {
    let at = format!("{} on {what}", fault.name);
    let shown = err.to_string();
    let expect = fault.expect;
    assert_eq!(kind(&err), Some(expect), "{at}: {shown}");
    assert_eq!(
        err.operation().map(|o| o.id),
        Some(op),
        "{at}: names the operation"
    );
    assert!(shown.contains(&format!("({op})")), "{at}: {shown}");
    if let Expect::Api(status) = expect {
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{at}");
        assert!(shown.starts_with(&status.to_string()), "{at}: {shown}");
    }
    assert_eq!(err.is_retryable(), fault.retried, "{at}: is_retryable");
    assert_eq!(hits, expected_hits, "{at}: requests sent");
}

#[tokio::test]
async fn every_fault_is_a_typed_error_sent_as_often_as_the_policy_promises() {
    for fault in faults(200) {
        let promised = if fault.retried { ATTEMPTS as usize } else { 1 };
        let server = Scripted::start(vec![fault.reply.clone()]).await;
        let err = client(server.url())
            .workspaces_uid_get()
            .uid("w1")
            .send()
            .await
            .unwrap_err();
        check(
            &fault,
            "a get",
            "workspacesUidGet",
            err,
            server.hits(),
            promised,
        );
    }
    for fault in faults(201) {
        let promised = if fault.retried { ATTEMPTS as usize } else { 1 };

        let server = Scripted::start(vec![fault.reply.clone()]).await;
        let err = client(server.url())
            .workspaces_create()
            .body(entity())
            .send()
            .await
            .unwrap_err();
        check(
            &fault,
            "a create",
            "workspacesCreate",
            err,
            server.hits(),
            1,
        );

        let server = Scripted::start(vec![fault.reply.clone()]).await;
        let err = client(server.url())
            .retrying_writes()
            .workspaces_create()
            .body(entity())
            .send()
            .await
            .unwrap_err();
        check(
            &fault,
            "a create that opted in",
            "workspacesCreate",
            err,
            server.hits(),
            promised,
        );
    }
}

#[tokio::test]
async fn a_fault_followed_by_success_recovers_when_retried() {
    for fault in faults(200).into_iter().filter(|f| f.retried) {
        let server = Scripted::start(vec![
            fault.reply.clone(),
            Reply::json(200, &fixture("workspace")),
        ])
        .await;
        let ws = client(server.url())
            .workspaces_uid_get()
            .uid("w1")
            .send()
            .await;
        assert!(ws.is_ok(), "{}: {:?}", fault.name, ws.err());
        assert_eq!(server.hits(), 2, "{}", fault.name);
    }
}

#[tokio::test]
async fn a_reply_written_in_many_pieces_is_read_whole() {
    let list = fixture("dashboard_workspaces");
    let body = serde_json::to_vec(&list).unwrap();
    let error = serde_json::to_vec(&serde_json::json!({
        "code": "WorkspaceNotFound",
        "message": "no workspace w9 in this project",
    }))
    .unwrap();
    let server = Scripted::start(vec![
        Reply::Chunked {
            status: 200,
            body,
            pieces: 7,
        },
        Reply::Chunked {
            status: 404,
            body: error,
            pieces: 5,
        },
    ])
    .await;
    let client = builder_for(server.url()).build().unwrap();
    let got = client.dashboard_workspaces_list().send().await.unwrap();
    let expected: types::DashboardWorkspaces = serde_json::from_value(list).unwrap();
    assert_eq!(got, expected);
    let err = client
        .workspaces_uid_get()
        .uid("w9")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.code(), Some("WorkspaceNotFound"));
    assert!(
        err.to_string().contains("no workspace w9 in this project"),
        "{err}"
    );
}
