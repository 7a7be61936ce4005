//! Palette is a Go server: nulls, zero times, new fields and new enum values must all decode.

mod common;

use common::{REPLY_FIXTURES, fixture, fixture_as};
use palette_sdk::enums::{ClusterRoleKind, RbacSubjectType, RelatedObjectKind};
use palette_sdk::operation::{self, Operation};
use palette_sdk::types;
use serde_json::Value;

fn op(id: &str) -> &'static Operation {
    operation::find(id).unwrap_or_else(|| panic!("no operation {id}"))
}

/// Every JSON pointer below the root, with the value there.
fn pointers(value: &Value) -> Vec<(String, Value)> {
    fn walk(value: &Value, at: String, out: &mut Vec<(String, Value)>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                    out.push((here.clone(), v.clone()));
                    walk(v, here, out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    let here = format!("{at}/{i}");
                    out.push((here.clone(), v.clone()));
                    walk(v, here, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, String::new(), &mut out);
    out
}

#[test]
fn every_operation_with_a_reply_body_has_a_fixture_that_decodes() {
    for op in operation::all().iter().filter(|op| op.reply_body) {
        let (_, name) = REPLY_FIXTURES
            .iter()
            .find(|(id, _)| *id == op.id)
            .unwrap_or_else(|| panic!("{op} has no fixture in tests/common"));
        let body = serde_json::to_vec(&fixture(name)).unwrap();
        op.check_reply(&body)
            .unwrap_or_else(|e| panic!("{name}.json: {e}"));
    }
}

#[test]
fn null_decodes_for_every_array_map_and_object_at_any_depth() {
    let mut checked = 0;
    for (id, name) in REPLY_FIXTURES {
        let original = fixture(name);
        for (pointer, value) in pointers(&original) {
            // Fields only: an element of a list is not optional.
            let is_field = !pointer
                .rsplit('/')
                .next()
                .unwrap()
                .chars()
                .all(|c| c.is_ascii_digit());
            if !(value.is_array() || value.is_object()) || !is_field {
                continue;
            }
            let mut nulled = original.clone();
            *nulled.pointer_mut(&pointer).unwrap() = Value::Null;
            let body = serde_json::to_vec(&nulled).unwrap();
            op(id)
                .check_reply(&body)
                .unwrap_or_else(|e| panic!("{name}.json with null at {pointer}: {e}"));
            checked += 1;
        }
    }
    assert!(checked > 80, "only {checked} places were nulled");
}

#[test]
fn null_decodes_for_every_optional_scalar_too() {
    // The only required field among the replies is Uid.uid.
    for (id, name) in REPLY_FIXTURES.iter().filter(|(_, name)| *name != "uid") {
        let original = fixture(name);
        for (pointer, value) in pointers(&original) {
            let is_field = !pointer
                .rsplit('/')
                .next()
                .unwrap()
                .chars()
                .all(|c| c.is_ascii_digit());
            if value.is_array()
                || value.is_object()
                || !is_field
                || pointer.contains("/labels/")
                || pointer.contains("/annotations/")
            {
                continue;
            }
            let mut nulled = original.clone();
            *nulled.pointer_mut(&pointer).unwrap() = Value::Null;
            let body = serde_json::to_vec(&nulled).unwrap();
            op(id)
                .check_reply(&body)
                .unwrap_or_else(|e| panic!("{name}.json with null at {pointer}: {e}"));
        }
    }
}

#[test]
fn a_whole_list_reply_may_be_null() {
    for (id, name) in REPLY_FIXTURES {
        if fixture(name).is_array() {
            op(id)
                .check_reply(b"null")
                .unwrap_or_else(|e| panic!("{id} replying null: {e}"));
        }
    }
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
fn unknown_fields_are_ignored_at_every_depth() {
    /// String maps (labels, annotations) take any key already; objects with fields get a new one.
    const MAPS: &[&str] = &["annotations", "labels", "details"];
    fn add_fields(value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (key, v) in map.iter_mut() {
                    if !MAPS.contains(&key.as_str()) {
                        add_fields(v);
                    }
                }
                map.insert(
                    "addedInPalette9".into(),
                    serde_json::json!({"nested": [1, "two", null]}),
                );
            }
            Value::Array(items) => items.iter_mut().for_each(add_fields),
            _ => {}
        }
    }
    for (id, name) in REPLY_FIXTURES {
        let mut value = fixture(name);
        add_fields(&mut value);
        let body = serde_json::to_vec(&value).unwrap();
        op(id)
            .check_reply(&body)
            .unwrap_or_else(|e| panic!("{name}.json with extra fields: {e}"));
    }
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
        Some(ClusterRoleKind::Unknown("AggregatedRole".into()))
    );
    let subjects = binding.subjects.as_ref().unwrap();
    assert_eq!(subjects[0].type_, Some(RbacSubjectType::Group));
    assert_eq!(subjects[1].type_, Some(RbacSubjectType::ServiceAccount));
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
fn a_mismatch_names_the_json_path() {
    let mut value = fixture("workspace");
    *value.pointer_mut("/spec/clusterRefs/1/clusterUid").unwrap() = 42.into();
    let body = serde_json::to_vec(&value).unwrap();
    let err = op("workspacesUidGet").check_reply(&body).unwrap_err();
    assert_eq!(err.path, "spec.clusterRefs[1].clusterUid");
}
