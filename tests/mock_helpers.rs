//! The typed httpmock helpers users get with the `mock` feature, one operation per area.

mod common;

use common::{API_KEY, client_for, fixture_as};
use httpmock::MockServer;
use palette_sdk::mock::MockServerExt;
use palette_sdk::prelude::*;
use palette_sdk::types;

#[tokio::test]
async fn workspaces_a_get_matches_path_and_key_and_decodes() {
    let server = MockServer::start_async().await;
    let expected: types::Workspace = fixture_as("workspace");
    let mock = server.workspaces_uid_get(|when, then| {
        when.uid("651aa2f7").into_inner().header("ApiKey", API_KEY);
        then.ok(&expected);
    });
    let got = client_for(&server.base_url())
        .workspaces_uid_get()
        .uid("651aa2f7")
        .send()
        .await
        .unwrap();
    assert_eq!(got, expected);
    mock.assert_calls(1);
}

#[tokio::test]
async fn auth_a_login_matches_the_body_and_decodes_the_token() {
    let server = MockServer::start_async().await;
    let login = types::AuthLogin {
        email_id: Some("ops@example.com".into()),
        org: Some("acme".into()),
        password: Some("pw-0123456789".into()),
    };
    let expected: types::UserToken = fixture_as("user_token");
    let mock = server.authenticate(|when, then| {
        when.body(&login)
            .into_inner()
            .path("/v1/auth/authenticate")
            .header("ApiKey", API_KEY);
        then.ok(&expected);
    });
    let got = client_for(&server.base_url())
        .authenticate()
        .body(login.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(got, expected);
    mock.assert_calls(1);
}

#[tokio::test]
async fn dashboard_the_workspace_list_decodes() {
    let server = MockServer::start_async().await;
    let expected: types::DashboardWorkspaces = fixture_as("dashboard_workspaces");
    let mock = server.dashboard_workspaces_list(|when, then| {
        when.into_inner()
            .path("/v1/dashboard/workspaces")
            .header("ApiKey", API_KEY);
        then.ok(&expected);
    });
    let got = client_for(&server.base_url())
        .dashboard_workspaces_list()
        .send()
        .await
        .unwrap();
    assert_eq!(got, expected);
    mock.assert_calls(1);
}

#[tokio::test]
async fn users_who_am_i_decodes() {
    let server = MockServer::start_async().await;
    let expected: types::UserInfo = fixture_as("user_info");
    let mock = server.users_info_get(|when, then| {
        when.into_inner()
            .path("/v1/users/info")
            .header("ApiKey", API_KEY);
        then.ok(&expected);
    });
    let got = client_for(&server.base_url())
        .users_info_get()
        .send()
        .await
        .unwrap();
    assert_eq!(got, expected);
    mock.assert_calls(1);
}

#[tokio::test]
async fn an_error_reply_from_a_mock_is_a_typed_error() {
    let server = MockServer::start_async().await;
    server.workspaces_uid_get(|when, then| {
        when.uid("gone");
        then.client_error(
            404,
            &types::ApiError {
                code: Some("WorkspaceNotFound".into()),
                message: Some("workspace not found".into()),
                ..Default::default()
            },
        );
    });
    let err = client_for(&server.base_url())
        .workspaces_uid_get()
        .uid("gone")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.code(), Some("WorkspaceNotFound"));
}
