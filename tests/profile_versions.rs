//! Cluster profile versions against the fake Palette: new versions by cloning, pack values, packs added and removed, and clusters moved to another version with the values they override.
#![cfg(all(
    feature = "clusterprofiles",
    feature = "spectroclusters",
    feature = "testing"
))]

mod common;

use std::collections::BTreeMap;

use common::{in_project, name, uid};
use palette_sdk::enums::{PackType, ProfileType};
use palette_sdk::ext::{AwsCluster, ClusterProfiles, MachinePool, NewClusterProfile};
use palette_sdk::prelude::*;
use palette_sdk::testing::{FakePalette, seed};
use palette_sdk::{Client, Error, NameKind, types};

// ---------------------------------------------------------------- helpers

const REGISTRY: &str = "64f00000000000000000abcd";

fn pack(name: &str, tag: &str, values: &str) -> types::PackManifestEntity {
    types::PackManifestEntity {
        layer: Some("addon".into()),
        registry_uid: Some(REGISTRY.into()),
        tag: Some(tag.into()),
        type_: Some(PackType::Spectro),
        values: Some(values.into()),
        ..types::PackManifestEntity::new(name.into())
    }
}

fn variable(name: &str, default: &str) -> types::Variable {
    types::Variable {
        name: Some(name.into()),
        default_value: Some(default.into()),
        ..Default::default()
    }
}

/// An add-on profile `web` at `version` with these packs (name, tag, values), published.
async fn web(profiles: &ClusterProfiles, version: &str, packs: &[(&str, &str, &str)]) -> String {
    let mut profile = NewClusterProfile::new("web", version)
        .cloud_type("all")
        .profile_type(ProfileType::AddOn)
        .variable(variable("domain", "example.com"))
        .published();
    for (name, tag, values) in packs {
        profile = profile.pack(pack(name, tag, values));
    }
    profiles.create(profile).await.unwrap()
}

/// The packs of `web` 1.0.0 in most tests.
const WEB_1_0_0: &[(&str, &str, &str)] = &[
    ("nginx", "1.25.0", "replicas: 1\n"),
    ("redis", "7.2.0", "maxmemory: 1gb\n"),
    ("metrics", "0.9.0", "interval: 60s\n"),
    ("dns", "1.0.0", "zone: a\n"),
];

/// Which template of a profile to read.
#[derive(Clone, Copy)]
enum Template {
    Draft,
    Published,
}

/// The packs of one template of a profile: name -> (tag, values).
fn packs(profile: &types::ClusterProfile, which: Template) -> BTreeMap<String, (String, String)> {
    let spec = profile.spec.clone().unwrap_or_default();
    let template = match which {
        Template::Draft => spec.draft,
        Template::Published => spec.published,
    };
    template
        .and_then(|t| t.packs)
        .unwrap_or_default()
        .into_iter()
        .map(|p| {
            (
                p.name.unwrap_or_default(),
                (p.tag.unwrap_or_default(), p.values.unwrap_or_default()),
            )
        })
        .collect()
}

fn is_published(profile: &types::ClusterProfile) -> bool {
    profile
        .status
        .as_ref()
        .and_then(|s| s.is_published)
        .expect("the profile says whether it is published")
}

fn version_of(profile: &types::ClusterProfile) -> String {
    profile
        .spec
        .as_ref()
        .and_then(|s| s.version.clone())
        .expect("the profile has a version")
}

fn aws_account() -> &'static str {
    seed::CLOUD_ACCOUNTS
        .iter()
        .find(|(_, _, cloud)| *cloud == "aws")
        .map(|(uid, _, _)| *uid)
        .expect("the fake has an AWS account")
}

/// A cluster on an infrastructure profile and `addon`, and the infrastructure profile's uid.
async fn cluster_with(client: &Client, name: &str, addon: &str) -> (String, String) {
    let infra = client
        .cluster_profiles()
        .create(
            NewClusterProfile::new(format!("{name}-infra"), "1.0.0")
                .cloud_type("aws")
                .profile_type(ProfileType::Infra)
                .pack(types::PackManifestEntity {
                    layer: Some("k8s".into()),
                    ..pack("kubernetes", "1.30.4", "podCIDR: 10.0.0.0/16\n")
                })
                .published(),
        )
        .await
        .unwrap();
    let cluster = client
        .clusters()
        .create(
            AwsCluster::new(name, aws_account(), "us-east-1")
                .profile(&infra)
                .profile(addon)
                .control_plane(MachinePool::new("cp", "m5.large", 1)),
        )
        .await
        .unwrap();
    (cluster, infra)
}

/// Makes the cluster use these values for packs of its profile `profile`, as Palette's
/// console or any client does when a cluster's pack values are edited.
async fn override_values(client: &Client, cluster: &str, profile: &str, values: &[(&str, &str)]) {
    let pack_values = values
        .iter()
        .map(|(pack, values)| types::PackValuesEntity {
            values: Some(values.to_string()),
            ..types::PackValuesEntity::new(pack.to_string())
        })
        .collect();
    client
        .spectro_clusters_patch_profiles()
        .uid(cluster)
        .body(types::SpectroClusterProfiles {
            profiles: Some(vec![types::SpectroClusterProfileEntity {
                uid: Some(profile.into()),
                pack_values: Some(pack_values),
                ..Default::default()
            }]),
            spc_apply_settings: None,
        })
        .send()
        .await
        .unwrap();
}

/// What the cluster uses: for each of its profiles in order, (uid, name, pack -> values).
async fn used(client: &Client, cluster: &str) -> Vec<(String, String, BTreeMap<String, String>)> {
    client
        .clusters()
        .profiles(cluster)
        .await
        .unwrap()
        .into_iter()
        .map(|p| {
            let values = p
                .spec
                .and_then(|s| s.packs)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|pack| {
                    let spec = pack.spec?;
                    Some((spec.name?, spec.values.unwrap_or_default()))
                })
                .collect();
            (uid(&p.metadata), name(&p.metadata), values)
        })
        .collect()
}

/// The values the cluster uses for the packs of its profile `profile_uid`.
async fn values_used(
    client: &Client,
    cluster: &str,
    profile_uid: &str,
) -> BTreeMap<String, String> {
    used(client, cluster)
        .await
        .into_iter()
        .find(|(uid, _, _)| uid == profile_uid)
        .map(|(_, _, values)| values)
        .unwrap_or_else(|| panic!("the cluster uses {profile_uid}"))
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn refused<T: std::fmt::Debug>(result: Result<T, Error>) -> (u16, String) {
    match result {
        Err(Error::Api(api)) => (api.status.as_u16(), api.code.unwrap_or_default()),
        other => panic!("expected a Palette error, got {other:?}"),
    }
}

// ---------------------------------------------------------------- new versions

#[tokio::test]
async fn a_new_version_is_an_unpublished_clone_with_the_packs_values_and_variables_of_its_source() {
    let fake = FakePalette::start().await.unwrap();
    let profiles = in_project(&fake, "Default").await.cluster_profiles();
    let v1_0 = web(&profiles, "1.0.0", WEB_1_0_0).await;

    let v1_1 = profiles
        .new_version("web", Some("1.0.0"), "1.1.0")
        .await
        .unwrap();

    assert_ne!(v1_1, v1_0, "a version is a profile of its own");
    let next = profiles.get(&v1_1).await.unwrap();
    assert_eq!(name(&next.metadata), "web");
    assert_eq!(version_of(&next), "1.1.0");
    assert!(!is_published(&next), "a new version starts as a draft");
    assert!(next.spec.as_ref().unwrap().published.is_none());
    let source = profiles.get(&v1_0).await.unwrap();
    assert_eq!(
        packs(&next, Template::Draft),
        packs(&source, Template::Published),
        "the same packs, tags and values"
    );
    assert_eq!(packs(&next, Template::Draft).len(), 4);
    let variables = profiles.variables(&v1_1).await.unwrap();
    assert_eq!(variables, [variable("domain", "example.com")]);

    let listed: Vec<(String, String)> = profiles
        .versions("web")
        .await
        .unwrap()
        .into_iter()
        .map(|v| (v.version.unwrap(), v.uid.unwrap()))
        .collect();
    assert_eq!(
        listed,
        [("1.0.0".to_string(), v1_0), ("1.1.0".to_string(), v1_1)]
    );
    assert!(is_published(&source), "the source is left as it was");
}

#[tokio::test]
async fn a_name_alone_makes_the_new_version_from_the_newest_by_semver() {
    let fake = FakePalette::start().await.unwrap();
    let profiles = in_project(&fake, "Default").await.cluster_profiles();
    for (version, replicas) in [("1.0.0", "1"), ("1.10.0", "10"), ("1.9.0", "9")] {
        let values = format!("replicas: {replicas}\n");
        web(&profiles, version, &[("nginx", "1.25.0", &values)]).await;
    }

    let v2 = profiles.new_version("web", None, "2.0.0").await.unwrap();

    let made = profiles.get(&v2).await.unwrap();
    assert_eq!(
        packs(&made, Template::Draft)["nginx"].1,
        "replicas: 10\n",
        "1.10.0 is newer than 1.9.0"
    );
}

#[tokio::test]
async fn a_new_version_can_be_made_from_a_profile_known_by_uid() {
    let fake = FakePalette::start().await.unwrap();
    let profiles = in_project(&fake, "Default").await.cluster_profiles();
    let v1_0 = web(&profiles, "1.0.0", WEB_1_0_0).await;

    let v1_0_1 = profiles.new_version_from(&v1_0, "1.0.1").await.unwrap();

    let made = profiles.get(&v1_0_1).await.unwrap();
    assert_eq!(name(&made.metadata), "web");
    assert_eq!(version_of(&made), "1.0.1");
    assert_eq!(
        profiles.get_by_name("web", None).await.unwrap(),
        made,
        "1.0.1 is now the newest"
    );
}

#[tokio::test]
async fn a_version_that_exists_cannot_be_made_again() {
    let fake = FakePalette::start().await.unwrap();
    let profiles = in_project(&fake, "Default").await.cluster_profiles();
    web(&profiles, "1.0.0", WEB_1_0_0).await;
    profiles.new_version("web", None, "1.1.0").await.unwrap();

    for from in [Some("1.0.0"), None] {
        let taken = profiles
            .new_version("web", from, "1.1.0")
            .await
            .unwrap_err();
        assert!(taken.is_conflict(), "{taken:?}");
        assert_eq!(taken.code(), Some("ClusterProfileAlreadyExists"));
    }
    assert_eq!(profiles.versions("web").await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_new_version_of_nothing_is_not_found() {
    let fake = FakePalette::start().await.unwrap();
    let profiles = in_project(&fake, "Default").await.cluster_profiles();
    web(&profiles, "1.0.0", WEB_1_0_0).await;

    let no_name = profiles
        .new_version("api", None, "1.0.0")
        .await
        .unwrap_err();
    assert!(matches!(
        &no_name,
        Error::NameNotFound { kind, name } if *kind == NameKind::CLUSTER_PROFILE && name == "api"
    ));
    let no_version = profiles
        .new_version("web", Some("0.9.0"), "1.1.0")
        .await
        .unwrap_err();
    assert!(no_version.is_not_found(), "{no_version:?}");
    let no_uid = profiles
        .new_version_from("64f0000000000000000000ff", "1.1.0")
        .await;
    assert_eq!(refused(no_uid), (404, "ResourceNotFound".into()));
    assert_eq!(profiles.list().await.unwrap().len(), 1, "nothing was made");
}

#[tokio::test]
async fn a_new_version_is_made_in_the_scope_of_its_profile() {
    let fake = FakePalette::start().await.unwrap();
    let tenant = fake.client().unwrap().cluster_profiles();
    let default = in_project(&fake, "Default").await.cluster_profiles();
    web(&tenant, "1.0.0", WEB_1_0_0).await;
    web(&default, "1.0.0", &[("nginx", "1.25.0", "replicas: 1\n")]).await;

    let at_tenant = tenant.new_version("web", None, "1.1.0").await.unwrap();
    let in_default = default.new_version("web", None, "1.1.0").await.unwrap();

    assert_ne!(at_tenant, in_default);
    assert_eq!(tenant.versions("web").await.unwrap().len(), 2);
    assert_eq!(default.versions("web").await.unwrap().len(), 2);
    assert!(default.get(&at_tenant).await.unwrap_err().is_not_found());
    let made = tenant.get(&at_tenant).await.unwrap();
    assert_eq!(
        packs(&made, Template::Draft).len(),
        4,
        "the tenant's profile was cloned"
    );
}

// ---------------------------------------------------------------- packs and their values

#[tokio::test]
async fn setting_a_packs_values_changes_that_pack_alone() {
    let fake = FakePalette::start().await.unwrap();
    let profiles = in_project(&fake, "Default").await.cluster_profiles();
    web(&profiles, "1.0.0", WEB_1_0_0).await;
    let v1_1 = profiles.new_version("web", None, "1.1.0").await.unwrap();
    let before = packs(&profiles.get(&v1_1).await.unwrap(), Template::Draft);

    profiles
        .set_pack_values(&v1_1, "nginx", "replicas: 3\n")
        .await
        .unwrap();

    let after = packs(&profiles.get(&v1_1).await.unwrap(), Template::Draft);
    assert_eq!(
        after["nginx"],
        ("1.25.0".to_string(), "replicas: 3\n".to_string()),
        "new values, same tag"
    );
    let mut expected = before;
    expected.insert("nginx".into(), after["nginx"].clone());
    assert_eq!(after, expected, "the other packs are as they were");

    let missing = profiles
        .set_pack_values(&v1_1, "traefik", "a: b\n")
        .await
        .unwrap_err();
    assert!(matches!(
        &missing,
        Error::NameNotFound { kind, name } if *kind == NameKind::PROFILE_PACK && name == "traefik"
    ));
    assert!(missing.is_not_found());
}

#[tokio::test]
async fn a_change_to_a_published_version_reaches_its_clusters_once_it_is_published_again() {
    let fake = FakePalette::start().await.unwrap();
    let client = in_project(&fake, "Default").await;
    let profiles = client.cluster_profiles();
    let v1_0 = web(&profiles, "1.0.0", WEB_1_0_0).await;
    let (cluster, _) = cluster_with(&client, "orders", &v1_0).await;

    profiles
        .set_pack_values(&v1_0, "nginx", "replicas: 3\n")
        .await
        .unwrap();

    let staged = profiles.get(&v1_0).await.unwrap();
    assert!(is_published(&staged));
    assert_eq!(
        packs(&staged, Template::Published)["nginx"].1,
        "replicas: 1\n"
    );
    assert_eq!(packs(&staged, Template::Draft)["nginx"].1, "replicas: 3\n");
    assert_eq!(
        values_used(&client, &cluster, &v1_0).await["nginx"],
        "replicas: 1\n",
        "the cluster uses the published template"
    );

    profiles.publish(&v1_0).await.unwrap();

    let published = profiles.get(&v1_0).await.unwrap();
    assert_eq!(
        packs(&published, Template::Published)["nginx"].1,
        "replicas: 3\n"
    );
    assert!(published.spec.unwrap().draft.is_none());
    assert_eq!(
        values_used(&client, &cluster, &v1_0).await["nginx"],
        "replicas: 3\n"
    );
}

#[tokio::test]
async fn packs_are_added_once_and_removed_once() {
    let fake = FakePalette::start().await.unwrap();
    let profiles = in_project(&fake, "Default").await.cluster_profiles();
    web(&profiles, "1.0.0", WEB_1_0_0).await;
    let v1_1 = profiles.new_version("web", None, "1.1.0").await.unwrap();

    let added = profiles
        .add_pack(&v1_1, pack("traefik", "3.0.0", "ports: [80]\n"))
        .await
        .unwrap();

    let draft = profiles
        .get(&v1_1)
        .await
        .unwrap()
        .spec
        .unwrap()
        .draft
        .unwrap();
    let traefik = draft
        .packs
        .unwrap()
        .into_iter()
        .find(|p| p.name.as_deref() == Some("traefik"))
        .expect("the pack was added");
    assert_eq!(traefik.pack_uid.as_deref(), Some(added.as_str()));
    assert_eq!(traefik.tag.as_deref(), Some("3.0.0"));
    assert_eq!(traefik.registry_uid.as_deref(), Some(REGISTRY));
    assert_eq!(traefik.values.as_deref(), Some("ports: [80]\n"));
    let twice = profiles
        .add_pack(&v1_1, pack("traefik", "3.0.1", ""))
        .await
        .unwrap_err();
    assert!(twice.is_conflict(), "{twice:?}");
    assert_eq!(twice.code(), Some("PackAlreadyExists"));

    profiles.remove_pack(&v1_1, "metrics").await.unwrap();
    let left: Vec<String> = packs(&profiles.get(&v1_1).await.unwrap(), Template::Draft)
        .into_keys()
        .collect();
    assert_eq!(left, ["dns", "nginx", "redis", "traefik"]);
    let again = profiles.remove_pack(&v1_1, "metrics").await;
    assert_eq!(refused(again), (404, "PackNotFound".into()));
}

#[tokio::test]
async fn a_new_versions_variables_are_its_own() {
    let fake = FakePalette::start().await.unwrap();
    let profiles = in_project(&fake, "Default").await.cluster_profiles();
    let v1_0 = web(&profiles, "1.0.0", WEB_1_0_0).await;
    let v1_1 = profiles.new_version("web", None, "1.1.0").await.unwrap();

    profiles
        .set_variables(
            &v1_1,
            vec![variable("domain", "example.org"), variable("replicas", "3")],
        )
        .await
        .unwrap();

    assert_eq!(profiles.variables(&v1_1).await.unwrap().len(), 2);
    assert_eq!(
        profiles.variables(&v1_0).await.unwrap(),
        [variable("domain", "example.com")]
    );
}

// ---------------------------------------------------------------- moving a cluster

/// `web` 1.0.0 on a cluster that overrides nginx and metrics, and 1.1.0, published, which
/// changes redis's values and drops metrics. Returns (client, cluster, infra, 1.0.0, 1.1.0).
async fn a_cluster_and_a_new_version(
    fake: &FakePalette,
) -> (Client, String, String, String, String) {
    let client = in_project(fake, "Default").await;
    let profiles = client.cluster_profiles();
    let v1_0 = web(&profiles, "1.0.0", WEB_1_0_0).await;
    let (cluster, infra) = cluster_with(&client, "orders", &v1_0).await;
    override_values(
        &client,
        &cluster,
        &v1_0,
        &[("nginx", "replicas: 5\n"), ("metrics", "interval: 10s\n")],
    )
    .await;
    let v1_1 = profiles
        .new_version("web", Some("1.0.0"), "1.1.0")
        .await
        .unwrap();
    profiles
        .set_pack_values(&v1_1, "redis", "maxmemory: 2gb\n")
        .await
        .unwrap();
    profiles.remove_pack(&v1_1, "metrics").await.unwrap();
    profiles.publish(&v1_1).await.unwrap();
    (client, cluster, infra, v1_0, v1_1)
}

#[tokio::test]
async fn a_cluster_moved_to_a_new_version_keeps_the_values_it_overrides() {
    let fake = FakePalette::start().await.unwrap();
    let (client, cluster, infra, v1_0, v1_1) = a_cluster_and_a_new_version(&fake).await;
    let infra_before = values_used(&client, &cluster, &infra).await;

    let moved = client
        .clusters()
        .move_to_profile_version(&cluster, "web", "1.1.0")
        .await
        .unwrap();

    assert_eq!(
        (moved.from.as_str(), moved.to.as_str()),
        (v1_0.as_str(), v1_1.as_str())
    );
    let kept: Vec<_> = moved
        .kept
        .iter()
        .map(|k| (k.pack.as_str(), k.values.as_str(), k.changed_in_new_version))
        .collect();
    assert_eq!(kept, [("nginx", "replicas: 5\n", false)]);
    assert_eq!(moved.kept[0].from_tag.as_deref(), Some("1.25.0"));
    assert_eq!(moved.kept[0].to_tag.as_deref(), Some("1.25.0"));
    let dropped: Vec<_> = moved
        .dropped
        .iter()
        .map(|d| (d.pack.as_str(), d.values.as_str()))
        .collect();
    assert_eq!(dropped, [("metrics", "interval: 10s\n")]);

    let now = used(&client, &cluster).await;
    let attached: Vec<&str> = now.iter().map(|(uid, _, _)| uid.as_str()).collect();
    assert_eq!(
        attached,
        [infra.as_str(), v1_1.as_str()],
        "1.1.0 took 1.0.0's place"
    );
    assert_eq!(
        now[1].2,
        map(&[
            ("dns", "zone: a\n"),
            ("nginx", "replicas: 5\n"),
            ("redis", "maxmemory: 2gb\n"),
        ]),
        "the cluster's nginx values, 1.1.0's redis values, and no metrics"
    );
    assert_eq!(now[0].2, infra_before, "the other profile is untouched");
}

#[tokio::test]
async fn a_pack_the_new_version_changed_too_keeps_the_clusters_values_and_says_so() {
    let fake = FakePalette::start().await.unwrap();
    let (client, cluster, _, _, v1_1) = a_cluster_and_a_new_version(&fake).await;
    let profiles = client.cluster_profiles();
    let v1_2 = profiles.new_version_from(&v1_1, "1.2.0").await.unwrap();
    profiles
        .set_pack_values(&v1_2, "nginx", "replicas: 2\n")
        .await
        .unwrap();
    profiles.publish(&v1_2).await.unwrap();

    let moved = client
        .clusters()
        .move_to_profile_version(&cluster, "web", "1.2.0")
        .await
        .unwrap();

    assert_eq!(moved.kept.len(), 1);
    assert_eq!(moved.kept[0].pack, "nginx");
    assert!(moved.kept[0].changed_in_new_version);
    assert_eq!(
        values_used(&client, &cluster, &v1_2).await["nginx"],
        "replicas: 5\n",
        "the cluster's values win"
    );
}

#[tokio::test]
async fn values_kept_for_a_pack_at_another_tag_name_both_tags() {
    let fake = FakePalette::start().await.unwrap();
    let (client, cluster, _, _, _) = a_cluster_and_a_new_version(&fake).await;
    let profiles = client.cluster_profiles();
    let v2 = profiles
        .new_version("web", Some("1.0.0"), "2.0.0")
        .await
        .unwrap();
    profiles.remove_pack(&v2, "nginx").await.unwrap();
    profiles
        .add_pack(&v2, pack("nginx", "1.27.0", "replicas: 1\n"))
        .await
        .unwrap();
    profiles.publish(&v2).await.unwrap();

    let moved = client
        .clusters()
        .move_to_profile_version(&cluster, "web", "2.0.0")
        .await
        .unwrap();

    let nginx = &moved.kept[0];
    assert_eq!(nginx.pack, "nginx");
    assert_eq!(
        (nginx.from_tag.as_deref(), nginx.to_tag.as_deref()),
        (Some("1.25.0"), Some("1.27.0"))
    );
    assert!(
        !nginx.changed_in_new_version,
        "2.0.0 has 1.0.0's nginx values"
    );
    assert_eq!(
        values_used(&client, &cluster, &v2).await["nginx"],
        "replicas: 5\n"
    );
}

#[tokio::test]
async fn a_cluster_that_overrides_nothing_takes_the_new_versions_values() {
    let fake = FakePalette::start().await.unwrap();
    let client = in_project(&fake, "Default").await;
    let profiles = client.cluster_profiles();
    let v1_0 = web(&profiles, "1.0.0", WEB_1_0_0).await;
    let (cluster, _) = cluster_with(&client, "plain", &v1_0).await;
    let v1_1 = profiles.new_version("web", None, "1.1.0").await.unwrap();
    profiles
        .set_pack_values(&v1_1, "nginx", "replicas: 4\n")
        .await
        .unwrap();
    profiles.remove_pack(&v1_1, "metrics").await.unwrap();
    profiles.publish(&v1_1).await.unwrap();

    let moved = client
        .clusters()
        .move_to_profile_version(&cluster, "web", "1.1.0")
        .await
        .unwrap();

    assert!(
        moved.kept.is_empty() && moved.dropped.is_empty(),
        "{moved:?}"
    );
    let now = values_used(&client, &cluster, &v1_1).await;
    assert_eq!(now["nginx"], "replicas: 4\n");
    assert!(!now.contains_key("metrics"));
}

#[tokio::test]
async fn a_profile_known_by_uid_is_replaced_keeping_the_same_values() {
    let fake = FakePalette::start().await.unwrap();
    let (client, cluster, infra, v1_0, v1_1) = a_cluster_and_a_new_version(&fake).await;

    let moved = client
        .clusters()
        .replace_profile(&cluster, &v1_0, &v1_1)
        .await
        .unwrap();

    assert_eq!(moved.to, v1_1);
    assert_eq!(moved.kept[0].pack, "nginx");
    assert_eq!(moved.dropped[0].pack, "metrics");
    let attached: Vec<String> = used(&client, &cluster)
        .await
        .into_iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(attached, [infra, v1_1.clone()]);
    assert_eq!(
        values_used(&client, &cluster, &v1_1).await["nginx"],
        "replicas: 5\n"
    );

    let not_used = client
        .clusters()
        .replace_profile(&cluster, &v1_0, &v1_1)
        .await
        .unwrap_err();
    assert!(matches!(
        &not_used,
        Error::NameNotFound { kind, name } if *kind == NameKind::ATTACHED_PROFILE && *name == v1_0
    ));
}

#[tokio::test]
async fn a_move_that_cannot_be_made_fails_before_changing_the_cluster() {
    let fake = FakePalette::start().await.unwrap();
    let (client, cluster, _, v1_0, _) = a_cluster_and_a_new_version(&fake).await;
    let before = used(&client, &cluster).await;

    let no_profile = client
        .clusters()
        .move_to_profile_version(&cluster, "api", "1.1.0")
        .await
        .unwrap_err();
    assert!(matches!(
        &no_profile,
        Error::NameNotFound { kind, name } if *kind == NameKind::ATTACHED_PROFILE && name == "api"
    ));
    let no_version = client
        .clusters()
        .move_to_profile_version(&cluster, "web", "9.9.9")
        .await
        .unwrap_err();
    assert!(matches!(
        &no_version,
        Error::NameNotFound { kind, name }
            if *kind == NameKind::CLUSTER_PROFILE_VERSION && name == "web 9.9.9"
    ));
    let tenant = fake.client().unwrap().clusters();
    let at_tenant = tenant
        .move_to_profile_version(&cluster, "web", "1.1.0")
        .await
        .unwrap_err();
    assert!(at_tenant.is_project_scope_required(), "{at_tenant:?}");
    let by_uid = tenant
        .replace_profile(&cluster, &v1_0, "64f0000000000000000000ff")
        .await
        .unwrap_err();
    assert!(by_uid.is_project_scope_required(), "{by_uid:?}");

    assert_eq!(used(&client, &cluster).await, before);
}

// ---------------------------------------------------------------- the fake's own rules

#[tokio::test]
async fn the_fake_does_not_carry_a_replaced_profiles_values_by_itself() {
    let fake = FakePalette::start().await.unwrap();
    let (client, cluster, _, v1_0, v1_1) = a_cluster_and_a_new_version(&fake).await;

    client
        .spectro_clusters_patch_profiles()
        .uid(&cluster)
        .body(types::SpectroClusterProfiles {
            profiles: Some(vec![types::SpectroClusterProfileEntity {
                uid: Some(v1_1.clone()),
                replace_with_profile: Some(v1_0),
                ..Default::default()
            }]),
            spc_apply_settings: None,
        })
        .send()
        .await
        .unwrap();

    assert_eq!(
        values_used(&client, &cluster, &v1_1).await["nginx"],
        "replicas: 1\n",
        "values not sent again are the profile's"
    );
}

#[tokio::test]
async fn the_fake_clones_into_a_target_scope_and_refuses_what_palette_refuses() {
    let fake = FakePalette::start().await.unwrap();
    let client = in_project(&fake, "Default").await;
    let v1_0 = web(&client.cluster_profiles(), "1.0.0", WEB_1_0_0).await;
    let clone = |target: Option<types::ClusterProfileCloneTarget>, source: &str| {
        let metadata = types::ClusterProfileCloneMetaInputEntity {
            version: Some("1.1.0".into()),
            target,
            ..types::ClusterProfileCloneMetaInputEntity::new("web".into())
        };
        client
            .cluster_profiles_uid_clone()
            .uid(source)
            .body(types::ClusterProfileCloneEntity {
                metadata: Some(metadata),
            })
            .send()
    };
    let staging = seed::PROJECTS[1].0;

    let to_staging = types::ClusterProfileCloneTarget {
        project_uid: Some(staging.into()),
        ..types::ClusterProfileCloneTarget::new(palette_sdk::enums::Scope::Project)
    };
    let made = clone(Some(to_staging), &v1_0).await.unwrap().uid.unwrap();
    let seen_from_staging = in_project(&fake, "Staging").await.cluster_profiles();
    assert_eq!(
        version_of(&seen_from_staging.get(&made).await.unwrap()),
        "1.1.0"
    );

    let no_project = types::ClusterProfileCloneTarget::new(palette_sdk::enums::Scope::Project);
    assert_eq!(
        refused(clone(Some(no_project), &v1_0).await),
        (400, "InvalidCloneTarget".into())
    );
    assert_eq!(
        refused(clone(None, "64f0000000000000000000ff").await),
        (404, "ResourceNotFound".into())
    );
    let pack = types::PackEntity {
        values: Some("a: b\n".into()),
        ..types::PackEntity::new("traefik".into(), "64f0000000000000000000ee".into())
    };
    let unknown = client
        .cluster_profiles_uid_packs_name_update()
        .uid(&v1_0)
        .pack_name("traefik")
        .body(types::PackUpdateEntity { pack: Some(pack) })
        .send()
        .await;
    assert_eq!(refused(unknown), (404, "PackNotFound".into()));
    let unserved = client
        .cluster_profiles_uid_packs_get()
        .uid(&v1_0)
        .send()
        .await;
    assert_eq!(refused(unserved), (501, "NotImplementedByFake".into()));
}
