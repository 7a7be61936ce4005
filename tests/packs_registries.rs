//! Packs and registries end to end against the fake Palette: registries by kind and by name, syncs on the fake's clock, packs by name and version across registries or in one, default values, and a profile from packs.
#![cfg(all(feature = "testing", feature = "packs", feature = "registries"))]

mod common;

use std::time::Duration;

use common::HOUR;
use common::scripted::{Reply, Scripted};
use palette_sdk::enums::{PackLayer, PackType};
use palette_sdk::ext::{Registry, RegistryKind, SyncPhase};
use palette_sdk::prelude::*;
use palette_sdk::testing::{FakePack, FakePalette, FakeRegistry, seed};
use palette_sdk::wait::{Awaited, WaitFailure, WaitOptions};
use palette_sdk::{Error, types};
use serde_json::json;

// ---------------------------------------------------------------- helpers

/// A fake whose registry syncs take an hour, so that only `advance` ends one.
async fn hourly_syncs(builder: palette_sdk::testing::FakePaletteBuilder) -> FakePalette {
    builder.registry_sync_time(HOUR).start().await.unwrap()
}

fn quick() -> WaitOptions {
    WaitOptions::default()
        .interval(Duration::from_millis(5))
        .timeout(Duration::from_secs(20))
}

fn names(registries: &[Registry]) -> Vec<&str> {
    registries.iter().map(|r| r.name().unwrap_or("?")).collect()
}

fn seeded_pack_uid(name: &str, version: &str) -> &'static str {
    seed::PACKS
        .iter()
        .find(|p| p.2 == name && p.3 == version)
        .map(|p| p.0)
        .expect("a seeded pack")
}

fn basic_oci(name: &str) -> types::BasicOciRegistry {
    serde_json::from_value(json!({
        "metadata": {"name": name},
        "spec": {"endpoint": "https://oci.example.com", "providerType": "helm",
                 "auth": {"type": "noAuth"}}
    }))
    .unwrap()
}

fn helm(name: &str) -> types::HelmRegistryEntity {
    serde_json::from_value(json!({
        "metadata": {"name": name},
        "spec": {"endpoint": "https://charts.example.com", "auth": {"type": "noAuth"}}
    }))
    .unwrap()
}

// ---------------------------------------------------------------- registries

#[tokio::test]
async fn registries_are_listed_by_kind_each_with_its_sync_status() {
    let fake = FakePalette::start().await.unwrap();
    let registries = fake.client().unwrap().registries();

    let pack = registries.list(RegistryKind::Pack).await.unwrap();
    let helm = registries.list(RegistryKind::Helm).await.unwrap();
    let oci = registries.list(RegistryKind::Oci).await.unwrap();
    assert_eq!(names(&pack), ["Public Repo"]);
    assert_eq!(names(&helm), ["Bitnami"]);
    assert_eq!(names(&oci), ["Palette OCI"]);
    assert_eq!(pack[0].uid(), Some(seed::PUBLIC_REPO_UID));
    assert_eq!(pack[0].kind(), RegistryKind::Pack);
    assert_eq!(oci[0].kind(), RegistryKind::Oci);
    assert!(
        helm[0]
            .endpoint()
            .is_some_and(|e| e.starts_with("https://"))
    );

    let all = registries.list_all().await.unwrap();
    assert_eq!(names(&all), ["Public Repo", "Bitnami", "Palette OCI"]);
    for registry in &all {
        let status = registry.sync_status().expect("listed with its sync status");
        assert_eq!(SyncPhase::of(status), SyncPhase::Synced, "{registry:?}");
    }

    // Registries are tenant-wide: a project sees the same ones.
    let project = common::in_project(&fake, "Default").await.registries();
    assert_eq!(names(&project.list_all().await.unwrap()), names(&all));
}

#[tokio::test]
async fn a_registry_is_found_by_name_and_a_name_two_kinds_share_needs_the_kind() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();
    let registries = client.registries();

    let bitnami = registries.get_by_name("Bitnami", None).await.unwrap();
    assert_eq!(bitnami.kind(), RegistryKind::Helm);
    assert!(
        registries
            .find_by_name("Bitnami", Some(RegistryKind::Pack))
            .await
            .unwrap()
            .is_none()
    );

    let oci_uid = client
        .basic_oci_registries_create()
        .body(basic_oci("Bitnami"))
        .send()
        .await
        .unwrap()
        .uid
        .unwrap();
    let err = registries.find_by_name("Bitnami", None).await.unwrap_err();
    let Error::AmbiguousName { kind, name, uids } = &err else {
        panic!("{err:?}")
    };
    assert_eq!((*kind, name.as_str()), ("registry", "Bitnami"));
    assert_eq!(uids, &[bitnami.uid().unwrap().to_string(), oci_uid.clone()]);
    let oci = registries
        .get_by_name("Bitnami", Some(RegistryKind::Oci))
        .await
        .unwrap();
    assert_eq!(oci.uid(), Some(oci_uid.as_str()));

    let err = registries.get_by_name("Nowhere", None).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.to_string(), r#"no registry is named "Nowhere""#);
}

#[tokio::test]
async fn palette_refuses_a_duplicate_name_and_an_unknown_uid() {
    let fake = FakePalette::start().await.unwrap();
    let client = fake.client().unwrap();

    let err = client
        .registries_helm_create()
        .body(helm("Bitnami"))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_conflict(), "{err:?}");
    client
        .registries_helm_create()
        .body(helm("charts"))
        .send()
        .await
        .expect("a new name is fine");

    let err = client
        .registries_pack_uid_sync()
        .uid("64f0000000000000000000ff")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    // A registry of another kind is not found through this kind's operations.
    let err = client
        .registries_helm_uid_sync_status()
        .uid(seed::PUBLIC_REPO_UID)
        .send()
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test]
async fn a_sync_is_awaited_through_its_states_on_the_fake_clock() {
    let fake = hourly_syncs(FakePalette::builder()).await;
    let registries = fake.client().unwrap().registries();
    let public = registries.get_by_name("Public Repo", None).await.unwrap();

    let mut seen = Vec::new();
    let done = registries
        .sync(&public, quick(), |s| {
            seen.push(s.status.clone().unwrap_or_default());
            fake.advance(HOUR / 2);
        })
        .await
        .unwrap();
    assert_eq!(done.status.as_deref(), Some("Completed"));
    assert_eq!(SyncPhase::of(&done), SyncPhase::Synced);
    assert_eq!(seen, ["InProgress", "InProgress", "Completed"]);
    let (run, synced) = (done.last_run_time.unwrap(), done.last_synced_time.unwrap());
    assert_eq!(
        *synced - *run,
        chrono::Duration::hours(1),
        "a sync takes the fake's hour"
    );

    // Every kind syncs through its own operations, ECR registries included.
    let fake = FakePalette::builder()
        .registry(FakeRegistry::ecr("ecr-packs"))
        .start()
        .await
        .unwrap();
    let registries = fake.client().unwrap().registries();
    for registry in registries.list_all().await.unwrap() {
        let every_poll = |_: &types::RegistrySyncStatus| fake.advance(Duration::from_secs(1));
        let done = registries
            .sync(&registry, quick(), every_poll)
            .await
            .unwrap();
        assert_eq!(done.status.as_deref(), Some("Completed"), "{registry:?}");
    }
}

#[tokio::test]
async fn a_failed_sync_and_one_that_never_ends_are_errors_naming_the_registry() {
    let fake = hourly_syncs(FakePalette::builder().registry(FakeRegistry::helm("will-fail"))).await;
    let registries = fake.client().unwrap().registries();
    let doomed = registries.get_by_name("will-fail", None).await.unwrap();

    let err = registries
        .sync(&doomed, quick(), |_| fake.advance(HOUR))
        .await
        .unwrap_err();
    let Error::Wait(wait) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(wait.failure, WaitFailure::Failed);
    assert_eq!(wait.last_state.as_deref(), Some("Failed"));
    assert!(matches!(&wait.awaited, Awaited::RegistrySync { name, .. } if name == "will-fail"));
    let status = registries.sync_status(&doomed).await.unwrap();
    assert!(
        status
            .message
            .is_some_and(|m| m.contains("could not reach"))
    );

    let public = registries.get_by_name("Public Repo", None).await.unwrap();
    let short = quick().timeout(Duration::from_millis(100));
    let err = registries.sync(&public, short, |_| {}).await.unwrap_err();
    let Error::Wait(wait) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        wait.failure,
        WaitFailure::TimedOut(Duration::from_millis(100))
    );
    assert_eq!(
        err.to_string(),
        format!(
            "sync of registry \"Public Repo\" ({}) did not end within 100ms (last state: InProgress)",
            seed::PUBLIC_REPO_UID
        )
    );
    // The sync started is still running: waiting for it without starting another ends it.
    fake.advance(HOUR);
    let done = registries
        .wait_until_synced(&public, quick(), |_| {})
        .await
        .unwrap();
    assert_eq!(done.status.as_deref(), Some("Completed"));
}

#[tokio::test]
async fn a_sync_waits_past_the_previous_result_until_its_own_shows() {
    let status = |state: &str, run: &str| {
        Reply::json(
            200,
            &json!({"isSyncSupported": true, "status": state, "lastRunTime": run}),
        )
    };
    let (before, after) = ("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z");
    let summary = json!({"items": [{
        "metadata": {"uid": "r1", "name": "charts"},
        "status": {"sync": {"isSyncSupported": true, "status": "Completed"}}
    }], "listmeta": {"continue": ""}});
    let server = Scripted::start(vec![
        Reply::json(200, &summary),
        status("Completed", before), // before the sync is asked for
        Reply::empty(202),
        status("Completed", before), // Palette has not started it yet
        status("Completed", after),  // it ran between two polls
    ])
    .await;
    let registries = common::client_for(server.url()).registries();
    let charts = registries
        .get_by_name("charts", Some(RegistryKind::Helm))
        .await
        .unwrap();

    let mut seen = 0;
    let done = registries
        .sync(&charts, quick(), |_| seen += 1)
        .await
        .unwrap();
    assert_eq!(seen, 2, "the stale status did not end the wait");
    assert_eq!(
        done.last_run_time.map(|t| t.to_rfc3339()),
        Some("2026-01-02T00:00:00+00:00".into())
    );
    let targets: Vec<String> = server
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.target))
        .collect();
    assert_eq!(
        targets[1..],
        [
            "GET /v1/registries/helm/r1/sync/status",
            "POST /v1/registries/helm/r1/sync",
            "GET /v1/registries/helm/r1/sync/status",
            "GET /v1/registries/helm/r1/sync/status",
        ]
    );
}

#[tokio::test]
async fn a_registry_that_does_not_sync_has_nothing_to_wait_for() {
    let server = Scripted::start(vec![
        Reply::json(
            200,
            &json!({"items": [{"metadata": {"uid": "o1", "name": "images"},
                                            "spec": {"registryType": "ecr"}}]}),
        ),
        Reply::json(200, &json!({"isSyncSupported": false, "status": ""})),
    ])
    .await;
    let registries = common::client_for(server.url()).registries();
    let images = registries
        .get_by_name("images", Some(RegistryKind::Oci))
        .await
        .unwrap();
    let done = registries
        .wait_until_synced(&images, quick(), |_| {})
        .await
        .unwrap();
    assert_eq!(SyncPhase::of(&done), SyncPhase::Unsupported);
    let last = server.requests().pop().unwrap();
    assert_eq!(last.target, "/v1/registries/oci/o1/ecr/sync/status");
}

// ---------------------------------------------------------------- packs

#[tokio::test]
async fn a_pack_by_name_is_its_newest_version_by_semver() {
    let fake = FakePalette::start().await.unwrap();
    let packs = common::in_project(&fake, "Default").await.packs();

    let k8s = packs.get_by_name("kubernetes", None).await.unwrap();
    assert_eq!(k8s.version, "1.32.2");
    assert_eq!(k8s.tag, "1.32.2");
    assert_eq!(k8s.uid, seeded_pack_uid("kubernetes", "1.32.2"));
    assert_eq!(k8s.registry_uid, seed::PUBLIC_REPO_UID);
    assert_eq!(k8s.registry_name.as_deref(), Some("Public Repo"));
    assert_eq!(k8s.layer, Some(PackLayer::K8s));
    assert_eq!(k8s.pack_type, Some(PackType::Spectro));

    let versions: Vec<String> = packs
        .versions("kubernetes")
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.version)
        .collect();
    assert_eq!(
        versions,
        ["1.30.9", "1.30.10", "1.31.4", "1.32.2"],
        "1.30.10 is newer than 1.30.9"
    );
    assert_eq!(
        packs.get_by_name("ubuntu-aws", None).await.unwrap().version,
        "24.04"
    );
    let nginx = packs.get_by_name("nginx", None).await.unwrap();
    assert_eq!(
        (nginx.version.as_str(), nginx.pack_type),
        ("18.3.1", Some(PackType::Helm))
    );
    assert_eq!(nginx.registry_name.as_deref(), Some("Bitnami"));

    let old = packs
        .get_by_name("kubernetes", Some("1.30.10"))
        .await
        .unwrap();
    assert_eq!(old.uid, seeded_pack_uid("kubernetes", "1.30.10"));

    assert!(
        packs
            .find_by_name("kubernetes", Some("1.99.0"))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        packs
            .find_by_name("kubernete", None)
            .await
            .unwrap()
            .is_none(),
        "names match whole"
    );
    let err = packs
        .get_by_name("kubernetes", Some("1.99.0"))
        .await
        .unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.to_string(), r#"no pack is named "kubernetes:1.99.0""#);
}

#[tokio::test]
async fn the_same_version_in_two_registries_is_ambiguous_unless_a_registry_is_named() {
    let fake = FakePalette::builder()
        .registry(FakeRegistry::pack("Mirror"))
        .pack("Mirror", FakePack::new("kubernetes", "1.32.2").layer("k8s"))
        .pack(
            "Public Repo",
            FakePack::new("kubernetes", "1.32.2-rc.1").layer("k8s"),
        )
        .start()
        .await
        .unwrap();
    let packs = fake.client().unwrap().packs();

    let err = packs.get_by_name("kubernetes", None).await.unwrap_err();
    let Error::AmbiguousName { kind, name, uids } = &err else {
        panic!("{err:?}")
    };
    assert_eq!((*kind, name.as_str()), ("pack", "kubernetes"));
    assert_eq!(uids.len(), 2);
    assert!(uids.contains(&seeded_pack_uid("kubernetes", "1.32.2").to_string()));
    let err = packs
        .find_by_name("kubernetes", Some("1.32.2"))
        .await
        .unwrap_err();
    assert!(err.is_ambiguous_name(), "{err:?}");

    // Only in one registry: no ambiguity.
    let older = packs
        .get_by_name("kubernetes", Some("1.31.4"))
        .await
        .unwrap();
    assert_eq!(older.registry_uid, seed::PUBLIC_REPO_UID);

    let public = packs
        .in_registry("Public Repo")
        .get_by_name("kubernetes", None)
        .await
        .unwrap();
    assert_eq!(
        public.uid,
        seeded_pack_uid("kubernetes", "1.32.2"),
        "a release is newer than a pre-release"
    );
    let mirror = packs
        .in_registry("Mirror")
        .get_by_name("kubernetes", None)
        .await
        .unwrap();
    assert_eq!(mirror.registry_name.as_deref(), Some("Mirror"));
    assert_ne!(mirror.uid, public.uid);
    let by_uid = packs
        .in_registry_uid(&mirror.registry_uid)
        .get_by_name("kubernetes", None)
        .await
        .unwrap();
    assert_eq!(by_uid, mirror);
    assert!(
        packs
            .in_registry("Mirror")
            .find_by_name("cni-calico", None)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        packs
            .in_registry("Nowhere")
            .find_by_name("kubernetes", None)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_pack_version_has_default_values_as_text() {
    let fake = FakePalette::builder()
        .pack(
            "Bitnami",
            FakePack::new("redis", "20.1.0").values("architecture: standalone\n"),
        )
        .start()
        .await
        .unwrap();
    let packs = fake.client().unwrap().packs();

    let k8s = packs
        .get_by_name("kubernetes", Some("1.31.4"))
        .await
        .unwrap();
    let values = packs.values(&k8s.uid).await.unwrap();
    assert!(values.starts_with("# kubernetes 1.31.4\n"), "{values}");
    assert!(values.contains("podCIDR"), "{values}");

    let redis = packs.get_by_name("redis", None).await.unwrap();
    assert_eq!(
        packs.values(&redis.uid).await.unwrap(),
        "architecture: standalone\n"
    );

    let pack = packs.get(&k8s.uid).await.unwrap();
    assert_eq!(pack.name.as_deref(), Some("kubernetes"));
    assert_eq!(
        pack.tags.map(|t| t.len()),
        Some(4),
        "every version in its registry"
    );

    let err = packs.values("64f0000000000000000000ff").await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test]
async fn a_pack_with_no_values_for_its_uid_is_an_error_naming_the_operation() {
    let server = Scripted::start(vec![Reply::json(
        200,
        &json!({"name": "kubernetes", "packValues": [{"packUid": "other", "values": "a: 1"}]}),
    )])
    .await;
    let packs = common::client_for(server.url()).packs();
    let err = packs.values("p1").await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert!(err.to_string().contains("packsUid"), "{err}");
}

#[cfg(feature = "clusterprofiles")]
#[tokio::test]
async fn a_profile_references_the_packs_found_by_name() {
    use palette_sdk::enums::ProfileType;
    use palette_sdk::ext::NewClusterProfile;

    let fake = FakePalette::start().await.unwrap();
    let project = common::in_project(&fake, "Default").await;
    let packs = project.packs().in_registry("Public Repo");
    let mut profile = NewClusterProfile::new("base-aws", "1.0.0")
        .cloud_type("aws")
        .profile_type(ProfileType::Infra);
    for name in ["ubuntu-aws", "kubernetes", "cni-calico", "csi-aws-ebs"] {
        let pack = packs.get_by_name(name, None).await.unwrap();
        let values = packs.values(&pack.uid).await.unwrap();
        profile = profile.pack(types::PackManifestEntity {
            values: Some(values),
            ..pack.profile_pack()
        });
    }
    let uid = project.cluster_profiles().create(profile).await.unwrap();

    let created = project.cluster_profiles().get(&uid).await.unwrap();
    let template = created.spec.unwrap().draft.unwrap();
    let refs: Vec<(String, String, String, String)> = template
        .packs
        .unwrap()
        .into_iter()
        .map(|p| {
            (
                p.name.unwrap(),
                p.tag.unwrap(),
                p.pack_uid.unwrap(),
                p.registry_uid.unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, String, String, String)> = [
        ("ubuntu-aws", "24.04"),
        ("kubernetes", "1.32.2"),
        ("cni-calico", "3.29.1"),
        ("csi-aws-ebs", "1.38.1"),
    ]
    .into_iter()
    .map(|(name, version)| {
        (
            name.to_string(),
            version.to_string(),
            seeded_pack_uid(name, version).to_string(),
            seed::PUBLIC_REPO_UID.to_string(),
        )
    })
    .collect();
    assert_eq!(refs, expected);
}
