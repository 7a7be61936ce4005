//! Every failure is one typed error that names the operation and, when a reply came, its status.

mod common;

use std::time::Duration;

use common::scripted::{Reply, Scripted};
use common::{builder_for, client_for, fixture};
use palette_sdk::prelude::*;
use palette_sdk::{Error, RetryPolicy, TransportKind};
use serde_json::json;

#[tokio::test]
async fn a_palette_error_reads_status_operation_code_and_message() {
    let body = json!({"code": "WorkspaceNotFound", "message": "workspace not found", "ref": "r-1", "details": null});
    let server = Scripted::start(vec![
        Reply::json(404, &body).with_header("AuditUid", "audit-42"),
    ])
    .await;
    let err = client_for(server.url())
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "404 GET /v1/workspaces/{uid} (workspacesUidGet): WorkspaceNotFound: workspace not found"
    );
    assert!(err.is_not_found());
    assert_eq!(err.code(), Some("WorkspaceNotFound"));
    let Error::Api(api) = err else {
        panic!("not an API error")
    };
    assert_eq!(api.reference.as_deref(), Some("r-1"));
    assert_eq!(api.audit_uid.as_deref(), Some("audit-42"));
    assert_eq!(api.raw_body, None);
}

#[tokio::test]
async fn a_plain_text_403_keeps_its_status_and_text() {
    let server = Scripted::start(vec![Reply::text(403, "text/plain", "Forbidden\n")]).await;
    let err = client_for(server.url())
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_forbidden());
    assert_eq!(
        err.to_string(),
        "403 GET /v1/workspaces/{uid} (workspacesUidGet): Forbidden"
    );
    let Error::Api(api) = err else { panic!() };
    assert_eq!(api.raw_body.as_deref(), Some("Forbidden"));
    assert_eq!(api.code, None);
}

#[tokio::test]
async fn an_html_error_page_is_kept_short() {
    let page = format!("<html><body>{}</body></html>", "Bad gateway. ".repeat(200));
    let server = Scripted::start(vec![Reply::text(500, "text/html", &page)]).await;
    let err = client_for(server.url())
        .dashboard_workspaces_list()
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = err else { panic!() };
    assert_eq!(api.status.as_u16(), 500);
    let raw = api.raw_body.unwrap();
    assert!(raw.starts_with("<html><body>Bad gateway."), "{raw}");
    assert!(raw.len() < 600, "{} bytes kept", raw.len());
}

#[tokio::test]
async fn a_json_error_that_is_not_palettes_shape_is_kept_as_raw_text() {
    let server = Scripted::start(vec![Reply::text(400, "application/json", "[\"bad\"]")]).await;
    let err = client_for(server.url())
        .users_info_get()
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = err else { panic!() };
    assert_eq!(api.status.as_u16(), 400);
    assert_eq!(api.raw_body.as_deref(), Some("[\"bad\"]"));
}

#[tokio::test]
async fn a_reply_that_does_not_match_the_document_names_the_json_path() {
    let mut body = fixture("workspace");
    *body.pointer_mut("/spec/clusterRefs/0/clusterName").unwrap() = json!(["not", "a", "string"]);
    let server = Scripted::start(vec![Reply::json(200, &body)]).await;
    let err = client_for(server.url())
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.path, "spec.clusterRefs[0].clusterName");
    assert_eq!(decode.status.as_u16(), 200);
    assert!(
        err.to_string().starts_with(
            "200 GET /v1/workspaces/{uid} (workspacesUidGet): the reply does not match"
        ),
        "{err}"
    );
}

#[tokio::test]
async fn an_empty_200_where_json_is_expected_is_a_decode_error() {
    let server = Scripted::start(vec![Reply::empty(200)]).await;
    let err = client_for(server.url())
        .users_info_get()
        .send()
        .await
        .unwrap_err();
    let Error::Decode(decode) = err else { panic!() };
    assert_eq!(decode.status.as_u16(), 200);
    assert_eq!(decode.operation.id, "usersInfoGet");
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let server = Scripted::start(vec![Reply::text(
        200,
        "application/json",
        "{\"userUid\": \"u1\",",
    )])
    .await;
    let err = client_for(server.url())
        .users_info_get()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error_naming_the_operation() {
    let cut = Reply::Truncated {
        status: 200,
        declared_len: 500,
        partial: b"{\"userUid\": \"u1\"".to_vec(),
    };
    let server = Scripted::start(vec![cut]).await;
    let err = client_for(server.url())
        .users_info_get()
        .send()
        .await
        .unwrap_err();
    let Error::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.kind, TransportKind::Body);
    assert!(err.to_string().contains("(usersInfoGet)"), "{err}");
}

#[tokio::test]
async fn a_reply_slower_than_the_timeout_is_a_timeout_and_is_retried() {
    let slow = Reply::Slow(
        Duration::from_secs(5),
        Box::new(Reply::json(200, &fixture("user_info"))),
    );
    let server = Scripted::start(vec![slow]).await;
    let client = builder_for(server.url())
        .request_timeout(Duration::from_millis(100))
        .retry(common::fast_retries().max_attempts(2))
        .build()
        .unwrap();
    let err = client.users_info_get().send().await.unwrap_err();
    let Error::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.kind, TransportKind::Timeout);
    assert!(err.is_retryable());
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = builder_for(&format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    let err = client.users_info_get().send().await.unwrap_err();
    let Error::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.kind, TransportKind::Connect);
    assert!(
        err.to_string()
            .starts_with("GET /v1/users/info (usersInfoGet): could not connect"),
        "{err}"
    );
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed_and_carries_no_credentials_there() {
    let elsewhere = Scripted::start(vec![Reply::json(200, &fixture("user_info"))]).await;
    let redirect =
        Reply::empty(302).with_header("Location", &format!("{}/v1/users/info", elsewhere.url()));
    let server = Scripted::start(vec![redirect]).await;
    let err = client_for(server.url())
        .users_info_get()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 302);
    assert_eq!(
        elsewhere.hits(),
        0,
        "the key must not follow a redirect to another host"
    );
}

#[tokio::test]
async fn a_redirect_within_the_same_server_is_followed() {
    let server = Scripted::start(vec![
        Reply::empty(307).with_header("Location", "/v1/users/info?moved=1"),
        Reply::json(200, &fixture("user_info")),
    ])
    .await;
    let me = client_for(server.url())
        .users_info_get()
        .send()
        .await
        .unwrap();
    assert!(me.user_uid.is_some());
    assert_eq!(server.requests()[1].header("ApiKey"), Some(common::API_KEY));
}

#[tokio::test]
async fn a_bad_per_call_header_is_refused_before_sending() {
    let server = Scripted::start(vec![Reply::json(200, &fixture("workspace"))]).await;
    let err = client_for(server.url())
        .workspaces_uid_get()
        .uid("w1")
        .project_uid("p1\r\nInjected: yes")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Request(_)), "{err:?}");
    assert_eq!(server.hits(), 0);
}

#[tokio::test]
async fn a_missing_required_parameter_is_refused_before_sending() {
    let server = Scripted::start(vec![Reply::json(200, &fixture("workspace"))]).await;
    let err = client_for(server.url())
        .workspaces_uid_get()
        .send()
        .await
        .unwrap_err();
    let Error::Request(r) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(r.operation.id, "workspacesUidGet");
    assert_eq!(server.hits(), 0);
}

// --- Another 2xx than the documented one is a success when its body fits.

#[tokio::test]
async fn a_200_with_a_body_where_204_is_documented_is_a_success() {
    let server = Scripted::start(vec![Reply::json(
        200,
        &json!({"uid": "w1", "deleted": true}),
    )])
    .await;
    client_for(server.url())
        .workspaces_uid_delete()
        .uid("w1")
        .send()
        .await
        .expect("Palette's 200 for a documented 204 is a success");
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_200_where_201_is_documented_decodes_the_body() {
    let server = Scripted::start(vec![Reply::json(200, &fixture("uid"))]).await;
    let created = client_for(server.url())
        .workspaces_create()
        .body(palette_sdk::types::WorkspaceEntity::default())
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(
        created.status().as_u16(),
        201,
        "read as the documented reply"
    );
    assert_eq!(
        created.into_inner().uid.as_deref(),
        Some("651aa2f7e4b0c3d2a1f09e88")
    );
}

#[tokio::test]
async fn a_204_where_a_body_is_documented_reads_as_null() {
    // A list that may be null decodes an empty reply as null...
    let server = Scripted::start(vec![Reply::empty(204)]).await;
    let devices = client_for(server.url())
        .auth_mfa_devices_list()
        .send()
        .await
        .expect("an empty reply reads as null, which this list accepts");
    assert_eq!(devices.0, None);
    // ...a workspace cannot be null: a decode error, not an unexpected status.
    let server = Scripted::start(vec![Reply::empty(204)]).await;
    let err = client_for(server.url())
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_eq!(server.hits(), 1, "a success is not retried");
}

/// A kubeconfig, a log or a manifest is a file: a reply without one (204, or an empty 200) is
/// a decode error naming the operation, never the text `null` or an empty file passed off as
/// the real thing.
#[tokio::test]
async fn a_file_reply_without_a_file_is_a_decode_error_not_null() {
    for reply in [Reply::empty(204), Reply::empty(200)] {
        let server = Scripted::start(vec![reply.clone()]).await;
        let client = client_for(server.url());
        let err = client
            .spectro_clusters_uid_kube_config()
            .uid("c1")
            .send()
            .await
            .unwrap_err();
        let Error::Decode(decode) = &err else {
            panic!("{reply:?}: {err:?}")
        };
        assert_eq!(decode.operation.id, "spectroClustersUidKubeConfig");
        assert!(err.to_string().contains("no file"), "{err}");
        let err = client.clusters().kubeconfig("c1").await.unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{reply:?}: {err:?}");
        assert_eq!(server.hits(), 2, "a success is not retried");
    }
    // A file with content is read as it came.
    let server = Scripted::start(vec![Reply::text(
        200,
        "application/octet-stream",
        "apiVersion: v1\n",
    )])
    .await;
    let text = client_for(server.url())
        .clusters()
        .kubeconfig("c1")
        .await
        .unwrap();
    assert_eq!(text, "apiVersion: v1\n");
}

// --- A ProjectUid set on the call is checked like the handle's.

#[tokio::test]
async fn a_per_call_project_uid_is_checked_like_the_handles_and_nothing_is_sent() {
    let server = Scripted::start(vec![Reply::json(200, &fixture("workspace"))]).await;
    let client = client_for(server.url()).with_project("p-1").unwrap();
    for bad in ["", " ", "a b", "p\t1", "ünï"] {
        let err = client
            .workspaces_uid_get()
            .uid("w1")
            .project_uid(bad)
            .send()
            .await
            .unwrap_err();
        let Error::Request(refused) = &err else {
            panic!("{bad:?}: {err:?}")
        };
        assert_eq!(refused.operation.id, "workspacesUidGet");
        assert!(refused.message.contains("ProjectUid"), "{bad:?}: {err}");
    }
    assert_eq!(server.hits(), 0);
    client
        .workspaces_uid_get()
        .uid("w1")
        .project_uid("p-2")
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests()[0].header("ProjectUid"), Some("p-2"));
}

// --- A wait that runs out of time says why it never got there.

#[tokio::test(start_paused = true)]
async fn a_wait_that_times_out_keeps_the_last_error_it_polled_through_with_secrets_masked() {
    // Palette is down for the whole wait, and its error body echoes the key it was sent.
    let echo =
        json!({"code": "Unavailable", "message": format!("key {} is busy", common::API_KEY)});
    let server = Scripted::start(vec![Reply::json(503, &echo).closing()]).await;
    let client = common::paused_builder(server.url()).build().unwrap();
    let options = palette_sdk::wait::WaitOptions::default()
        .interval(Duration::from_secs(1))
        .timeout(Duration::from_secs(10));
    let err = client
        .clusters()
        .wait_until_running("c1", options, |_| {})
        .await
        .unwrap_err();
    let Error::Wait(wait) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        wait.failure,
        palette_sdk::wait::WaitFailure::TimedOut(Duration::from_secs(10))
    );
    // Reachable as the error's source and by name, and shown.
    let last = wait.last_error().expect("the last poll's error is kept");
    assert_eq!(last.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(
        last.operation().map(|o| o.id),
        Some("spectroClustersSummaryUidOverview")
    );
    let source = std::error::Error::source(&err).expect("a source");
    assert_eq!(source.to_string(), last.to_string());
    let shown = err.to_string();
    assert!(
        shown.starts_with("cluster c1 was not running within 10s"),
        "{shown}"
    );
    assert!(shown.contains("503"), "{shown}");
    assert!(
        shown.contains("spectroClustersSummaryUidOverview"),
        "{shown}"
    );
    // No secret in any rendering.
    let mut renderings = vec![shown, format!("{err:?}")];
    let mut cause = std::error::Error::source(&err);
    while let Some(c) = cause {
        renderings.push(c.to_string());
        renderings.push(format!("{c:?}"));
        cause = c.source();
    }
    for rendered in renderings {
        assert!(!rendered.contains(common::API_KEY), "{rendered}");
    }
}

// --- Hand-written operations refuse bad input like generated ones.

#[tokio::test]
async fn a_bad_per_call_project_uid_on_a_hand_written_upload_is_refused_like_a_generated_calls() {
    use palette_sdk::hand_written::FilePart;

    let server = Scripted::start(vec![Reply::json(201, &json!({"uid": "p1"}))]).await;
    let client = client_for(server.url());
    for bad in ["p1\r\nInjected: yes", "p1\n", "p 1", "", "projé"] {
        let generated = client
            .workspaces_uid_get()
            .uid("w1")
            .project_uid(bad)
            .send()
            .await
            .unwrap_err();
        let upload = client
            .cluster_profiles_import_file()
            .import_file(FilePart::new("profile.json", b"{}".to_vec()))
            .project_uid(bad)
            .send()
            .await
            .unwrap_err();
        let logs = client
            .cluster_feature_log_fetcher_log_update()
            .uid("f1")
            .file_name(FilePart::new("logs.tgz", vec![1, 2, 3]))
            .project_uid(bad)
            .send()
            .await
            .unwrap_err();
        for (err, operation) in [
            (&generated, "workspacesUidGet"),
            (&upload, "clusterProfilesImportFile"),
            (&logs, "clusterFeatureLogFetcherLogUpdate"),
        ] {
            assert!(
                matches!(err, Error::Request(_)),
                "{bad:?} {operation}: {err:?}"
            );
            assert!(!err.is_retryable(), "{bad:?} {operation}");
            assert_eq!(err.operation().map(|o| o.id), Some(operation));
        }
    }
    assert_eq!(server.hits(), 0, "nothing is sent");
}
