//! Cloud accounts and cluster profiles end to end against the fake Palette: scopes, versions, publishing, variables and lookups by name.
#![cfg(all(
    feature = "testing",
    feature = "cloudaccounts",
    feature = "clusterprofiles"
))]

mod common;

use common::scripted::{Reply, Scripted};
use common::{in_project, name, uid};
use palette_sdk::enums::{PackType, ProfileType};
use palette_sdk::ext::NewClusterProfile;
use palette_sdk::testing::{FakePalette, seed};
use palette_sdk::{Error, types};
use serde_json::json;

// ---------------------------------------------------------------- helpers

fn pack(name: &str, layer: &str, tag: &str) -> types::PackManifestEntity {
    types::PackManifestEntity {
        layer: Some(layer.into()),
        manifests: None,
        name: name.into(),
        registry_uid: Some("64f00000000000000000abcd".into()),
        tag: Some(tag.into()),
        type_: Some(PackType::Spectro),
        uid: None,
        values: None,
    }
}

fn infra(name: &str, version: &str) -> NewClusterProfile {
    NewClusterProfile::new(name, version)
        .cloud_type("aws")
        .profile_type(ProfileType::Infra)
        .pack(pack("ubuntu-aws", "os", "22.04"))
        .pack(pack("kubernetes", "k8s", "1.30.4"))
}

fn variable(name: &str, default: &str) -> types::Variable {
    types::Variable {
        default_value: Some(default.into()),
        description: None,
        display_name: None,
        format: None,
        hidden: None,
        immutable: None,
        input_type: None,
        is_sensitive: None,
        name: Some(name.into()),
        options: None,
        regex: None,
        required: Some(true),
    }
}

fn is_published(profile: &types::ClusterProfile) -> bool {
    profile
        .status
        .as_ref()
        .and_then(|s| s.is_published)
        .expect("the profile says whether it is published")
}

fn names_of(accounts: &[types::CloudAccountSummary]) -> Vec<String> {
    accounts.iter().map(|a| name(&a.metadata)).collect()
}

// ---------------------------------------------------------------- cloud accounts

#[tokio::test]
async fn cloud_accounts_are_tenant_wide_and_seen_from_every_scope() {
    let fake = FakePalette::start().await.unwrap();
    let tenant = fake.client().unwrap();
    let default = in_project(&fake, "Default").await;
    let staging = in_project(&fake, "Staging").await;

    let seeded: Vec<&str> = seed::CLOUD_ACCOUNTS.iter().map(|a| a.1).collect();
    for client in [&tenant, &default, &staging] {
        let all = client.cloud_accounts().list().await.unwrap();
        assert_eq!(names_of(&all), seeded);
    }
    let aws = default
        .cloud_accounts()
        .list_by_cloud_type("aws")
        .await
        .unwrap();
    assert_eq!(names_of(&aws), ["aws-main", "aws-eks"]);
    assert!(aws.iter().all(|a| a.kind.as_deref() == Some("aws")));
    let edge = staging
        .cloud_accounts()
        .list_by_cloud_type("edge-native")
        .await
        .unwrap();
    assert_eq!(names_of(&edge), ["edge-sites"]);
    let none = tenant
        .cloud_accounts()
        .list_by_cloud_type("gcp")
        .await
        .unwrap();
    assert!(none.is_empty());
}

#[tokio::test]
async fn a_cloud_account_is_found_by_name_within_its_cloud_type_or_by_uid() {
    let fake = FakePalette::start().await.unwrap();
    let accounts = in_project(&fake, "Default").await.cloud_accounts();

    let eks = accounts
        .find_by_name("aws-eks", Some("aws"))
        .await
        .unwrap()
        .expect("the seeded EKS-capable account");
    assert_eq!(uid(&eks.metadata), seed::CLOUD_ACCOUNTS[1].0);
    assert_eq!(
        accounts.find_by_name("aws-eks", None).await.unwrap(),
        Some(eks.clone())
    );
    assert_eq!(
        accounts
            .find_by_name("aws-eks", Some("edge-native"))
            .await
            .unwrap(),
        None,
        "the name exists, but not for that cloud"
    );

    assert_eq!(accounts.get(&uid(&eks.metadata)).await.unwrap(), Some(eks));
    assert_eq!(
        accounts.get("64f0000000000000000000ff").await.unwrap(),
        None
    );

    let missing = accounts.get_by_name("azure-main", None).await.unwrap_err();
    assert!(matches!(
        &missing,
        Error::NameNotFound { kind: "cloud account", name } if name == "azure-main"
    ));
}

#[tokio::test]
async fn two_clouds_with_accounts_of_one_name_need_the_cloud_type_to_tell_them_apart() {
    let account = |uid: &str, kind: &str| json!({"kind": kind, "metadata": {"uid": uid, "name": "shared"}, "specSummary": null, "status": null});
    let page = json!({
        "items": [account("64f0000000000000000000e7", "aws"), account("64f0000000000000000000e8", "azure")],
        "listmeta": {"continue": "", "count": 2, "limit": 50, "offset": 0},
    });
    let server = Scripted::start(vec![Reply::json(200, &page), Reply::json(200, &page)]).await;
    let accounts = common::client_for(server.url()).cloud_accounts();

    let err = accounts.find_by_name("shared", None).await.unwrap_err();
    assert!(err.is_ambiguous_name());
    assert!(matches!(
        &err,
        Error::AmbiguousName { kind: "cloud account", uids, .. }
            if uids == &["64f0000000000000000000e7", "64f0000000000000000000e8"]
    ));
    let azure = accounts
        .find_by_name("shared", Some("azure"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(uid(&azure.metadata), "64f0000000000000000000e8");
}

// ---------------------------------------------------------------- cluster profiles

#[tokio::test]
async fn a_profile_starts_as_a_draft_is_published_then_deleted() {
    let fake = FakePalette::start().await.unwrap();
    let profiles = in_project(&fake, "Default").await.cluster_profiles();

    let created = profiles
        .create(infra("aws-base", "1.0.0").description("OS and Kubernetes"))
        .await
        .unwrap();

    let draft = profiles.get(&created).await.unwrap();
    assert_eq!(name(&draft.metadata), "aws-base");
    assert!(!is_published(&draft));
    let spec = draft.spec.clone().unwrap();
    assert_eq!(spec.version.as_deref(), Some("1.0.0"));
    assert!(spec.published.is_none());
    let template = spec.draft.expect("an unpublished profile has a draft");
    assert_eq!(template.cloud_type.as_deref(), Some("aws"));
    assert_eq!(template.type_.as_deref(), Some("infra"));
    let packs: Vec<(String, String)> = template
        .packs
        .unwrap()
        .into_iter()
        .map(|p| (p.name.unwrap(), p.layer.unwrap().to_string()))
        .collect();
    assert_eq!(
        packs,
        [
            ("ubuntu-aws".to_string(), "os".to_string()),
            ("kubernetes".to_string(), "k8s".to_string())
        ]
    );
    assert_eq!(
        draft.metadata.unwrap().annotations.unwrap()["description"],
        "OS and Kubernetes"
    );

    profiles.publish(&created).await.unwrap();
    let published = profiles.get(&created).await.unwrap();
    assert!(is_published(&published));
    let spec = published.spec.unwrap();
    assert!(spec.draft.is_none(), "publishing clears the draft");
    assert_eq!(
        spec.published.and_then(|t| t.packs).map(|p| p.len()),
        Some(2)
    );
    let listed = profiles.list().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0].status.as_ref().and_then(|s| s.is_published),
        Some(true)
    );

    profiles.delete(&created).await.unwrap();
    let gone = profiles.get(&created).await.unwrap_err();
    assert!(gone.is_not_found());
    assert_eq!(gone.code(), Some("ResourceNotFound"));
    let again = profiles.delete(&created).await.unwrap_err();
    assert!(again.is_not_found());
    assert!(profiles.list().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_profile_made_published_needs_no_publish_call() {
    let fake = FakePalette::start().await.unwrap();
    let profiles = fake.client().unwrap().cluster_profiles();

    let uid = profiles
        .create(infra("tenant-base", "2.0.0").published())
        .await
        .unwrap();

    let profile = profiles.get(&uid).await.unwrap();
    assert!(is_published(&profile));
    assert!(profile.spec.unwrap().published.is_some());
}

#[tokio::test]
async fn a_profile_is_seen_only_from_the_scope_it_was_made_in() {
    let fake = FakePalette::start().await.unwrap();
    let default = in_project(&fake, "Default").await.cluster_profiles();
    let staging = in_project(&fake, "Staging").await.cluster_profiles();
    let tenant = fake.client().unwrap().cluster_profiles();

    let uid = default.create(infra("aws-base", "1.0.0")).await.unwrap();

    for other in [&staging, &tenant] {
        assert!(other.get(&uid).await.unwrap_err().is_not_found());
        assert!(other.publish(&uid).await.unwrap_err().is_not_found());
        assert!(other.variables(&uid).await.unwrap_err().is_not_found());
        assert!(other.delete(&uid).await.unwrap_err().is_not_found());
        assert!(other.list().await.unwrap().is_empty());
        assert_eq!(other.find_by_name("aws-base", None).await.unwrap(), None);
    }
    let still = default.get(&uid).await.unwrap();
    assert!(
        !is_published(&still),
        "nothing from another scope touched it"
    );
}

#[tokio::test]
async fn a_name_and_version_pair_is_unique_within_a_scope() {
    let fake = FakePalette::start().await.unwrap();
    let default = in_project(&fake, "Default").await.cluster_profiles();
    let staging = in_project(&fake, "Staging").await.cluster_profiles();

    default.create(infra("aws-base", "1.0.0")).await.unwrap();

    let taken = default
        .create(infra("aws-base", "1.0.0"))
        .await
        .unwrap_err();
    assert!(taken.is_conflict());
    assert_eq!(taken.code(), Some("ClusterProfileAlreadyExists"));
    default
        .create(infra("aws-base", "1.1.0"))
        .await
        .expect("another version of the name");
    staging
        .create(infra("aws-base", "1.0.0"))
        .await
        .expect("the same pair in another project");
    assert_eq!(default.list().await.unwrap().len(), 2);

    let nameless = default.create(infra("", "1.0.0")).await.unwrap_err();
    assert_eq!(nameless.status().map(|s| s.as_u16()), Some(400));
}

#[tokio::test]
async fn versions_come_oldest_first_and_a_name_alone_finds_the_newest() {
    let fake = FakePalette::start().await.unwrap();
    let profiles = in_project(&fake, "Default").await.cluster_profiles();
    let v1_9 = profiles.create(infra("aws-base", "1.9.0")).await.unwrap();
    let v1_10 = profiles.create(infra("aws-base", "1.10.0")).await.unwrap();
    let v1_0 = profiles.create(infra("aws-base", "1.0.0")).await.unwrap();
    profiles
        .create(infra("aws-base-extra", "3.0.0"))
        .await
        .unwrap();

    let versions: Vec<(String, String)> = profiles
        .versions("aws-base")
        .await
        .unwrap()
        .into_iter()
        .map(|v| (v.version.unwrap(), v.uid.unwrap()))
        .collect();
    assert_eq!(
        versions,
        [
            ("1.0.0".to_string(), v1_0.clone()),
            ("1.9.0".to_string(), v1_9.clone()),
            ("1.10.0".to_string(), v1_10.clone())
        ]
    );

    let newest = profiles
        .find_by_name("aws-base", None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(uid(&newest.metadata), v1_10);
    let listed_versions = newest.spec.unwrap().versions.unwrap();
    assert_eq!(
        listed_versions.len(),
        3,
        "a profile names its name's versions"
    );
    let old = profiles
        .get_by_name("aws-base", Some("1.9.0"))
        .await
        .unwrap();
    assert_eq!(uid(&old.metadata), v1_9);

    assert_eq!(
        profiles
            .find_by_name("aws-base", Some("4.0.0"))
            .await
            .unwrap(),
        None
    );
    let missing = profiles.get_by_name("gcp-base", None).await.unwrap_err();
    assert!(matches!(
        &missing,
        Error::NameNotFound { kind: "cluster profile", name } if name == "gcp-base"
    ));
    assert!(profiles.versions("gcp-base").await.unwrap().is_empty());
}

/// The precedence example of the semver spec (semver.org, rule 11), lowest first.
const SEMVER_SPEC_ORDER: [&str; 8] = [
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
];

#[tokio::test]
async fn versions_follow_semver_precedence_so_a_release_is_newer_than_its_release_candidates() {
    let fake = FakePalette::start().await.unwrap();
    let profiles = in_project(&fake, "Default").await.cluster_profiles();
    // Made in an order that is neither the right one nor the text order.
    let mut uids = std::collections::BTreeMap::new();
    for at in [6, 0, 7, 3, 5, 1, 4, 2] {
        let version = SEMVER_SPEC_ORDER[at];
        let uid = profiles.create(infra("edge-os", version)).await.unwrap();
        uids.insert(version, uid);
    }

    let listed: Vec<String> = profiles
        .versions("edge-os")
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.version.unwrap())
        .collect();
    assert_eq!(listed, SEMVER_SPEC_ORDER);
    let newest = profiles.get_by_name("edge-os", None).await.unwrap();
    assert_eq!(
        uid(&newest.metadata),
        uids["1.0.0"],
        "1.0.0 is newer than 1.0.0-rc.1"
    );
}

#[tokio::test]
async fn a_release_is_newer_than_its_pre_releases_and_build_metadata_does_not_count() {
    let fake = FakePalette::start().await.unwrap();
    let profiles = in_project(&fake, "Default").await.cluster_profiles();
    let release = profiles.create(infra("k8s-base", "1.0.0")).await.unwrap();
    profiles
        .create(infra("k8s-base", "1.0.0-rc1"))
        .await
        .unwrap();
    profiles
        .create(infra("k8s-base", "1.0.0-rc.2+build.9"))
        .await
        .unwrap();
    let newest = profiles.get_by_name("k8s-base", None).await.unwrap();
    assert_eq!(uid(&newest.metadata), release);

    // Two builds of one version: neither is newer, so a name alone cannot pick one.
    let a = profiles
        .create(infra("k8s-base", "1.1.0+build.1"))
        .await
        .unwrap();
    let b = profiles
        .create(infra("k8s-base", "1.1.0+build.2"))
        .await
        .unwrap();
    let err = profiles.get_by_name("k8s-base", None).await.unwrap_err();
    match &err {
        Error::AmbiguousName { uids, .. } => {
            let mut uids = uids.clone();
            uids.sort();
            let mut both = vec![a.clone(), b];
            both.sort();
            assert_eq!(uids, both);
        }
        other => panic!("{other:?}"),
    }
    let exact = profiles
        .get_by_name("k8s-base", Some("1.1.0+build.1"))
        .await
        .unwrap();
    assert_eq!(
        uid(&exact.metadata),
        a,
        "a version given is matched exactly"
    );
}

#[tokio::test]
async fn versions_that_are_not_semver_are_older_than_every_semver_one() {
    let fake = FakePalette::start().await.unwrap();
    let profiles = in_project(&fake, "Default").await.cluster_profiles();
    for version in ["0.0.1", "1.10", "latest", "1.9"] {
        profiles.create(infra("legacy", version)).await.unwrap();
    }
    let listed: Vec<String> = profiles
        .versions("legacy")
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.version.unwrap())
        .collect();
    assert_eq!(listed, ["1.9", "1.10", "latest", "0.0.1"]);
}

#[tokio::test]
async fn several_profiles_of_one_name_and_version_make_the_lookup_fail() {
    let profile = |uid: &str| {
        json!({
            "metadata": {"uid": uid, "name": "edge-base"},
            "specSummary": {"version": "1.0.0", "draft": null, "published": null, "versions": null},
            "status": {"isPublished": true},
        })
    };
    let page = json!({
        "items": [profile("64f0000000000000000000e1"), profile("64f0000000000000000000e2")],
        "listmeta": {"continue": "", "count": 2, "limit": 50, "offset": 0},
    });
    let server = Scripted::start(vec![Reply::json(200, &page)]).await;
    let profiles = common::client_for(server.url()).cluster_profiles();

    let err = profiles
        .find_by_name("edge-base", Some("1.0.0"))
        .await
        .unwrap_err();
    assert!(matches!(
        &err,
        Error::AmbiguousName { kind: "cluster profile", name, uids }
            if name == "edge-base" && uids.len() == 2
    ));
}

#[tokio::test]
async fn variables_are_created_with_the_profile_and_replaced_as_a_whole() {
    let fake = FakePalette::start().await.unwrap();
    let profiles = in_project(&fake, "Default").await.cluster_profiles();
    let uid = profiles
        .create(infra("aws-base", "1.0.0").variable(variable("region", "us-east-1")))
        .await
        .unwrap();

    let names = |vars: Vec<types::Variable>| -> Vec<String> {
        vars.into_iter().filter_map(|v| v.name).collect()
    };
    let first = profiles.variables(&uid).await.unwrap();
    assert_eq!(first[0].default_value.as_deref(), Some("us-east-1"));
    assert_eq!(names(first), ["region"]);

    profiles
        .set_variables(
            &uid,
            vec![variable("replicas", "3"), variable("domain", "example.com")],
        )
        .await
        .unwrap();
    assert_eq!(
        names(profiles.variables(&uid).await.unwrap()),
        ["replicas", "domain"],
        "the new list replaces the old one"
    );

    let twice = profiles
        .set_variables(&uid, vec![variable("a", "1"), variable("a", "2")])
        .await
        .unwrap_err();
    assert_eq!(twice.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(names(profiles.variables(&uid).await.unwrap()).len(), 2);

    profiles.set_variables(&uid, Vec::new()).await.unwrap();
    assert!(profiles.variables(&uid).await.unwrap().is_empty());
    let missing = profiles
        .set_variables("64f0000000000000000000ff", Vec::new())
        .await
        .unwrap_err();
    assert!(missing.is_not_found());
}

#[tokio::test]
async fn the_profile_list_pages_and_every_page_is_followed() {
    let fake = FakePalette::start().await.unwrap();
    let profiles = fake.client().unwrap().cluster_profiles();
    for i in 0..53 {
        profiles
            .create(
                NewClusterProfile::new(format!("addon-{i:02}"), "1.0.0")
                    .profile_type(ProfileType::AddOn),
            )
            .await
            .unwrap();
    }

    let listed = profiles.list().await.unwrap();
    assert_eq!(listed.len(), 53);
    assert_eq!(name(&listed[52].metadata), "addon-52");
    assert_eq!(profiles.versions("addon-51").await.unwrap().len(), 1);
}
