//! Login sessions: errors at login, the raw token in Authorization, one renewal at a time that no cancelled caller loses, renewal on 401 and in the background, logging in again, expiry as a typed error.

mod common;

use std::time::Duration;

use common::{API_KEY, builder_for, fixture_as};
use httpmock::MockServer;
use palette_sdk::mock::MockServerExt;
use palette_sdk::prelude::*;
use palette_sdk::testing::{FakePalette, seed};
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
        then.ok(token(FIRST));
    })
}

fn mock_refresh(server: &MockServer) -> httpmock::Mock<'_> {
    server.auth_refresh(|when, then| {
        when.token(FIRST);
        then.ok(token(SECOND));
    })
}

fn mock_workspace_for<'a>(server: &'a MockServer, token: &'static str) -> httpmock::Mock<'a> {
    server.workspaces_uid_get(|when, then| {
        when.uid("w1").into_inner().header("Authorization", token);
        then.ok(fixture_as::<types::Workspace>("workspace"));
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
        then.ok(types::UserToken::default());
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
        then.client_error(401, types::ApiError::default());
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
        then.client_error(401, types::ApiError::default());
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
        then.server_error(503, types::ApiError::default());
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
        session_error.status.map(|s| s.as_u16()),
        Some(401),
        "the refusal's status is kept"
    );
    assert_eq!(err.status(), None, "the renewal's status is not the call's");
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
        then.ok(fixture_as::<types::UserInfo>("user_info"));
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
        then.ok(fixture_as::<types::UserInfo>("user_info"));
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

// --- Sessions over time, on a paused clock. The fake Palette renews a token only while it is
// still good, as Palette does. Idling happens in one-second steps: a paused clock jumps to the
// next timer whenever the runtime waits (a request in flight included), and the steps keep
// those jumps far shorter than any margin the tests rely on.

const MINUTE: Duration = Duration::from_secs(60);

/// A tenant client of `fake` without credentials, with no timeouts that a paused clock could
/// jump to mid-request.
fn anonymous_for_fake(fake: &FakePalette, policy: SessionPolicy) -> palette_sdk::Client {
    Client::builder()
        .base_url(fake.url())
        .proxy_from_env(false)
        .connect_timeout(Duration::MAX)
        .request_timeout(Duration::MAX)
        .operation_timeout(Duration::MAX)
        .session_policy(policy)
        .build()
        .unwrap()
}

async fn idle(total: Duration) {
    let end = tokio::time::Instant::now() + total;
    while tokio::time::Instant::now() < end {
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

#[tokio::test(start_paused = true)]
async fn an_idle_session_outlives_the_refresh_window_by_renewing_in_the_background() {
    let fake = FakePalette::start().await.unwrap(); // 15-minute tokens
    let session = anonymous_for_fake(&fake, SessionPolicy::default())
        .login(seed::USER_EMAIL, seed::ORG, seed::USER_PASSWORD)
        .await
        .unwrap();
    // Four token lifetimes without a call: renewing only when a call needs a token would
    // find it expired, and Palette renews no expired token.
    idle(60 * MINUTE).await;
    let me = session
        .users_info_get()
        .send()
        .await
        .expect("the session is alive");
    assert_eq!(me.user_uid.as_deref(), Some(seed::USER_UID));
}

#[tokio::test(start_paused = true)]
async fn without_keep_alive_an_idle_session_expires_with_a_typed_error() {
    let fake = FakePalette::start().await.unwrap();
    let policy = SessionPolicy {
        keep_alive: false,
        ..SessionPolicy::default()
    };
    let session = anonymous_for_fake(&fake, policy)
        .login(seed::USER_EMAIL, seed::ORG, seed::USER_PASSWORD)
        .await
        .unwrap();
    idle(20 * MINUTE).await;
    let err = session.users_info_get().send().await.unwrap_err();
    assert!(err.is_session_expired(), "{err:?}");
    assert!(err.is_unauthorized());
    assert_eq!(err.operation().unwrap().id, "usersInfoGet");
    let Error::Session(expired) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(expired.status.map(|s| s.as_u16()), Some(401));
    assert_eq!(expired.cause.code(), Some("AuthTokenExpired"));
    // Later calls fail the same way at once, without asking Palette again.
    assert!(
        session
            .users_info_get()
            .send()
            .await
            .unwrap_err()
            .is_session_expired()
    );
}

#[tokio::test(start_paused = true)]
async fn a_session_with_a_login_callback_logs_in_again_when_renewal_is_refused() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let fake = FakePalette::start().await.unwrap();
    // The client believes tokens last an hour; the fake's expire after 15 minutes, so the
    // token is dead, and beyond renewal, before the session thinks of renewing it.
    let policy = SessionPolicy {
        token_lifetime: 60 * MINUTE,
        ..SessionPolicy::default()
    };
    let logins = Arc::new(AtomicUsize::new(0));
    let counted = logins.clone();
    let session = anonymous_for_fake(&fake, policy)
        .login_with(move || {
            counted.fetch_add(1, Ordering::SeqCst);
            async {
                Some(palette_sdk::LoginCredentials::new(
                    seed::USER_EMAIL,
                    seed::ORG,
                    seed::USER_PASSWORD,
                ))
            }
        })
        .await
        .unwrap();
    assert_eq!(logins.load(Ordering::SeqCst), 1);
    idle(20 * MINUTE).await;
    let me = session
        .users_info_get()
        .send()
        .await
        .expect("401, renewal refused, logged in again, sent again");
    assert_eq!(me.user_uid.as_deref(), Some(seed::USER_UID));
    assert_eq!(logins.load(Ordering::SeqCst), 2);
}

#[tokio::test(start_paused = true)]
async fn a_login_callback_that_gives_up_leaves_an_expired_session() {
    use std::sync::atomic::{AtomicBool, Ordering};

    let fake = FakePalette::start().await.unwrap();
    let policy = SessionPolicy {
        token_lifetime: 60 * MINUTE,
        keep_alive: false,
        ..SessionPolicy::default()
    };
    static FIRST_TIME: AtomicBool = AtomicBool::new(true);
    let session = anonymous_for_fake(&fake, policy)
        .login_with(|| async {
            FIRST_TIME.swap(false, Ordering::SeqCst).then(|| {
                palette_sdk::LoginCredentials::new(seed::USER_EMAIL, seed::ORG, seed::USER_PASSWORD)
            })
        })
        .await
        .unwrap();
    idle(20 * MINUTE).await;
    let err = session.users_info_get().send().await.unwrap_err();
    assert!(err.is_session_expired(), "{err:?}");
}

#[tokio::test(start_paused = true)]
async fn the_keep_alive_stops_when_the_last_handle_is_dropped() {
    use common::scripted::Scripted;

    let server = Scripted::start(vec![json_token(FIRST), json_token(SECOND)]).await;
    let renewals = || {
        server
            .requests()
            .iter()
            .filter(|r| r.target.starts_with("/v1/auth/refresh/"))
            .count()
    };
    let session = Client::builder()
        .base_url(server.url())
        .proxy_from_env(false)
        .request_timeout(Duration::MAX)
        .operation_timeout(Duration::MAX)
        .build()
        .unwrap()
        .login("ops@example.com", "acme", PASSWORD)
        .await
        .unwrap();
    let clone = session.clone();
    drop(session);
    idle(13 * MINUTE).await;
    assert_eq!(renewals(), 1, "a clone still lives: renewed at 12 minutes");
    drop(clone);
    idle(60 * MINUTE).await;
    assert_eq!(renewals(), 1, "no renewal once every handle is gone");
}

#[tokio::test(start_paused = true)]
async fn a_renewal_outlives_the_call_that_started_it() {
    use common::scripted::{Reply, Scripted};

    let renewed = json_token(SECOND);
    let server = Scripted::start(vec![
        json_token(FIRST).closing(),
        Reply::Slow(Duration::from_secs(10), Box::new(renewed.closing())),
        Reply::json(200, &common::fixture("workspace")).closing(),
    ])
    .await;
    let session = Client::builder()
        .base_url(server.url())
        .proxy_from_env(false)
        .request_timeout(Duration::MAX)
        .operation_timeout(Duration::MAX)
        .session_policy(SessionPolicy {
            token_lifetime: Duration::from_secs(3600),
            margin: Duration::from_secs(3590), // each token is due 10 s after it is issued
            keep_alive: false,
        })
        .build()
        .unwrap()
        .login("ops@example.com", "acme", PASSWORD)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(11)).await;
    // The first call starts the renewal (answered at 21 s), then is dropped by its caller's
    // timeout at 12 s.
    let call = session.workspaces_uid_get().uid("w1").send();
    assert!(
        tokio::time::timeout(Duration::from_secs(1), call)
            .await
            .is_err()
    );
    // The renewal goes on without it; the next call, at 25 s, uses its token.
    tokio::time::sleep(Duration::from_secs(13)).await;
    session
        .with_operation_timeout(Duration::from_secs(5))
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap();
    let sent = server.requests();
    let targets: Vec<&str> = sent.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "/v1/auth/authenticate?setCookie=false",
            &format!("/v1/auth/refresh/{FIRST}?setCookie=false"),
            "/v1/workspaces/w1"
        ],
        "one renewal, whose token the next call sends"
    );
    assert_eq!(sent[2].header("Authorization"), Some(SECOND));
}

#[tokio::test(start_paused = true)]
async fn the_operation_timeout_bounds_a_session_renewal() {
    use common::scripted::{Reply, Scripted};

    let server = Scripted::start(vec![
        json_token(FIRST).closing(),
        Reply::Slow(Duration::from_secs(3600), Box::new(json_token(SECOND))),
    ])
    .await;
    let session = Client::builder()
        .base_url(server.url())
        .proxy_from_env(false)
        .request_timeout(Duration::MAX)
        .operation_timeout(Duration::from_secs(5))
        .session_policy(SessionPolicy {
            token_lifetime: Duration::from_secs(3600),
            margin: Duration::from_secs(3600),
            keep_alive: false,
        })
        .build()
        .unwrap()
        .login("ops@example.com", "acme", PASSWORD)
        .await
        .unwrap();
    let start = tokio::time::Instant::now();
    let err = session
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert!(err.is_timeout());
    assert_eq!(err.operation().unwrap().id, "workspacesUidGet");
    assert_eq!(start.elapsed(), Duration::from_secs(5));
}

#[tokio::test(start_paused = true)]
async fn a_session_policy_of_duration_max_never_panics() {
    let fake = FakePalette::builder()
        .token_lifetime(Duration::MAX)
        .start()
        .await
        .unwrap();
    for policy in [
        SessionPolicy {
            token_lifetime: Duration::MAX,
            margin: Duration::ZERO,
            keep_alive: true,
        },
        SessionPolicy {
            token_lifetime: Duration::MAX,
            margin: Duration::MAX,
            keep_alive: true,
        },
        SessionPolicy {
            token_lifetime: Duration::from_secs(60),
            margin: Duration::MAX,
            keep_alive: true,
        },
    ] {
        let session = anonymous_for_fake(&fake, policy)
            .login(seed::USER_EMAIL, seed::ORG, seed::USER_PASSWORD)
            .await
            .unwrap();
        session.users_info_get().send().await.unwrap();
        idle(2 * MINUTE).await;
        session.users_info_get().send().await.unwrap();
    }
}

fn json_token(value: &str) -> common::scripted::Reply {
    common::scripted::Reply::json(
        200,
        &serde_json::json!({"Authorization": value, "isMfa": false}),
    )
}

// --- What a failed renewal means for the call, and 401s that renewing does not cure.

/// A renewal refused with 404 or 403 (Palette no longer knows the token, or will not renew
/// it) says nothing about the resource the call was about: the call's error is an expired
/// session, and neither "not found" nor "forbidden".
#[tokio::test]
async fn a_renewal_refused_with_404_or_403_is_an_expired_session_not_a_missing_or_forbidden_resource()
 {
    for status in [404, 403] {
        let server = MockServer::start_async().await;
        mock_login(&server);
        server.auth_refresh(|when, then| {
            when.token(FIRST);
            then.client_error(
                status,
                &types::ApiError {
                    code: Some("TokenNotRenewable".into()),
                    ..Default::default()
                },
            );
        });
        let get = mock_workspace_for(&server, FIRST);
        // The token is due at once: the first call renews it.
        let session = anonymous(&server, Duration::ZERO)
            .login("ops@example.com", "acme", PASSWORD)
            .await
            .unwrap();
        let err = session
            .workspaces_uid_get()
            .uid("w1")
            .send()
            .await
            .unwrap_err();
        assert!(err.is_session_expired(), "{status}: {err:?}");
        assert!(err.is_unauthorized(), "{status}");
        assert!(
            !err.is_not_found(),
            "{status}: the workspace may well exist"
        );
        assert!(!err.is_forbidden(), "{status}: the call was never judged");
        assert_eq!(err.status(), None, "{status}: no reply to the call itself");
        let Error::Session(expired) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(
            expired.status.map(|s| s.as_u16()),
            Some(status),
            "the refusal's status is on the session error"
        );
        assert_eq!(expired.cause.status().map(|s| s.as_u16()), Some(status));
        get.assert_calls(0);
    }
}

/// The workflows that read a 404 as "gone" must not read a refused renewal that way.
#[tokio::test]
async fn workflows_do_not_read_a_renewal_refused_with_404_as_a_deleted_cluster() {
    use palette_sdk::ext::DeleteOptions;
    use palette_sdk::wait::WaitOptions;

    let server = MockServer::start_async().await;
    mock_login(&server);
    server.auth_refresh(|when, then| {
        when.token(FIRST);
        then.client_error(404, types::ApiError::default());
    });
    let session = anonymous(&server, Duration::ZERO)
        .login("ops@example.com", "acme", PASSWORD)
        .await
        .unwrap();
    let clusters = session.clusters();
    let deleted = clusters
        .delete("c1", DeleteOptions::new().ignore_missing(true))
        .await;
    assert!(
        deleted.as_ref().is_err_and(Error::is_session_expired),
        "{deleted:?}"
    );
    let options = WaitOptions::default().timeout(Duration::from_secs(5));
    let gone = clusters.wait_until_deleted("c1", options, |_| {}).await;
    assert!(
        gone.as_ref().is_err_and(Error::is_session_expired),
        "{gone:?}"
    );
}

/// A Palette of three routes for session tests on a paused clock: logging in issues
/// `token-1` (then `token-2`, ...); `authRefresh` issues the next token, refuses a revoked one
/// with 401, or answers an error status when told to; a workspace read answers 200, 401 for a
/// revoked token, or an error status when told to, and can be held until the test lets it
/// answer. It counts renewals and records the `Authorization` of every workspace read. Every
/// reply closes its connection, so that no idle connection's timer is there for the paused
/// clock to jump to.
struct Stub {
    url: String,
    state: std::sync::Arc<StubState>,
    task: tokio::task::JoinHandle<()>,
}

#[derive(Default)]
struct StubState {
    /// 0: renewals issue a token; else their status.
    refresh_status: std::sync::atomic::AtomicU16,
    /// 0: workspace reads succeed; else their status.
    workspace_status: std::sync::atomic::AtomicU16,
    issued: std::sync::atomic::AtomicUsize,
    renewals: std::sync::atomic::AtomicUsize,
    workspace_tokens: std::sync::Mutex<Vec<String>>,
    revoked: std::sync::Mutex<Vec<String>>,
    /// The next workspace read waits for this before it answers.
    hold: std::sync::Mutex<Option<tokio::sync::oneshot::Receiver<()>>>,
}

impl Stub {
    async fn start() -> Stub {
        use axum::extract::{Path, State};
        use axum::http::{HeaderMap, StatusCode, header};
        use axum::routing::{get, post};
        use std::sync::Arc;
        use std::sync::atomic::Ordering::SeqCst;

        type Shared = State<Arc<StubState>>;
        fn reply(status: u16, body: serde_json::Value) -> axum::response::Response {
            use axum::response::IntoResponse;
            let status = StatusCode::from_u16(status).unwrap();
            (status, [(header::CONNECTION, "close")], axum::Json(body)).into_response()
        }
        fn issue(state: &StubState) -> axum::response::Response {
            let n = state.issued.fetch_add(1, SeqCst) + 1;
            reply(
                200,
                serde_json::json!({"Authorization": format!("token-{n}"), "isMfa": false}),
            )
        }
        async fn login(State(state): Shared) -> axum::response::Response {
            issue(&state)
        }
        async fn refresh(
            State(state): Shared,
            Path(token): Path<String>,
        ) -> axum::response::Response {
            state.renewals.fetch_add(1, SeqCst);
            if state.revoked.lock().unwrap().contains(&token) {
                return reply(401, serde_json::json!({"code": "AuthTokenExpired"}));
            }
            match state.refresh_status.load(SeqCst) {
                0 => issue(&state),
                status => reply(
                    status,
                    serde_json::json!({"code": "Busy", "message": "later"}),
                ),
            }
        }
        async fn workspace(State(state): Shared, headers: HeaderMap) -> axum::response::Response {
            let token = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            state
                .workspace_tokens
                .lock()
                .unwrap()
                .push(token.to_string());
            let hold = state.hold.lock().unwrap().take();
            if let Some(hold) = hold {
                let _ = hold.await;
            }
            if state.revoked.lock().unwrap().iter().any(|t| t == token) {
                return reply(401, serde_json::json!({"code": "InvalidAuthToken"}));
            }
            match state.workspace_status.load(SeqCst) {
                0 => reply(200, common::fixture("workspace")),
                status => reply(
                    status,
                    serde_json::json!({"code": "Unauthorized", "message": "not for you"}),
                ),
            }
        }

        let state = Arc::new(StubState::default());
        let app = axum::Router::new()
            .route("/v1/auth/authenticate", post(login))
            .route("/v1/auth/refresh/{token}", get(refresh))
            .route("/v1/workspaces/{uid}", get(workspace))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Stub { url, state, task }
    }

    /// Renewals answer `status` (0: they issue a token again).
    fn refresh_answers(&self, status: u16) {
        self.state
            .refresh_status
            .store(status, std::sync::atomic::Ordering::SeqCst);
    }

    /// Workspace reads answer `status` (0: they succeed again).
    fn workspace_answers(&self, status: u16) {
        self.state
            .workspace_status
            .store(status, std::sync::atomic::Ordering::SeqCst);
    }

    fn renewals(&self) -> usize {
        self.state
            .renewals
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The token each workspace read carried, in order of arrival.
    fn workspace_tokens(&self) -> Vec<String> {
        self.state.workspace_tokens.lock().unwrap().clone()
    }

    /// How many workspace reads carried `token`.
    fn reads_with(&self, token: &str) -> usize {
        self.workspace_tokens()
            .iter()
            .filter(|t| *t == token)
            .count()
    }

    /// Palette revokes `token`: reads with it draw 401, and it is not renewed.
    fn revoke(&self, token: &str) {
        self.state.revoked.lock().unwrap().push(token.to_string());
    }

    /// The next workspace read is held until the sender returned is used or dropped.
    fn hold_next_read(&self) -> tokio::sync::oneshot::Sender<()> {
        let (release, hold) = tokio::sync::oneshot::channel();
        *self.state.hold.lock().unwrap() = Some(hold);
        release
    }

    /// How many tokens were issued, by logins and renewals.
    fn issued(&self) -> usize {
        self.state.issued.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// A tenant client of the stub with `policy`: every request is sent once (no retries),
    /// without timeouts.
    fn anonymous(&self, policy: SessionPolicy) -> palette_sdk::Client {
        Client::builder()
            .base_url(&self.url)
            .proxy_from_env(false)
            .connect_timeout(Duration::MAX)
            .request_timeout(Duration::MAX)
            .operation_timeout(Duration::MAX)
            .retry(palette_sdk::RetryPolicy::never())
            .session_policy(policy)
            .build()
            .unwrap()
    }

    /// Logs in with `policy` (see [`anonymous`](Self::anonymous)).
    async fn session(&self, policy: SessionPolicy) -> palette_sdk::Client {
        self.anonymous(policy)
            .login("ops@example.com", "acme", PASSWORD)
            .await
            .unwrap()
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Tokens that last an hour and are due for renewal 10 s after they are issued, renewed only
/// when a call needs one.
const DUE_AFTER_10_S: SessionPolicy = SessionPolicy {
    token_lifetime: Duration::from_secs(3600),
    margin: Duration::from_secs(3590),
    keep_alive: false,
};

#[tokio::test(start_paused = true)]
async fn a_renewal_that_fails_for_now_while_the_token_is_still_good_lets_the_call_go_on_with_it() {
    for status in [500, 502, 503, 429] {
        let stub = Stub::start().await;
        let session = stub.session(DUE_AFTER_10_S).await;
        stub.refresh_answers(status);
        tokio::time::sleep(Duration::from_secs(11)).await; // due, and good for 59 more minutes
        for _ in 0..2 {
            session
                .workspaces_uid_get()
                .uid("w1")
                .send()
                .await
                .unwrap_or_else(|e| panic!("renewal answered {status}: {e}"));
        }
        assert_eq!(stub.workspace_tokens(), ["token-1", "token-1"], "{status}");
        assert_eq!(
            stub.renewals(),
            1,
            "{status}: tried once, not again on every call"
        );
        // Later on, the renewal is tried again, and its token used.
        stub.refresh_answers(0);
        tokio::time::sleep(5 * MINUTE).await;
        session.workspaces_uid_get().uid("w1").send().await.unwrap();
        assert_eq!(stub.renewals(), 2, "{status}");
        assert_eq!(stub.workspace_tokens()[2], "token-2", "{status}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_renewal_that_fails_for_now_once_the_token_has_expired_fails_the_call() {
    let stub = Stub::start().await;
    let session = stub
        .session(SessionPolicy {
            token_lifetime: MINUTE,
            margin: Duration::from_secs(10),
            keep_alive: false,
        })
        .await;
    stub.refresh_answers(503);
    tokio::time::sleep(MINUTE + Duration::from_secs(1)).await;
    let err = session
        .workspaces_uid_get()
        .uid("w1")
        .send()
        .await
        .unwrap_err();
    let Error::Session(failed) = &err else {
        panic!("{err:?}")
    };
    assert!(
        !failed.expired,
        "Palette did not refuse: a later call tries again"
    );
    assert!(!err.is_session_expired());
    assert!(err.is_retryable());
    assert_eq!(failed.cause.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.operation().unwrap().id, "workspacesUidGet");
    assert!(
        stub.workspace_tokens().is_empty(),
        "never sent with an expired token"
    );
}

/// Palette can answer 401 for reasons other than the token's age. Renewing is right once (the
/// token may have been revoked), but when the fresh token draws 401s too, renewing on every
/// such 401 would be a renewal storm: calls then get their 401 at once, until a pause has
/// passed.
#[tokio::test(start_paused = true)]
async fn a_401_that_a_fresh_token_does_not_cure_renews_once_and_not_on_every_call() {
    use futures_util::future::join_all;

    let stub = Stub::start().await;
    let session = stub
        .session(SessionPolicy {
            keep_alive: false,
            ..SessionPolicy::default()
        })
        .await;
    stub.workspace_answers(401);
    let call = || session.workspaces_uid_get().uid("w1").send();

    // Eight calls at once draw 401s with token-1: they share one renewal, and each is sent
    // once more, with token-2, which draws a 401 too.
    for outcome in join_all((0..8).map(|_| call())).await {
        let err = outcome.unwrap_err();
        assert!(err.is_unauthorized(), "{err:?}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    }
    assert_eq!(stub.renewals(), 1, "one renewal shared by the eight calls");
    assert_eq!(stub.reads_with("token-1"), 8);
    assert_eq!(stub.reads_with("token-2"), 8, "each call sent once more");

    // The fresh token is refused too, so the 401s are not about its age: no more renewals,
    // whether the calls come one by one or together.
    for _ in 0..5 {
        assert!(call().await.unwrap_err().is_unauthorized());
    }
    for outcome in join_all((0..8).map(|_| call())).await {
        assert!(outcome.unwrap_err().is_unauthorized());
    }
    assert_eq!(stub.renewals(), 1, "no renewal storm");
    assert_eq!(stub.reads_with("token-2"), 8 + 5 + 8, "each sent once");

    // After a pause, a 401 renews once more: the token could have been revoked since.
    tokio::time::sleep(MINUTE).await;
    assert!(call().await.unwrap_err().is_unauthorized());
    assert_eq!(stub.renewals(), 2);
    assert_eq!(stub.reads_with("token-3"), 1);
}

/// A call whose token was renewed by another call while its request was out, and which then
/// draws a 401 with the newer token too, has not shown that renewing is useless: that token
/// may have been revoked since. The next 401 with it still renews (here: refused, so the
/// session logs in again).
#[tokio::test(start_paused = true)]
async fn a_401_with_a_token_another_call_renewed_does_not_stop_renewals() {
    let stub = Stub::start().await;
    let session = stub
        .anonymous(SessionPolicy {
            keep_alive: false,
            ..SessionPolicy::default()
        })
        .login_with(|| async {
            Some(palette_sdk::LoginCredentials::new(
                "ops@example.com",
                "acme",
                PASSWORD,
            ))
        })
        .await
        .unwrap();
    let call = || session.workspaces_uid_get().uid("w1").send();

    // A's read, with token-1, is held; meanwhile token-1 is revoked, and B's 401 makes the
    // session log in again (token-2).
    let release = stub.hold_next_read();
    let a = tokio::spawn({
        let session = session.clone();
        async move { session.workspaces_uid_get().uid("w1").send().await }
    });
    while stub.workspace_tokens().is_empty() {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    stub.revoke("token-1");
    call()
        .await
        .expect("B: renewal refused, logged in again, sent again");
    assert_eq!(stub.issued(), 2);

    // token-2 is revoked too; A's held read answers 401, and A is sent again with token-2,
    // which draws a 401 as well.
    stub.revoke("token-2");
    release.send(()).unwrap();
    let a = a.await.unwrap().unwrap_err();
    assert!(a.is_unauthorized(), "{a:?}");
    assert_eq!(stub.reads_with("token-2"), 2, "B's second try and A's");

    // C's 401 with token-2 renews it (refused), and the session logs in again.
    call()
        .await
        .expect("C: a 401 with token-2 still renews, and the session recovers");
    assert_eq!(stub.issued(), 3);
    assert_eq!(stub.reads_with("token-3"), 1);
}
