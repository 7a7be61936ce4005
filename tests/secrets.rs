//! No key, token or password appears in tracing output, errors, or Debug, even when Palette echoes them.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::scripted::{Reply, Scripted};
use common::{API_KEY, builder_for};
use palette_sdk::SessionPolicy;
use palette_sdk::prelude::*;
use serde_json::json;
use tracing_subscriber::fmt::MakeWriter;

const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.echoed-token.sigA";
const RENEWED: &str = "eyJhbGciOiJIUzI1NiJ9.renewed-token.sigB";
const PASSWORD: &str = "hunter2-but-longer";

/// Collects everything tracing writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

fn assert_clean(what: &str, text: &str) {
    for secret in [API_KEY, TOKEN, RENEWED, PASSWORD] {
        assert!(!text.contains(secret), "{what} shows a secret:\n{text}");
    }
}

/// A reply that echoes what the client sent (`secrets`) in its body and in a header.
fn echo(status: u16, secrets: &[&str]) -> Reply {
    let sent = secrets.join(" and ");
    Reply::json(
        status,
        &json!({"code": "Echo", "message": format!("you sent {sent}"), "details": {"sent": sent}}),
    )
    .with_header("X-Echo", &sent)
    .with_header("AuditUid", "audit-1")
}

/// The same as plain text, as Palette's API-key middleware answers.
fn echo_text(status: u16, secrets: &[&str]) -> Reply {
    let sent = secrets.join(" and ");
    Reply::text(status, "text/plain", &format!("denied for {sent}")).with_header("X-Echo", &sent)
}

#[tokio::test]
async fn secrets_never_reach_tracing_errors_or_debug() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut shown = Vec::new();

    // API key: JSON and plain-text echoes, after retries.
    let server = Scripted::start(vec![
        echo(503, &[API_KEY]),
        echo(403, &[API_KEY]),
        echo_text(401, &[API_KEY]),
    ])
    .await;
    let client = builder_for(server.url()).build().unwrap();
    for _ in 0..3 {
        let err = client
            .workspaces_uid_get()
            .uid("w1")
            .send()
            .await
            .unwrap_err();
        shown.push(err.to_string());
        shown.push(format!("{err:?}"));
        shown.push(format!("{err:#?}"));
    }
    shown.push(format!("{client:?}"));

    // A session: login echoes the password; renewal and the calls echo the tokens.
    let server = Scripted::start(vec![
        Reply::json(200, &json!({"Authorization": TOKEN, "isMfa": false})),
        Reply::json(200, &json!({"Authorization": RENEWED, "isMfa": false})),
        echo(409, &[TOKEN, RENEWED]),
        echo_text(404, &[RENEWED]),
    ])
    .await;
    let anonymous = palette_sdk::Client::builder()
        .base_url(server.url())
        .proxy_from_env(false)
        .session_policy(SessionPolicy {
            token_lifetime: Duration::from_secs(60),
            margin: Duration::from_secs(60),
            keep_alive: false,
        })
        .build()
        .unwrap();
    let session = anonymous
        .login("ops@example.com", "acme", PASSWORD)
        .await
        .unwrap();
    shown.push(format!("{session:?}"));
    for _ in 0..2 {
        let err = session
            .workspaces_uid_get()
            .uid("w1")
            .send()
            .await
            .unwrap_err();
        shown.push(err.to_string());
        shown.push(format!("{err:?}"));
    }
    let refresh_path = server.requests()[1].target.clone();
    assert!(
        refresh_path.contains(TOKEN),
        "the renewal did go through the URL path"
    );

    // A failed login that echoes the password.
    let server = Scripted::start(vec![echo(401, &[PASSWORD])]).await;
    let anonymous = palette_sdk::Client::builder()
        .base_url(server.url())
        .proxy_from_env(false)
        .build()
        .unwrap();
    let err = anonymous
        .login("ops@example.com", "acme", PASSWORD)
        .await
        .unwrap_err();
    shown.push(err.to_string());
    shown.push(format!("{err:?}"));

    // Builders and configs.
    let builder = palette_sdk::Client::builder().api_key(API_KEY).token(TOKEN);
    shown.push(format!("{builder:?}"));

    for text in &shown {
        assert_clean("an error or Debug", text);
    }
    let logs = captured.text();
    assert!(
        logs.contains("palette.request"),
        "tracing was captured:\n{logs}"
    );
    assert!(
        logs.contains("/v1/auth/refresh/{token}"),
        "the renewal is traced by its template"
    );
    assert_clean("tracing output", &logs);
}

/// A reply's headers are Palette's to set (a `Set-Cookie` with a session, say): they are
/// reachable through `headers()`, never printed by a reply's or an error's `Debug` or
/// `Display`. A token that travels in a URL path (a password reset's) is not traced either.
#[tokio::test]
async fn reply_headers_and_tokens_in_paths_are_never_printed() {
    const COOKIE: &str = "palette-session=c00kie-0f9e8d7c6b5a";
    const RESET_TOKEN: &str = "reset-token-0f9e8d7c6b5a";
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = Scripted::start(vec![
        Reply::json(200, &json!({"orgName": "acme"})).with_header("Set-Cookie", COOKIE),
        Reply::json(500, &json!({"code": "Oops"})).with_header("Set-Cookie", COOKIE),
        Reply::empty(204),
    ])
    .await;
    let client = builder_for(server.url())
        .retry(palette_sdk::RetryPolicy::never())
        .build()
        .unwrap();
    let reply = client.users_info_get().send_with_response().await.unwrap();
    assert_eq!(
        reply
            .headers()
            .get("Set-Cookie")
            .map(|v| v.to_str().unwrap()),
        Some(COOKIE),
        "the header is there for whoever asks for it"
    );
    let mut shown = vec![format!("{reply:?}"), format!("{reply:#?}")];
    let err = client.users_info_get().send().await.unwrap_err();
    shown.extend([err.to_string(), format!("{err:?}"), format!("{err:#?}")]);
    client
        .password_activate()
        .password_token(RESET_TOKEN)
        .body(palette_sdk::types::PasswordActivateBody {
            password: PASSWORD.to_string(),
        })
        .send()
        .await
        .unwrap();
    assert!(
        server.requests()[2].target.contains(RESET_TOKEN),
        "the token did travel in the path"
    );
    let logs = captured.text();
    assert!(
        logs.contains("palette.request"),
        "tracing was captured:\n{logs}"
    );
    for text in shown.iter().chain([&logs]) {
        assert!(!text.contains("c00kie"), "a reply header printed: {text}");
        assert!(
            !text.contains(RESET_TOKEN),
            "a token in a path printed: {text}"
        );
        assert!(!text.contains(PASSWORD), "a password printed: {text}");
    }
}
