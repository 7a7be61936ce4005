//! Lookups by name against the fake Palette: SSH keys of a scope, cluster groups, and private cloud gateways, each none, one, or several (an ambiguity naming their uids).
#![cfg(all(
    feature = "testing",
    feature = "users",
    feature = "clustergroups",
    feature = "overlords"
))]

mod common;

use common::in_project;
use palette_sdk::prelude::*;
use palette_sdk::testing::{FakePalette, seed};
use palette_sdk::{Error, NameKind};

const KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOps ops@example.com";

#[tokio::test]
async fn an_ssh_key_is_saved_in_its_project_found_by_name_and_deleted() {
    let fake = FakePalette::start().await.unwrap();
    let project = in_project(&fake, "Default").await;
    let keys = project.ssh_keys();
    let ops = keys.create("ops", KEY).await.unwrap();
    keys.create("ci", "ssh-ed25519 AAAAC3Nz ci").await.unwrap();

    let found = keys.get_by_name("ops").await.unwrap();
    assert_eq!(found.uid(), Some(ops.as_str()));
    assert_eq!(found.spec.unwrap().public_key.as_deref(), Some(KEY));
    assert!(
        keys.find_by_name("OPS").await.unwrap().is_none(),
        "names match exactly"
    );

    let staging = in_project(&fake, "Staging").await.ssh_keys();
    assert!(
        staging.find_by_name("ops").await.unwrap().is_none(),
        "another project's key"
    );
    let again = keys.create("ops", KEY).await.unwrap_err();
    assert!(
        again.is_conflict(),
        "a name is unique in its scope: {again}"
    );
    staging.create("ops", KEY).await.unwrap();

    keys.delete(&ops).await.unwrap();
    let gone = keys.get_by_name("ops").await.unwrap_err();
    assert!(
        matches!(&gone, Error::NameNotFound { kind, name } if *kind == NameKind::SSH_KEY && name == "ops"),
        "{gone:?}"
    );
    assert_eq!(keys.list().await.unwrap().len(), 1, "ci is left");
}

#[tokio::test]
async fn the_system_cluster_group_is_found_by_name_from_a_project() {
    let fake = FakePalette::start().await.unwrap();
    let groups = in_project(&fake, "Default").await.cluster_groups();
    let (uid, name) = seed::CLUSTER_GROUP;
    let group = groups.get_by_name(name).await.unwrap();
    assert_eq!((group.uid(), group.name()), (Some(uid), Some(name)));
    let listed = groups.list().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].scope.as_deref(), Some("system"));
    let missing = groups.get_by_name("hive").await.unwrap_err();
    assert!(
        matches!(&missing, Error::NameNotFound { kind, .. } if *kind == NameKind::CLUSTER_GROUP),
        "{missing:?}"
    );
}

#[tokio::test]
async fn a_gateway_name_is_matched_exactly_though_palette_filters_by_part_of_it() {
    let fake = FakePalette::builder()
        .private_cloud_gateway("dc1-pcg")
        .private_cloud_gateway("dc1-pcg-2")
        .start()
        .await
        .unwrap();
    let gateways = fake.client().unwrap().private_cloud_gateways();
    let all = gateways.list().await.unwrap();
    assert_eq!(all.len(), 2);
    let first = gateways.get_by_name("dc1-pcg").await.unwrap();
    assert_eq!(first.name(), Some("dc1-pcg"));
    let read = gateways.get(first.uid().unwrap()).await.unwrap();
    assert_eq!(read.name(), Some("dc1-pcg"));
    assert!(gateways.find_by_name("dc1").await.unwrap().is_none());
}

#[tokio::test]
async fn two_gateways_of_one_name_are_an_ambiguity_naming_both() {
    let fake = FakePalette::builder()
        .private_cloud_gateway("edge-dc")
        .private_cloud_gateway("edge-dc")
        .start()
        .await
        .unwrap();
    let gateways = fake.client().unwrap().private_cloud_gateways();
    let uids: Vec<String> = gateways
        .list()
        .await
        .unwrap()
        .iter()
        .map(|g| g.uid().unwrap().to_string())
        .collect();
    let error = gateways.find_by_name("edge-dc").await.unwrap_err();
    match error {
        Error::AmbiguousName {
            kind,
            name,
            uids: named,
        } => {
            assert_eq!(
                (kind, name.as_str()),
                (NameKind::PRIVATE_CLOUD_GATEWAY, "edge-dc")
            );
            assert_eq!(named, uids);
        }
        other => panic!("expected an ambiguity, got {other:?}"),
    }
}
