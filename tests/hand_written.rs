//! The operations written by hand (file uploads, the activation of a self-hosted Palette) meet the same contract as generated ones.
//!
//! Each is sent to a local server that records the raw request: method, encoded path,
//! `ProjectUid` where the document declares it, query, and the `multipart/form-data` body
//! checked part by part; replies decode, errors name the operation, an upload (a PUT) is
//! retried with the same body, and bad input is refused before anything is sent.
#![cfg(all(
    feature = "clouds",
    feature = "clusterprofiles",
    feature = "spectroclusters",
    feature = "system"
))]

mod common;

use common::scripted::{Recorded, Reply, Scripted};
use palette_sdk::hand_written::FilePart;
use palette_sdk::prelude::*;
use palette_sdk::{Client, Error};
use serde_json::json;

const PROJECT: &str = "project-7";
/// A path parameter with a space, a slash, a percent sign and a non-ASCII letter.
const AWKWARD: &str = "a b/c%d-ü";
const AWKWARD_ENCODED: &str = "a%20b%2Fc%25d-%C3%BC";

/// One part of a `multipart/form-data` body.
#[derive(Debug, PartialEq)]
struct Part {
    name: String,
    file_name: String,
    content_type: String,
    content: Vec<u8>,
}

/// Reads a multipart body the way a server would: by the boundary its `Content-Type` names.
fn parts(request: &Recorded) -> Vec<Part> {
    let content_type = request.header("Content-Type").expect("a content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"));
    let delimiter = format!("--{boundary}");
    let body = &request.body;
    let mut out = Vec::new();
    let mut rest: &[u8] = body;
    loop {
        let start = find(rest, delimiter.as_bytes()).expect("a delimiter");
        rest = &rest[start + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .expect("CRLF after the delimiter");
        let head_end = find(rest, b"\r\n\r\n").expect("the part's headers end");
        let head = String::from_utf8(rest[..head_end].to_vec()).unwrap();
        rest = &rest[head_end + 4..];
        let end = find(rest, format!("\r\n{delimiter}").as_bytes()).expect("the part ends");
        let content = rest[..end].to_vec();
        rest = &rest[end + 2..];
        let disposition = head
            .lines()
            .find(|l| l.starts_with("Content-Disposition: form-data"))
            .unwrap_or_else(|| panic!("no Content-Disposition: {head}"));
        let field = |key: &str| {
            disposition
                .split(';')
                .filter_map(|p| p.trim().strip_prefix(&format!("{key}=\"")))
                .map(|v| v.trim_end_matches('"').to_string())
                .next()
                .unwrap_or_default()
        };
        let content_type = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Type: "))
            .unwrap_or_default()
            .to_string();
        out.push(Part {
            name: field("name"),
            file_name: field("filename"),
            content_type,
            content,
        });
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn project_client(server: &Scripted) -> Client {
    common::client_for(server.url())
        .with_project(PROJECT)
        .unwrap()
}

fn logo() -> FilePart {
    FilePart::new(
        "logo.png",
        vec![0x89, b'P', b'N', b'G', 0, 255, b'\r', b'\n'],
    )
    .content_type("image/png")
}

#[tokio::test]
async fn every_custom_cloud_type_file_goes_up_as_one_part_under_file_name() {
    type Upload = fn(
        &Client,
        FilePart,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<(), Error>> + Send + '_>,
    >;
    let uploads: [(&str, Upload); 8] = [
        ("content/bootstrap", |c, f| {
            Box::pin(
                c.custom_cloud_type_bootstrap_update()
                    .cloud_type(AWKWARD)
                    .file_name(f)
                    .send(),
            )
        }),
        ("content/cloudProvider", |c, f| {
            Box::pin(
                c.custom_cloud_type_cloud_provider_update()
                    .cloud_type(AWKWARD)
                    .file_name(f)
                    .send(),
            )
        }),
        ("content/controlPlane", |c, f| {
            Box::pin(
                c.custom_cloud_type_control_plane_update()
                    .cloud_type(AWKWARD)
                    .file_name(f)
                    .send(),
            )
        }),
        ("content/core", |c, f| {
            Box::pin(
                c.custom_cloud_type_core_update()
                    .cloud_type(AWKWARD)
                    .file_name(f)
                    .send(),
            )
        }),
        ("content/templates/clusterTemplate", |c, f| {
            Box::pin(
                c.custom_cloud_type_cluster_template_update()
                    .cloud_type(AWKWARD)
                    .file_name(f)
                    .send(),
            )
        }),
        ("content/templates/controlPlanePoolTemplate", |c, f| {
            Box::pin(
                c.custom_cloud_type_control_plane_pool_template_update()
                    .cloud_type(AWKWARD)
                    .file_name(f)
                    .send(),
            )
        }),
        ("content/templates/workerPoolTemplate", |c, f| {
            Box::pin(
                c.custom_cloud_type_worker_pool_template_update()
                    .cloud_type(AWKWARD)
                    .file_name(f)
                    .send(),
            )
        }),
        ("logo", |c, f| {
            Box::pin(
                c.custom_cloud_type_logo_update()
                    .cloud_type(AWKWARD)
                    .file_name(f)
                    .send(),
            )
        }),
    ];
    for (tail, upload) in uploads {
        let server = Scripted::start(vec![Reply::empty(204)]).await;
        let client = project_client(&server);
        upload(&client, logo())
            .await
            .unwrap_or_else(|e| panic!("{tail}: {e}"));
        let sent = server.requests();
        assert_eq!(sent.len(), 1, "{tail}");
        let request = &sent[0];
        assert_eq!(request.method, "PUT", "{tail}");
        assert_eq!(
            request.target,
            format!("/v1/clouds/cloudTypes/{AWKWARD_ENCODED}/{tail}")
        );
        assert_eq!(
            request.header("ProjectUid"),
            Some(PROJECT),
            "{tail}: the document declares it"
        );
        assert_eq!(request.header("ApiKey"), Some(common::API_KEY));
        assert_eq!(
            parts(request),
            [Part {
                name: "fileName".into(),
                file_name: "logo.png".into(),
                content_type: "image/png".into(),
                content: logo().content().to_vec(),
            }],
            "{tail}"
        );
    }
}

#[tokio::test]
async fn a_profile_imported_from_a_file_returns_its_uid() {
    let server = Scripted::start(vec![Reply::json(201, &json!({"uid": "cp-1"}))]).await;
    let client = project_client(&server);
    let exported = br#"{"metadata":{"name":"web"}}"#.to_vec();
    let created = client
        .cluster_profiles_import_file()
        .import_file(FilePart::new("web.json", exported.clone()).content_type("application/json"))
        .publish(true)
        .format("json")
        .send()
        .await
        .unwrap();
    assert_eq!(created.uid.as_deref(), Some("cp-1"));
    let request = &server.requests()[0];
    assert_eq!(request.method, "POST");
    let (path, query) = request.target.split_once('?').unwrap();
    assert_eq!(path, "/v1/clusterprofiles/import/file");
    let mut query: Vec<_> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    query.sort();
    assert_eq!(
        query,
        [
            ("format".to_string(), "json".to_string()),
            ("publish".into(), "true".into())
        ]
    );
    assert_eq!(request.header("ProjectUid"), Some(PROJECT));
    let sent = parts(request);
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0].name.as_str(), sent[0].file_name.as_str()),
        ("importFile", "web.json")
    );
    assert_eq!(sent[0].content, exported);
}

#[tokio::test]
async fn fetched_logs_go_up_for_their_request() {
    let server = Scripted::start(vec![Reply::empty(204)]).await;
    let client = project_client(&server);
    client
        .cluster_feature_log_fetcher_log_update()
        .uid(AWKWARD)
        .request_id("req 7")
        .file_name(FilePart::new("logs.tgz", vec![1, 2, 3]))
        .send()
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.target,
        format!("/v1/spectroclusters/features/logFetcher/{AWKWARD_ENCODED}/log?requestId=req+7")
    );
    let sent = parts(request);
    assert_eq!(
        (sent[0].name.as_str(), sent[0].content.as_slice()),
        ("fileName", &[1u8, 2, 3][..])
    );
    assert_eq!(sent[0].content_type, "application/octet-stream");
}

#[tokio::test]
async fn activation_answers_a_uid_with_201_and_nothing_with_200() {
    let server = Scripted::start(vec![
        Reply::json(201, &json!({"uid": "act-1"})),
        Reply::empty(200),
    ])
    .await;
    let client = project_client(&server);
    let first = client
        .system_activate()
        .activation_key("ACT-0000-1111-2222")
        .send()
        .await
        .unwrap();
    assert_eq!(first.and_then(|u| u.uid), Some("act-1".to_string()));
    let again = client
        .system_activate()
        .activation_key("ACT-0000-1111-2222")
        .send()
        .await
        .unwrap();
    assert_eq!(again, None);
    for request in server.requests() {
        assert_eq!(
            (request.method.as_str(), request.target.as_str()),
            ("POST", "/v1/system/activate")
        );
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(),
            json!({"activationKey": "ACT-0000-1111-2222"})
        );
        assert_eq!(
            request.header("ProjectUid"),
            None,
            "the installation is not a project's"
        );
    }
}

#[test]
fn the_activation_key_never_shows_in_debug() {
    let client = common::client_for("http://127.0.0.1:9");
    let shown = format!(
        "{:?}",
        client
            .system_activate()
            .activation_key("ACT-0000-1111-2222")
    );
    assert!(!shown.contains("ACT-0000-1111-2222"), "{shown}");
}

#[tokio::test]
async fn an_error_reply_names_the_hand_written_operation() {
    let server = Scripted::start(vec![Reply::json(
        404,
        &json!({"code": "CustomCloudTypeNotFound", "message": "no such cloud type"}),
    )])
    .await;
    let client = project_client(&server);
    let err = client
        .custom_cloud_type_logo_update()
        .cloud_type("nope")
        .file_name(logo())
        .send()
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.code(), Some("CustomCloudTypeNotFound"));
    assert_eq!(
        err.operation().map(|o| o.id),
        Some("customCloudTypeLogoUpdate")
    );
}

#[tokio::test]
async fn an_upload_is_a_put_and_is_sent_again_whole_after_a_503() {
    let server = Scripted::start(vec![Reply::empty(503), Reply::empty(204)]).await;
    let client = project_client(&server);
    client
        .custom_cloud_type_core_update()
        .cloud_type("mycloud")
        .file_name(logo())
        .send()
        .await
        .unwrap();
    let sent = server.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[0].body, sent[1].body,
        "the same body, boundary included"
    );
    assert_eq!(parts(&sent[1])[0].content, logo().content().to_vec());
}

#[tokio::test]
async fn an_import_is_a_create_and_is_not_sent_twice_unasked() {
    let server = Scripted::start(vec![
        Reply::empty(503),
        Reply::json(201, &json!({"uid": "x"})),
    ])
    .await;
    let client = project_client(&server);
    let err = client
        .cluster_profiles_import_file()
        .import_file(FilePart::new("p.json", vec![b'{', b'}']))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let server = Scripted::start(vec![Reply::empty(204)]).await;
    let client = project_client(&server);
    for bad in ["", ".", ".."] {
        let err = client
            .custom_cloud_type_logo_update()
            .cloud_type(bad)
            .file_name(logo())
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::Request(e) if e.message.contains("cloud_type")),
            "{bad:?}: {err}"
        );
    }
    let err = client
        .custom_cloud_type_logo_update()
        .file_name(logo())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Request(e) if e.message.contains("cloud_type")),
        "{err}"
    );
    let err = client
        .custom_cloud_type_logo_update()
        .cloud_type("x")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Request(e) if e.message.contains("file_name")),
        "{err}"
    );
    let err = client
        .custom_cloud_type_logo_update()
        .cloud_type("x")
        .file_name(logo())
        .project_uid("p1\r\nInjected: yes")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Request(e) if e.message.contains("header value")),
        "{err}"
    );
    assert!(!err.is_retryable());
    let err = client.system_activate().send().await.unwrap_err();
    assert!(
        matches!(&err, Error::Request(e) if e.message.contains("activation_key")),
        "{err}"
    );
    assert_eq!(server.hits(), 0);
}
