//! The workflows people automate, end to end against the fake Palette.

mod common;

use std::time::Duration;

use palette_sdk::enums::ClusterRbacSubjectsType;
use palette_sdk::ext::{
    Allocation, BackupSettings, ClusterRbac, Namespace, NewWorkspace, RoleBinding, WorkspaceRoles,
};
use palette_sdk::prelude::*;
use palette_sdk::testing::{FakePalette, seed};
use palette_sdk::wait::{RunPhase, WaitFailure, WaitOptions};
use palette_sdk::{Error, SessionPolicy, types};

const EAST: (&str, &str) = (seed::CLUSTERS[0].0, seed::CLUSTERS[0].1);
const WEST: (&str, &str) = (seed::CLUSTERS[1].0, seed::CLUSTERS[1].1);

fn quick() -> WaitOptions {
    WaitOptions::default()
        .interval(Duration::from_millis(5))
        .timeout(Duration::from_secs(10))
}

async fn default_project(fake: &FakePalette) -> Client {
    fake.client()
        .unwrap()
        .with_project_name("Default")
        .await
        .unwrap()
}

fn payments() -> NewWorkspace {
    NewWorkspace::new("payments")
        .cluster(EAST.0, EAST.1)
        .cluster(WEST.0, WEST.1)
        .namespace(
            Namespace::new("payments")
                .default_allocation(Allocation::new(2.0, 4096.0))
                .on_cluster(EAST.0, Allocation::new(4.0, 8192.0)),
        )
        .namespace(Namespace::regex("^payments-.*$"))
        .quota(Allocation::new(16.0, 32768.0))
}

#[tokio::test]
async fn a_workspace_is_created_found_updated_and_deleted() {
    let fake = FakePalette::start().await.unwrap();
    let project = default_project(&fake).await;
    let workspaces = project.workspaces();

    let uid = workspaces.create(payments()).await.unwrap();
    let listed = workspaces.list().await.unwrap();
    assert_eq!(listed.len(), 1);
    let found = workspaces
        .find_by_name("payments")
        .await
        .unwrap()
        .expect("found by name");
    assert_eq!(
        found.metadata.as_ref().unwrap().uid.as_deref(),
        Some(uid.as_str())
    );
    let spec = found.spec.unwrap();
    assert_eq!(spec.cluster_refs.unwrap().len(), 2);
    let namespaces = spec.cluster_namespaces.unwrap();
    assert_eq!(namespaces[1].is_regex, Some(true));

    workspaces
        .update_namespaces(
            &uid,
            vec![Namespace::new("payments"), Namespace::new("ledger")],
        )
        .await
        .unwrap();
    workspaces
        .update_quota(&uid, Allocation::new(8.0, 8192.0))
        .await
        .unwrap();
    let ws = workspaces.get(&uid).await.unwrap();
    let spec = ws.spec.unwrap();
    assert_eq!(spec.cluster_namespaces.unwrap().len(), 2);
    assert_eq!(
        spec.cluster_refs.unwrap().len(),
        2,
        "updating namespaces keeps the clusters"
    );
    assert_eq!(
        spec.quota.unwrap().resource_allocation.unwrap().cpu_cores,
        Some(8.0)
    );

    let mut meta = ws.metadata.unwrap();
    meta.labels = Some([("team".to_string(), "payments".to_string())].into());
    workspaces.update_meta(&uid, meta).await.unwrap();
    let labels = workspaces
        .get(&uid)
        .await
        .unwrap()
        .metadata
        .unwrap()
        .labels
        .unwrap();
    assert_eq!(labels["team"], "payments");

    workspaces.delete(&uid).await.unwrap();
    let err = workspaces.get(&uid).await.unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.code(), Some("WorkspaceNotFound"));
    assert!(workspaces.find_by_name("payments").await.unwrap().is_none());
}

#[tokio::test]
async fn a_workspace_name_taken_in_two_projects_is_ambiguous_at_tenant_scope() {
    // A tenant handle lists the workspaces of every project; names are unique only within
    // one project.
    let workspace = |uid: &str, name: &str, project: &str| {
        serde_json::json!({
            "metadata": {"uid": uid, "name": name, "annotations": {"projectUid": project}},
            "spec": null,
            "status": null,
        })
    };
    let list = serde_json::json!({"items": [
        workspace("64f0000000000000000000a1", "payments", "p-east"),
        workspace("64f0000000000000000000b2", "ledger", "p-east"),
        workspace("64f0000000000000000000a3", "payments", "p-west"),
    ]});
    let server =
        common::scripted::Scripted::start(vec![common::scripted::Reply::json(200, &list)]).await;
    let workspaces = common::client_for(server.url()).tenant().workspaces();

    let err = workspaces.find_by_name("payments").await.unwrap_err();
    match &err {
        Error::AmbiguousName { kind, name, uids } => {
            assert_eq!((*kind, name.as_str()), ("workspace", "payments"));
            assert_eq!(
                uids,
                &["64f0000000000000000000a1", "64f0000000000000000000a3"]
            );
        }
        other => panic!("expected AmbiguousName, got {other:?}"),
    }
    assert!(err.is_ambiguous_name());
    let err = workspaces.get_by_name("payments").await.unwrap_err();
    assert!(err.is_ambiguous_name(), "{err:?}");
    assert_eq!(
        server.hits(),
        2,
        "neither workspace was read: a name alone does not pick one"
    );
    let none = workspaces.find_by_name("billing").await.unwrap();
    assert!(none.is_none());
    let missing = workspaces.get_by_name("billing").await.unwrap_err();
    assert!(
        matches!(
            &missing,
            Error::NameNotFound {
                kind: "workspace",
                ..
            }
        ),
        "{missing:?}"
    );
}

#[tokio::test]
async fn a_workspace_made_in_one_project_is_invisible_from_another_and_from_the_tenant() {
    let fake = FakePalette::start().await.unwrap();
    let default = default_project(&fake).await;
    let staging = fake
        .client()
        .unwrap()
        .with_project_name("Staging")
        .await
        .unwrap();
    let uid = default.workspaces().create(payments()).await.unwrap();

    assert!(
        staging
            .workspaces()
            .get(&uid)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        default
            .tenant()
            .workspaces()
            .get(&uid)
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert!(staging.workspaces().list().await.unwrap().is_empty());
    assert!(
        default
            .tenant()
            .workspaces()
            .list()
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn names_are_validated_and_a_duplicate_is_a_conflict() {
    let fake = FakePalette::start().await.unwrap();
    let project = default_project(&fake).await;
    project.workspaces().create(payments()).await.unwrap();

    let again = project.workspaces().create(payments()).await.unwrap_err();
    assert!(again.is_conflict(), "{again}");
    let taken = project
        .workspaces_validate_name()
        .name("payments")
        .send()
        .await
        .unwrap_err();
    assert!(taken.is_conflict());
    let bad = project
        .workspaces()
        .create(NewWorkspace::new("Not Valid!"))
        .await
        .unwrap_err();
    assert_eq!(bad.status().unwrap().as_u16(), 400);
    project
        .workspaces_validate_name()
        .name("ledger")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn cluster_rbac_is_added_updated_and_removed() {
    let fake = FakePalette::start().await.unwrap();
    let project = default_project(&fake).await;
    let workspaces = project.workspaces();
    let uid = workspaces.create(payments()).await.unwrap();

    let admins = ClusterRbac::new("admins")
        .binding(RoleBinding::cluster_role_in("admin", "payments").group("oncall"));
    let rbac_uid = workspaces.add_cluster_rbac(&uid, admins).await.unwrap();
    let viewers = ClusterRbac::new("admins")
        .binding(RoleBinding::cluster_wide("view").user("auditor@example.com"));
    workspaces
        .update_cluster_rbac(&uid, &rbac_uid, viewers)
        .await
        .unwrap();

    let rbacs = workspaces
        .get(&uid)
        .await
        .unwrap()
        .spec
        .unwrap()
        .cluster_rbacs
        .unwrap();
    assert_eq!(rbacs.len(), 1);
    let binding = &rbacs[0].spec.as_ref().unwrap().bindings.as_ref().unwrap()[0];
    assert_eq!(
        binding.subjects.as_ref().unwrap()[0].type_,
        Some(ClusterRbacSubjectsType::User)
    );

    workspaces
        .remove_cluster_rbac(&uid, &rbac_uid)
        .await
        .unwrap();
    let rbacs = workspaces
        .get(&uid)
        .await
        .unwrap()
        .spec
        .unwrap()
        .cluster_rbacs;
    assert!(
        rbacs.is_none(),
        "Go writes the empty list as null: {rbacs:?}"
    );
    let gone = workspaces
        .remove_cluster_rbac(&uid, &rbac_uid)
        .await
        .unwrap_err();
    assert!(gone.is_not_found());
}

#[tokio::test]
async fn user_and_team_workspace_roles_are_set_and_read() {
    let fake = FakePalette::start().await.unwrap();
    let project = default_project(&fake).await;
    let workspaces = project.workspaces();
    let uid = workspaces.create(payments()).await.unwrap();
    let admin = seed::ROLE_UIDS[0].0.to_string();

    let grant = [WorkspaceRoles {
        workspace_uid: uid.clone(),
        role_uids: vec![admin.clone()],
    }];
    workspaces
        .set_user_roles(seed::USER_UID, &grant)
        .await
        .unwrap();
    workspaces
        .set_team_roles(seed::TEAM_UID, &grant)
        .await
        .unwrap();
    for roles in [
        workspaces.user_roles(seed::USER_UID).await.unwrap(),
        workspaces.team_roles(seed::TEAM_UID).await.unwrap(),
    ] {
        let default = &roles.projects.unwrap()[0];
        let ws = &default.workspaces.as_ref().unwrap()[0];
        assert_eq!(ws.uid.as_deref(), Some(uid.as_str()));
        assert_eq!(
            ws.roles.as_ref().unwrap()[0].name.as_deref(),
            Some("Workspace Admin")
        );
    }
    assert!(
        workspaces
            .user_roles("nobody")
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn a_backup_is_configured_run_waited_for_restored_and_deleted() {
    let fake = FakePalette::start().await.unwrap();
    let project = default_project(&fake).await;
    let uid = project.workspaces().create(payments()).await.unwrap();
    let backups = project.workspaces().backups(&uid);

    let settings = BackupSettings::new("nightly", "s3-backups", "64f0c1d2e3a4").retain_hours(72);
    backups
        .configure(settings.clone().schedule("0 2 * * *"))
        .await
        .unwrap();
    backups
        .configure(settings.clone().schedule("0 3 * * *"))
        .await
        .unwrap();
    let configured = backups.all().await.unwrap().spec.unwrap().config.unwrap();
    let schedule = configured
        .backup_config
        .unwrap()
        .schedule
        .unwrap()
        .scheduled_run_time;
    assert_eq!(
        schedule.as_deref(),
        Some("0 3 * * *"),
        "the second configure updates"
    );

    let run = backups.run_now(settings).await.unwrap();
    let mut seen = Vec::new();
    let done = backups
        .wait_for_backup(&run, quick(), |status| seen.push(status.state.clone()))
        .await
        .unwrap();
    assert_eq!(done.phase, RunPhase::Completed);
    assert_eq!(seen.first().map(String::as_str), Some("New"));
    assert!(seen.contains(&"InProgress".to_string()), "{seen:?}");
    assert_eq!(done.clusters.len(), 2);

    let restore = backups.restore(&run).await.unwrap();
    let restored = backups
        .wait_for_restore(&restore, quick(), |_| {})
        .await
        .unwrap();
    assert_eq!(restored.phase, RunPhase::Completed);
    assert_eq!(restored.clusters.len(), 2);

    backups.delete(&run).await.unwrap();
    assert_eq!(backups.status(&run).await.unwrap(), None);
}

#[tokio::test]
async fn a_failing_backup_ends_the_wait_with_an_error_naming_its_state() {
    let fake = FakePalette::start().await.unwrap();
    let project = default_project(&fake).await;
    let uid = project.workspaces().create(payments()).await.unwrap();
    let backups = project.workspaces().backups(&uid);

    let run = backups
        .run_now(BackupSettings::new("will-fail", "s3", "loc"))
        .await
        .unwrap();
    let err = backups
        .wait_for_backup(&run, quick(), |_| {})
        .await
        .unwrap_err();
    let Error::Wait(wait) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(wait.failure, WaitFailure::Failed);
    assert_eq!(wait.last_state.as_deref(), Some("Failed"));

    let partial = backups
        .run_now(BackupSettings::new("partial-run", "s3", "loc"))
        .await
        .unwrap();
    let err = backups
        .wait_for_backup(&partial, quick(), |_| {})
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("partially failed (last state: PartiallyFailed)"),
        "{err}"
    );

    let refused = backups.restore(&run).await.unwrap_err();
    assert!(
        refused.is_conflict(),
        "a failed backup cannot be restored: {refused}"
    );
}

#[tokio::test]
async fn a_wait_that_runs_out_of_time_names_the_last_state() {
    let fake = FakePalette::start().await.unwrap();
    let project = default_project(&fake).await;
    let uid = project.workspaces().create(payments()).await.unwrap();
    let backups = project.workspaces().backups(&uid);
    let run = backups
        .run_now(BackupSettings::new("nightly", "s3", "loc"))
        .await
        .unwrap();
    let short = WaitOptions::default()
        .interval(Duration::from_millis(20))
        .timeout(Duration::from_millis(30));
    let err = backups
        .wait_for_backup(&run, short, |_| {})
        .await
        .unwrap_err();
    let Error::Wait(wait) = &err else {
        panic!("{err:?}")
    };
    assert!(matches!(wait.failure, WaitFailure::TimedOut(_)));
    assert!(wait.last_state.is_some());
}

#[tokio::test(start_paused = true)]
async fn a_login_session_works_and_renews_its_short_lived_token() {
    let fake = FakePalette::builder()
        .token_lifetime(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let anonymous = palette_sdk::Client::builder()
        .base_url(fake.url())
        .proxy_from_env(false)
        .session_policy(SessionPolicy {
            token_lifetime: Duration::from_millis(300),
            margin: Duration::from_millis(150),
            keep_alive: true,
        })
        .build()
        .unwrap();
    let wrong = anonymous
        .login(seed::USER_EMAIL, seed::ORG, "wrong-password")
        .await
        .unwrap_err();
    assert!(wrong.is_unauthorized());

    let session = anonymous
        .login(seed::USER_EMAIL, seed::ORG, seed::USER_PASSWORD)
        .await
        .unwrap();
    session.users_info_get().send().await.unwrap();
    // Idle past the fake's refresh window (the token's 300 ms): the session's background
    // renewal keeps it alive.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let me = session
        .users_info_get()
        .send()
        .await
        .expect("the token was renewed in time");
    assert_eq!(me.user_uid.as_deref(), Some(seed::USER_UID));
}

#[tokio::test]
async fn orgs_and_login_methods_can_be_discovered() {
    let fake = FakePalette::start().await.unwrap();
    let anonymous = fake.anonymous_client().unwrap();
    let org = anonymous
        .auth_org()
        .org_name(seed::ORG)
        .send()
        .await
        .unwrap();
    assert_eq!(
        org.auth_type,
        Some(palette_sdk::enums::LoginResponseAuthType::Password)
    );
    assert!(
        anonymous
            .auth_orgs()
            .send()
            .await
            .unwrap_err()
            .is_unauthorized()
    );
    let orgs = fake.client().unwrap().auth_orgs().send().await.unwrap();
    assert_eq!(
        orgs.organizations.unwrap()[0].name.as_deref(),
        Some(seed::ORG)
    );
}

#[tokio::test]
async fn the_fake_answers_bad_credentials_like_palette() {
    let fake = FakePalette::start().await.unwrap();
    let wrong_key = palette_sdk::Client::builder()
        .base_url(fake.url())
        .api_key("not-the-key-at-all")
        .proxy_from_env(false)
        .build()
        .unwrap();
    let err = wrong_key.users_info_get().send().await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status.as_u16(), 403);
    assert_eq!(
        api.raw_body.as_deref(),
        Some("Forbidden"),
        "plain text, like Palette's key middleware"
    );
    assert!(api.audit_uid.is_some());

    let none = fake
        .anonymous_client()
        .unwrap()
        .users_info_get()
        .send()
        .await
        .unwrap_err();
    assert!(none.is_unauthorized());
    assert_eq!(none.code(), Some("Unauthorized"));

    let unknown_project = fake
        .client()
        .unwrap()
        .with_project("64f00000000000000000ffff")
        .unwrap();
    let err = unknown_project.workspaces().list().await.unwrap_err();
    assert_eq!(err.code(), Some("ProjectNotFound"));
}

#[tokio::test]
async fn the_fake_replies_with_go_nulls_that_decode() {
    let fake = FakePalette::start().await.unwrap();
    let project = default_project(&fake).await;
    let uid = project
        .workspaces()
        .create(NewWorkspace::new("bare").cluster(EAST.0, EAST.1))
        .await
        .unwrap();
    let reply = project
        .workspaces_uid_get()
        .uid(&uid)
        .send_with_response()
        .await
        .unwrap();
    assert!(reply.headers().contains_key("AuditUid"));
    let ws: types::Workspace = reply.into_inner();
    assert_eq!(
        ws.status.unwrap().errors,
        None,
        "an empty list arrives as null"
    );
    let zero = ws.metadata.unwrap().deletion_timestamp.unwrap();
    assert_eq!(zero.to_rfc3339(), "0001-01-01T00:00:00+00:00");
}

#[tokio::test]
async fn the_fake_serves_the_sso_and_password_flows() {
    let fake = FakePalette::start().await.unwrap();
    let anonymous = fake.anonymous_client().unwrap();
    let key = fake.client().unwrap();

    // SSO and SAML callbacks trade the identity provider's answer for a token.
    let token = anonymous
        .oidc_callback()
        .org(seed::ORG)
        .code(seed::SSO_CODE)
        .send()
        .await
        .unwrap();
    assert!(token.authorization.is_some());
    let bad = anonymous
        .oidc_callback()
        .org(seed::ORG)
        .code("forged")
        .send()
        .await
        .unwrap_err();
    assert!(bad.is_unauthorized());
    let other_org = anonymous
        .oidc_callback()
        .org("elsewhere")
        .code(seed::SSO_CODE)
        .send()
        .await
        .unwrap_err();
    assert!(other_org.is_not_found());
    anonymous
        .sso_callback()
        .sso_app("github")
        .code(seed::SSO_CODE)
        .send()
        .await
        .unwrap();
    let form = types::SamlCallbackForm {
        saml_response: Some(seed::SAML_RESPONSE.into()),
        relay_state: None,
    };
    anonymous
        .saml_callback()
        .org(seed::ORG)
        .body(form)
        .send()
        .await
        .unwrap();
    let forged = types::SamlCallbackForm {
        saml_response: Some("forged".into()),
        relay_state: None,
    };
    assert!(
        anonymous
            .saml_callback()
            .org(seed::ORG)
            .body(forged)
            .send()
            .await
            .unwrap_err()
            .is_unauthorized()
    );
    anonymous.oidc_logout().org(seed::ORG).send().await.unwrap();
    anonymous
        .saml_logout()
        .org(seed::ORG)
        .body(types::SamlLogoutForm {
            saml_response: None,
        })
        .send()
        .await
        .unwrap();

    // Passwords: the emailed token sets a new one, if it is long enough.
    let change = |p: &str| types::PasswordResetBody { password: p.into() };
    anonymous
        .password_activate()
        .password_token(seed::PASSWORD_TOKEN)
        .body(types::PasswordActivateBody {
            password: "a-long-password".into(),
        })
        .send()
        .await
        .unwrap();
    anonymous
        .password_reset()
        .password_token(seed::PASSWORD_TOKEN)
        .body(change("another-long-one"))
        .send()
        .await
        .unwrap();
    let short = anonymous
        .password_reset()
        .password_token(seed::PASSWORD_TOKEN)
        .body(change("short"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(short.code(), Some("PasswordTooShort"));
    let stale = anonymous
        .password_reset()
        .password_token("stale")
        .body(change("a-long-password"))
        .send()
        .await
        .unwrap_err();
    assert!(stale.is_unauthorized());
    let request = types::PasswordResetRequestBody {
        email_id: seed::USER_EMAIL.into(),
    };
    anonymous
        .password_reset_request()
        .body(request)
        .send()
        .await
        .unwrap();
    anonymous
        .auth_user_org_forgot()
        .email_id(seed::USER_EMAIL)
        .send()
        .await
        .unwrap();

    // Discovery lists.
    assert_eq!(
        anonymous.sso_idps().send().await.unwrap().0.unwrap().len(),
        2
    );
    assert_eq!(
        anonymous
            .auth_sso_providers()
            .send()
            .await
            .unwrap()
            .0
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        anonymous
            .sso_logins()
            .org(seed::ORG)
            .send()
            .await
            .unwrap()
            .0,
        None,
        "an empty list is null"
    );
    assert_eq!(key.auth_mfa_devices_list().send().await.unwrap().0, None);
    assert!(
        anonymous
            .auth_org()
            .org_name("nobody")
            .send()
            .await
            .unwrap_err()
            .is_not_found()
    );

    // A token the fake never issued cannot be renewed; a bad body is a 400.
    assert!(
        anonymous
            .auth_refresh()
            .token("made-up")
            .send()
            .await
            .unwrap_err()
            .is_unauthorized()
    );
    let bad_body = key
        .retrying_writes()
        .workspaces_create()
        .body(types::WorkspaceEntity::default())
        .send()
        .await
        .unwrap_err();
    assert_eq!(bad_body.status().unwrap().as_u16(), 400);
}

#[tokio::test]
async fn unknown_paths_and_bad_bodies_get_palette_errors() {
    let fake = FakePalette::start().await.unwrap();
    let http = common::plain_http();
    let reply = http
        .get(format!("{}/v1/nothing/here", fake.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 404);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(body["code"], "ResourceNotFound");
    let reply = http
        .post(format!("{}/v1/auth/authenticate", fake.url()))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 400);
}
