//! Machine pools of a cluster on any cloud that has them: list with their nodes, add, update, scale, remove.

use std::collections::BTreeMap;

use futures_util::TryStreamExt;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::client::generated::{ClientCloudconfigsExt, ClientSpectroclustersExt};
use crate::enums::TaintEffect;
use crate::ext::lookup::NameKind;
use crate::ext::new_cluster::{MachinePool, PoolDisk};
use crate::ext::pool_entity::{entity_of_listed, listed_pool, typed_keeping};
use crate::send::call::{Call, operation_of};
use crate::send::pagination::Paged;
use crate::{Client, Error, types};

/// The machine pools of one cluster. Get one with
/// [`Clusters::machine_pools`](crate::ext::Clusters::machine_pools); it owns a cheap clone of
/// the client.
///
/// The same calls work on every cloud Palette has pool operations for: AWS, EKS, Azure, AKS,
/// GCP, GKE, vSphere, MAAS, Apache CloudStack, edge-native, generic (imported), virtual
/// clusters, and custom cloud types. Each call reads the cluster's `spec.cloudType` and
/// `spec.cloudConfigRef` and sends that cloud's operation. Palette has no pool operations for
/// OpenStack, TKE, libvirt or Cox Edge clusters: those are [`Error::NotSupported`].
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::enums::TaintEffect;
/// use palette_sdk::ext::{MachinePool, PoolUpdate};
///
/// let project = client.with_project_name("Default").await?;
/// let cluster = project.clusters().get_by_name("payments-east").await?;
/// let pools = project.clusters().machine_pools(&cluster.metadata.unwrap_or_default().uid.unwrap_or_default());
///
/// pools
///     .add(
///         MachinePool::new("gpu", "g5.xlarge", 1)
///             .autoscale(1, 4)
///             .taint("nvidia.com/gpu", "true", TaintEffect::NoSchedule),
///     )
///     .await?;
/// pools.update("workers", PoolUpdate::new().size(5).label("tier", "web")).await?;
/// for pool in pools.list().await? {
///     let ready = pool.nodes.iter().filter(|n| n.ready).count();
///     println!("{}: {ready}/{} nodes ready", pool.name, pool.size);
/// }
/// pools.remove("gpu").await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct MachinePools {
    client: Client,
    cluster: String,
}

impl crate::ext::Clusters {
    /// The machine pools of the cluster `cluster_uid`.
    pub fn machine_pools(&self, cluster_uid: &str) -> MachinePools {
        MachinePools {
            client: self.client.clone(),
            cluster: cluster_uid.to_string(),
        }
    }
}

/// One machine pool as its cluster's cloud config lists it, with its nodes.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Pool {
    /// Its name, unique in the cluster.
    pub name: String,
    /// How many nodes it asks for.
    pub size: i32,
    /// The autoscaling bounds, when set.
    pub min_size: Option<i32>,
    /// The autoscaling bounds, when set.
    pub max_size: Option<i32>,
    /// True for the control plane's pool.
    pub control_plane: bool,
    /// The instance type by name (`m5.large`, `Standard_D4s_v3`); `None` on clouds that give
    /// it as a shape (vSphere, MAAS: see [`listed`](Self::listed)).
    pub instance_type: Option<String>,
    /// The labels Palette puts on its nodes (`additionalLabels`).
    pub labels: BTreeMap<String, String>,
    /// The taints Palette puts on its nodes.
    pub taints: Vec<types::Taint>,
    /// Its nodes, as the cloud's machine list reports them.
    pub nodes: Vec<Node>,
    /// The pool exactly as the cloud config lists it, every field of the cloud's own
    /// (placements, subnets, disks, edge hosts, ...).
    pub listed: Value,
}

/// One node (machine) of a pool.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Node {
    /// The machine's name.
    pub name: String,
    /// The machine's uid.
    pub uid: String,
    /// Where the cloud has the instance: `Pending`, `Provisioning`, `Provisioned`,
    /// `Running`, `Deleting`, `Deleted`, `Failed`, `Unknown` (`status.instanceState`).
    pub instance_state: String,
    /// The node's health as Palette last saw it (`status.health.state`), such as `Healthy`.
    pub health: Option<String>,
    /// True when the node is ready (`status.ready`).
    pub ready: bool,
    /// Its addresses (`status.addresses`).
    pub addresses: Vec<String>,
}

/// A change to a machine pool: only what is set changes, everything else stays as Palette
/// lists it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PoolUpdate {
    size: Option<i32>,
    instance_type: Option<String>,
    bounds: Option<(i32, i32)>,
    labels: BTreeMap<String, Option<String>>,
    taints: Option<Vec<types::Taint>>,
    cloud_fields: Map<String, Value>,
}

impl PoolUpdate {
    /// A change that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of nodes.
    pub fn size(mut self, size: i32) -> Self {
        self.size = Some(size);
        self
    }

    /// The instance type, by name (on vSphere and MAAS, where it is a shape, use
    /// [`cloud_field`](Self::cloud_field) with `instanceType`).
    pub fn instance_type(mut self, name: impl Into<String>) -> Self {
        self.instance_type = Some(name.into());
        self
    }

    /// The autoscaling bounds.
    pub fn autoscale(mut self, min: i32, max: i32) -> Self {
        self.bounds = Some((min, max));
        self
    }

    /// Sets a node label, keeping the others.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.labels.insert(key.into(), Some(value.into()));
        self
    }

    /// Removes a node label.
    pub fn remove_label(mut self, key: impl Into<String>) -> Self {
        self.labels.insert(key.into(), None);
        self
    }

    /// Replaces the pool's taints with these (an empty list removes them all).
    pub fn taints(mut self, taints: impl IntoIterator<Item = types::Taint>) -> Self {
        self.taints = Some(taints.into_iter().collect());
        self
    }

    /// Sets a field of the cloud's own by its name in the document (`rootDeviceSize`,
    /// `placements`, `osDisk`, `edgeHosts`, ...), replacing what the pool had there.
    pub fn cloud_field(mut self, name: impl Into<String>, value: impl Serialize) -> Self {
        let value = serde_json::to_value(value).unwrap_or(Value::Null);
        self.cloud_fields.insert(name.into(), value);
        self
    }

    /// The entity fields this change sets, each of which the cloud's entity must have.
    fn asked(&self) -> Vec<String> {
        let mut asked = Vec::new();
        if self.size.is_some() {
            asked.push("size".to_string());
        }
        if self.instance_type.is_some() {
            asked.push("instanceType".to_string());
        }
        if self.bounds.is_some() {
            asked.extend(["minSize".to_string(), "maxSize".to_string()]);
        }
        if !self.labels.is_empty() {
            asked.push("additionalLabels".to_string());
        }
        if self.taints.is_some() {
            asked.push("taints".to_string());
        }
        asked.extend(self.cloud_fields.keys().cloned());
        asked
    }

    /// `pool` (as listed) with this change made.
    fn apply(&self, pool: &mut Map<String, Value>) {
        if let Some(size) = self.size {
            pool.insert("size".into(), Value::from(size));
        }
        if let Some(name) = &self.instance_type {
            pool.insert("instanceType".into(), Value::from(name.as_str()));
        }
        if let Some((min, max)) = self.bounds {
            pool.insert("minSize".into(), Value::from(min));
            pool.insert("maxSize".into(), Value::from(max));
        }
        if !self.labels.is_empty() {
            let mut labels = match pool.remove("additionalLabels") {
                Some(Value::Object(labels)) => labels,
                _ => Map::new(),
            };
            for (key, value) in &self.labels {
                match value {
                    Some(value) => labels.insert(key.clone(), Value::from(value.as_str())),
                    None => labels.remove(key),
                };
            }
            pool.insert("additionalLabels".into(), Value::Object(labels));
        }
        if let Some(taints) = &self.taints {
            let taints = serde_json::to_value(taints).unwrap_or(Value::Null);
            pool.insert("taints".into(), taints);
        }
        pool.extend(self.cloud_fields.clone());
    }
}

/// A taint: Kubernetes keeps pods that do not tolerate it off the pool's nodes.
pub fn taint(
    key: impl Into<String>,
    value: impl Into<String>,
    effect: TaintEffect,
) -> types::Taint {
    types::Taint {
        effect: Some(effect),
        key: Some(key.into()),
        value: Some(value.into()),
        time_added: None,
    }
}

/// The clouds with machine pool operations, as `spec.cloudType` names them.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PoolCloud {
    Aws,
    Eks,
    Azure,
    Aks,
    Gcp,
    Gke,
    Vsphere,
    Maas,
    CloudStack,
    EdgeNative,
    Generic,
    Virtual,
    /// A custom cloud type, by its name (`/v1/cloudconfigs/cloudTypes/{cloudType}/...`).
    Custom(String),
}

impl PoolCloud {
    fn of(cluster: &str, cloud_type: &str) -> Result<PoolCloud, Error> {
        Ok(match cloud_type {
            "aws" => PoolCloud::Aws,
            "eks" => PoolCloud::Eks,
            "azure" => PoolCloud::Azure,
            "aks" => PoolCloud::Aks,
            "gcp" => PoolCloud::Gcp,
            "gke" => PoolCloud::Gke,
            "vsphere" => PoolCloud::Vsphere,
            "maas" => PoolCloud::Maas,
            "apache-cloudstack" => PoolCloud::CloudStack,
            "edge-native" => PoolCloud::EdgeNative,
            "generic" => PoolCloud::Generic,
            "virtual" => PoolCloud::Virtual,
            "" | "openstack" | "tke" | "libvirt" | "coxedge" | "edge" => {
                return Err(Error::NotSupported {
                    what: "machine pools",
                    detail: format!(
                        "cluster {cluster} is on {cloud_type:?}, which has no machine pool \
                         operations in Palette's API"
                    ),
                });
            }
            custom => PoolCloud::Custom(custom.to_string()),
        })
    }
}

/// A generated reply as JSON, to read the fields every cloud's shape shares.
fn as_json<T: Serialize>(reply: T) -> Value {
    serde_json::to_value(reply).unwrap_or(Value::Null)
}

impl MachinePools {
    /// The cluster's cloud and cloud config uid.
    async fn target(&self) -> Result<(PoolCloud, String), Error> {
        let cluster = self
            .client
            .spectro_clusters_get()
            .uid(&self.cluster)
            .send()
            .await?;
        let spec = cluster.spec.unwrap_or_default();
        let config =
            spec.cloud_config_ref
                .and_then(|r| r.uid)
                .ok_or_else(|| Error::NameNotFound {
                    kind: NameKind::CLOUD_CONFIG,
                    name: self.cluster.clone(),
                })?;
        let cloud = PoolCloud::of(
            &self.cluster,
            spec.cloud_type.as_deref().unwrap_or_default(),
        )?;
        Ok((cloud, config))
    }

    /// The pools as the cloud config lists them (`spec.machinePoolConfig`).
    async fn listed(&self, cloud: &PoolCloud, config: &str) -> Result<Vec<Value>, Error> {
        macro_rules! read {
            ($get:ident) => {
                as_json(self.client.$get().config_uid(config).send().await?)
            };
        }
        let config = match cloud {
            PoolCloud::Aws => read!(cloud_configs_aws_get),
            PoolCloud::Eks => read!(cloud_configs_eks_get),
            PoolCloud::Azure => read!(cloud_configs_azure_get),
            PoolCloud::Aks => read!(cloud_configs_aks_get),
            PoolCloud::Gcp => read!(cloud_configs_gcp_get),
            PoolCloud::Gke => read!(cloud_configs_gke_get),
            PoolCloud::Vsphere => read!(cloud_configs_vsphere_get),
            PoolCloud::Maas => read!(cloud_configs_maas_get),
            PoolCloud::CloudStack => read!(cloud_configs_cloud_stack_get),
            PoolCloud::EdgeNative => read!(cloud_configs_edge_native_get),
            PoolCloud::Generic => read!(cloud_configs_generic_get),
            PoolCloud::Virtual => read!(cloud_configs_virtual_get),
            PoolCloud::Custom(name) => as_json(
                self.client
                    .cloud_configs_custom_get()
                    .cloud_type(name)
                    .config_uid(config)
                    .send()
                    .await?,
            ),
        };
        Ok(match config.pointer("/spec/machinePoolConfig") {
            Some(Value::Array(pools)) => pools.clone(),
            _ => Vec::new(),
        })
    }

    /// The machines of one pool, every page.
    async fn machines(
        &self,
        cloud: &PoolCloud,
        config: &str,
        pool: &str,
    ) -> Result<Vec<Value>, Error> {
        macro_rules! list {
            ($op:ident) => {{
                let items: Vec<_> = self
                    .client
                    .$op()
                    .config_uid(config)
                    .machine_pool_name(pool)
                    .stream()
                    .try_collect()
                    .await?;
                items.into_iter().map(as_json).collect()
            }};
            // The lists Palette serves in one reply (no `continue`).
            ($op:ident, whole) => {{
                let reply = self
                    .client
                    .$op()
                    .config_uid(config)
                    .machine_pool_name(pool)
                    .send()
                    .await?;
                reply.items.into_iter().flatten().map(as_json).collect()
            }};
        }
        Ok(match cloud {
            PoolCloud::Aws => list!(cloud_configs_aws_pool_machines_list),
            PoolCloud::Eks => list!(cloud_configs_eks_pool_machines_list),
            PoolCloud::Azure => list!(cloud_configs_azure_pool_machines_list),
            PoolCloud::Aks => list!(cloud_configs_aks_pool_machines_list),
            PoolCloud::Gcp => list!(cloud_configs_gcp_pool_machines_list),
            PoolCloud::Gke => list!(cloud_configs_gke_pool_machines_list),
            PoolCloud::Vsphere => list!(cloud_configs_vsphere_pool_machines_list),
            PoolCloud::Maas => list!(cloud_configs_maas_pool_machines_list),
            PoolCloud::CloudStack => list!(cloud_configs_cloud_stack_pool_machines_list, whole),
            PoolCloud::EdgeNative => list!(cloud_configs_edge_native_pool_machines_list, whole),
            PoolCloud::Generic => list!(cloud_configs_generic_pool_machines_list),
            PoolCloud::Virtual => list!(cloud_configs_virtual_pool_machines_list),
            PoolCloud::Custom(name) => {
                let items: Vec<_> = self
                    .client
                    .cloud_configs_custom_pool_machines_list()
                    .cloud_type(name)
                    .config_uid(config)
                    .machine_pool_name(pool)
                    .stream()
                    .try_collect()
                    .await?;
                items.into_iter().map(as_json).collect()
            }
        })
    }

    /// Every pool of the cluster, with its nodes (one machine list per pool).
    pub async fn list(&self) -> Result<Vec<Pool>, Error> {
        let (cloud, config) = self.target().await?;
        let mut pools = Vec::new();
        for listed in self.listed(&cloud, &config).await? {
            let name = listed["name"].as_str().unwrap_or_default().to_string();
            let nodes = self.machines(&cloud, &config, &name).await?;
            pools.push(pool_of(listed, &nodes));
        }
        Ok(pools)
    }

    /// The pool `name`, with its nodes; [`Error::NameNotFound`] when the cluster has none of
    /// that name.
    pub async fn get(&self, name: &str) -> Result<Pool, Error> {
        let (cloud, config) = self.target().await?;
        let listed = listed_pool(&self.listed(&cloud, &config).await?, name)?;
        let nodes = self.machines(&cloud, &config, name).await?;
        Ok(pool_of(Value::Object(listed), &nodes))
    }

    /// Adds a worker pool (the cloud's `...MachinePoolCreate`). The pool's instance type,
    /// zones and disk go where the cloud's entity has them; what differs by cloud (vSphere
    /// placements, a MAAS resource pool, edge hosts, a custom cloud's values) is set with
    /// [`MachinePool::cloud_field`] or [`MachinePool::edge_host`]. A pool that does not fit
    /// the cloud's entity, or sets a field the entity has no place for (a virtual cluster's
    /// pool entity is only its quota: resize it with `resize_virtual`), is an
    /// [`Error::Request`] before anything is sent. On a custom cloud type the pool is its
    /// `values` (required), from which Palette takes its name and size.
    pub async fn add(&self, pool: MachinePool) -> Result<(), Error> {
        let (cloud, config) = self.target().await?;
        let body = pool.add_entity(cloud.disk());
        let asked = cloud.asked_of_new(&body);
        macro_rules! create {
            ($op:ident, $entity:ident) => {{
                let call = self.client.$op();
                let operation = operation_of(&call);
                call.config_uid(&config)
                    .body(typed_keeping::<types::$entity>(operation, body, &asked)?)
                    .send()
                    .await
                    .map(drop)
            }};
        }
        match &cloud {
            PoolCloud::Aws => create!(
                cloud_configs_aws_machine_pool_create,
                AwsMachinePoolConfigEntity
            ),
            PoolCloud::Eks => create!(
                cloud_configs_eks_machine_pool_create,
                EksMachinePoolConfigEntity
            ),
            PoolCloud::Azure => create!(
                cloud_configs_azure_machine_pool_create,
                AzureMachinePoolConfigEntity
            ),
            PoolCloud::Aks => create!(
                cloud_configs_aks_machine_pool_create,
                AzureMachinePoolConfigEntity
            ),
            PoolCloud::Gcp => create!(
                cloud_configs_gcp_machine_pool_create,
                GcpMachinePoolConfigEntity
            ),
            PoolCloud::Gke => create!(
                cloud_configs_gke_machine_pool_create,
                GcpMachinePoolConfigEntity
            ),
            PoolCloud::Vsphere => create!(
                cloud_configs_vsphere_machine_pool_create,
                VsphereMachinePoolConfigEntity
            ),
            PoolCloud::Maas => create!(
                cloud_configs_maas_machine_pool_create,
                MaasMachinePoolConfigEntity
            ),
            PoolCloud::CloudStack => create!(
                cloud_configs_cloud_stack_machine_pool_create,
                CloudStackMachinePoolConfigEntity
            ),
            PoolCloud::EdgeNative => create!(
                cloud_configs_edge_native_machine_pool_create,
                EdgeNativeMachinePoolConfigEntity
            ),
            PoolCloud::Generic => create!(
                cloud_configs_generic_machine_pool_create,
                GenericMachinePoolConfigEntity
            ),
            PoolCloud::Virtual => create!(
                cloud_configs_virtual_machine_pool_create,
                VirtualMachinePoolConfigEntity
            ),
            PoolCloud::Custom(name) => {
                let call = self.client.cloud_configs_custom_machine_pool_create();
                let operation = operation_of(&call);
                if body
                    .pointer("/cloudConfig/values")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
                {
                    return Err(Error::Request(Box::new(crate::error::RequestError {
                        operation,
                        message: "a custom cloud's machine pool is described by its `values` \
                                  (MachinePool::cloud_field(\"values\", ..))"
                            .into(),
                    })));
                }
                call.cloud_type(name)
                    .config_uid(&config)
                    .body(typed_keeping::<types::CustomMachinePoolConfigEntity>(
                        operation, body, &asked,
                    )?)
                    .send()
                    .await
                    .map(drop)
            }
        }
    }

    /// Changes the pool `name` (the cloud's `...MachinePoolUpdate`, a PUT): reads the pool as
    /// the cloud config lists it, makes the change, and writes every field back, so what the
    /// change does not name stays as it was. A change the cloud's entity has no place for
    /// (the size of a custom cloud's pool, which is in its `values`) is an [`Error::Request`]
    /// naming the field, and nothing is sent.
    pub async fn update(&self, name: &str, change: PoolUpdate) -> Result<(), Error> {
        let (cloud, config) = self.target().await?;
        let mut pool = listed_pool(&self.listed(&cloud, &config).await?, name)?;
        change.apply(&mut pool);
        let body = entity_of_listed(pool);
        let asked = change.asked();
        macro_rules! update {
            ($op:ident, $entity:ident) => {{
                let call = self.client.$op();
                let operation = operation_of(&call);
                call.config_uid(&config)
                    .machine_pool_name(name)
                    .body(typed_keeping::<types::$entity>(operation, body, &asked)?)
                    .send()
                    .await
            }};
        }
        match &cloud {
            PoolCloud::Aws => update!(
                cloud_configs_aws_machine_pool_update,
                AwsMachinePoolConfigEntity
            ),
            PoolCloud::Eks => update!(
                cloud_configs_eks_machine_pool_update,
                EksMachinePoolConfigEntity
            ),
            PoolCloud::Azure => update!(
                cloud_configs_azure_machine_pool_update,
                AzureMachinePoolConfigEntity
            ),
            PoolCloud::Aks => update!(
                cloud_configs_aks_machine_pool_update,
                AzureMachinePoolConfigEntity
            ),
            PoolCloud::Gcp => update!(
                cloud_configs_gcp_machine_pool_update,
                GcpMachinePoolConfigEntity
            ),
            PoolCloud::Gke => update!(
                cloud_configs_gke_machine_pool_update,
                GcpMachinePoolConfigEntity
            ),
            PoolCloud::Vsphere => update!(
                cloud_configs_vsphere_machine_pool_update,
                VsphereMachinePoolConfigEntity
            ),
            PoolCloud::Maas => update!(
                cloud_configs_maas_machine_pool_update,
                MaasMachinePoolConfigEntity
            ),
            PoolCloud::CloudStack => update!(
                cloud_configs_cloud_stack_machine_pool_update,
                CloudStackMachinePoolConfigEntity
            ),
            PoolCloud::EdgeNative => update!(
                cloud_configs_edge_native_machine_pool_update,
                EdgeNativeMachinePoolConfigEntity
            ),
            PoolCloud::Generic => update!(
                cloud_configs_generic_machine_pool_update,
                GenericMachinePoolConfigEntity
            ),
            PoolCloud::Virtual => update!(
                cloud_configs_virtual_machine_pool_update,
                VirtualMachinePoolConfigEntity
            ),
            PoolCloud::Custom(cloud_type) => {
                let call = self.client.cloud_configs_custom_machine_pool_update();
                let operation = operation_of(&call);
                call.cloud_type(cloud_type)
                    .config_uid(&config)
                    .machine_pool_name(name)
                    .body(typed_keeping::<types::CustomMachinePoolConfigEntity>(
                        operation, body, &asked,
                    )?)
                    .send()
                    .await
            }
        }
    }

    /// Sets the number of nodes of the pool `name`, everything else as it was.
    pub async fn scale(&self, name: &str, size: i32) -> Result<(), Error> {
        self.update(name, PoolUpdate::new().size(size)).await
    }

    /// Removes the pool `name` and its nodes (the cloud's `...MachinePoolDelete`). Palette's
    /// 404 for a pool that is not there is the error.
    pub async fn remove(&self, name: &str) -> Result<(), Error> {
        let (cloud, config) = self.target().await?;
        macro_rules! delete {
            ($op:ident) => {
                self.client
                    .$op()
                    .config_uid(&config)
                    .machine_pool_name(name)
                    .send()
                    .await
            };
        }
        match &cloud {
            PoolCloud::Aws => delete!(cloud_configs_aws_machine_pool_delete),
            PoolCloud::Eks => delete!(cloud_configs_eks_machine_pool_delete),
            PoolCloud::Azure => delete!(cloud_configs_azure_machine_pool_delete),
            PoolCloud::Aks => delete!(cloud_configs_aks_machine_pool_delete),
            PoolCloud::Gcp => delete!(cloud_configs_gcp_machine_pool_delete),
            PoolCloud::Gke => delete!(cloud_configs_gke_machine_pool_delete),
            PoolCloud::Vsphere => delete!(cloud_configs_vsphere_machine_pool_delete),
            PoolCloud::Maas => delete!(cloud_configs_maas_machine_pool_delete),
            PoolCloud::CloudStack => delete!(cloud_configs_cloud_stack_machine_pool_delete),
            PoolCloud::EdgeNative => delete!(cloud_configs_edge_native_machine_pool_delete),
            PoolCloud::Generic => delete!(cloud_configs_generic_machine_pool_delete),
            PoolCloud::Virtual => delete!(cloud_configs_virtual_machine_pool_delete),
            PoolCloud::Custom(cloud_type) => {
                self.client
                    .cloud_configs_custom_machine_pool_delete()
                    .cloud_type(cloud_type)
                    .config_uid(&config)
                    .machine_pool_name(name)
                    .send()
                    .await
            }
        }
    }
}

impl PoolCloud {
    /// The fields of a new pool's entity (`body`, both halves) the cloud's entity must keep:
    /// all the caller set. The role label and control-plane flag every new worker pool gets
    /// are left to the clouds that have them. A custom cloud's pool takes its name and size
    /// from its `values` (the cloud's own templates), so its entity has neither.
    fn asked_of_new(&self, body: &Value) -> Vec<String> {
        let ours: &[&str] = match self {
            PoolCloud::Custom(_) => &["labels", "isControlPlane", "name", "size"],
            _ => &["labels", "isControlPlane"],
        };
        ["poolConfig", "cloudConfig"]
            .iter()
            .filter_map(|half| body.get(half).and_then(Value::as_object))
            .flat_map(Map::keys)
            .filter(|key| !ours.contains(&key.as_str()))
            .cloned()
            .collect()
    }

    /// Where the cloud's pool entity keeps the root disk size.
    fn disk(&self) -> PoolDisk {
        match self {
            PoolCloud::Aws | PoolCloud::Eks | PoolCloud::Gcp | PoolCloud::Gke => {
                PoolDisk::RootDeviceSize
            }
            PoolCloud::Azure | PoolCloud::Aks => PoolDisk::AzureOsDisk,
            _ => PoolDisk::None,
        }
    }
}

/// A listed pool and its machines as a [`Pool`].
fn pool_of(listed: Value, machines: &[Value]) -> Pool {
    let int = |field: &str| listed.get(field).and_then(Value::as_i64).map(|n| n as i32);
    let labels = listed
        .get("additionalLabels")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
        .collect();
    let taints = listed
        .get("taints")
        .cloned()
        .and_then(|t| serde_json::from_value(t).ok())
        .unwrap_or_default();
    Pool {
        name: listed["name"].as_str().unwrap_or_default().to_string(),
        size: int("size").unwrap_or_default(),
        min_size: int("minSize"),
        max_size: int("maxSize"),
        control_plane: listed["isControlPlane"].as_bool().unwrap_or(false),
        instance_type: listed["instanceType"].as_str().map(str::to_string),
        labels,
        taints,
        nodes: machines.iter().map(node_of).collect(),
        listed,
    }
}

/// A machine as every cloud's machine list shapes it (`metadata`, `status`).
fn node_of(machine: &Value) -> Node {
    let text = |pointer: &str| {
        machine
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    Node {
        name: text("/metadata/name").unwrap_or_default(),
        uid: text("/metadata/uid").unwrap_or_default(),
        instance_state: text("/status/instanceState").unwrap_or_else(|| "Unknown".into()),
        health: text("/status/health/state"),
        ready: machine
            .pointer("/status/ready")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        addresses: machine
            .pointer("/status/addresses")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|a| a.get("address").and_then(Value::as_str))
            .map(str::to_string)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The clouds the SDK refuses have no pool operations in the document: none of its
    /// operations has a path under `/v1/cloudconfigs/{cloud}/`.
    #[test]
    fn clouds_without_pool_operations_in_the_api_are_not_supported() {
        for cloud in ["openstack", "tke", "libvirt", "coxedge", "edge"] {
            let prefix = format!("/v1/cloudconfigs/{cloud}/");
            assert!(
                !crate::client::table::all()
                    .iter()
                    .any(|op| op.path.starts_with(&prefix)),
                "{cloud} has cloud config operations"
            );
            assert!(
                matches!(PoolCloud::of("c1", cloud), Err(Error::NotSupported { .. })),
                "{cloud}"
            );
        }
    }

    /// Every cloud the SDK sends pool operations for has them in the document, under the
    /// path segment `spec.cloudType` names it by.
    #[test]
    fn every_supported_cloud_has_pool_operations_under_its_own_name() {
        for cloud in [
            "aws",
            "eks",
            "azure",
            "aks",
            "gcp",
            "gke",
            "vsphere",
            "maas",
            "apache-cloudstack",
            "edge-native",
            "generic",
            "virtual",
        ] {
            assert!(
                !matches!(PoolCloud::of("c1", cloud), Ok(PoolCloud::Custom(_))),
                "{cloud}"
            );
            let pools = format!("/v1/cloudconfigs/{cloud}/{{configUid}}/machinePools");
            assert!(
                crate::client::table::all()
                    .iter()
                    .any(|op| op.path == pools && op.method == "POST"),
                "{cloud}"
            );
        }
        assert_eq!(
            PoolCloud::of("c1", "nutanix").unwrap(),
            PoolCloud::Custom("nutanix".into())
        );
    }
}
