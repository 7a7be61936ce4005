//! Machine pool bodies as JSON: a pool as a cloud config lists it turned into the entity its cloud's pool operations take.
//!
//! Every cloud lists a pool as one flat object (`AwsMachinePoolConfig`,
//! `AzureMachinePoolConfig`, ...) and takes it back split in two: `cloudConfig` (instance type,
//! zones, disks: what the cloud provides) and `poolConfig` (name, size, labels, taints,
//! autoscaling bounds: what Kubernetes sees), as `AwsMachinePoolConfigEntity` and its
//! siblings. Each field goes across by its name to the half whose schema has it: both halves
//! get every field, and decoding into the cloud's generated entity keeps only the ones each
//! half declares.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::Error;
use crate::document::operation::Operation;
use crate::error::RequestError;
use crate::ext::lookup::NameKind;

/// The pool named `name` among `pools` (read as a cloud config lists them). Palette addresses
/// a pool by its name (`.../machinePools/{machinePoolName}`), so a cloud config has at most
/// one of a name.
pub(crate) fn listed_pool(pools: &[Value], name: &str) -> Result<Map<String, Value>, Error> {
    pools
        .iter()
        .filter_map(Value::as_object)
        .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
        .cloned()
        .ok_or_else(|| Error::NameNotFound {
            kind: NameKind::MACHINE_POOL,
            name: name.to_string(),
        })
}

/// The entity that writes `pool` (as listed, perhaps changed) back. Beyond the split by name:
/// - `subnetIds` (a map from availability zone to subnet id, on AWS and EKS) is the entity's
///   `cloudConfig.subnets` (a list of `{az, id}`);
/// - `hosts` (an edge-native pool's hosts as listed) is the entity's `cloudConfig.edgeHosts`;
///   each host's fields go across by name as well (a host's address and CA are Palette's to
///   know, and are dropped);
/// - `instanceConfig` (the CPUs, memory and disk Palette works out from the instance type)
///   has no place in the entity and is not sent.
pub(crate) fn entity_of_listed(mut pool: Map<String, Value>) -> Value {
    if let Some(hosts) = pool.remove("hosts") {
        pool.entry("edgeHosts").or_insert(hosts);
    }
    if let Some(ids) = pool.remove("subnetIds") {
        let subnets: Vec<Value> = ids
            .as_object()
            .into_iter()
            .flatten()
            .map(|(az, id)| serde_json::json!({ "az": az, "id": id }))
            .collect();
        pool.insert("subnets".into(), Value::from(subnets));
    }
    pool.remove("instanceConfig");
    serde_json::json!({ "cloudConfig": pool.clone(), "poolConfig": pool })
}

/// `body` as the generated entity `operation` takes; a body that does not fit (a field of the
/// wrong shape for this cloud, such as a vSphere instance type given as a name) is an error
/// naming the operation, and nothing is sent.
pub(crate) fn typed<E: DeserializeOwned>(
    operation: &'static Operation,
    body: Value,
) -> Result<E, Error> {
    serde_json::from_value(body).map_err(|e| {
        Error::Request(Box::new(RequestError {
            operation,
            message: format!("the machine pool does not fit this cloud's pool entity: {e}"),
        }))
    })
}

/// [`typed`], then a check that every field in `asked` (what the caller set, by its name in
/// either half) is still in the entity: a field the cloud's entity has no place for would be
/// dropped without a word, so it is an error naming the operation and the field instead.
#[cfg(feature = "cloudconfigs")]
pub(crate) fn typed_keeping<E: DeserializeOwned + serde::Serialize>(
    operation: &'static Operation,
    body: Value,
    asked: &[String],
) -> Result<E, Error> {
    let entity: E = typed(operation, body)?;
    let sent = serde_json::to_value(&entity).unwrap_or(Value::Null);
    let has = |key: &str| {
        ["/poolConfig", "/cloudConfig"].iter().any(|half| {
            sent.pointer(&format!("{half}/{key}"))
                .is_some_and(|v| !v.is_null())
        })
    };
    match asked.iter().find(|key| !has(key)) {
        None => Ok(entity),
        Some(key) => Err(Error::Request(Box::new(RequestError {
            operation,
            message: format!(
                "this cloud's machine pool entity has no `{key}`: Palette would not see it"
            ),
        }))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn subnets_listed_by_zone_go_back_as_a_list_and_the_worked_out_instance_is_dropped() {
        let listed = json!({
            "name": "workers", "size": 2, "instanceType": "m5.large",
            "subnetIds": {"us-east-1a": "subnet-1"},
            "instanceConfig": {"cpuSet": 2, "memoryMiB": 8192},
        });
        let entity = entity_of_listed(listed.as_object().cloned().unwrap());
        assert_eq!(
            entity["cloudConfig"]["subnets"],
            json!([{"az": "us-east-1a", "id": "subnet-1"}])
        );
        assert!(entity["cloudConfig"].get("subnetIds").is_none());
        assert!(entity["poolConfig"].get("instanceConfig").is_none());
        assert_eq!(entity["poolConfig"]["size"], json!(2));
    }

    #[test]
    fn an_edge_pools_listed_hosts_go_back_as_its_edge_hosts() {
        let listed = json!({
            "name": "workers", "size": 1,
            "hosts": [{"hostUid": "edge-1", "hostAddress": "10.0.0.5", "hostName": "rack-1"}],
        });
        let entity = entity_of_listed(listed.as_object().cloned().unwrap());
        assert_eq!(
            entity["cloudConfig"]["edgeHosts"][0]["hostUid"],
            json!("edge-1")
        );
        assert!(entity["cloudConfig"].get("hosts").is_none());
    }

    #[test]
    fn a_missing_pool_is_named_in_the_error() {
        let pools = vec![json!({"name": "workers"})];
        match listed_pool(&pools, "gpu") {
            Err(Error::NameNotFound { kind, name }) => {
                assert_eq!((kind, name.as_str()), (NameKind::MACHINE_POOL, "gpu"));
            }
            other => panic!("{other:?}"),
        }
    }
}
