//! Login sessions: errors at login, the raw token in Authorization, one renewal at a time, renewal on 401.

mod common;

use std::time::Duration;

use common::{API_KEY, builder_for, fixture_as};
use httpmock::MockServer;
use palette_sdk::mock::MockServerExt;
use palette_sdk::prelude::*;
use palette_sdk::{Error, SessionPolicy, types};

const PASSWORD: &str = "correct-horse-battery";
const FIRST: &str = "eyJhbGciOiJIUzI1NiJ9.first-token.sig1";
const SECOND: &str = "eyJhbGciOiJIUzI1NiJ9.second-token.sig2";

fn token(value: &str) -> types::UserToken {
    types::UserToken {
        authorization: Some(value.into()),
        is_mfa: Some(false),
    }
}

/// A tenant client without credentials, whose sessions renew `due_after` after each token.
fn anonymous(server: &MockServer, due_after: Duration) -> palette_sdk::Client {
    let lifetime = Duration::from_secs(3600);
    Client::builder()
        .base_url(server.base_url())
        .proxy_from_env(false)
        .retry(common::fast_retries())
        .session_policy(SessionPolicy {
            token_lifetime: lifetime,
            margin: lifetime - due_after,
            keep_alive: false,
        })
        .build()
        .unwrap()
}

fn mock_login(server: &MockServer) -> httpmock::Mock<'_> {
    server.authenticate(|when, then| {
        when.body(&types::AuthLogin {
            email_id: Some("ops@example.com".into()),
            org: Some("acme".into()),
            password: Some(PASSWORD.into()),
        })
        .set_cookie(false);
        then.ok(&token(FIRST));
    })
}

fn mock_refresh(server: &MockServer) -> httpmock::Mock<'_> {
    server.auth_refresh(|when, then| {
        when.token(FIRST);
        then.ok(&token(SECOND));
    })
}

fn mock_workspace_for<'a>(server: &'a MockServer, token: &'static str) -> httpmock::Mock<'a> {
    server.workspaces_uid_get(|when, then| {
        when.uid("w1").into_inner().header("Authorization", token);
        then.ok(&fixture_as("workspace"));
    })
}

#[tokio::test]
async fn login_sends_the_credentials_and_later_calls_carry_the_raw_token() {
    let server = MockServer::start_async().await;
    let login = mock_login(&server);
    let get = mock_workspace_for(&server, FIRST);
    let client = anonymous(&server, Duration::from_secs(600));
    let session = client
        .login("ops@example.com", "acme", PASSWORD)
        .await
        .unwrap();
    session.workspaces_uid_get().uid("w1").send().await.unwrap();
    login.assert_calls(1);
    get.assert_calls(1);
}

#[tokio::test]
async fn a_wrong_password_fails_the_login_itself_and_the_password_is_masked() {
    let server = MockServer::start_async().await;
    server.authenticate(|_, then| {
        then.client_error(
            401,
            &types::ApiError {
                code: Some("InvalidCredentials".into()),
                message: Some(format!("password {PASSWORD} is wrong")),
                ..Default::default()
            },
        );
    });
    let err = anonymous(&server, Duration::from_secs(600))
        .login("ops@example.com", "acme", PASSWORD)
        .await
        .unwrap_err();
    assert!(err.is_unauthorized());
    assert_eq!(err.operation().unwrap().id, "authenticate");
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains(PASSWORD), "{shown}");
    }
}

#[tokio::test]
async fn an_account_that_needs_a_second_factor_is_refused_at_login() {
    let server = MockServer::start_async().await;
    server.authenticate(|_, then| {
        then.ok(&types::UserToken {
            authorization: Some(FIRST.into()),
            is_mfa: Some(true),
        });
    });
    let err = anonymous(&server, Duration::from_secs(600))
        .login("ops@example.com", "acme", PASSWORD)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::MfaRequired), "{err:?}");
    assert!(err.is_mfa_required());
}

#[tokio::test]
async fn a_login_reply_without_a_token_is_an_error_at_login() {
    let server = MockServer::start_async().await;
    server.authenticate(|_, then| {
        then.ok(&types::UserToken::default());
    });
    let err = anonymous(&server, Duration::from_secs(600))
        .login("ops@example.com", "acme", PASSWORD)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NoSessionToken { .. }), "{err:?}");
    assert!(err.is_missing_session_token());
    assert_eq!(err.operation().unwrap().id, "authenticate");
}

#[tokio::test]
async fn empty_login_fields_are_refused_without_a_request() {
    let server = MockServer::start_async().await;
    let login = mock_login(&server);
    let client = anonymous(&server, Duration::from_secs(600));
    assert!(client.login("", "acme", PASSWORD).await.is_err());
    assert!(client.login("ops@example.com", "acme", "").await.is_err());
    login.assert_calls(0);
}

#[tokio::test]
async fn a_token_is_renewed_before_it_is_due_and_the_new_one_is_used() {
    let server = MockServer::start_async().await;
    mock_login(&server);
    let refresh = mock_refresh(&server);
    let with_second = mock_workspace_for(&server, SECOND);
    let session = anonymous(&server, Duration::from_millis(50))
        .login("ops@example.com", "acme", PASSWORD)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(80)).await;
    session.workspaces_uid_get().uid("w1").send().await.unwrap();
    refresh.assert_calls(1);
    with_second.assert_calls(1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_calls_across_an_expiry_cause_exactly_one_renewal() {
    let server = MockServer::start_async().await;
    mock_login(&server);
    let refresh = mock_refresh(&server);
    let with_second = mock_workspace_for(&server, SECOND);
    // Tokens are due 1 s after they are issued: the first is due before the calls start, the
    // renewed one long after they end.
    let session = anonymous(&server, Duration::from_secs(1))
        .login("ops@example.com", "acme", PASSWORD)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let calls: Vec<_> = (0..50)
        .map(|_| {
            let handle = session.clone();
            tokio::spawn(async move { handle.workspaces_uid_get().uid("w1").send().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    refresh.assert_calls(1);
    with_second.assert_calls(50);
}

#[tokio::test]
async fn a_401_under_a_session_renews_the_token_once_and_sends_again() {
    let server = MockServer::start_async().await;
    mock_login(&server);
    let refresh = mock_refresh(&server);
    let rejected = server.workspaces_uid_get(|when, then| {
        when.uid("w1").into_inner().header("Authorization", FIRST);
        then.client_error(401, &types::ApiError::default());
    });
    let accepted = mock_workspace_for(&server, SECOND);
    let session = anonymous(&server, Duration::from_secs(600))
        .login("ops@example.com", "acme", PASSWORD)
        .await
        .unwrap();
    session.workspaces_uid_get().uid("w1").send().await.unwrap();
    rejected.assert_calls(1);
    refresh.assert_calls(1);
    accepted.assert_calls(1);
}

#[tokio::test]
async fn a_401_that_persists_after_renewal_is_returned_without_a_loop() {
    let server = MockServer::start_async().await;
    mock_login(&server);
    let refresh = mock_refresh(&server);
    let always = server.workspaces_uid_get(|when, then| {
        when.uid("w1");
        then.client_error(401, &types::ApiError::default());
    });
    let session = anonymous(&server, Duration::from_secs(600))
        .login("ops@example.com", "acme", PASSWORD)
        .await
        .unwrap();
    let err = session
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_unauthorized());
    refresh.assert_calls(1);
    always.assert_calls(2);
}

#[tokio::test]
async fn a_create_under_a_session_is_still_sent_once_on_a_503() {
    let server = MockServer::start_async().await;
    mock_login(&server);
    let create = server.workspaces_create(|_, then| {
        then.server_error(503, &types::ApiError::default());
    });
    let session = anonymous(&server, Duration::from_secs(600))
        .login("ops@example.com", "acme", PASSWORD)
        .await
        .unwrap();
    let err = session
        .workspaces_create()
        .body(types::WorkspaceEntity::default())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 503);
    create.assert_calls(1);
}

#[tokio::test]
async fn a_refused_renewal_is_a_typed_session_expired_error_of_the_call_that_needed_it() {
    let server = MockServer::start_async().await;
    mock_login(&server);
    server.auth_refresh(|when, then| {
        when.token(FIRST);
        then.client_error(
            401,
            &types::ApiError {
                message: Some(format!("token {FIRST} has expired")),
                ..Default::default()
            },
        );
    });
    let get = mock_workspace_for(&server, FIRST);
    let session = anonymous(&server, Duration::from_millis(10))
        .login("ops@example.com", "acme", PASSWORD)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(30)).await;
    let err = session
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    let Error::Session(session_error) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(session_error.operation.id, "workspacesUidGet");
    assert!(session_error.expired);
    assert!(err.is_session_expired());
    assert!(err.is_unauthorized());
    assert_eq!(
        err.status().map(|s| s.as_u16()),
        Some(401),
        "the status is kept"
    );
    assert_eq!(session_error.cause.operation().unwrap().id, "authRefresh");
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("authRefresh"), "{err}");
    assert!(err.to_string().contains("expired"), "{err}");
    assert!(!err.to_string().contains(FIRST), "{err}");
    assert!(!format!("{err:?}").contains(FIRST));
    get.assert_calls(0);
}

#[tokio::test]
async fn an_api_key_client_sends_the_key_and_no_authorization() {
    let server = MockServer::start_async().await;
    let info = server.users_info_get(|when, then| {
        when.into_inner()
            .header("ApiKey", API_KEY)
            .header_missing("Authorization");
        then.ok(&fixture_as("user_info"));
    });
    builder_for(&server.base_url())
        .build()
        .unwrap()
        .users_info_get()
        .send()
        .await
        .unwrap();
    info.assert_calls(1);
}

#[tokio::test]
async fn a_token_client_sends_the_raw_token() {
    let server = MockServer::start_async().await;
    let info = server.users_info_get(|when, then| {
        when.into_inner()
            .header("Authorization", FIRST)
            .header_missing("ApiKey");
        then.ok(&fixture_as("user_info"));
    });
    let client = Client::builder()
        .base_url(server.base_url())
        .token(FIRST)
        .proxy_from_env(false)
        .build()
        .unwrap();
    client.users_info_get().send().await.unwrap();
    info.assert_calls(1);
}
