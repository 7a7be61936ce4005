//! Project and tenant scope: each handle sends exactly its own ProjectUid, or none.

mod common;

use std::collections::HashMap;

use common::scripted::{Reply, Scripted};
use common::{client_for, fixture};
use palette_sdk::prelude::*;
use palette_sdk::{ConfigError, Error, Scope};
use serde_json::json;

#[tokio::test]
async fn a_project_handle_sends_its_project_and_the_tenant_handle_sends_none() {
    let server = Scripted::start(vec![Reply::json(200, &fixture("dashboard_workspaces"))]).await;
    let client = client_for(server.url());
    let project = client.with_project("p-1").unwrap();
    project.dashboard_workspaces_list().send().await.unwrap();
    project
        .tenant()
        .dashboard_workspaces_list()
        .send()
        .await
        .unwrap();
    let sent = server.requests();
    assert_eq!(sent[0].header("ProjectUid"), Some("p-1"));
    assert_eq!(sent[1].header("ProjectUid"), None);
    assert_eq!(
        client.scope(),
        &Scope::Tenant,
        "the original handle is unchanged"
    );
}

#[tokio::test]
async fn a_project_set_on_the_call_wins_over_the_handle() {
    let server = Scripted::start(vec![Reply::json(200, &fixture("workspace"))]).await;
    let project = client_for(server.url()).with_project("p-1").unwrap();
    project
        .workspaces_uid_get()
        .uid("w1")
        .project_uid("p-2")
        .send()
        .await
        .unwrap();
    let sent = &server.requests()[0];
    let values: Vec<_> = sent
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("projectuid"))
        .collect();
    assert_eq!(values.len(), 1);
    assert_eq!(sent.header("ProjectUid"), Some("p-2"));
}

#[tokio::test]
async fn tenant_level_operations_never_carry_a_project() {
    let server = Scripted::start(vec![Reply::json(200, &fixture("user_info"))]).await;
    let project = client_for(server.url()).with_project("p-1").unwrap();
    project.users_info_get().send().await.unwrap();
    assert_eq!(server.requests()[0].header("ProjectUid"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_calls_over_two_projects_and_the_tenant_each_carry_their_own_scope()
{
    let server = Scripted::start(vec![Reply::json(200, &fixture("workspace"))]).await;
    let client = client_for(server.url());
    let handles = [
        client.with_project("project-a").unwrap(),
        client.with_project("project-b").unwrap(),
        client.tenant(),
    ];
    let mut tasks = Vec::new();
    for i in 0..200 {
        let handle = handles[i % 3].clone();
        tasks.push(tokio::spawn(async move {
            handle
                .workspaces_uid_get()
                .uid(format!("call-{i}"))
                .send()
                .await
                .unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let sent = server.requests();
    assert_eq!(sent.len(), 200);
    let mut per_scope: HashMap<Option<String>, usize> = HashMap::new();
    for request in &sent {
        let i: usize = request
            .target
            .rsplit("call-")
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let expected = ["project-a", "project-b"].get(i % 3).map(|s| s.to_string());
        let got = request.header("ProjectUid").map(str::to_string);
        assert_eq!(got, expected, "call {i}");
        *per_scope.entry(got).or_default() += 1;
    }
    assert_eq!(per_scope.len(), 3);
}

#[tokio::test]
async fn a_project_name_resolves_to_its_uid() {
    let server = Scripted::start(vec![
        Reply::json(200, &fixture("projects_metadata")),
        Reply::json(200, &fixture("dashboard_workspaces")),
    ])
    .await;
    let client = client_for(server.url()).with_project("stale").unwrap();
    let sandbox = client.with_project_name("Sandbox").await.unwrap();
    assert_eq!(
        sandbox.scope().project_uid().unwrap().as_str(),
        "64a0b1c2d3e4f5a6b7c8d9e1"
    );
    let lookup = &server.requests()[0];
    assert_eq!(
        lookup.target,
        "/v1/dashboard/projects/metadata?name=Sandbox"
    );
    assert_eq!(
        lookup.header("ProjectUid"),
        None,
        "the lookup is tenant-wide"
    );
}

#[tokio::test]
async fn an_unknown_project_name_is_a_clear_error() {
    let server = Scripted::start(vec![Reply::json(200, &json!({"items": null}))]).await;
    let err = client_for(server.url())
        .with_project_name("Nope")
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::NameNotFound { kind: "project", ref name } if name == "Nope"),
        "{err:?}"
    );
    assert!(err.is_project_not_found());
    assert_eq!(err.to_string(), "no project is named \"Nope\"");
}

#[tokio::test]
async fn a_name_shared_by_several_projects_is_a_clear_error() {
    let twice = json!({"items": [
        {"metadata": {"name": "Team", "uid": "u1"}},
        {"metadata": {"name": "Team", "uid": "u2"}},
        {"metadata": {"name": "Team B", "uid": "u3"}}
    ]});
    let server = Scripted::start(vec![Reply::json(200, &twice)]).await;
    let err = client_for(server.url())
        .with_project_name("Team")
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "2 projects are named \"Team\" (u1, u2); use a uid"
    );
    assert!(err.is_ambiguous_name());
    assert!(
        matches!(err, Error::AmbiguousName { kind: "project", ref uids, .. } if uids == &["u1", "u2"])
    );
}

#[test]
fn a_bad_project_uid_is_an_error_not_a_panic() {
    let client = palette_sdk::Client::builder()
        .api_key("key-0123456789")
        .build()
        .unwrap();
    assert!(matches!(
        client.with_project("a\nb"),
        Err(ConfigError::InvalidProjectUid { .. })
    ));
    assert!(matches!(
        client.with_project(""),
        Err(ConfigError::InvalidProjectUid { .. })
    ));
}
