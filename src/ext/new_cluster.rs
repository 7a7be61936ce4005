//! What a cluster is created from: typed builders for AWS, EKS, edge-native and virtual clusters, the generated entity of any cloud as it is, and the operation each goes to.

use std::collections::BTreeMap;

use crate::client::generated::ClientSpectroclustersExt;
use crate::enums::EdgeNativeControlPlaneEndPointType;
use crate::ext::created::SendForUid;
use crate::send::call::Call;
use crate::{Client, Error, types};

/// The clouds a [`NewCluster`] can be on: the variant, the generated entity it holds, and the
/// operations that create and validate it. One list for the enum, its name lookup and its
/// dispatch.
macro_rules! clouds {
    ($( $(#[$doc:meta])* $variant:ident($entity:ident) => $create:ident, $validate:ident; )*) => {
        /// A cluster to create with [`Clusters::create`](crate::ext::Clusters::create) (or check
        /// with [`Clusters::validate`](crate::ext::Clusters::validate)), on any cloud Palette creates
        /// clusters on. Made from a typed builder ([`AwsCluster`], [`EksCluster`],
        /// [`EdgeNativeCluster`], [`VirtualCluster`]), or from the generated entity of a cloud as it is
        /// (`types::SpectroVsphereClusterEntity` converts with `into()`; Azure's and GCP's entities
        /// serve two clouds each, so name the variant: `NewCluster::Aks(Box::new(entity))`).
        ///
        /// ```no_run
        /// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
        /// use palette_sdk::ext::{AwsCluster, MachinePool};
        ///
        /// let cluster = AwsCluster::new("payments-east", "64f0a5", "us-east-1")
        ///     .ssh_key_name("ops")
        ///     .profile("64f0cp1")
        ///     .control_plane(MachinePool::new("cp", "m5.large", 1))
        ///     .worker_pool(MachinePool::new("workers", "m5.xlarge", 3));
        /// let uid = client.clusters().create(cluster).await?;
        /// # Ok(()) }
        /// ```
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum NewCluster {
            $( $(#[$doc])* $variant(Box<types::$entity>), )*
            /// A cluster of a custom cloud type (`spectroClustersCustomCreate`).
            Custom {
                /// The custom cloud type's name.
                cloud_type: String,
                /// The request body.
                entity: Box<types::SpectroCustomClusterEntity>,
            },
        }

        impl NewCluster {
            /// The name of the cluster to create (empty if the entity has none).
            pub fn name(&self) -> &str {
                let name = match self {
                    $( NewCluster::$variant(e) => e.metadata.as_ref().and_then(|m| m.name.as_deref()), )*
                    NewCluster::Custom { entity, .. } => {
                        entity.metadata.as_ref().and_then(|m| m.name.as_deref())
                    }
                };
                name.unwrap_or_default()
            }

            /// Sends the creation to the cloud's operation; returns the new cluster's uid.
            pub(crate) async fn create(self, client: &Client) -> Result<String, Error> {
                match self {
                    $( NewCluster::$variant(e) => client.$create().body(*e).send_for_uid().await, )*
                    NewCluster::Custom { cloud_type, entity } => {
                        let call = client.spectro_clusters_custom_create().cloud_type(cloud_type);
                        call.body(*entity).send_for_uid().await
                    }
                }
            }

            /// Sends the body to the cloud's validation.
            pub(crate) async fn validate(
                self,
                client: &Client,
            ) -> Result<types::SpectroClusterValidatorResponse, Error> {
                match self {
                    $( NewCluster::$variant(e) => client.$validate().body(*e).send().await, )*
                    NewCluster::Custom { cloud_type, entity } => {
                        let call = client.spectro_clusters_custom_validate().cloud_type(cloud_type);
                        call.body(*entity).send().await
                    }
                }
            }
        }
    };
}

clouds! {
    /// An AWS (IaaS) cluster.
    Aws(SpectroAwsClusterEntity) => spectro_clusters_aws_create, spectro_clusters_aws_validate;
    /// An EKS cluster.
    Eks(SpectroEksClusterEntity) => spectro_clusters_eks_create, spectro_clusters_eks_validate;
    /// A cluster on edge hosts.
    EdgeNative(SpectroEdgeNativeClusterEntity)
        => spectro_clusters_edge_native_create, spectro_clusters_edge_native_validate;
    /// A virtual cluster in a cluster group or on a host cluster.
    Virtual(SpectroVirtualClusterEntity)
        => spectro_clusters_virtual_create, spectro_clusters_virtual_validate;
    /// An Azure (IaaS) cluster.
    Azure(SpectroAzureClusterEntity)
        => spectro_clusters_azure_create, spectro_clusters_azure_validate;
    /// An AKS cluster (the same entity as Azure's: build this variant yourself).
    Aks(SpectroAzureClusterEntity) => spectro_clusters_aks_create, spectro_clusters_aks_validate;
    /// A GCP (IaaS) cluster.
    Gcp(SpectroGcpClusterEntity) => spectro_clusters_gcp_create, spectro_clusters_gcp_validate;
    /// A GKE cluster (the same entity as GCP's: build this variant yourself).
    Gke(SpectroGcpClusterEntity) => spectro_clusters_gke_create, spectro_clusters_gke_validate;
    /// A vSphere cluster.
    Vsphere(SpectroVsphereClusterEntity)
        => spectro_clusters_vsphere_create, spectro_clusters_vsphere_validate;
    /// A MAAS (bare metal) cluster.
    Maas(SpectroMaasClusterEntity) => spectro_clusters_maas_create, spectro_clusters_maas_validate;
    /// An Apache CloudStack cluster.
    CloudStack(SpectroCloudStackClusterEntity)
        => spectro_clusters_cloud_stack_create, spectro_clusters_cloud_stack_validate;
}

/// `From` each generated entity that belongs to one cloud only (Azure's and GCP's serve two:
/// name the variant).
macro_rules! from_entity {
    ($( $variant:ident($entity:ident), )*) => {
        $(
            impl From<types::$entity> for NewCluster {
                fn from(entity: types::$entity) -> Self {
                    NewCluster::$variant(Box::new(entity))
                }
            }
        )*
    };
}

from_entity! {
    Aws(SpectroAwsClusterEntity),
    Eks(SpectroEksClusterEntity),
    EdgeNative(SpectroEdgeNativeClusterEntity),
    Virtual(SpectroVirtualClusterEntity),
    Vsphere(SpectroVsphereClusterEntity),
    Maas(SpectroMaasClusterEntity),
    CloudStack(SpectroCloudStackClusterEntity),
}

/// A machine pool of a cloud cluster: its name, instance type and number of nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct MachinePool {
    name: String,
    instance_type: String,
    size: i32,
    min_max: Option<(i32, i32)>,
    azs: Vec<String>,
    labels: BTreeMap<String, String>,
    disk_gib: Option<i64>,
    taints: Vec<types::Taint>,
    #[cfg(feature = "cloudconfigs")]
    edge_hosts: Vec<String>,
    #[cfg(feature = "cloudconfigs")]
    cloud_fields: serde_json::Map<String, serde_json::Value>,
}

impl MachinePool {
    /// `size` nodes of `instance_type` (such as `m5.large`), called `name`.
    pub fn new(name: impl Into<String>, instance_type: impl Into<String>, size: i32) -> Self {
        MachinePool {
            name: name.into(),
            instance_type: instance_type.into(),
            size,
            min_max: None,
            azs: Vec::new(),
            labels: BTreeMap::new(),
            disk_gib: None,
            taints: Vec::new(),
            #[cfg(feature = "cloudconfigs")]
            edge_hosts: Vec::new(),
            #[cfg(feature = "cloudconfigs")]
            cloud_fields: serde_json::Map::new(),
        }
    }

    /// `size` nodes, called `name`, on a cloud that does not size nodes by a named instance
    /// type: vSphere and MAAS (give the shape with [`cloud_field`](Self::cloud_field)
    /// `instanceType`), edge-native (give the hosts with [`edge_host`](Self::edge_host)),
    /// custom clouds (their `values`).
    #[cfg(feature = "cloudconfigs")]
    pub fn sized(name: impl Into<String>, size: i32) -> Self {
        Self::new(name, String::new(), size)
    }

    /// Let the pool scale between `min` and `max` nodes.
    pub fn autoscale(mut self, min: i32, max: i32) -> Self {
        self.min_max = Some((min, max));
        self
    }

    /// Place the nodes in this availability zone (call again for more).
    pub fn az(mut self, zone: impl Into<String>) -> Self {
        self.azs.push(zone.into());
        self
    }

    /// Label the pool's nodes.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.labels.insert(key.into(), value.into());
        self
    }

    /// The root disk of each node, in GiB.
    pub fn disk_gib(mut self, gib: i64) -> Self {
        self.disk_gib = Some(gib);
        self
    }

    /// Taint the pool's nodes: pods that do not tolerate the taint stay off them (call again
    /// for more).
    pub fn taint(
        mut self,
        key: impl Into<String>,
        value: impl Into<String>,
        effect: crate::enums::TaintEffect,
    ) -> Self {
        self.taints.push(types::Taint {
            effect: Some(effect),
            key: Some(key.into()),
            value: Some(value.into()),
            time_added: None,
        });
        self
    }

    /// On an edge-native cluster, an edge host (by uid) the pool runs on (call again for
    /// more).
    #[cfg(feature = "cloudconfigs")]
    pub fn edge_host(mut self, host_uid: impl Into<String>) -> Self {
        self.edge_hosts.push(host_uid.into());
        self
    }

    /// Sets a field of the cloud's own part of the pool (`cloudConfig`), by its name in the
    /// document, over what the description put there: vSphere `placements` and its
    /// `instanceType` shape, a MAAS `resourcePool`, a custom cloud's `values`, Azure's
    /// `isSystemNodePool`, ...
    ///
    /// ```
    /// use palette_sdk::ext::MachinePool;
    /// use serde_json::json;
    ///
    /// let pool = MachinePool::sized("workers", 3)
    ///     .cloud_field("instanceType", json!({"numCPUs": 4, "memoryMiB": 8192, "diskGiB": 60}))
    ///     .cloud_field("placements", json!([{"cluster": "c1", "datastore": "ds1"}]));
    /// ```
    #[cfg(feature = "cloudconfigs")]
    pub fn cloud_field(mut self, name: impl Into<String>, value: impl serde::Serialize) -> Self {
        let value = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
        self.cloud_fields.insert(name.into(), value);
        self
    }

    /// The entity that adds this pool as a worker pool, before it is read as the cloud's
    /// generated type: `poolConfig` (what every cloud shares) and `cloudConfig` (the instance
    /// type by name when there is one, zones, the disk where `disk` says, edge hosts, then the
    /// cloud's own fields).
    #[cfg(feature = "cloudconfigs")]
    pub(crate) fn add_entity(&self, disk: PoolDisk) -> serde_json::Value {
        use serde_json::{Value, json};
        let mut pool = json!({
            "name": self.name,
            "size": self.size,
            "isControlPlane": false,
            "labels": ["worker"],
        });
        if let Some((min, max)) = self.min_max {
            pool["minSize"] = json!(min);
            pool["maxSize"] = json!(max);
        }
        if !self.labels.is_empty() {
            pool["additionalLabels"] = json!(self.labels);
        }
        if !self.taints.is_empty() {
            pool["taints"] = serde_json::to_value(&self.taints).unwrap_or(Value::Null);
        }
        let mut cloud = serde_json::Map::new();
        if !self.instance_type.is_empty() {
            cloud.insert("instanceType".into(), json!(self.instance_type));
        }
        if !self.azs.is_empty() {
            cloud.insert("azs".into(), json!(self.azs));
        }
        match (disk, self.disk_gib) {
            (PoolDisk::RootDeviceSize, Some(gib)) => {
                cloud.insert("rootDeviceSize".into(), json!(gib));
            }
            (PoolDisk::AzureOsDisk, Some(gib)) => {
                cloud.insert("osDisk".into(), json!({ "diskSizeGB": gib }));
            }
            _ => {}
        }
        if !self.edge_hosts.is_empty() {
            let hosts: Vec<Value> = self
                .edge_hosts
                .iter()
                .map(|uid| json!({ "hostUid": uid }))
                .collect();
            cloud.insert("edgeHosts".into(), Value::from(hosts));
        }
        cloud.extend(self.cloud_fields.clone());
        json!({ "cloudConfig": cloud, "poolConfig": pool })
    }

    fn pool_config(&self, control_plane: bool) -> types::MachinePoolConfigEntity {
        types::MachinePoolConfigEntity {
            name: Some(self.name.clone()),
            size: Some(self.size),
            is_control_plane: Some(control_plane),
            min_size: self.min_max.map(|(min, _)| min),
            max_size: self.min_max.map(|(_, max)| max),
            additional_labels: (!self.labels.is_empty())
                .then(|| self.labels.clone().into_iter().collect()),
            additional_annotations: None,
            additional_tags: None,
            labels: None,
            machine_pool_properties: None,
            node_repave_interval: None,
            override_kubeadm_configuration: None,
            skip_k8s_upgrade: None,
            taints: (!self.taints.is_empty()).then(|| self.taints.clone()),
            update_strategy: None,
            use_control_plane_as_worker: None,
        }
    }

    fn azs(&self) -> Option<Vec<String>> {
        (!self.azs.is_empty()).then(|| self.azs.clone())
    }
}

/// Where a cloud's pool entity keeps the root disk size.
#[cfg(feature = "cloudconfigs")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PoolDisk {
    /// `cloudConfig.rootDeviceSize` (AWS, EKS, GCP, GKE).
    RootDeviceSize,
    /// `cloudConfig.osDisk.diskSizeGB` (Azure, AKS).
    AzureOsDisk,
    /// Nowhere the shared description reaches (vSphere's and MAAS's instance shapes hold
    /// it; edge hosts have their own).
    None,
}

/// The profiles a cluster is made from, by uid, in order (infrastructure first).
fn profile_refs(uids: &[String]) -> Option<Vec<types::SpectroClusterProfileEntity>> {
    Some(
        uids.iter()
            .map(|uid| types::SpectroClusterProfileEntity {
                uid: Some(uid.clone()),
                ..Default::default()
            })
            .collect(),
    )
}

/// A cluster's tags as Palette keeps them, as labels: `key:value` becomes the label
/// `key: value`, and a tag without a value the label `key: spectro__tag`. `None` for no tags.
pub(super) fn tag_labels(tags: &[String]) -> Option<BTreeMap<String, String>> {
    let labels = tags
        .iter()
        .map(|tag| match tag.split_once(':') {
            Some((key, value)) => (key.to_string(), value.to_string()),
            None => (tag.clone(), "spectro__tag".to_string()),
        })
        .collect::<BTreeMap<_, _>>();
    (!labels.is_empty()).then_some(labels)
}

/// A cluster's name and tags as Palette's metadata (tags as [`tag_labels`]).
fn metadata(name: &str, tags: &[String]) -> Option<types::ObjectMeta> {
    Some(types::ObjectMeta {
        name: Some(name.to_string()),
        labels: tag_labels(tags).map(|labels| labels.into_iter().collect()),
        ..Default::default()
    })
}

/// What every cluster builder holds: the name, the profiles (in order) and the tags.
#[derive(Debug, Clone, PartialEq)]
struct Basics {
    name: String,
    profiles: Vec<String>,
    tags: Vec<String>,
}

impl Basics {
    fn new(name: String) -> Self {
        Basics {
            name,
            profiles: Vec::new(),
            tags: Vec::new(),
        }
    }

    fn metadata(&self) -> Option<types::ObjectMeta> {
        metadata(&self.name, &self.tags)
    }

    fn profiles(&self) -> Option<Vec<types::SpectroClusterProfileEntity>> {
        profile_refs(&self.profiles)
    }
}

/// Where an AWS or EKS cluster goes: the cloud account, the region, and optionally the key
/// pair and VPC.
#[derive(Debug, Clone, PartialEq)]
struct AwsPlacement {
    cloud_account_uid: String,
    region: String,
    ssh_key_name: Option<String>,
    vpc_id: Option<String>,
}

impl AwsPlacement {
    fn new(cloud_account_uid: String, region: String) -> Self {
        AwsPlacement {
            cloud_account_uid,
            region,
            ssh_key_name: None,
            vpc_id: None,
        }
    }
}

/// The setters every cluster builder has, on its `basics`.
macro_rules! basic_setters {
    () => {
        /// Build from this cluster profile (call again for more, in order: infrastructure
        /// first, then add-ons).
        pub fn profile(mut self, uid: impl Into<String>) -> Self {
            self.basics.profiles.push(uid.into());
            self
        }

        /// Tag the cluster (`key` or `key:value`).
        pub fn tag(mut self, tag: impl Into<String>) -> Self {
            self.basics.tags.push(tag.into());
            self
        }
    };
}

/// The setters of the AWS and EKS builders, on their `placement`.
macro_rules! aws_setters {
    () => {
        /// The EC2 key pair the nodes accept.
        pub fn ssh_key_name(mut self, key: impl Into<String>) -> Self {
            self.placement.ssh_key_name = Some(key.into());
            self
        }

        /// An existing VPC to use (Palette makes one otherwise).
        pub fn vpc_id(mut self, vpc: impl Into<String>) -> Self {
            self.placement.vpc_id = Some(vpc.into());
            self
        }
    };
}

/// An AWS (IaaS) cluster: Palette provisions the VMs in the account's VPC.
#[derive(Debug, Clone, PartialEq)]
pub struct AwsCluster {
    basics: Basics,
    placement: AwsPlacement,
    control_plane: Option<MachinePool>,
    workers: Vec<MachinePool>,
}

impl AwsCluster {
    /// A cluster called `name` in `region`, through the AWS cloud account `cloud_account_uid`.
    pub fn new(
        name: impl Into<String>,
        cloud_account_uid: impl Into<String>,
        region: impl Into<String>,
    ) -> Self {
        AwsCluster {
            basics: Basics::new(name.into()),
            placement: AwsPlacement::new(cloud_account_uid.into(), region.into()),
            control_plane: None,
            workers: Vec::new(),
        }
    }

    basic_setters!();
    aws_setters!();

    /// The control plane's pool.
    pub fn control_plane(mut self, pool: MachinePool) -> Self {
        self.control_plane = Some(pool);
        self
    }

    /// A worker pool (call again for more).
    pub fn worker_pool(mut self, pool: MachinePool) -> Self {
        self.workers.push(pool);
        self
    }

    /// The request body, to adjust what the builder does not cover.
    pub fn into_entity(self) -> types::SpectroAwsClusterEntity {
        let pool = |pool: &MachinePool, control_plane: bool| types::AwsMachinePoolConfigEntity {
            cloud_config: types::AwsMachinePoolCloudConfigEntity {
                instance_type: pool.instance_type.clone(),
                azs: pool.azs(),
                root_device_size: pool.disk_gib,
                additional_security_groups: None,
                capacity_type: None,
                host_resource_group_arn: None,
                license_configuration_arns: None,
                spot_market_options: None,
                subnets: None,
            },
            pool_config: Some(pool.pool_config(control_plane)),
        };
        let pools = self
            .control_plane
            .iter()
            .map(|p| pool(p, true))
            .chain(self.workers.iter().map(|p| pool(p, false)))
            .collect();
        types::SpectroAwsClusterEntity {
            metadata: self.basics.metadata(),
            spec: Some(types::SpectroAwsClusterEntitySpec {
                cloud_account_uid: self.placement.cloud_account_uid,
                cloud_config: types::AwsClusterConfig {
                    region: Some(self.placement.region),
                    ssh_key_name: self.placement.ssh_key_name,
                    vpc_id: self.placement.vpc_id,
                    bastion_disabled: None,
                    control_plane_load_balancer: None,
                    hybrid_config: None,
                },
                // Palette reads `cloudType` here although its spec does not declare it.
                cloud_type: serde_json::Value::from("aws"),
                machinepoolconfig: Some(pools),
                profiles: self.basics.profiles(),
                cluster_config: None,
                cluster_template: None,
                cluster_type: None,
                policies: None,
            }),
        }
    }
}

impl From<AwsCluster> for NewCluster {
    fn from(cluster: AwsCluster) -> Self {
        cluster.into_entity().into()
    }
}

/// An EKS cluster: AWS runs the control plane, Palette the node groups.
#[derive(Debug, Clone, PartialEq)]
pub struct EksCluster {
    basics: Basics,
    placement: AwsPlacement,
    pools: Vec<MachinePool>,
}

impl EksCluster {
    /// An EKS cluster called `name` in `region`, through the AWS cloud account
    /// `cloud_account_uid`.
    pub fn new(
        name: impl Into<String>,
        cloud_account_uid: impl Into<String>,
        region: impl Into<String>,
    ) -> Self {
        EksCluster {
            basics: Basics::new(name.into()),
            placement: AwsPlacement::new(cloud_account_uid.into(), region.into()),
            pools: Vec::new(),
        }
    }

    basic_setters!();
    aws_setters!();

    /// A node group (call again for more).
    pub fn node_pool(mut self, pool: MachinePool) -> Self {
        self.pools.push(pool);
        self
    }

    /// The request body, to adjust what the builder does not cover.
    pub fn into_entity(self) -> types::SpectroEksClusterEntity {
        let pools = self
            .pools
            .iter()
            .map(|pool| types::EksMachinePoolConfigEntity {
                cloud_config: Some(types::EksMachineCloudConfigEntity {
                    instance_type: Some(pool.instance_type.clone()),
                    azs: pool.azs(),
                    root_device_size: pool.disk_gib,
                    ..Default::default()
                }),
                pool_config: Some(pool.pool_config(false)),
            })
            .collect();
        types::SpectroEksClusterEntity {
            metadata: self.basics.metadata(),
            spec: Some(types::SpectroEksClusterEntitySpec {
                cloud_account_uid: self.placement.cloud_account_uid,
                cloud_config: types::EksClusterConfig {
                    region: Some(self.placement.region),
                    ssh_key_name: self.placement.ssh_key_name,
                    vpc_id: self.placement.vpc_id,
                    addons: None,
                    bastion_disabled: None,
                    control_plane_load_balancer: None,
                    encryption_config: None,
                    endpoint_access: None,
                },
                machinepoolconfig: Some(pools),
                profiles: self.basics.profiles(),
                cluster_config: None,
                cluster_template: None,
                fargate_profiles: None,
                policies: None,
            }),
        }
    }
}

impl From<EksCluster> for NewCluster {
    fn from(cluster: EksCluster) -> Self {
        cluster.into_entity().into()
    }
}

/// A cluster on registered edge hosts.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeNativeCluster {
    basics: Basics,
    vip: Option<String>,
    ssh_keys: Vec<String>,
    pools: Vec<(String, bool, Vec<String>)>,
}

impl EdgeNativeCluster {
    /// An edge cluster called `name`.
    pub fn new(name: impl Into<String>) -> Self {
        EdgeNativeCluster {
            basics: Basics::new(name.into()),
            vip: None,
            ssh_keys: Vec::new(),
            pools: Vec::new(),
        }
    }

    /// The virtual IP the control plane answers on.
    pub fn vip(mut self, address: impl Into<String>) -> Self {
        self.vip = Some(address.into());
        self
    }

    /// A public key the hosts accept (call again for more).
    pub fn ssh_key(mut self, key: impl Into<String>) -> Self {
        self.ssh_keys.push(key.into());
        self
    }

    basic_setters!();

    /// The control plane's pool, on these edge hosts (by uid).
    pub fn control_plane<I, S>(mut self, name: impl Into<String>, hosts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let hosts = hosts.into_iter().map(Into::into).collect();
        self.pools.push((name.into(), true, hosts));
        self
    }

    /// A worker pool on these edge hosts (by uid); call again for more.
    pub fn worker_pool<I, S>(mut self, name: impl Into<String>, hosts: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let hosts = hosts.into_iter().map(Into::into).collect();
        self.pools.push((name.into(), false, hosts));
        self
    }

    /// The request body, to adjust what the builder does not cover.
    pub fn into_entity(self) -> types::SpectroEdgeNativeClusterEntity {
        let pools = self
            .pools
            .iter()
            .map(|(name, control_plane, hosts)| {
                let size = i32::try_from(hosts.len()).unwrap_or(i32::MAX);
                types::EdgeNativeMachinePoolConfigEntity {
                    cloud_config: Some(types::EdgeNativeMachinePoolCloudConfigEntity {
                        edge_hosts: Some(
                            hosts
                                .iter()
                                .map(|uid| types::EdgeNativeMachinePoolHostEntity {
                                    host_uid: uid.clone(),
                                    host_name: None,
                                    nic: None,
                                    nic_name: None,
                                    static_ip: None,
                                    two_node_candidate_priority: None,
                                })
                                .collect(),
                        ),
                    }),
                    pool_config: Some(
                        MachinePool::new(name.clone(), "", size).pool_config(*control_plane),
                    ),
                }
            })
            .collect();
        types::SpectroEdgeNativeClusterEntity {
            metadata: self.basics.metadata(),
            spec: Some(types::SpectroEdgeNativeClusterEntitySpec {
                cloud_config: Some(types::EdgeNativeClusterConfig {
                    control_plane_endpoint: self.vip.map(|vip| {
                        types::EdgeNativeControlPlaneEndPoint {
                            host: Some(vip),
                            type_: Some(EdgeNativeControlPlaneEndPointType::VIP),
                            ddns_search_domain: None,
                        }
                    }),
                    ssh_keys: (!self.ssh_keys.is_empty()).then_some(self.ssh_keys),
                    ..Default::default()
                }),
                machinepoolconfig: Some(pools),
                profiles: self.basics.profiles(),
                cluster_config: None,
                cluster_template: None,
                policies: None,
            }),
        }
    }
}

impl From<EdgeNativeCluster> for NewCluster {
    fn from(cluster: EdgeNativeCluster) -> Self {
        cluster.into_entity().into()
    }
}

/// A virtual cluster, inside a cluster group or a host cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct VirtualCluster {
    basics: Basics,
    cluster_group_uid: Option<String>,
    host_cluster_uid: Option<String>,
    kubernetes_version: Option<String>,
    cpu: Option<i32>,
    memory_mib: Option<i32>,
    storage_gib: Option<i32>,
}

impl VirtualCluster {
    /// A virtual cluster called `name` in the cluster group `cluster_group_uid`.
    pub fn in_cluster_group(name: impl Into<String>, cluster_group_uid: impl Into<String>) -> Self {
        VirtualCluster {
            cluster_group_uid: Some(cluster_group_uid.into()),
            ..VirtualCluster::blank(name.into())
        }
    }

    /// A virtual cluster called `name` on the host cluster `host_cluster_uid`.
    pub fn on_host_cluster(name: impl Into<String>, host_cluster_uid: impl Into<String>) -> Self {
        VirtualCluster {
            host_cluster_uid: Some(host_cluster_uid.into()),
            ..VirtualCluster::blank(name.into())
        }
    }

    fn blank(name: String) -> Self {
        VirtualCluster {
            basics: Basics::new(name),
            cluster_group_uid: None,
            host_cluster_uid: None,
            kubernetes_version: None,
            cpu: None,
            memory_mib: None,
            storage_gib: None,
        }
    }

    /// The Kubernetes version to run (such as `1.30.2`).
    pub fn kubernetes_version(mut self, version: impl Into<String>) -> Self {
        self.kubernetes_version = Some(version.into());
        self
    }

    basic_setters!();

    /// The most the cluster may use: CPUs, memory in MiB and storage in GiB.
    pub fn limits(mut self, cpu: i32, memory_mib: i32, storage_gib: i32) -> Self {
        self.cpu = Some(cpu);
        self.memory_mib = Some(memory_mib);
        self.storage_gib = Some(storage_gib);
        self
    }

    /// The request body, to adjust what the builder does not cover.
    pub fn into_entity(self) -> types::SpectroVirtualClusterEntity {
        let reference = |uid: Option<String>| {
            uid.map(|uid| types::ObjectReference {
                uid: Some(uid),
                ..Default::default()
            })
        };
        types::SpectroVirtualClusterEntity {
            metadata: self.basics.metadata(),
            spec: Some(types::SpectroVirtualClusterEntitySpec {
                cloud_config: Some(types::VirtualClusterConfig {
                    kubernetes_version: self.kubernetes_version,
                    ..Default::default()
                }),
                // Palette reads `cloudType` here although its spec does not declare it.
                cloud_type: serde_json::Value::from("virtual"),
                cluster_config: types::ClusterConfigEntity {
                    host_cluster_config: Some(types::HostClusterConfig {
                        cluster_group: reference(self.cluster_group_uid),
                        host_cluster: reference(self.host_cluster_uid),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
                machinepoolconfig: Some(vec![types::VirtualMachinePoolConfigEntity {
                    cloud_config: types::VirtualMachinePoolCloudConfigEntity {
                        instance_type: types::VirtualInstanceType {
                            max_cpu: self.cpu,
                            max_mem_in_mi_b: self.memory_mib,
                            max_storage_gi_b: self.storage_gib,
                            ..Default::default()
                        },
                    },
                }]),
                profiles: self.basics.profiles(),
                cluster_template: None,
                policies: None,
            }),
        }
    }
}

impl From<VirtualCluster> for NewCluster {
    fn from(cluster: VirtualCluster) -> Self {
        cluster.into_entity().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_aws_cluster_sends_its_pools_profiles_and_palettes_cloud_type() {
        let entity = AwsCluster::new("east", "acct1", "us-east-1")
            .ssh_key_name("ops")
            .profile("infra")
            .profile("addons")
            .tag("env:prod")
            .tag("payments")
            .control_plane(MachinePool::new("cp", "m5.large", 1))
            .worker_pool(
                MachinePool::new("w", "m5.xlarge", 3)
                    .autoscale(2, 5)
                    .az("us-east-1a"),
            )
            .into_entity();
        let body = serde_json::to_value(&entity).unwrap();
        assert_eq!(body["metadata"]["name"], "east");
        assert_eq!(body["metadata"]["labels"]["env"], "prod");
        assert_eq!(body["metadata"]["labels"]["payments"], "spectro__tag");
        assert_eq!(body["spec"]["cloudType"], "aws");
        assert_eq!(body["spec"]["cloudAccountUid"], "acct1");
        assert_eq!(body["spec"]["cloudConfig"]["region"], "us-east-1");
        let pools = body["spec"]["machinepoolconfig"].as_array().unwrap();
        assert_eq!(pools.len(), 2);
        assert_eq!(pools[0]["poolConfig"]["isControlPlane"], true);
        assert_eq!(pools[1]["poolConfig"]["size"], 3);
        assert_eq!(pools[1]["poolConfig"]["minSize"], 2);
        assert_eq!(pools[1]["cloudConfig"]["instanceType"], "m5.xlarge");
        assert_eq!(pools[1]["cloudConfig"]["azs"][0], "us-east-1a");
        let profiles: Vec<_> = body["spec"]["profiles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["uid"].as_str().unwrap())
            .collect();
        assert_eq!(profiles, ["infra", "addons"]);
    }

    #[test]
    fn an_edge_pool_is_as_large_as_its_hosts() {
        let entity = EdgeNativeCluster::new("store-42")
            .vip("10.0.0.5")
            .control_plane("cp", ["h1", "h2", "h3"])
            .into_entity();
        let body = serde_json::to_value(&entity).unwrap();
        let pool = &body["spec"]["machinepoolconfig"][0];
        assert_eq!(pool["poolConfig"]["size"], 3);
        assert_eq!(pool["cloudConfig"]["edgeHosts"][2]["hostUid"], "h3");
        assert_eq!(
            body["spec"]["cloudConfig"]["controlPlaneEndpoint"]["host"],
            "10.0.0.5"
        );
    }

    #[test]
    fn a_virtual_cluster_names_its_cluster_group_and_limits() {
        let entity = VirtualCluster::in_cluster_group("dev-1", "cg1")
            .limits(4, 8192, 20)
            .into_entity();
        let body = serde_json::to_value(&entity).unwrap();
        assert_eq!(body["spec"]["cloudType"], "virtual");
        assert_eq!(
            body["spec"]["clusterConfig"]["hostClusterConfig"]["clusterGroup"]["uid"],
            "cg1"
        );
        assert_eq!(
            body["spec"]["machinepoolconfig"][0]["cloudConfig"]["instanceType"]["maxCPU"],
            4
        );
    }

    #[test]
    fn a_generated_entity_is_taken_as_it_is() {
        let entity = types::SpectroEksClusterEntity {
            metadata: Some(types::ObjectMeta {
                name: Some("raw".into()),
                ..Default::default()
            }),
            spec: None,
        };
        let new: NewCluster = entity.clone().into();
        assert_eq!(new.name(), "raw");
        assert_eq!(new, NewCluster::Eks(Box::new(entity)));
    }
}
