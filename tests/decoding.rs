//! Palette is a Go server: zero times, new enum values and any error `details` must decode.
//!
//! Every reply of every operation is also decoded with nulls, zero times, unknown fields and
//! missing fields by the generated cases of `tests/contract.rs`; these are the specifics.

mod common;

use common::{fixture, fixture_as};
use palette_sdk::enums::{ClusterRbacSubjectsType, ClusterRoleRefKind, RelatedObjectKind};
use palette_sdk::operation::{self, Operation};
use palette_sdk::types;
use serde_json::Value;

fn op(id: &str) -> &'static Operation {
    operation::find(id).unwrap_or_else(|| panic!("no operation {id}"))
}

#[test]
fn go_zero_times_decode() {
    let ws: types::Workspace = fixture_as("workspace");
    let meta = ws.metadata.unwrap();
    let zero = meta
        .deletion_timestamp
        .expect("the fixture has a zero deletion time");
    assert_eq!(zero.to_rfc3339(), "0001-01-01T00:00:00+00:00");
    assert!(meta.creation_timestamp.is_some());
}

#[test]
fn new_enum_values_decode_and_known_ones_keep_their_variants() {
    let mut value = fixture("workspace");
    let rbac = "/spec/clusterRbacs/0/spec";
    *value
        .pointer_mut(&format!("{rbac}/relatedObject/kind"))
        .unwrap() = "virtualcluster".into();
    *value
        .pointer_mut(&format!("{rbac}/bindings/0/role/kind"))
        .unwrap() = "AggregatedRole".into();
    let ws: types::Workspace = serde_json::from_value(value).unwrap();
    let spec = ws
        .spec
        .unwrap()
        .cluster_rbacs
        .unwrap()
        .remove(0)
        .spec
        .unwrap();
    assert_eq!(
        spec.related_object.unwrap().kind,
        Some(RelatedObjectKind::Unknown("virtualcluster".into()))
    );
    let binding = &spec.bindings.unwrap()[0];
    assert_eq!(
        binding.role.as_ref().unwrap().kind,
        Some(ClusterRoleRefKind::Unknown("AggregatedRole".into()))
    );
    let subjects = binding.subjects.as_ref().unwrap();
    assert_eq!(subjects[0].type_, Some(ClusterRbacSubjectsType::Group));
    assert_eq!(
        subjects[1].type_,
        Some(ClusterRbacSubjectsType::ServiceAccount)
    );
}

#[test]
fn an_unknown_enum_value_is_sent_back_unchanged() {
    let mut value = fixture("workspace");
    *value
        .pointer_mut("/spec/clusterRbacs/0/spec/relatedObject/kind")
        .unwrap() = "virtualcluster".into();
    let ws: types::Workspace = serde_json::from_value(value.clone()).unwrap();
    let again = serde_json::to_value(&ws).unwrap();
    assert_eq!(
        again.pointer("/spec/clusterRbacs/0/spec/relatedObject/kind"),
        Some(&Value::from("virtualcluster"))
    );
}

#[test]
fn palette_error_bodies_decode_with_every_field_optional() {
    let full: types::ApiError = serde_json::from_str(
        r#"{"code":"WorkspaceNotFound","message":"Workspace 'x' not found","ref":"req-77","details":{"uid":"x"}}"#,
    )
    .unwrap();
    assert_eq!(full.code.as_deref(), Some("WorkspaceNotFound"));
    assert_eq!(full.ref_.as_deref(), Some("req-77"));
    assert_eq!(full.details.unwrap()["uid"], "x");

    for details in [
        r#""a reason""#,
        r#"["one", 2]"#,
        r#"{"uid": "x"}"#,
        "null",
        "7",
    ] {
        let body = format!(r#"{{"code":"Invalid","message":"no","details":{details}}}"#);
        let e: types::ApiError =
            serde_json::from_str(&body).unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(e.code.as_deref(), Some("Invalid"), "{body}");
        assert_eq!(e.message.as_deref(), Some("no"), "{body}");
    }

    for partial in [
        "{}",
        r#"{"code":"Unauthorized"}"#,
        r#"{"message":"boom"}"#,
        r#"{"code":null,"message":null,"ref":null,"details":null}"#,
        r#"{"code":"X","details":{},"extra":[1,2]}"#,
    ] {
        let e: Result<types::ApiError, _> = serde_json::from_str(partial);
        assert!(e.is_ok(), "{partial}: {e:?}");
    }
}

#[test]
fn a_list_reply_without_items_decodes_like_null() {
    for body in [r#"{}"#, r#"{"items": null}"#, r#"{"items": []}"#] {
        let list: types::ProjectsMetadata =
            serde_json::from_str(body).unwrap_or_else(|e| panic!("{body}: {e}"));
        assert!(list.items.unwrap_or_default().is_empty(), "{body}");
        op("projectsMetadata")
            .decode_reply::<types::ProjectsMetadata>(body.as_bytes())
            .unwrap();
    }
}

#[test]
fn a_mismatch_names_the_json_path() {
    let mut value = fixture("workspace");
    *value.pointer_mut("/spec/clusterRefs/1/clusterUid").unwrap() = 42.into();
    let body = serde_json::to_vec(&value).unwrap();
    let err = op("workspacesUidGet")
        .decode_reply::<types::Workspace>(&body)
        .unwrap_err();
    assert_eq!(err.path, "spec.clusterRefs[1].clusterUid");
}

/// Every type with Palette's `metadata` reads its uid and name through `Resource`, whether
/// its metadata is optional (what Palette sends) or required (a create's body).
#[test]
fn objects_with_metadata_give_their_uid_and_name() {
    use palette_sdk::Resource;
    let ws: types::Workspace = fixture_as("workspace");
    let meta = ws.metadata.clone().unwrap();
    assert_eq!(ws.uid(), meta.uid.as_deref());
    assert_eq!(ws.name(), meta.name.as_deref());
    assert!(ws.name().is_some());
    let bare = types::Workspace::default();
    assert_eq!((bare.uid(), bare.name()), (None, None));
    let cluster: types::SpectroCluster = serde_json::from_value(serde_json::json!({
        "metadata": {"uid": "c-1", "name": "prod-east"}
    }))
    .unwrap();
    assert_eq!(
        (cluster.uid(), cluster.name()),
        (Some("c-1"), Some("prod-east"))
    );
}
