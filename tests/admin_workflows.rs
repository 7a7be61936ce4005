//! Tenant administration end to end against the fake Palette: projects, users, teams, roles and API keys.
#![cfg(all(
    feature = "testing",
    feature = "projects",
    feature = "users",
    feature = "teams",
    feature = "roles",
    feature = "api_keys"
))]

mod common;

use common::{name, uid};

use futures_util::TryStreamExt;
use palette_sdk::enums::{RoleSpecType, Scope};
use palette_sdk::ext::{NewApiKey, NewProject, NewUser};
use palette_sdk::prelude::*;
use palette_sdk::testing::{FakePalette, seed};
use palette_sdk::{Client, Error, types};
use secrecy::ExposeSecret;

// ---------------------------------------------------------------- helpers

async fn role_uid(client: &Client, role_name: &str) -> String {
    uid(&client
        .roles()
        .get_by_name(role_name)
        .await
        .unwrap()
        .metadata)
}

/// A client that authenticates with `key` instead of the seed key.
fn client_with_key(fake: &FakePalette, key: &str) -> Client {
    Client::builder()
        .base_url(fake.url())
        .api_key(key)
        .proxy_from_env(false)
        .build()
        .unwrap()
}

/// Whether `client`'s credentials are accepted; a refused key must be Palette's plain-text 403.
async fn accepted(client: &Client) -> bool {
    match client.users_info_get().send().await {
        Ok(_) => true,
        Err(Error::Api(api)) if api.status.as_u16() == 403 => {
            assert_eq!(api.raw_body.as_deref(), Some("Forbidden"));
            false
        }
        Err(other) => panic!("unexpected failure: {other}"),
    }
}

/// (project name, direct role names, inherited role names) for each project, as Palette lists
/// a user's or team's project roles.
fn roles_by_project(entity: types::ProjectRolesEntity) -> Vec<(String, Vec<String>, Vec<String>)> {
    let names = |roles: Option<Vec<types::UidSummary>>| -> Vec<String> {
        roles
            .unwrap_or_default()
            .into_iter()
            .filter_map(|r| r.name)
            .collect()
    };
    let mut all: Vec<_> = entity
        .projects
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            (
                p.name.unwrap_or_default(),
                names(p.roles),
                names(p.inherited_roles),
            )
        })
        .collect();
    all.sort();
    all
}

fn ada() -> NewUser {
    NewUser::new("Ada", "Lovelace", "ada@example.com")
}

// ---------------------------------------------------------------- projects

#[tokio::test]
async fn a_project_is_created_found_listed_and_deleted() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();
    let projects = client.projects();

    let created = projects
        .create(NewProject::new("payments").description("The payments team"))
        .await
        .unwrap();

    let found = projects.find_by_name("payments").await.unwrap().unwrap();
    assert_eq!(uid(&found.metadata), created);
    let by_name = projects.get_by_name("payments").await.unwrap();
    assert_eq!(by_name, found);
    let got = projects.get(&created).await.unwrap();
    let annotations = got.metadata.unwrap().annotations.unwrap();
    assert_eq!(annotations["description"], "The payments team");

    let listed: Vec<String> = projects
        .list()
        .await
        .unwrap()
        .iter()
        .map(|p| name(&p.metadata))
        .collect();
    assert_eq!(listed, ["Default", "Staging", "payments"]);
    let streamed: Vec<types::ProjectSummary> = projects.stream().try_collect().await.unwrap();
    assert_eq!(streamed.len(), 3);

    projects.delete(&created).await.unwrap();
    let gone = projects.get(&created).await.unwrap_err();
    assert!(gone.is_not_found());
    assert_eq!(gone.code(), Some("ProjectNotFound"));
    assert_eq!(projects.find_by_name("payments").await.unwrap(), None);
    let missing = projects.get_by_name("payments").await.unwrap_err();
    assert!(missing.is_not_found());
    assert!(missing.is_project_not_found());
    assert!(matches!(
        &missing,
        Error::NameNotFound { kind: "project", name } if name == "payments"
    ));
    assert_eq!(missing.to_string(), r#"no project is named "payments""#);
}

#[tokio::test]
async fn a_project_created_with_a_team_and_roles_shows_them() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();
    let editor = role_uid(&client, "Project Editor").await;
    let viewer = role_uid(&client, "Project Viewer").await;
    let oncall = client
        .teams()
        .create("oncall", &[seed::USER_UID.to_string()], &[])
        .await
        .unwrap();

    let project = client
        .projects()
        .create(
            NewProject::new("payments")
                .team(&oncall, [&editor])
                .user(seed::USER_UID, [&viewer]),
        )
        .await
        .unwrap();

    let spec = client.projects().get(&project).await.unwrap().spec.unwrap();
    let teams = spec.teams.unwrap();
    assert_eq!(teams.len(), 1);
    assert_eq!(teams[0].team_id.as_deref(), Some(oncall.as_str()));
    assert_eq!(teams[0].roles, Some(vec![editor.clone()]));
    let users = spec.users.unwrap();
    assert_eq!(users[0].user_id.as_deref(), Some(seed::USER_UID));
    assert_eq!(users[0].roles, Some(vec![viewer]));

    let summary = client
        .projects()
        .list()
        .await
        .unwrap()
        .into_iter()
        .find(|p| name(&p.metadata) == "payments")
        .unwrap();
    let members = summary.spec_summary.unwrap();
    assert_eq!(members.teams.unwrap()[0].name.as_deref(), Some("oncall"));
    assert_eq!(
        members.users.unwrap()[0].name.as_deref(),
        Some(seed::USER_NAME)
    );

    assert_eq!(
        roles_by_project(client.teams().project_roles(&oncall).await.unwrap()),
        [("payments".into(), vec!["Project Editor".into()], vec![])]
    );
    assert_eq!(
        roles_by_project(client.users().project_roles(seed::USER_UID).await.unwrap()),
        [(
            "payments".into(),
            vec!["Project Viewer".into()],
            vec!["Project Editor".into()]
        )],
        "the user's roles through the team are inherited ones"
    );
}

#[tokio::test]
async fn a_project_created_through_the_api_is_a_scope_of_its_own() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();
    let project = client
        .projects()
        .create(NewProject::new("payments"))
        .await
        .unwrap();

    let payments = client.with_project_name("payments").await.unwrap();
    let workspace = payments
        .workspaces()
        .create(palette_sdk::ext::NewWorkspace::new("ledger"))
        .await
        .unwrap();
    assert_eq!(payments.workspaces().list().await.unwrap().len(), 1);
    let default = client.with_project_name("Default").await.unwrap();
    assert!(
        default
            .workspaces()
            .find_by_name("ledger")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        default
            .workspaces()
            .get(&workspace)
            .await
            .unwrap_err()
            .is_not_found()
    );

    let busy = client.projects().delete(&project).await.unwrap_err();
    assert!(busy.is_conflict());
    assert_eq!(busy.code(), Some("ProjectNotEmpty"));
    payments.workspaces().delete(&workspace).await.unwrap();
    client.projects().delete(&project).await.unwrap();

    let stale = payments.workspaces().list().await.unwrap_err();
    assert_eq!(stale.code(), Some("ProjectNotFound"));
    assert!(
        client
            .with_project_name("payments")
            .await
            .unwrap_err()
            .is_project_not_found()
    );
}

#[tokio::test]
async fn a_project_with_clusters_cannot_be_deleted() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();
    let err = client
        .projects()
        .delete(seed::PROJECTS[0].0)
        .await
        .unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 409);
    assert_eq!(err.code(), Some("ProjectNotEmpty"));
    assert!(
        client
            .projects()
            .find_by_name("Default")
            .await
            .unwrap()
            .is_some()
    );
}

// ---------------------------------------------------------------- conflicts

#[tokio::test]
async fn a_second_object_with_the_same_name_is_a_conflict() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();

    let project = client
        .projects()
        .create(NewProject::new("Staging"))
        .await
        .unwrap_err();
    assert!(project.is_conflict());
    assert_eq!(project.code(), Some("ProjectAlreadyExists"));

    let user = client
        .users()
        .create(NewUser::new(
            "Demo",
            "Again",
            seed::USER_EMAIL.to_uppercase(),
        ))
        .await
        .unwrap_err();
    assert!(user.is_conflict(), "emails are compared without case");
    assert_eq!(user.code(), Some("UserAlreadyExists"));

    let team = client
        .teams()
        .create(seed::TEAM_NAME, &[], &[])
        .await
        .unwrap_err();
    assert!(team.is_conflict());
    assert_eq!(team.code(), Some("TeamAlreadyExists"));

    let role = client
        .roles()
        .create("Project Admin", Scope::Project, &["cluster.get"])
        .await
        .unwrap_err();
    assert!(role.is_conflict());
    assert_eq!(role.code(), Some("RoleAlreadyExists"));

    let keys = client.api_keys();
    keys.create(NewApiKey::new("ci", seed::USER_UID))
        .await
        .unwrap();
    let key = keys
        .create(NewApiKey::new("ci", seed::USER_UID))
        .await
        .unwrap_err();
    assert!(key.is_conflict());
    assert_eq!(key.code(), Some("ApiKeyAlreadyExists"));
}

// ---------------------------------------------------------------- users

#[tokio::test]
async fn a_user_is_invited_found_and_deleted() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();
    let users = client.users();
    let tenant_admin = role_uid(&client, "Tenant Admin").await;

    let created = users
        .create(ada().role(&tenant_admin).team(seed::TEAM_UID))
        .await
        .unwrap();

    let by_email = users
        .find_by_email("ADA@example.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(uid(&by_email.metadata), created);
    let by_name = users.find_by_name("Ada Lovelace").await.unwrap().unwrap();
    assert_eq!(by_name, by_email);
    assert_eq!(
        users.get_by_email("ada@EXAMPLE.com").await.unwrap(),
        by_email
    );
    assert_eq!(users.get_by_name("Ada Lovelace").await.unwrap(), by_email);
    let got = users.get(&created).await.unwrap();
    let spec = got.spec.unwrap();
    assert_eq!(spec.first_name.as_deref(), Some("Ada"));
    assert_eq!(spec.roles, Some(vec![tenant_admin]));
    let everyone: Vec<String> = users
        .list()
        .await
        .unwrap()
        .iter()
        .map(|u| name(&u.metadata))
        .collect();
    assert_eq!(everyone, [seed::USER_NAME, "Ada Lovelace"]);
    let members = client.teams().get(seed::TEAM_UID).await.unwrap();
    assert!(members.spec.unwrap().users.unwrap().contains(&created));
    assert_eq!(users.project_roles(&created).await.unwrap().projects, None);

    users.delete(&created).await.unwrap();
    let gone = users.get(&created).await.unwrap_err();
    assert!(gone.is_not_found());
    assert_eq!(gone.code(), Some("UserNotFound"));
    assert_eq!(users.find_by_email("ada@example.com").await.unwrap(), None);
    assert_eq!(users.find_by_name("Ada Lovelace").await.unwrap(), None);
    let missing = users.get_by_email("ada@example.com").await.unwrap_err();
    assert!(
        matches!(&missing, Error::NameNotFound { kind: "user", name } if name == "ada@example.com"),
        "{missing:?}"
    );
    assert!(
        users
            .get_by_name("Ada Lovelace")
            .await
            .unwrap_err()
            .is_not_found()
    );
    let members = client.teams().get(seed::TEAM_UID).await.unwrap();
    assert!(
        !members.spec.unwrap().users.unwrap().contains(&created),
        "a deleted user leaves their teams"
    );
    assert!(users.delete(&created).await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn a_user_with_only_a_first_name_is_named_by_it_and_found_by_it() {
    let fake = FakePalette::start().await.unwrap();
    let users = fake.client().unwrap().users();
    let bot = users
        .create(NewUser::new("ci-bot", "", "ci-bot@example.com"))
        .await
        .unwrap();

    let stored = users.get(&bot).await.unwrap();
    assert_eq!(name(&stored.metadata), "ci-bot", "no space is left over");
    let found = users.find_by_name("ci-bot").await.unwrap().unwrap();
    assert_eq!(uid(&found.metadata), bot);
    let found = users.find_by_name("  ci-bot ").await.unwrap().unwrap();
    assert_eq!(
        uid(&found.metadata),
        bot,
        "spaces at either end do not count"
    );
}

#[tokio::test]
async fn a_user_listed_with_a_stray_space_in_their_name_is_found_by_their_full_name() {
    // A user made elsewhere (another tool, Palette's console) may be listed as
    // "First " or "First  Last": the full name still finds them, once.
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();
    let invite = |first: &str, last: &str, listed: &str, email: &str| types::UserEntity {
        metadata: Some(types::ObjectMeta {
            name: Some(listed.into()),
            ..Default::default()
        }),
        spec: Some(types::UserSpecEntity {
            email_id: Some(email.into()),
            first_name: Some(first.into()),
            last_name: Some(last.into()),
            ..Default::default()
        }),
    };
    let bot = client
        .users_create()
        .body(invite("ci-bot", "", "ci-bot ", "bot@example.com"))
        .send()
        .await
        .unwrap()
        .uid
        .unwrap();
    let grace = client
        .users_create()
        .body(invite(
            "Grace",
            "Hopper",
            "Grace  Hopper",
            "grace@example.com",
        ))
        .send()
        .await
        .unwrap()
        .uid
        .unwrap();

    let users = client.users();
    let found = users.find_by_name("ci-bot").await.unwrap().unwrap();
    assert_eq!(uid(&found.metadata), bot);
    let found = users.find_by_name("Grace Hopper").await.unwrap().unwrap();
    assert_eq!(uid(&found.metadata), grace);
    assert_eq!(
        users.find_by_name("Grace").await.unwrap(),
        None,
        "a first name alone is not a full name"
    );
    assert_eq!(users.find_by_name("").await.unwrap(), None);
}

#[tokio::test]
async fn two_users_with_one_full_name_make_a_lookup_by_it_ambiguous() {
    let fake = FakePalette::start().await.unwrap();
    let users = fake.client().unwrap().users();
    let one = users
        .create(NewUser::new("Sam", "Lee", "sam.lee@example.com"))
        .await
        .unwrap();
    let two = users
        .create(NewUser::new("Sam", "Lee", "slee@example.com"))
        .await
        .unwrap();
    let err = users.find_by_name("Sam Lee").await.unwrap_err();
    match &err {
        Error::AmbiguousName { kind, name, uids } => {
            assert_eq!((*kind, name.as_str()), ("user", "Sam Lee"));
            let mut uids = uids.clone();
            uids.sort();
            let mut both = vec![one, two];
            both.sort();
            assert_eq!(uids, both);
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_ambiguous_name());
}

#[tokio::test]
async fn a_user_needs_an_email_and_existing_teams_and_roles() {
    let fake = FakePalette::start().await.unwrap();
    let users = fake.client().unwrap().users();
    let no_email = users
        .create(NewUser::new("No", "Email", ""))
        .await
        .unwrap_err();
    assert_eq!(no_email.status().unwrap().as_u16(), 400);
    let no_team = users
        .create(ada().team("64f00000000000000000dead"))
        .await
        .unwrap_err();
    assert_eq!(no_team.code(), Some("TeamNotFound"));
    let no_role = users
        .create(ada().role("64f00000000000000000dead"))
        .await
        .unwrap_err();
    assert_eq!(no_role.code(), Some("RoleNotFound"));
    assert_eq!(users.list().await.unwrap().len(), 1, "nothing was created");
}

#[tokio::test]
async fn granting_project_roles_to_a_user_keeps_their_roles_in_other_projects() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();
    let users = client.users();
    let ada = users.create(ada()).await.unwrap();
    let (default, staging) = (seed::PROJECTS[0].0, seed::PROJECTS[1].0);
    let admin = role_uid(&client, "Project Admin").await;
    let editor = role_uid(&client, "Project Editor").await;
    let viewer = role_uid(&client, "Project Viewer").await;

    users
        .grant_project_roles(&ada, default, std::slice::from_ref(&viewer))
        .await
        .unwrap();
    users
        .grant_project_roles(&ada, staging, &[editor.clone(), viewer.clone()])
        .await
        .unwrap();
    users
        .grant_project_roles(&ada, default, std::slice::from_ref(&admin))
        .await
        .unwrap();
    assert_eq!(
        roles_by_project(users.project_roles(&ada).await.unwrap()),
        [
            ("Default".into(), vec!["Project Admin".into()], vec![]),
            (
                "Staging".into(),
                vec!["Project Editor".into(), "Project Viewer".into()],
                vec![]
            ),
        ]
    );
    let staging_members = client.projects().get(staging).await.unwrap().spec.unwrap();
    assert_eq!(
        staging_members.users.unwrap(),
        [types::UserRoleMap {
            user_id: Some(ada.clone()),
            roles: Some(vec![editor, viewer]),
        }],
        "the project shows the grant"
    );

    users.grant_project_roles(&ada, default, &[]).await.unwrap();
    assert_eq!(
        roles_by_project(users.project_roles(&ada).await.unwrap())
            .into_iter()
            .map(|(project, ..)| project)
            .collect::<Vec<_>>(),
        ["Staging"],
        "no roles takes the project away and keeps the others"
    );
}

#[tokio::test]
async fn project_roles_name_an_existing_project_and_project_roles_only() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();
    let users = client.users();
    let viewer = role_uid(&client, "Project Viewer").await;
    let tenant_admin = role_uid(&client, "Tenant Admin").await;
    let default = seed::PROJECTS[0].0;
    users
        .grant_project_roles(seed::USER_UID, default, std::slice::from_ref(&viewer))
        .await
        .unwrap();

    let no_project = users
        .grant_project_roles(seed::USER_UID, "64f00000000000000000dead", &[viewer])
        .await
        .unwrap_err();
    assert_eq!(no_project.code(), Some("ProjectNotFound"));
    let no_role = users
        .grant_project_roles(
            seed::USER_UID,
            default,
            &["64f00000000000000000dead".into()],
        )
        .await
        .unwrap_err();
    assert_eq!(no_role.code(), Some("RoleNotFound"));
    let tenant_role = users
        .grant_project_roles(seed::USER_UID, default, &[tenant_admin])
        .await
        .unwrap_err();
    assert_eq!(tenant_role.status().unwrap().as_u16(), 400);
    assert_eq!(tenant_role.code(), Some("RoleNotProjectScoped"));
    let no_user = users
        .project_roles("64f00000000000000000dead")
        .await
        .unwrap_err();
    assert_eq!(no_user.code(), Some("UserNotFound"));

    assert_eq!(
        roles_by_project(users.project_roles(seed::USER_UID).await.unwrap()),
        [("Default".into(), vec!["Project Viewer".into()], vec![])],
        "a refused change changes nothing"
    );
}

// ---------------------------------------------------------------- teams

#[tokio::test]
async fn a_team_is_created_found_granted_and_deleted() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();
    let teams = client.teams();
    let ada = client.users().create(ada()).await.unwrap();
    let editor = role_uid(&client, "Project Editor").await;
    let viewer = role_uid(&client, "Project Viewer").await;
    let (default, staging) = (seed::PROJECTS[0].0, seed::PROJECTS[1].0);

    let oncall = teams
        .create("oncall", std::slice::from_ref(&ada), &[])
        .await
        .unwrap();

    let found = teams.find_by_name("oncall").await.unwrap().unwrap();
    assert_eq!(uid(&found.metadata), oncall);
    assert_eq!(teams.get_by_name("oncall").await.unwrap(), found);
    let got = teams.get(&oncall).await.unwrap();
    assert_eq!(got.spec.unwrap().users, Some(vec![ada.clone()]));
    let names: Vec<String> = teams
        .list()
        .await
        .unwrap()
        .iter()
        .map(|t| name(&t.metadata))
        .collect();
    assert_eq!(names, [seed::TEAM_NAME, "oncall"]);

    teams
        .grant_project_roles(&oncall, default, std::slice::from_ref(&viewer))
        .await
        .unwrap();
    teams
        .grant_project_roles(&oncall, staging, &[editor])
        .await
        .unwrap();
    teams
        .grant_project_roles(&oncall, staging, &[])
        .await
        .unwrap();
    assert_eq!(
        roles_by_project(teams.project_roles(&oncall).await.unwrap()),
        [("Default".into(), vec!["Project Viewer".into()], vec![])]
    );
    assert_eq!(
        roles_by_project(client.users().project_roles(&ada).await.unwrap()),
        [("Default".into(), vec![], vec!["Project Viewer".into()])],
        "members inherit the team's roles"
    );

    teams.delete(&oncall).await.unwrap();
    let gone = teams.get(&oncall).await.unwrap_err();
    assert_eq!(gone.code(), Some("TeamNotFound"));
    assert_eq!(teams.find_by_name("oncall").await.unwrap(), None);
    let missing = teams.get_by_name("oncall").await.unwrap_err();
    assert!(missing.is_not_found());
    assert!(matches!(
        &missing,
        Error::NameNotFound { kind: "team", name } if name == "oncall"
    ));
    assert_eq!(
        client.users().project_roles(&ada).await.unwrap().projects,
        None,
        "the team's roles went with it"
    );
    assert!(client.users().get(&ada).await.is_ok(), "its users stay");
}

#[tokio::test]
async fn a_team_needs_a_name_and_existing_users() {
    let fake = FakePalette::start().await.unwrap();
    let teams = fake.client().unwrap().teams();
    let unnamed = teams.create("", &[], &[]).await.unwrap_err();
    assert_eq!(unnamed.status().unwrap().as_u16(), 400);
    let stranger = teams
        .create("oncall", &["64f00000000000000000dead".into()], &[])
        .await
        .unwrap_err();
    assert_eq!(stranger.code(), Some("UserNotFound"));
}

// ---------------------------------------------------------------- roles

#[tokio::test]
async fn built_in_roles_are_found_by_name_and_cannot_be_deleted() {
    let fake = FakePalette::start().await.unwrap();
    let roles = fake.client().unwrap().roles();

    let all = roles.list().await.unwrap();
    assert_eq!(all.len(), seed::BUILT_IN_ROLES.len());
    assert!(
        all.iter()
            .all(|r| r.spec.as_ref().unwrap().type_ == Some(RoleSpecType::System))
    );
    for (role_name, scope) in [
        ("Project Admin", Scope::Project),
        ("Project Editor", Scope::Project),
        ("Project Viewer", Scope::Project),
        ("Tenant Admin", Scope::Tenant),
    ] {
        let role = roles.get_by_name(role_name).await.unwrap();
        assert_eq!(
            role.spec.as_ref().unwrap().scope,
            Some(scope),
            "{role_name}"
        );
        assert_eq!(roles.get(&uid(&role.metadata)).await.unwrap(), role);
    }
    let workspace_admin = roles
        .find_by_name(seed::ROLE_UIDS[0].1)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(uid(&workspace_admin.metadata), seed::ROLE_UIDS[0].0);

    let admin = roles.get_by_name("Project Admin").await.unwrap();
    let refused = roles.delete(&uid(&admin.metadata)).await.unwrap_err();
    assert_eq!(refused.status().unwrap().as_u16(), 403);
    assert_eq!(refused.code(), Some("BuiltInRoleNotDeletable"));
    assert!(roles.find_by_name("Project Admin").await.unwrap().is_some());

    assert_eq!(roles.find_by_name("Cluster Auditor").await.unwrap(), None);
    let missing = roles.get_by_name("Cluster Auditor").await.unwrap_err();
    assert!(missing.is_not_found());
    assert!(matches!(
        &missing,
        Error::NameNotFound { kind: "role", name } if name == "Cluster Auditor"
    ));
}

#[tokio::test]
async fn a_custom_role_is_created_granted_and_deleted() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();
    let roles = client.roles();

    let auditor = roles
        .create(
            "Cluster Auditor",
            Scope::Project,
            &["cluster.get", "cluster.list"],
        )
        .await
        .unwrap();
    let role = roles.get(&auditor).await.unwrap();
    let spec = role.spec.unwrap();
    assert_eq!(spec.type_, Some(RoleSpecType::User));
    assert_eq!(
        spec.permissions,
        Some(vec!["cluster.get".into(), "cluster.list".into()])
    );
    assert_eq!(
        uid(&roles.get_by_name("Cluster Auditor").await.unwrap().metadata),
        auditor
    );
    client
        .users()
        .grant_project_roles(
            seed::USER_UID,
            seed::PROJECTS[0].0,
            std::slice::from_ref(&auditor),
        )
        .await
        .unwrap();

    roles.delete(&auditor).await.unwrap();
    let gone = roles.get(&auditor).await.unwrap_err();
    assert_eq!(gone.code(), Some("RoleNotFound"));
    assert_eq!(roles.find_by_name("Cluster Auditor").await.unwrap(), None);
    assert_eq!(
        client
            .users()
            .project_roles(seed::USER_UID)
            .await
            .unwrap()
            .projects,
        None,
        "whoever held the role loses it"
    );
}

// ---------------------------------------------------------------- API keys

#[tokio::test]
async fn a_created_api_key_works_until_revoked_and_again_once_reactivated() {
    let fake = FakePalette::start().await.unwrap();
    let keys = fake.client().unwrap().api_keys();

    let ci = keys
        .create(NewApiKey::new("ci", seed::USER_UID).expires_in(chrono::Duration::days(30)))
        .await
        .unwrap();
    let secret = ci.key().expose_secret().to_string();
    assert!(
        !format!("{ci:?}").contains(&secret),
        "Debug never shows the key"
    );
    let as_ci = client_with_key(&fake, &secret);
    assert!(accepted(&as_ci).await, "a new key is good credentials");

    let listed = keys.list().await.unwrap();
    assert_eq!(listed.len(), 1);
    let shown = listed[0].spec.as_ref().unwrap().key.clone().unwrap();
    assert_eq!(
        shown,
        secret[secret.len() - 4..],
        "lists show only the last 4"
    );
    let found = keys.find_by_name("ci").await.unwrap().unwrap();
    assert_eq!(uid(&found.metadata), ci.uid());
    assert_eq!(keys.get_by_name("ci").await.unwrap(), found);
    let missing = keys.get_by_name("cd").await.unwrap_err();
    assert!(
        matches!(
            &missing,
            Error::NameNotFound {
                kind: "API key",
                ..
            }
        ),
        "{missing:?}"
    );
    let user = found.spec.unwrap().user.unwrap();
    assert_eq!(user.uid.as_deref(), Some(seed::USER_UID));
    assert_eq!(keys.find_by_name("cd").await.unwrap(), None);

    keys.revoke(ci.uid()).await.unwrap();
    assert!(!accepted(&as_ci).await, "a revoked key is refused");
    let status = keys.get(ci.uid()).await.unwrap().status.unwrap();
    assert_eq!(status.is_active, Some(false));

    keys.reactivate(ci.uid()).await.unwrap();
    assert!(accepted(&as_ci).await, "a re-activated key works again");

    // The PATCH twin of the state switch does the same.
    fake.client()
        .unwrap()
        .api_keys_uid_active_state()
        .uid(ci.uid())
        .body(types::ApiKeyActiveState {
            is_active: Some(false),
        })
        .send()
        .await
        .unwrap();
    assert!(!accepted(&as_ci).await);
}

#[tokio::test]
async fn rotating_a_key_leaves_the_new_one_working_and_the_old_one_refused() {
    let fake = FakePalette::start().await.unwrap();
    let keys = fake.client().unwrap().api_keys();
    let old = keys
        .create(NewApiKey::new("ci", seed::USER_UID))
        .await
        .unwrap();
    let as_old = client_with_key(&fake, old.key().expose_secret());
    assert!(accepted(&as_old).await);

    // The new key may rotate the old one itself.
    let new = as_old
        .api_keys()
        .rotate(
            old.uid(),
            NewApiKey::new("ci-2", seed::USER_UID).expires_in(chrono::Duration::days(30)),
        )
        .await
        .unwrap();

    assert!(accepted(&client_with_key(&fake, new.key().expose_secret())).await);
    assert!(!accepted(&as_old).await);
    let missing = keys
        .rotate(
            "64f00000000000000000dead",
            NewApiKey::new("ci-3", seed::USER_UID),
        )
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some("ApiKeyNotFound"));
    assert_eq!(
        keys.find_by_name("ci-3").await.unwrap(),
        None,
        "nothing is created when the old key is unknown"
    );
}

#[tokio::test]
async fn a_key_past_its_expiry_or_deleted_is_refused() {
    let fake = FakePalette::start().await.unwrap();
    let keys = fake.client().unwrap().api_keys();
    let in_a_week = chrono::Utc::now() + chrono::Duration::days(7);
    let ci = keys
        .create(NewApiKey::new("ci", seed::USER_UID).expires_at(in_a_week))
        .await
        .unwrap();
    let as_ci = client_with_key(&fake, ci.key().expose_secret());
    let expiry = keys
        .get(ci.uid())
        .await
        .unwrap()
        .spec
        .unwrap()
        .expiry
        .unwrap();
    assert_eq!(expiry.timestamp(), in_a_week.timestamp());

    keys.set_expiry(ci.uid(), chrono::Utc::now() - chrono::Duration::minutes(1))
        .await
        .unwrap();
    assert!(!accepted(&as_ci).await, "an expired key is refused");
    keys.set_expiry(ci.uid(), in_a_week).await.unwrap();
    assert!(accepted(&as_ci).await);

    keys.delete(ci.uid()).await.unwrap();
    assert!(!accepted(&as_ci).await, "a deleted key is refused");
    let gone = keys.get(ci.uid()).await.unwrap_err();
    assert!(gone.is_not_found());
    assert_eq!(gone.code(), Some("ApiKeyNotFound"));
    assert!(keys.list().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_key_needs_a_name_a_known_user_and_a_future_expiry() {
    let fake = FakePalette::start().await.unwrap();
    let keys = fake.client().unwrap().api_keys();
    let unnamed = keys
        .create(NewApiKey::new("", seed::USER_UID))
        .await
        .unwrap_err();
    assert_eq!(unnamed.status().unwrap().as_u16(), 400);
    let stranger = keys
        .create(NewApiKey::new("ci", "64f00000000000000000dead"))
        .await
        .unwrap_err();
    assert_eq!(stranger.code(), Some("UserNotFound"));
    let stale = keys
        .create(
            NewApiKey::new("ci", seed::USER_UID)
                .expires_at(chrono::Utc::now() - chrono::Duration::days(1)),
        )
        .await
        .unwrap_err();
    assert_eq!(stale.code(), Some("InvalidApiKeyExpiry"));
    assert!(keys.list().await.unwrap().is_empty());
}

#[tokio::test]
async fn deleting_a_user_deletes_their_keys() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();
    let ada = client.users().create(ada()).await.unwrap();
    let key = client
        .api_keys()
        .create(NewApiKey::new("ada-laptop", &ada))
        .await
        .unwrap();
    let as_ada = client_with_key(&fake, key.key().expose_secret());
    assert!(accepted(&as_ada).await);
    client.users().delete(&ada).await.unwrap();
    assert!(!accepted(&as_ada).await);
    assert!(client.api_keys().list().await.unwrap().is_empty());
}

// ---------------------------------------------------------------- paging

#[tokio::test]
async fn a_list_of_more_than_fifty_spans_pages() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();
    for n in 0..60 {
        client
            .users()
            .create(NewUser::new(
                "User",
                format!("{n:02}"),
                format!("user{n:02}@example.com"),
            ))
            .await
            .unwrap();
    }

    let everyone = client.users().list().await.unwrap();
    assert_eq!(everyone.len(), 61);
    let emails: std::collections::BTreeSet<String> = everyone
        .iter()
        .filter_map(|u| u.spec.as_ref()?.email_id.clone())
        .collect();
    assert_eq!(emails.len(), 61, "no user is listed twice");

    let first = client.users_list().limit(100).send().await.unwrap();
    assert_eq!(first.items.unwrap().len(), 50, "at most 50 a page");
    let meta = first.listmeta.unwrap();
    assert_eq!(meta.count, Some(61));
    let next = meta.continue_.unwrap();
    assert!(!next.is_empty());
    let last = client.users_list().continue_(next).send().await.unwrap();
    assert_eq!(last.items.unwrap().len(), 11);
    assert_eq!(last.listmeta.unwrap().continue_.as_deref(), Some(""));

    let bad = client
        .users_list()
        .continue_("made-up")
        .send()
        .await
        .unwrap_err();
    assert_eq!(bad.code(), Some("InvalidContinueToken"));
}

#[tokio::test]
async fn the_dashboard_project_list_filters_sorts_and_pages() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();
    for project in ["payments", "payroll", "search"] {
        client
            .projects()
            .create(NewProject::new(project))
            .await
            .unwrap();
    }
    let spec = types::ProjectsFilterSpec {
        filter: Some(types::ProjectFilterSpec {
            name: Some(types::FilterString {
                begins_with: Some("PAY".into()),
                ignore_case: Some(true),
                ..Default::default()
            }),
        }),
        sort: Some(vec![types::ProjectFilterSortSpec {
            field: Some(palette_sdk::enums::ProjectFilterSortFields::Name),
            order: Some(palette_sdk::enums::SortOrder::Desc),
        }]),
    };
    let page = client
        .projects_filter_summary()
        .body(spec.clone())
        .limit(1)
        .send()
        .await
        .unwrap();
    let names = |items: Option<Vec<types::ProjectSummary>>| -> Vec<String> {
        items
            .unwrap_or_default()
            .iter()
            .map(|p| name(&p.metadata))
            .collect()
    };
    assert_eq!(names(page.items), ["payroll"]);
    let meta = page.listmeta.unwrap();
    assert_eq!(meta.count, Some(2));
    let rest = client
        .projects_filter_summary()
        .body(spec)
        .continue_(meta.continue_.unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(names(rest.items), ["payments"]);
    assert_eq!(rest.listmeta.unwrap().continue_.as_deref(), Some(""));
}

// ---------------------------------------------------------------- what the fake lacks

#[tokio::test]
async fn an_operation_the_fake_does_not_serve_answers_501_naming_it() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();

    // GET /v1/users/meta sits beside GET /v1/users/{uid}, which the fake serves.
    let err = client.users_metadata().send().await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status.as_u16(), 501);
    assert_eq!(api.code.as_deref(), Some("NotImplementedByFake"));
    assert!(api.message.as_deref().unwrap().contains("usersMetadata"));
    let err = client.projects_alerts().send().await.unwrap_err();
    assert!(err.to_string().contains("projectsAlerts"), "{err}");

    let http = common::plain_http();
    let reply = http
        .patch(format!("{}/v1/users/{}", fake.url(), seed::USER_UID))
        .header("ApiKey", seed::API_KEY)
        .body("[]")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 501);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(body["code"], "NotImplementedByFake");
    assert!(body["message"].as_str().unwrap().contains("usersUidPatch"));

    let reply = http
        .post(format!("{}/v1/teams/summary", fake.url()))
        .header("ApiKey", seed::API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 501);
}

#[tokio::test]
async fn every_documented_operation_is_served_or_answers_501_naming_it() {
    let fake = FakePalette::start().await.unwrap();
    let http = common::plain_http();
    let mut unserved = 0;
    for op in palette_sdk::operation::all() {
        // Every path parameter filled with a value no literal segment of the API has.
        let path: String = op
            .path
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') {
                    "p-0001"
                } else {
                    segment
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let method = reqwest::Method::from_bytes(op.method.as_bytes()).unwrap();
        let reply = http
            .request(method, format!("{}{path}", fake.url()))
            .header("ApiKey", seed::API_KEY)
            .send()
            .await
            .unwrap();
        if reply.status().as_u16() != 501 {
            continue;
        }
        unserved += 1;
        let body: serde_json::Value = reply.json().await.unwrap();
        assert_eq!(body["code"], "NotImplementedByFake", "{op}");
        let message = body["message"].as_str().unwrap_or_default();
        assert!(message.contains(op.id), "{op} answered: {message}");
    }
    // The fake serves the workflows' operations; most of the API is answered with 501.
    assert!(unserved > 0);
}

#[tokio::test]
async fn a_path_no_operation_has_is_not_found() {
    let fake = FakePalette::start().await.unwrap();
    let reply = common::plain_http()
        .get(format!(
            "{}/v1/users/{}/nothing",
            fake.url(),
            seed::USER_UID
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 404);
    let body: serde_json::Value = reply.json().await.unwrap();
    assert_eq!(body["code"], "ResourceNotFound");
}
