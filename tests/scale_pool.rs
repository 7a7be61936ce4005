//! Scaling a machine pool writes back everything Palette listed for the pool, field by field as the document names them, with only the size changed.
#![cfg(feature = "spectroclusters")]

mod common;

use std::collections::BTreeSet;

use common::scripted::{Recorded, Reply, Scripted};
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------- the document

/// The document under `openapi/`: every schema and operation of every file, merged.
struct Document {
    schemas: Map<String, Value>,
    operations: Map<String, Value>,
}

impl Document {
    fn load() -> Document {
        let root = format!("{}/openapi", env!("CARGO_MANIFEST_DIR"));
        let mut files = vec![
            format!("{root}/palette.yaml"),
            format!("{root}/shared.yaml"),
        ];
        let mut categories: Vec<String> = std::fs::read_dir(format!("{root}/categories"))
            .unwrap()
            .map(|e| e.unwrap().path().display().to_string())
            .filter(|p| p.ends_with(".yaml"))
            .collect();
        categories.sort();
        files.extend(categories);
        let (mut schemas, mut operations) = (Map::new(), Map::new());
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
            let doc: Value =
                serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
            if let Some(found) = doc["components"]["schemas"].as_object() {
                schemas.extend(found.clone());
            }
            for item in doc["paths"]
                .as_object()
                .into_iter()
                .flat_map(|p| p.values())
            {
                for op in item.as_object().into_iter().flat_map(|i| i.values()) {
                    if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                        operations.insert(id.to_string(), op.clone());
                    }
                }
            }
        }
        Document {
            schemas,
            operations,
        }
    }

    /// The schema itself, following a `$ref`.
    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.trim_start_matches("#/components/schemas/");
                let found = self
                    .schemas
                    .get(name)
                    .unwrap_or_else(|| panic!("no schema {r}"));
                self.resolve(found)
            }
            None => schema,
        }
    }

    /// The properties of an object schema, by name.
    fn properties<'a>(&'a self, schema: &'a Value) -> &'a Map<String, Value> {
        self.resolve(schema)["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("not an object schema: {schema}"))
    }

    /// The schema of a property of an object schema.
    fn property<'a>(&'a self, schema: &'a Value, name: &str) -> &'a Value {
        self.properties(schema)
            .get(name)
            .unwrap_or_else(|| panic!("no property {name} in {schema}"))
    }

    fn operation(&self, id: &str) -> &Value {
        self.operations
            .get(id)
            .unwrap_or_else(|| panic!("no operation {id}"))
    }

    /// The schema of a pool as the cloud config read by `get_operation` lists it:
    /// `spec.machinePoolConfig[]`.
    fn listed_pool(&self, get_operation: &str) -> &Value {
        let config = &self.operation(get_operation)["responses"]["200"]["content"]["application/json"]
            ["schema"];
        let spec = self.property(config, "spec");
        let pools = self.resolve(self.property(spec, "machinePoolConfig"));
        self.resolve(&pools["items"])
    }

    /// The request body schema of `operation`.
    fn body(&self, operation: &str) -> &Value {
        self.resolve(
            &self.operation(operation)["requestBody"]["content"]["application/json"]["schema"],
        )
    }

    /// A value of `schema` with every field set, down to the last nested one, each to a value
    /// of its own: strings and map entries name their path, integers count up from 101,
    /// booleans are `true` (never the default), enums take their last value, times differ by
    /// their seconds, maps have two entries and lists one item.
    fn full_value(&self, schema: &Value, path: &str, counter: &mut i64) -> Value {
        let schema = self.resolve(schema);
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return values.last().cloned().expect("an enum has values");
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("string") if schema.get("format").and_then(Value::as_str) == Some("date-time") => {
                *counter += 1;
                json!(format!("2024-05-06T07:08:{:02}Z", *counter % 60))
            }
            Some("string") => json!(format!("{path}-value")),
            Some("integer") | Some("number") => {
                *counter += 1;
                json!(100 + *counter)
            }
            Some("boolean") => json!(true),
            Some("array") => {
                json!([self.full_value(&schema["items"], &format!("{path}.0"), counter)])
            }
            _ if schema.get("properties").is_some() => {
                let mut object = Map::new();
                for (name, property) in self.properties(schema) {
                    let value = self.full_value(property, &format!("{path}.{name}"), counter);
                    object.insert(name.clone(), value);
                }
                Value::Object(object)
            }
            _ if schema.get("additionalProperties").is_some() => {
                let mut map = Map::new();
                for n in 1..=2 {
                    let value = self.full_value(
                        &schema["additionalProperties"],
                        &format!("{path}.{n}"),
                        counter,
                    );
                    map.insert(format!("{path}-key-{n}"), value);
                }
                Value::Object(map)
            }
            _ => panic!("{path}: a schema this test cannot fill in: {schema}"),
        }
    }
}

// ---------------------------------------------------------------- what Palette lists and what goes back

/// One cloud scale_pool supports: its operations and the fields that do not go across.
struct Cloud {
    cloud_type: &'static str,
    get: &'static str,
    update: &'static str,
    /// Fields of the listed pool that have no place in the update entity.
    listed_only: &'static [&'static str],
    /// Fields of the entity (`part.field`) that nothing in the listed pool fills in.
    entity_only: &'static [&'static str],
}

/// The entity's field that takes a listed field of another name: the listed pool has
/// `subnetIds` (a map from availability zone to subnet id), the entity `cloudConfig.subnets`
/// (a list of `{az, id}`).
const RENAMED: &[(&str, &str)] = &[("subnets", "subnetIds")];

const AWS: Cloud = Cloud {
    cloud_type: "aws",
    get: "cloudConfigsAwsGet",
    update: "cloudConfigsAwsMachinePoolUpdate",
    // `instanceConfig` (the CPUs, memory and disk of the instance type) is Palette's own
    // reading of `instanceType`: the entity has no place for it.
    listed_only: &["instanceConfig"],
    entity_only: &[],
};

const EKS: Cloud = Cloud {
    cloud_type: "eks",
    get: "cloudConfigsEksGet",
    update: "cloudConfigsEksMachinePoolUpdate",
    listed_only: &["instanceConfig"],
    // An EKS pool as listed has no `skipK8sUpgrade`, which the shared `poolConfig` has: it
    // cannot be kept, so it must not be sent.
    entity_only: &["poolConfig.skipK8sUpgrade"],
};

/// The size the tests scale to: no generated value has it.
const NEW_SIZE: i64 = 7;

/// Serves a cluster of `cloud` whose cloud config lists a fully populated pool `workers`
/// (beside another pool), scales `workers`, and returns the pool as listed and the request
/// that wrote it back.
async fn scale_a_full_pool(doc: &Document, cloud: &Cloud) -> (Map<String, Value>, Recorded) {
    let mut counter = 0;
    let mut pool = doc.full_value(doc.listed_pool(cloud.get), "pool", &mut counter);
    pool["name"] = json!("workers");
    let other = json!({"name": "cp", "size": 1, "isControlPlane": true});
    let cluster = json!({
        "metadata": {"uid": "c1", "name": "payments"},
        "spec": {"cloudType": cloud.cloud_type, "cloudConfigRef": {"kind": cloud.cloud_type, "uid": "cfg1"}},
    });
    let config = json!({
        "metadata": {"uid": "cfg1"},
        "spec": {"machinePoolConfig": [other, pool.clone()]},
    });
    let server = Scripted::start(vec![
        Reply::json(200, &cluster),
        Reply::json(200, &config),
        Reply::empty(204),
    ])
    .await;
    let client = common::client_for(server.url());
    client
        .clusters()
        .scale_pool("c1", "workers", NEW_SIZE as i32)
        .await
        .unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 3, "{requests:?}");
    let update = requests[2].clone();
    assert_eq!(update.method, "PUT");
    assert_eq!(
        update.target,
        format!(
            "/v1/cloudconfigs/{}/cfg1/machinePools/workers",
            cloud.cloud_type
        )
    );
    (pool.as_object().unwrap().clone(), update)
}

/// The listed field an entity field takes its value from, if any.
fn source_of<'a>(field: &'a str, listed: &Map<String, Value>) -> Option<&'a str> {
    let renamed = RENAMED
        .iter()
        .find(|(to, _)| *to == field)
        .map(|(_, from)| *from);
    match renamed {
        Some(from) => Some(from),
        None => listed.contains_key(field).then_some(field),
    }
}

/// What the entity's field must hold, given the listed field it comes from.
fn expected(field: &str, listed_value: &Value) -> Value {
    match field {
        "size" => json!(NEW_SIZE),
        "subnets" => {
            let by_zone = listed_value.as_object().expect("subnetIds is a map");
            Value::Array(
                by_zone
                    .iter()
                    .map(|(az, id)| json!({"az": az, "id": id}))
                    .collect(),
            )
        }
        _ => listed_value.clone(),
    }
}

/// Subnets in any order: Palette reads them as a set.
fn by_zone(subnets: &Value) -> Vec<String> {
    let mut all: Vec<String> = subnets
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| s.to_string())
        .collect();
    all.sort();
    all
}

async fn every_listed_field_is_written_back(cloud: &Cloud) {
    let doc = Document::load();
    let (listed, update) = scale_a_full_pool(&doc, cloud).await;
    let sent: Value = serde_json::from_slice(&update.body).expect("a JSON body");
    let entity = doc.body(cloud.update);

    // The pool as listed is full, as the document has it: every field, each set.
    let listed_schema = doc.listed_pool(cloud.get);
    for name in doc.properties(listed_schema).keys() {
        let value = listed.get(name);
        assert!(
            value.is_some_and(|v| !v.is_null()),
            "{}: {name} is not set",
            cloud.cloud_type
        );
    }

    let parts: BTreeSet<&String> = doc.properties(entity).keys().collect();
    let sent_parts: BTreeSet<&String> = sent.as_object().unwrap().keys().collect();
    assert_eq!(
        sent_parts, parts,
        "{}: the entity's parts",
        cloud.cloud_type
    );

    let mut used = BTreeSet::new();
    let mut without_source = Vec::new();
    for part in &parts {
        let part_schema = doc.property(entity, part);
        let sent_part = sent[part.as_str()]
            .as_object()
            .expect("each part is an object");
        for key in sent_part.keys() {
            assert!(
                doc.properties(part_schema).contains_key(key),
                "{}: {part}.{key} is not a field of the entity",
                cloud.cloud_type
            );
        }
        for field in doc.properties(part_schema).keys() {
            let at = format!("{}: {part}.{field}", cloud.cloud_type);
            match source_of(field, &listed) {
                Some(from) => {
                    used.insert(from.to_string());
                    let want = expected(field, &listed[from]);
                    let got = sent_part
                        .get(field)
                        .unwrap_or_else(|| panic!("{at} was not sent (the pool had {from})"));
                    if field == "subnets" {
                        assert_eq!(by_zone(got), by_zone(&want), "{at}");
                        assert_eq!(by_zone(got).len(), 2, "{at}: both zones");
                    } else {
                        assert_eq!(got, &want, "{at} (from {from})");
                    }
                }
                None => {
                    without_source.push(format!("{part}.{field}"));
                    assert!(!sent_part.contains_key(field), "{at} was sent from nothing");
                }
            }
        }
    }
    assert_eq!(
        without_source, cloud.entity_only,
        "{}: fields of the entity nothing listed fills in",
        cloud.cloud_type
    );
    let unused: Vec<&String> = listed.keys().filter(|k| !used.contains(*k)).collect();
    assert_eq!(
        unused, cloud.listed_only,
        "{}: fields of the listed pool with no place in the entity",
        cloud.cloud_type
    );
}

#[tokio::test]
async fn scaling_an_aws_pool_writes_back_every_field_it_had_with_the_new_size() {
    every_listed_field_is_written_back(&AWS).await;
}

#[tokio::test]
async fn scaling_an_eks_pool_writes_back_every_field_it_had_with_the_new_size() {
    every_listed_field_is_written_back(&EKS).await;
}

#[tokio::test]
async fn a_pool_without_subnets_is_written_back_without_them() {
    // Go writes an unset map as null: nothing to send, and nothing made up.
    let cluster = json!({"spec": {"cloudType": "aws", "cloudConfigRef": {"uid": "cfg1"}}});
    let config = json!({"spec": {"machinePoolConfig": [
        {"name": "workers", "size": 2, "instanceType": "m5.large", "subnetIds": null, "labels": ["worker"]}
    ]}});
    let server = Scripted::start(vec![
        Reply::json(200, &cluster),
        Reply::json(200, &config),
        Reply::empty(204),
    ])
    .await;
    let client = common::client_for(server.url());
    client
        .clusters()
        .scale_pool("c1", "workers", 3)
        .await
        .unwrap();
    let sent: Value = serde_json::from_slice(&server.requests()[2].body).unwrap();
    assert_eq!(
        sent,
        json!({
            "cloudConfig": {"instanceType": "m5.large"},
            "poolConfig": {"name": "workers", "size": 3, "labels": ["worker"]}
        })
    );
}
