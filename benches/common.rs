//! The benchmarks' server on 127.0.0.1 and their payloads: a ~4 KB workspace and a ~1 MB list.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};

pub const API_KEY: &str = "bench-key-0123456789";

/// A realistic workspace reply (the fixture, about 4 KB).
pub fn workspace_json() -> Vec<u8> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/workspace.json"
    ))
    .unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    serde_json::to_vec(&value).unwrap()
}

/// A dashboard list of workspaces of about 1 MB.
pub fn dashboard_json() -> Vec<u8> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/dashboard_workspaces.json"
    ))
    .unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let item = value["items"][0].clone();
    let mut items = Vec::new();
    let mut size = 0;
    let mut n = 0;
    while size < 1_000_000 {
        let mut one = item.clone();
        one["metadata"]["name"] = format!("workspace-{n:05}").into();
        one["metadata"]["uid"] = format!("651aa2f7e4b0c3d2a1f{n:05}").into();
        size += serde_json::to_vec(&one).unwrap().len();
        items.push(one);
        n += 1;
    }
    value["items"] = items.into();
    serde_json::to_vec(&value).unwrap()
}

/// Serves the payloads; returns the base URL. Runs on its own runtime thread, so its work is
/// not counted against the client.
pub fn start_server() -> String {
    let workspace = Bytes::from(workspace_json());
    let dashboard = Bytes::from(dashboard_json());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(format!("http://{}", listener.local_addr().unwrap()))
                .unwrap();
            let json = |b: Bytes| ([(header::CONTENT_TYPE, "application/json")], b);
            let ws = Arc::new(workspace);
            let dash = Arc::new(dashboard);
            let app = Router::new()
                .route(
                    "/v1/workspaces/{uid}",
                    get(move || {
                        let b = (*ws).clone();
                        async move { json(b) }
                    }),
                )
                .route(
                    "/v1/dashboard/workspaces",
                    get(move || {
                        let b = (*dash).clone();
                        async move { json(b) }
                    }),
                )
                .route(
                    "/v1/workspaces",
                    post(|_body: Bytes| async {
                        (
                            StatusCode::CREATED,
                            [(header::CONTENT_TYPE, "application/json")],
                            r#"{"uid":"651aa2f7e4b0c3d2a1f09e88"}"#,
                        )
                            .into_response()
                    }),
                );
            axum::serve(listener, app).await.unwrap();
        });
    });
    rx.recv().unwrap()
}

/// The SDK client for the server.
pub fn sdk(base: &str) -> palette_sdk::Client {
    palette_sdk::Client::builder()
        .base_url(base)
        .api_key(API_KEY)
        .proxy_from_env(false)
        .build()
        .unwrap()
}

/// A plain reqwest client with the SDK's pool and timeout settings. reqwest is built without a
/// TLS crypto provider and nothing installs a process-wide one, so it gets a TLS
/// configuration of its own, as the SDK's client does (unused here: the server is http).
pub fn plain(_base: &str) -> reqwest::Client {
    let ring = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(ring)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .user_agent(palette_sdk::config::USER_AGENT)
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .no_proxy()
        .build()
        .unwrap()
}

/// GET a workspace with plain reqwest, decoded into the same type.
pub async fn plain_get(http: &reqwest::Client, base: &str) -> palette_sdk::types::Workspace {
    let reply = http
        .get(format!("{base}/v1/workspaces/651aa2f7e4b0c3d2a1f09e88"))
        .header("ApiKey", API_KEY)
        .header(header::ACCEPT, "application/json")
        .send()
        .await
        .unwrap();
    assert!(reply.status().is_success());
    serde_json::from_slice(&reply.bytes().await.unwrap()).unwrap()
}

/// POST a create with plain reqwest, decoded into the same type. The body is taken by value,
/// as the SDK's builder takes it.
pub async fn plain_create(
    http: &reqwest::Client,
    base: &str,
    body: palette_sdk::types::WorkspaceEntity,
) -> palette_sdk::types::Uid {
    let reply = http
        .post(format!("{base}/v1/workspaces"))
        .header("ApiKey", API_KEY)
        .header(header::ACCEPT, "application/json")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(reply.status().is_success());
    serde_json::from_slice(&reply.bytes().await.unwrap()).unwrap()
}

/// GET the 1 MB list with plain reqwest.
pub async fn plain_list(
    http: &reqwest::Client,
    base: &str,
) -> palette_sdk::types::DashboardWorkspaces {
    let reply = http
        .get(format!("{base}/v1/dashboard/workspaces"))
        .header("ApiKey", API_KEY)
        .header(header::ACCEPT, "application/json")
        .send()
        .await
        .unwrap();
    serde_json::from_slice(&reply.bytes().await.unwrap()).unwrap()
}

/// The create body both clients send.
pub fn entity() -> palette_sdk::types::WorkspaceEntity {
    let ws: palette_sdk::types::Workspace = serde_json::from_slice(&workspace_json()).unwrap();
    palette_sdk::types::WorkspaceEntity {
        metadata: ws.metadata,
        spec: ws.spec,
    }
}
