//! Edge hosts and their registration tokens against the fake Palette: tokens made, revoked and deleted; hosts registered with them, listed by state and tag, found, tagged, awaited and deleted.
#![cfg(all(feature = "testing", feature = "edgehosts"))]

mod common;

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use common::{in_project, name, uid};
use palette_sdk::ext::{EdgeHostFilter, NewEdgeHost, NewEdgeToken, edge_host_tags};
use palette_sdk::prelude::*;
use palette_sdk::testing::{FakePalette, seed};
use palette_sdk::wait::{Awaited, WaitFailure, WaitOptions};
use palette_sdk::{Client, Error, types};
use secrecy::{ExposeSecret, SecretString};

// ---------------------------------------------------------------- helpers

/// Quick polls, and a bound no test reaches unless the wait is broken.
fn quick() -> WaitOptions {
    WaitOptions::default()
        .interval(Duration::from_millis(5))
        .timeout(Duration::from_secs(20))
}

fn in_a_month() -> DateTime<Utc> {
    // Whole seconds, so that the expiry reads back exactly as sent.
    let now = Utc::now().timestamp();
    Utc.timestamp_opt(now + 30 * 24 * 3600, 0).unwrap()
}

/// A registration token's value, for hosts of the Default project.
async fn token(client: &Client, name: &str) -> SecretString {
    client
        .edge_tokens()
        .create(NewEdgeToken::new(name, in_a_month()).default_project(seed::PROJECTS[0].0))
        .await
        .unwrap()
        .token()
        .clone()
}

/// What most tests start from: a fake, a client in its Default project, and the value of a
/// registration token `stores` for that project's hosts.
async fn site() -> (FakePalette, Client, SecretString) {
    let fake = FakePalette::start().await.unwrap();
    let project = in_project(&fake, "Default").await;
    let token = token(&fake.client().unwrap(), "stores").await;
    (fake, project, token)
}

fn host(uid: &str, tags: &[&str]) -> NewEdgeHost {
    tags.iter()
        .fold(NewEdgeHost::new(uid, "10.42.0.7").name(uid), |h, t| {
            h.tag(*t)
        })
}

/// The seeded cluster of the Default project.
fn default_cluster() -> &'static str {
    seed::CLUSTERS
        .iter()
        .find(|(_, _, project)| *project == seed::PROJECTS[0].0)
        .map(|(uid, _, _)| *uid)
        .unwrap()
}

/// Puts a host in a cluster, as Palette does when a cluster is built on it.
async fn put_in_cluster(project: &Client, host: &str, cluster: &str) {
    project
        .edge_host_devices_uid_cluster_associate()
        .uid(host)
        .body(types::EdgeHostClusterEntity {
            cluster_uid: Some(cluster.into()),
        })
        .send()
        .await
        .unwrap();
}

fn names(hosts: &[types::EdgeHostsMetadata]) -> Vec<String> {
    let mut names: Vec<String> = hosts.iter().map(|h| name(&h.metadata)).collect();
    names.sort();
    names
}

fn state(host: &types::EdgeHostDevice) -> String {
    host.status
        .as_ref()
        .and_then(|s| s.state.as_ref())
        .map(|s| s.to_string())
        .unwrap_or_default()
}

fn api_code(err: &Error) -> (u16, String) {
    match err {
        Error::Api(api) => (api.status.as_u16(), api.code.clone().unwrap_or_default()),
        other => panic!("not a Palette refusal: {other:?}"),
    }
}

// ---------------------------------------------------------------- registration tokens

#[tokio::test]
async fn a_token_is_created_with_its_value_then_listed_found_by_name_and_deleted() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();
    let tokens = client.edge_tokens();
    assert!(
        tokens.list().await.unwrap().is_empty(),
        "a new tenant has none"
    );

    let expiry = in_a_month();
    let created = tokens
        .create(NewEdgeToken::new("stores", expiry).default_project(seed::PROJECTS[0].0))
        .await
        .unwrap();
    assert_eq!(created.name(), "stores");
    assert_eq!(created.expiry(), Some(expiry));
    assert!(!created.token().expose_secret().is_empty());

    let listed = tokens.list().await.unwrap();
    assert_eq!(listed.len(), 1);
    let token = &listed[0];
    assert_eq!(uid(&token.metadata), created.uid());
    let spec = token.spec.clone().unwrap();
    assert_eq!(spec.token.as_deref(), Some(created.token().expose_secret()));
    let project = spec.default_project.unwrap();
    assert_eq!(project.name.as_deref(), Some("Default"));
    assert_eq!(token.status.clone().unwrap().is_active, Some(true));

    let found = tokens.find_by_name("stores").await.unwrap().unwrap();
    assert_eq!(&found, token);
    assert_eq!(&tokens.get_by_name("stores").await.unwrap(), token);
    let missing = tokens.get_by_name("depots").await.unwrap_err();
    assert!(
        matches!(&missing, Error::NameNotFound { kind, name } if *kind == "edge host registration token" && name == "depots"),
        "{missing:?}"
    );
    assert_eq!(tokens.find_by_name("depots").await.unwrap(), None);

    tokens.delete(created.uid()).await.unwrap();
    assert!(tokens.get(created.uid()).await.unwrap_err().is_not_found());
    assert_eq!(tokens.find_by_name("stores").await.unwrap(), None);
    assert!(
        tokens
            .delete(created.uid())
            .await
            .unwrap_err()
            .is_not_found()
    );
}

#[tokio::test]
async fn tokens_are_tenant_level_whatever_the_handle() {
    let fake = FakePalette::start().await.unwrap();
    let project = in_project(&fake, "Staging").await;
    let created = project
        .edge_tokens()
        .create(NewEdgeToken::valid_for(
            "from-a-project",
            chrono::Duration::days(1),
        ))
        .await
        .unwrap();
    let tenant = fake.client().unwrap();
    let listed = tenant.edge_tokens().list().await.unwrap();
    assert_eq!(uid(&listed[0].metadata), created.uid());
}

#[tokio::test]
async fn token_names_are_unique_and_expiries_lie_ahead() {
    let fake = FakePalette::start().await.unwrap();
    let tokens = fake.client().unwrap().edge_tokens();
    tokens
        .create(NewEdgeToken::new("stores", in_a_month()))
        .await
        .unwrap();

    let twice = tokens
        .create(NewEdgeToken::new("stores", in_a_month()))
        .await
        .unwrap_err();
    assert!(twice.is_conflict(), "{twice}");

    let past = tokens
        .create(NewEdgeToken::valid_for("late", chrono::Duration::hours(-1)))
        .await
        .unwrap_err();
    assert_eq!(api_code(&past), (400, "InvalidEdgeTokenExpiry".into()));

    let unknown_project = tokens
        .create(NewEdgeToken::new("lost", in_a_month()).default_project("64f0000000000000000fffff"))
        .await
        .unwrap_err();
    assert!(unknown_project.is_not_found(), "{unknown_project}");
    assert_eq!(tokens.list().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_revoked_token_registers_no_host_until_it_is_reactivated() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();
    let project = in_project(&fake, "Default").await;
    let tokens = client.edge_tokens();
    let created = tokens
        .create(NewEdgeToken::new("stores", in_a_month()))
        .await
        .unwrap();

    tokens.revoke(created.uid()).await.unwrap();
    let revoked = tokens.get(created.uid()).await.unwrap();
    assert_eq!(revoked.status.unwrap().is_active, Some(false));
    let refused = project
        .edge_hosts()
        .register(created.token(), host("h-1", &[]))
        .await
        .unwrap_err();
    assert_eq!(api_code(&refused), (401, "EdgeTokenRevoked".into()));
    assert!(
        !refused
            .to_string()
            .contains(created.token().expose_secret())
            && !format!("{refused:?}").contains(created.token().expose_secret()),
        "the token never shows in an error"
    );

    tokens.reactivate(created.uid()).await.unwrap();
    let registered = project
        .edge_hosts()
        .register(created.token(), host("h-1", &[]))
        .await
        .unwrap();
    assert_eq!(uid(&registered.metadata), "h-1");
}

#[tokio::test]
async fn a_deleted_or_expired_token_registers_no_host_but_its_hosts_stay() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();
    let project = in_project(&fake, "Default").await;
    let tokens = client.edge_tokens();
    let edge_hosts = project.edge_hosts();

    let deleted = tokens
        .create(NewEdgeToken::new("gone", in_a_month()))
        .await
        .unwrap();
    edge_hosts
        .register(deleted.token(), host("h-1", &[]))
        .await
        .unwrap();
    tokens.delete(deleted.uid()).await.unwrap();
    let refused = edge_hosts
        .register(deleted.token(), host("h-2", &[]))
        .await
        .unwrap_err();
    assert_eq!(api_code(&refused), (401, "InvalidEdgeToken".into()));
    assert!(edge_hosts.get("h-1").await.is_ok(), "its host stays");

    let brief = tokens
        .create(NewEdgeToken::valid_for("brief", chrono::Duration::hours(1)))
        .await
        .unwrap();
    fake.advance(Duration::from_secs(2 * 3600));
    let refused = edge_hosts
        .register(brief.token(), host("h-3", &[]))
        .await
        .unwrap_err();
    assert_eq!(api_code(&refused), (401, "EdgeTokenExpired".into()));
}

#[tokio::test]
async fn a_created_token_never_shows_its_value_in_debug() {
    let fake = FakePalette::start().await.unwrap();
    let tokens = fake.client().unwrap().edge_tokens();
    let created = tokens
        .create(NewEdgeToken::new("stores", in_a_month()))
        .await
        .unwrap();
    let value = created.token().expose_secret().to_string();
    assert!(!format!("{created:?}").contains(&value));
    let listed = tokens.list().await.unwrap();
    assert!(!format!("{listed:?}").contains(&value));
}

// ---------------------------------------------------------------- edge hosts

#[tokio::test]
async fn a_host_registers_with_a_token_and_is_found_by_uid_and_by_name() {
    let (_fake, project, token) = site().await;
    let edge_hosts = project.edge_hosts();

    let registered = edge_hosts
        .register(
            &token,
            NewEdgeHost::new("4c4c4544-0042", "10.42.0.7")
                .name("store-42-a")
                .tag("site:42")
                .tag("gpu"),
        )
        .await
        .unwrap();
    assert_eq!(uid(&registered.metadata), "4c4c4544-0042");
    assert_eq!(name(&registered.metadata), "store-42-a");
    assert_eq!(edge_host_tags(&registered.metadata), ["gpu", "site:42"]);
    assert_eq!(state(&registered), "ready", "registered, in no cluster");
    let spec_host = registered.spec.clone().unwrap().host.unwrap();
    assert_eq!(spec_host.host_address.as_deref(), Some("10.42.0.7"));
    assert_eq!(
        spec_host.host_auth_token, None,
        "Palette never echoes the token"
    );

    let got = edge_hosts.get("4c4c4544-0042").await.unwrap();
    assert_eq!(got, registered);
    assert_eq!(
        edge_hosts.find_by_name("store-42-a").await.unwrap(),
        Some(registered.clone())
    );
    assert_eq!(
        edge_hosts.get_by_name("store-42-a").await.unwrap(),
        registered
    );
    assert_eq!(
        edge_hosts.find_by_name("store-42").await.unwrap(),
        None,
        "names match whole"
    );
    let missing = edge_hosts.get_by_name("store-7-a").await.unwrap_err();
    assert!(
        matches!(&missing, Error::NameNotFound { kind, .. } if *kind == "edge host"),
        "{missing:?}"
    );
}

/// Palette's Go server percent-decodes a path parameter before it looks the resource up: a
/// uid sent with its characters percent-encoded finds the host, and one encoded twice does not.
#[tokio::test]
async fn a_percent_encoded_host_uid_is_decoded_once_before_the_lookup() {
    let (fake, project, token) = site().await;
    project
        .edge_hosts()
        .register(&token, host("site-42.box1", &[]))
        .await
        .unwrap();

    let http = common::plain_http();
    let get = |path: &str| {
        http.get(format!("{}/v1/edgehosts/{path}", fake.url()))
            .header("ApiKey", seed::API_KEY)
            .header("ProjectUid", seed::PROJECTS[0].0)
            .send()
    };
    let found = get("site%2D42%2Ebox1").await.unwrap();
    assert_eq!(found.status().as_u16(), 200);
    let found: types::EdgeHostDevice = found.json().await.unwrap();
    assert_eq!(uid(&found.metadata), "site-42.box1");
    let twice = get("site%252D42.box1").await.unwrap();
    assert_eq!(
        twice.status().as_u16(),
        404,
        "decoded once: 'site%2D42.box1'"
    );
}

#[tokio::test]
async fn registering_the_same_host_twice_returns_the_host_already_there() {
    let (_fake, project, token) = site().await;
    let edge_hosts = project.edge_hosts();

    let first = edge_hosts
        .register(&token, host("h-1", &["site:42"]))
        .await
        .unwrap();
    // The host reboots and registers again, with other details: Palette keeps the first.
    let again = edge_hosts
        .register(
            &token,
            NewEdgeHost::new("h-1", "10.42.0.8")
                .name("renamed")
                .tag("site:7"),
        )
        .await
        .unwrap();
    assert_eq!(again, first);
    assert_eq!(
        names(&edge_hosts.list(EdgeHostFilter::new()).await.unwrap()),
        ["h-1"]
    );
}

#[tokio::test]
async fn a_registration_that_clashes_with_another_host_is_an_error() {
    let fake = FakePalette::start().await.unwrap();
    let project = in_project(&fake, "Default").await;
    let staging = in_project(&fake, "Staging").await;
    let token = token(&fake.client().unwrap(), "stores").await;
    project
        .edge_hosts()
        .register(&token, host("h-1", &[]))
        .await
        .unwrap();

    // Another host under a name already taken.
    let taken = project
        .edge_hosts()
        .register(&token, NewEdgeHost::new("h-2", "10.0.0.2").name("h-1"))
        .await
        .unwrap_err();
    assert_eq!(api_code(&taken), (409, "EdgeHostNameAlreadyExists".into()));
    // The same uid from a project that cannot see the host: uids are unique in the tenant.
    let elsewhere = staging
        .edge_hosts()
        .register(
            &token,
            NewEdgeHost::new("h-1", "10.0.0.3").name("h-1-staging"),
        )
        .await
        .unwrap_err();
    assert_eq!(api_code(&elsewhere), (409, "EdgeHostAlreadyExists".into()));
    // Names are DNS names.
    let bad = project
        .edge_hosts()
        .register(&token, NewEdgeHost::new("h-3", "10.0.0.4").name("Store 42"))
        .await
        .unwrap_err();
    assert_eq!(api_code(&bad), (400, "InvalidEdgeHostName".into()));
}

#[tokio::test]
async fn hosts_are_listed_by_state_and_by_tags() {
    let (_fake, project, token) = site().await;
    let edge_hosts = project.edge_hosts();
    for (uid, tags) in [
        ("a", &["site:42"][..]),
        ("b", &["site:42", "gpu"][..]),
        ("c", &["site:7"][..]),
    ] {
        edge_hosts.register(&token, host(uid, tags)).await.unwrap();
    }
    put_in_cluster(&project, "b", default_cluster()).await;
    assert_eq!(state(&edge_hosts.get("b").await.unwrap()), "in-use");

    let list = |filter: EdgeHostFilter| {
        let edge_hosts = edge_hosts.clone();
        async move { names(&edge_hosts.list(filter).await.unwrap()) }
    };
    assert_eq!(list(EdgeHostFilter::new()).await, ["a", "b", "c"]);
    assert_eq!(list(EdgeHostFilter::new().unassigned()).await, ["a", "c"]);
    assert_eq!(list(EdgeHostFilter::new().in_cluster()).await, ["b"]);
    assert_eq!(list(EdgeHostFilter::new().tag("site:42")).await, ["a", "b"]);
    assert_eq!(
        list(EdgeHostFilter::new().unassigned().tag("site:42")).await,
        ["a"]
    );
    assert_eq!(
        list(EdgeHostFilter::new().tag("site:42").tag("gpu")).await,
        ["b"]
    );
    assert_eq!(
        list(EdgeHostFilter::new().tag("site:4")).await,
        Vec::<String>::new()
    );

    let in_use = edge_hosts
        .list(EdgeHostFilter::new().in_cluster())
        .await
        .unwrap();
    let clusters = in_use[0].status.clone().unwrap().in_use_clusters.unwrap();
    assert_eq!(clusters[0].uid.as_deref(), Some(default_cluster()));
}

#[tokio::test]
async fn every_host_is_listed_past_palettes_fifty_a_page() {
    let (_fake, project, token) = site().await;
    let edge_hosts = project.edge_hosts();
    for n in 0..60 {
        edge_hosts
            .register(&token, host(&format!("h-{n:02}"), &["site:42"]))
            .await
            .unwrap();
    }
    let all = edge_hosts
        .list(EdgeHostFilter::new().unassigned().tag("site:42"))
        .await
        .unwrap();
    assert_eq!(all.len(), 60);
}

#[tokio::test]
async fn tags_are_replaced_or_added_and_the_name_stays() {
    let (_fake, project, token) = site().await;
    let edge_hosts = project.edge_hosts();
    edge_hosts
        .register(&token, host("h-1", &["site:42", "gpu"]))
        .await
        .unwrap();

    edge_hosts.set_tags("h-1", ["env:prod"]).await.unwrap();
    let host = edge_hosts.get("h-1").await.unwrap();
    assert_eq!(edge_host_tags(&host.metadata), ["env:prod"]);
    assert_eq!(name(&host.metadata), "h-1");

    edge_hosts
        .add_tags("h-1", ["rack:3", "env:staging"])
        .await
        .unwrap();
    let host = edge_hosts.get("h-1").await.unwrap();
    assert_eq!(edge_host_tags(&host.metadata), ["env:staging", "rack:3"]);
    assert_eq!(
        names(
            &edge_hosts
                .list(EdgeHostFilter::new().tag("rack:3"))
                .await
                .unwrap()
        ),
        ["h-1"]
    );

    edge_hosts
        .set_tags("h-1", Vec::<String>::new())
        .await
        .unwrap();
    let host = edge_hosts.get("h-1").await.unwrap();
    assert!(edge_host_tags(&host.metadata).is_empty());
    assert!(
        edge_hosts
            .set_tags("nope", ["a"])
            .await
            .unwrap_err()
            .is_not_found(),
        "an unknown host"
    );
}

#[tokio::test]
async fn a_host_in_a_cluster_cannot_be_deleted_until_it_leaves_it() {
    let (_fake, project, token) = site().await;
    let edge_hosts = project.edge_hosts();
    edge_hosts.register(&token, host("h-1", &[])).await.unwrap();
    put_in_cluster(&project, "h-1", default_cluster()).await;

    let refused = edge_hosts.delete("h-1").await.unwrap_err();
    assert!(refused.is_conflict(), "{refused}");
    assert!(edge_hosts.get("h-1").await.is_ok());

    project
        .edge_host_devices_uid_cluster_deassociate()
        .uid("h-1")
        .send()
        .await
        .unwrap();
    edge_hosts.delete("h-1").await.unwrap();
    assert!(edge_hosts.get("h-1").await.unwrap_err().is_not_found());
    assert!(
        edge_hosts
            .list(EdgeHostFilter::new())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(edge_hosts.delete("h-1").await.unwrap_err().is_not_found());
}

#[tokio::test]
async fn hosts_live_in_projects() {
    let fake = FakePalette::start().await.unwrap();
    let tenant = fake.client().unwrap();
    let default = in_project(&fake, "Default").await;
    let staging = in_project(&fake, "Staging").await;
    let token = token(&tenant, "stores").await;
    default
        .edge_hosts()
        .register(&token, host("h-1", &[]))
        .await
        .unwrap();

    assert!(
        staging
            .edge_hosts()
            .list(EdgeHostFilter::new())
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        staging
            .edge_hosts()
            .get("h-1")
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(
        staging.edge_hosts().find_by_name("h-1").await.unwrap(),
        None
    );

    // On a tenant handle the lookups would find nothing: they fail before sending.
    let on_tenant = tenant.edge_hosts();
    let errors = [
        on_tenant.list(EdgeHostFilter::new()).await.unwrap_err(),
        on_tenant.find_by_name("h-1").await.unwrap_err(),
        on_tenant
            .register(&token, host("h-2", &[]))
            .await
            .unwrap_err(),
        on_tenant
            .wait_until_registered("h-1", quick(), |_| {})
            .await
            .unwrap_err(),
        on_tenant
            .wait_until_listed(EdgeHostFilter::new(), 1, quick(), |_| {})
            .await
            .unwrap_err(),
    ];
    for err in errors {
        assert!(err.is_project_scope_required(), "{err:?}");
    }
    assert_eq!(
        default
            .edge_hosts()
            .list(EdgeHostFilter::new())
            .await
            .unwrap()
            .len(),
        1,
        "nothing registered from the tenant handle"
    );
}

// ---------------------------------------------------------------- waits

#[tokio::test]
async fn a_wait_for_a_host_ends_when_it_registers() {
    let (_fake, project, token) = site().await;

    let edge_hosts = project.edge_hosts();
    let booting = {
        let edge_hosts = edge_hosts.clone();
        let token = token.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(30)).await;
            edge_hosts.register(&token, host("h-1", &["site:42"])).await
        })
    };
    let mut seen = Vec::new();
    let registered = edge_hosts
        .wait_until_registered("h-1", quick(), |h| seen.push(state(h)))
        .await
        .unwrap();
    booting.await.unwrap().unwrap();
    assert_eq!(name(&registered.metadata), "h-1");
    assert_eq!(seen, ["ready"], "the observation that ended the wait");
}

#[tokio::test]
async fn a_wait_for_a_host_that_never_registers_says_so() {
    let fake = FakePalette::start().await.unwrap();
    let project = in_project(&fake, "Default").await;
    let short = WaitOptions::default()
        .interval(Duration::from_millis(5))
        .timeout(Duration::from_millis(50));
    let err = project
        .edge_hosts()
        .wait_until_registered("h-9", short, |_| {})
        .await
        .unwrap_err();
    let Error::Wait(wait) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        wait.awaited,
        Awaited::EdgeHostRegistered { uid: "h-9".into() }
    );
    assert_eq!(wait.failure, WaitFailure::NotFound);
    assert_eq!(
        err.to_string(),
        "edge host h-9 never registered (no state seen)"
    );
}

#[tokio::test]
async fn give_a_token_wait_for_the_sites_hosts_then_list_the_free_ones() {
    let fake = FakePalette::start().await.unwrap();
    let tenant = fake.client().unwrap();
    let project = in_project(&fake, "Default").await;
    let token = tenant
        .edge_tokens()
        .create(NewEdgeToken::valid_for(
            "store-42",
            chrono::Duration::days(1),
        ))
        .await
        .unwrap();
    // Another site's host, already there, is not counted.
    project
        .edge_hosts()
        .register(token.token(), host("other", &["site:7"]))
        .await
        .unwrap();

    // The store's three hosts boot one after another and register with the token.
    let booting = {
        let edge_hosts = project.edge_hosts();
        let value = token.token().clone();
        tokio::spawn(async move {
            for uid in ["s42-a", "s42-b", "s42-c"] {
                tokio::time::sleep(Duration::from_millis(10)).await;
                edge_hosts.register(&value, host(uid, &["site:42"])).await?;
            }
            Ok::<_, Error>(())
        })
    };
    let site = EdgeHostFilter::new().unassigned().tag("site:42");
    let hosts = project
        .edge_hosts()
        .wait_until_listed(site.clone(), 3, quick(), |_| {})
        .await
        .unwrap();
    booting.await.unwrap().unwrap();
    assert_eq!(names(&hosts), ["s42-a", "s42-b", "s42-c"]);

    // Not enough hosts: the wait ends in time, saying how many it saw.
    let short = WaitOptions::default()
        .interval(Duration::from_millis(5))
        .timeout(Duration::from_millis(50));
    let err = project
        .edge_hosts()
        .wait_until_listed(site, 4, short, |_| {})
        .await
        .unwrap_err();
    let Error::Wait(wait) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        wait.failure,
        WaitFailure::TimedOut(Duration::from_millis(50))
    );
    assert_eq!(wait.last_state.as_deref(), Some("3 listed"));
    assert_eq!(
        err.to_string(),
        "4 unassigned edge hosts tagged site:42 were not listed within 50ms (last state: 3 listed)"
    );
}

// ---------------------------------------------------------------- the fake's edges

#[tokio::test]
async fn operations_the_fake_does_not_model_say_so() {
    let fake = FakePalette::start().await.unwrap();
    let project = in_project(&fake, "Default").await;
    let err = project.edge_hosts_tags_get().send().await.unwrap_err();
    assert_eq!(api_code(&err), (501, "NotImplementedByFake".into()));
    let err = project
        .edge_host_devices_create()
        .body(types::EdgeHostDeviceEntity::default())
        .send()
        .await
        .unwrap_err();
    assert_eq!(api_code(&err), (501, "NotImplementedByFake".into()));
}
