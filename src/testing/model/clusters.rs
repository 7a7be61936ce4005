//! The fake's clusters: a state machine on a clock the test controls, health, kubeconfigs, machine pools and deletion.
#![cfg_attr(not(feature = "spectroclusters"), allow(dead_code))]

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};

use crate::testing::refusal::{Refusal, refuse};
use crate::testing::seed;

/// How long a created cluster spends in each state, in the fake's time (see
/// [`FakePalette::advance`](crate::testing::FakePalette::advance)).
///
/// ```
/// use std::time::Duration;
/// use palette_sdk::testing::ClusterTiming;
///
/// let slow = ClusterTiming {
///     provisioning: Duration::from_secs(600),
///     ..ClusterTiming::default()
/// };
/// assert_eq!(slow.pending, Duration::from_secs(1));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClusterTiming {
    /// Time in `Pending` after creation (default 1 s).
    pub pending: Duration,
    /// Time in `Provisioning` before `Running` (default 2 s).
    pub provisioning: Duration,
    /// Time in `Deleting` before the cluster is gone (default 1 s).
    pub deleting: Duration,
    /// Time in each state of a scripted path but its last (default 1 s); see
    /// [`FakePalette::script_cluster`](crate::testing::FakePalette::script_cluster).
    pub step: Duration,
}

impl Default for ClusterTiming {
    fn default() -> Self {
        ClusterTiming {
            pending: Duration::from_secs(1),
            provisioning: Duration::from_secs(2),
            deleting: Duration::from_secs(1),
            step: Duration::from_secs(1),
        }
    }
}

/// The clouds the fake creates clusters on, as Palette names them in `spec.cloudType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cloud {
    Aws,
    Eks,
    EdgeNative,
    Virtual,
    // Seeded only (`FakePaletteBuilder::running_cluster`), for their machine pools.
    Azure,
    Aks,
    Gcp,
    Gke,
    Vsphere,
    Maas,
    ApacheCloudStack,
    Generic,
    /// A custom cloud type registered with the tenant; its name is the cluster's
    /// (`StoredCluster::custom_type`).
    Custom,
}

impl Cloud {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Cloud::Aws => "aws",
            Cloud::Eks => "eks",
            Cloud::EdgeNative => "edge-native",
            Cloud::Virtual => "virtual",
            Cloud::Azure => "azure",
            Cloud::Aks => "aks",
            Cloud::Gcp => "gcp",
            Cloud::Gke => "gke",
            Cloud::Vsphere => "vsphere",
            Cloud::Maas => "maas",
            Cloud::ApacheCloudStack => "apache-cloudstack",
            Cloud::Generic => "generic",
            Cloud::Custom => "custom",
        }
    }

    /// The cloud `spec.cloudType` names so.
    pub(crate) fn named(name: &str) -> Option<Cloud> {
        [
            Cloud::Aws,
            Cloud::Eks,
            Cloud::EdgeNative,
            Cloud::Virtual,
            Cloud::Azure,
            Cloud::Aks,
            Cloud::Gcp,
            Cloud::Gke,
            Cloud::Vsphere,
            Cloud::Maas,
            Cloud::ApacheCloudStack,
            Cloud::Generic,
        ]
        .into_iter()
        .find(|c| c.name() == name)
    }

    /// The `kind` of its cloud config.
    pub(crate) fn config_kind(self) -> &'static str {
        match self {
            Cloud::Aws => "AwsCloudConfig",
            Cloud::Eks => "EksCloudConfig",
            Cloud::EdgeNative => "EdgeNativeCloudConfig",
            Cloud::Virtual => "VirtualCloudConfig",
            Cloud::Azure | Cloud::Aks => "AzureCloudConfig",
            Cloud::Gcp | Cloud::Gke => "GcpCloudConfig",
            Cloud::Vsphere => "VsphereCloudConfig",
            Cloud::Maas => "MaasCloudConfig",
            Cloud::ApacheCloudStack => "CloudStackCloudConfig",
            Cloud::Generic => "GenericCloudConfig",
            Cloud::Custom => "CustomCloudConfig",
        }
    }

    /// Whether its creation entity names a cloud account (edge and virtual clusters have none).
    fn needs_account(self) -> bool {
        !matches!(self, Cloud::EdgeNative | Cloud::Virtual | Cloud::Generic)
    }
}

/// One cluster and what is kept with it.
#[derive(Debug, Clone)]
pub(crate) struct StoredCluster {
    pub(crate) uid: String,
    pub(crate) name: String,
    pub(crate) project: String,
    pub(crate) cloud: Cloud,
    /// The name of its custom cloud type; empty on the fake's own clouds.
    pub(crate) custom_type: String,
    pub(crate) labels: BTreeMap<String, String>,
    pub(crate) cloud_account_uid: String,
    pub(crate) config_uid: String,
    /// The cloud part of the creation entity (`spec.cloudConfig`), as sent.
    pub(crate) cluster_config: Value,
    /// Machine pools, each the creation entity's `poolConfig` and `cloudConfig` in one object.
    pub(crate) pools: Vec<Map<String, Value>>,
    /// The uids of its cluster profiles.
    pub(crate) profiles: Vec<String>,
    /// The pack values it overrides: by profile uid, the values YAML of each pack named.
    pub(crate) pack_values: BTreeMap<String, BTreeMap<String, String>>,
    /// The states it walks, each with how long it lasts; the last lasts for ever.
    path: Vec<(String, Duration)>,
    /// Fake time of creation, and when its deletion ends (`Deleting` until then).
    born: Duration,
    deleted_at: Option<Duration>,
    pub(crate) created: chrono::DateTime<chrono::Utc>,
    pub(crate) modified: chrono::DateTime<chrono::Utc>,
}

/// The state of a deleted cluster Palette still keeps.
pub(crate) const DELETED: &str = "Deleted";

/// What a cluster is at a moment of the fake's clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Its state (`Pending`, `Running`, `Deleting`, a scripted one, ...).
    Live(String),
    /// Deleted and past its deletion time.
    Gone,
}

impl StoredCluster {
    /// Its `spec.cloudType`: the custom cloud type's name, or the cloud's.
    pub(crate) fn cloud_type(&self) -> &str {
        match self.cloud {
            Cloud::Custom => &self.custom_type,
            cloud => cloud.name(),
        }
    }

    /// Its phase at fake time `now`, when deleted clusters stay `Deleted` for `keep_deleted`.
    pub(crate) fn phase(&self, now: Duration, keep_deleted: Duration) -> Phase {
        if let Some(deleted_at) = self.deleted_at {
            return if now < deleted_at {
                Phase::Live("Deleting".into())
            } else if now < deleted_at.saturating_add(keep_deleted) {
                Phase::Live(DELETED.into())
            } else {
                Phase::Gone
            };
        }
        let mut left = now.saturating_sub(self.born);
        for (i, (state, lasts)) in self.path.iter().enumerate() {
            if i + 1 == self.path.len() || left < *lasts {
                return Phase::Live(state.clone());
            }
            left -= *lasts;
        }
        Phase::Live("Running".into())
    }

    /// Makes it walk `path` from fake time `from` instead of the states it had.
    pub(crate) fn walk(&mut self, path: Vec<(String, Duration)>, from: Duration) {
        self.path = path;
        self.born = from;
    }

    /// A pool by name.
    pub(crate) fn pool_mut(&mut self, name: &str) -> Option<&mut Map<String, Value>> {
        self.pools
            .iter_mut()
            .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
    }

    /// Its tags as Palette shows them: `key` for a bare tag, `key:value` otherwise.
    pub(crate) fn tags(&self) -> Vec<String> {
        self.labels
            .iter()
            .map(|(k, v)| {
                if v.is_empty() || v == "spectro__tag" {
                    k.clone()
                } else {
                    format!("{k}:{v}")
                }
            })
            .collect()
    }
}

/// The clusters of the fake tenant, and the fake's clock.
#[derive(Debug)]
pub(crate) struct Clusters {
    pub(crate) all: BTreeMap<String, StoredCluster>,
    pub(crate) timing: ClusterTiming,
    /// How long a deleted cluster stays, `Deleted`, before it is gone (404).
    pub(crate) keep_deleted: Duration,
    /// Paths to give clusters created later, by name.
    scripts: HashMap<String, Vec<String>>,
    started: Instant,
    offset: Duration,
}

impl Clusters {
    /// The seeded clusters, running.
    pub(crate) fn seeded() -> Self {
        let mut clusters = Clusters {
            all: BTreeMap::new(),
            timing: ClusterTiming::default(),
            keep_deleted: Duration::ZERO,
            scripts: HashMap::new(),
            started: Instant::now(),
            offset: Duration::ZERO,
        };
        let now = chrono::Utc::now();
        for (uid, name, project) in seed::CLUSTERS {
            let pool = json!({
                "name": "control-plane-pool", "size": 1, "minSize": 1, "maxSize": 1,
                "isControlPlane": true, "labels": ["control-plane"], "instanceType": "t3.large",
            });
            let workers = json!({
                "name": "worker-pool", "size": 2, "minSize": 1, "maxSize": 5,
                "isControlPlane": false, "labels": ["worker"], "instanceType": "t3.xlarge",
            });
            let pools = [pool, workers]
                .into_iter()
                .filter_map(|p| p.as_object().cloned())
                .collect();
            clusters.all.insert(
                uid.to_string(),
                StoredCluster {
                    uid: uid.to_string(),
                    name: name.to_string(),
                    project: project.to_string(),
                    cloud: Cloud::Aws,
                    custom_type: String::new(),
                    labels: BTreeMap::new(),
                    cloud_account_uid: String::new(),
                    config_uid: format!("6cc0{}", &uid[4..]),
                    cluster_config: json!({"region": "us-east-1"}),
                    pools,
                    profiles: Vec::new(),
                    pack_values: BTreeMap::new(),
                    path: vec![("Running".into(), Duration::ZERO)],
                    born: Duration::ZERO,
                    deleted_at: None,
                    created: now,
                    modified: now,
                },
            );
        }
        clusters
    }

    /// Adds a running cluster on `cloud` in `project`, as a tenant that has had it a while
    /// would list it: a control-plane pool of one node and a worker pool of two, each shaped
    /// the way the cloud's config lists pools.
    pub(crate) fn seed_running(
        &mut self,
        project: &str,
        (cloud, custom_type): (Cloud, String),
        name: &str,
        uid: String,
        config_uid: String,
    ) {
        let shape = match cloud {
            Cloud::Aws | Cloud::Eks => json!({"instanceType": "m5.large", "azs": ["us-east-1a"]}),
            Cloud::Azure | Cloud::Aks => {
                json!({"instanceType": "Standard_D4s_v3", "azs": ["1"], "osDisk": {"diskSizeGB": 60}})
            }
            Cloud::Gcp | Cloud::Gke => {
                json!({"instanceType": "n2-standard-4", "azs": ["us-east1-b"]})
            }
            Cloud::Vsphere => json!({
                "instanceType": {"numCPUs": 4, "memoryMiB": 8192, "diskGiB": 60},
                "placements": [{"cluster": "cluster1", "datacenter": "dc1", "datastore": "ds1"}],
            }),
            Cloud::Maas => json!({
                "instanceType": {"minCPU": 4, "minMemInMB": 8192},
                "resourcePool": "default", "azs": ["az1"],
            }),
            Cloud::ApacheCloudStack => json!({"offering": {"name": "medium"}}),
            Cloud::EdgeNative => json!({
                "hosts": [{"hostUid": format!("{name}-host"), "hostAddress": "10.10.0.2"}],
            }),
            Cloud::Custom => json!({"values": format!("nodeShape: medium\nsite: {name}\n")}),
            Cloud::Virtual | Cloud::Generic => json!({}),
        };
        let pools = [
            ("control-plane-pool", 1, true, "control-plane"),
            ("worker-pool", 2, false, "worker"),
        ]
        .into_iter()
        .map(|(pool, size, control_plane, role)| {
            let mut fields = shape.as_object().cloned().unwrap_or_default();
            fields.extend(
                json!({
                    "name": pool, "size": size, "isControlPlane": control_plane,
                    "labels": [role],
                })
                .as_object()
                .cloned()
                .unwrap_or_default(),
            );
            fields
        })
        .collect();
        let now = chrono::Utc::now();
        self.all.insert(
            uid.clone(),
            StoredCluster {
                uid,
                name: name.to_string(),
                project: project.to_string(),
                cloud,
                custom_type,
                labels: BTreeMap::new(),
                cloud_account_uid: String::new(),
                config_uid,
                cluster_config: json!({}),
                pools,
                profiles: Vec::new(),
                pack_values: BTreeMap::new(),
                path: vec![("Running".into(), Duration::ZERO)],
                born: self.now(),
                deleted_at: None,
                created: now,
                modified: now,
            },
        );
    }

    /// The fake's time: real time since it started, plus what the test advanced it by.
    pub(crate) fn now(&self) -> Duration {
        self.started.elapsed().saturating_add(self.offset)
    }

    /// Moves the fake's clock forward.
    pub(crate) fn advance(&mut self, by: Duration) {
        self.offset = self.offset.saturating_add(by);
    }

    /// Makes the next cluster created with `name` walk `states` instead of the usual path.
    pub(crate) fn script(&mut self, name: &str, states: &[&str]) {
        let states = states.iter().map(|s| s.to_string()).collect();
        self.scripts.insert(name.to_string(), states);
    }

    /// Whether the next cluster created with `name` walks a path of the test's.
    pub(crate) fn is_scripted(&self, name: &str) -> bool {
        self.scripts
            .get(name)
            .is_some_and(|states| !states.is_empty())
    }

    /// Forgets clusters that are gone.
    fn sweep(&mut self) {
        let now = self.now();
        let keep = self.keep_deleted;
        self.all.retain(|_, c| c.phase(now, keep) != Phase::Gone);
    }

    /// The cluster `uid` as seen from `project`, with its state, or 404 `ResourceNotFound`.
    pub(crate) fn get_mut(
        &mut self,
        project: Option<&str>,
        uid: &str,
    ) -> Result<(&mut StoredCluster, String), Refusal> {
        self.sweep();
        let now = self.now();
        let keep = self.keep_deleted;
        match self.all.get_mut(uid) {
            Some(c) if Some(c.project.as_str()) == project => match c.phase(now, keep) {
                Phase::Live(state) => Ok((c, state)),
                Phase::Gone => Err(not_found(uid)),
            },
            _ => Err(not_found(uid)),
        }
    }

    /// Every cluster of `project` Palette still lists (the `Deleted` ones it keeps
    /// included) with its state, by name.
    pub(crate) fn in_scope(&mut self, project: Option<&str>) -> Vec<(StoredCluster, String)> {
        self.sweep();
        let now = self.now();
        let keep = self.keep_deleted;
        let mut found: Vec<_> = self
            .all
            .values()
            .filter(|c| Some(c.project.as_str()) == project)
            .filter_map(|c| match c.phase(now, keep) {
                Phase::Live(state) => Some((c.clone(), state)),
                Phase::Gone => None,
            })
            .collect();
        found.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        found
    }

    /// The cluster whose cloud config is `config_uid`, for `cloud`, seen from `project`.
    pub(crate) fn by_config_mut(
        &mut self,
        project: Option<&str>,
        cloud: Cloud,
        config_uid: &str,
    ) -> Result<&mut StoredCluster, Refusal> {
        self.sweep();
        self.all
            .values_mut()
            .find(|c| {
                c.config_uid == config_uid
                    && c.cloud == cloud
                    && Some(c.project.as_str()) == project
            })
            .ok_or_else(|| {
                refuse(
                    404,
                    "ResourceNotFound",
                    format!("{} cloud config '{config_uid}' not found", cloud.name()),
                )
            })
    }

    /// Checks a new cluster name: its form, and that the project has no cluster by it but
    /// `Deleted` ones.
    pub(crate) fn check_name(&mut self, project: Option<&str>, name: &str) -> Result<(), Refusal> {
        if name.is_empty() {
            return Err(refuse(
                400,
                "InvalidClusterName",
                "the cluster needs a name (metadata.name)",
            ));
        }
        if !crate::testing::refusal::is_dns_label(name) {
            return Err(refuse(
                400,
                "InvalidClusterName",
                format!(
                    "cluster name '{name}' must be 1 to 63 lowercase letters, digits or '-', \
                     starting and ending with a letter or digit"
                ),
            ));
        }
        let taken = self.in_scope(project);
        if taken
            .iter()
            .any(|(c, state)| c.name == name && state != DELETED)
        {
            return Err(refuse(
                409,
                "ClusterNameAlreadyExists",
                format!("a cluster named '{name}' already exists in this project"),
            ));
        }
        Ok(())
    }

    /// Checks a creation request as `validate` and `create` both do.
    pub(crate) fn check_new(
        &mut self,
        project: Option<&str>,
        cloud: Cloud,
        new: &NewCluster,
    ) -> Result<(), Refusal> {
        if project.is_none() {
            return Err(refuse(
                400,
                "ProjectScopeRequired",
                "clusters live in projects: send the ProjectUid header to create one",
            ));
        }
        self.check_name(project, &new.name)?;
        if cloud.needs_account() && new.cloud_account_uid.is_empty() {
            return Err(refuse(
                400,
                "InvalidCloudAccount",
                "spec.cloudAccountUid is required",
            ));
        }
        if let Some(at) = new.profiles.iter().position(String::is_empty) {
            return Err(refuse(
                400,
                "InvalidClusterProfile",
                format!("spec.profiles[{at}].uid is required"),
            ));
        }
        Ok(())
    }

    /// Creates a cluster; it starts `Pending` (or at the first state of its script).
    pub(crate) fn create(
        &mut self,
        project: &str,
        cloud: Cloud,
        uid: String,
        config_uid: String,
        new: NewCluster,
    ) -> String {
        let timing = self.timing;
        let path = match self.scripts.remove(&new.name) {
            Some(states) if !states.is_empty() => {
                states.into_iter().map(|s| (s, timing.step)).collect()
            }
            _ => vec![
                ("Pending".into(), timing.pending),
                ("Provisioning".into(), timing.provisioning),
                ("Running".into(), Duration::ZERO),
            ],
        };
        let now = chrono::Utc::now();
        let cluster = StoredCluster {
            uid: uid.clone(),
            name: new.name,
            project: project.to_string(),
            cloud,
            custom_type: String::new(),
            labels: new.labels,
            cloud_account_uid: new.cloud_account_uid,
            config_uid,
            cluster_config: new.cluster_config,
            pools: new.pools,
            profiles: new.profiles,
            pack_values: new.pack_values,
            path,
            born: self.now(),
            deleted_at: None,
            created: now,
            modified: now,
        };
        self.all.insert(uid.clone(), cluster);
        uid
    }

    /// Starts deleting a cluster: it is `Deleting` for the deletion time (none when
    /// `forced`), then `Deleted` while the fake keeps deleted clusters, then gone. Deleting it
    /// again changes nothing, but a forced delete ends a deletion under way at once.
    pub(crate) fn delete(
        &mut self,
        project: Option<&str>,
        uid: &str,
        forced: bool,
    ) -> Result<(), Refusal> {
        let now = self.now();
        let ends = if forced {
            now
        } else {
            now.saturating_add(self.timing.deleting)
        };
        let (cluster, _) = self.get_mut(project, uid)?;
        let at = cluster.deleted_at.get_or_insert(ends);
        *at = (*at).min(ends);
        cluster.modified = chrono::Utc::now();
        Ok(())
    }
}

fn not_found(uid: &str) -> Refusal {
    refuse(
        404,
        "ResourceNotFound",
        format!("cluster '{uid}' not found"),
    )
}

/// What a creation request asks for, read leniently from any cloud's entity.
#[derive(Debug, Clone, Default)]
pub(crate) struct NewCluster {
    pub(crate) name: String,
    pub(crate) labels: BTreeMap<String, String>,
    pub(crate) cloud_account_uid: String,
    pub(crate) cluster_config: Value,
    pub(crate) pools: Vec<Map<String, Value>>,
    /// The uids of its cluster profiles.
    pub(crate) profiles: Vec<String>,
    /// The pack values given with them (`packValues`), by profile uid and pack name.
    pub(crate) pack_values: BTreeMap<String, BTreeMap<String, String>>,
}

/// One machine pool of a creation or update entity as a cloud config lists it: one object,
/// `poolConfig` with `cloudConfig`'s fields beside it, but for the subnets, which an AWS or
/// EKS entity gives as `subnets` (a list of `{az, id}`) and a cloud config lists as
/// `subnetIds` (a map from availability zone to subnet id).
pub(crate) fn flatten_pool(entity: &Value) -> Map<String, Value> {
    let mut pool = Map::new();
    for part in ["cloudConfig", "poolConfig"] {
        if let Some(fields) = entity.get(part).and_then(Value::as_object) {
            pool.extend(fields.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
    if let Some(subnets) = pool.remove("subnets") {
        let ids: Map<String, Value> = subnets
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| {
                let az = s.get("az").and_then(Value::as_str)?;
                Some((az.to_string(), s.get("id").cloned().unwrap_or(Value::Null)))
            })
            .collect();
        pool.insert("subnetIds".into(), Value::Object(ids));
    }
    // An edge-native entity names its hosts `edgeHosts`; the cloud config lists them as
    // `hosts`, each with the address the host registered from (which the fake does not know).
    if let Some(Value::Array(hosts)) = pool.remove("edgeHosts") {
        let hosts = hosts
            .into_iter()
            .map(|mut host| {
                if let Some(fields) = host.as_object_mut() {
                    fields
                        .entry("hostAddress")
                        .or_insert(Value::String(String::new()));
                }
                host
            })
            .collect();
        pool.insert("hosts".into(), Value::Array(hosts));
    }
    pool
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(name: &str) -> NewCluster {
        NewCluster {
            name: name.into(),
            cloud_account_uid: "acct".into(),
            ..Default::default()
        }
    }

    const DEFAULT: Option<&str> = Some(seed::PROJECTS[0].0);

    #[test]
    fn a_cluster_walks_pending_provisioning_running_on_the_fake_clock() {
        let mut clusters = Clusters::seeded();
        clusters.timing = ClusterTiming {
            pending: Duration::from_secs(100),
            provisioning: Duration::from_secs(200),
            deleting: Duration::from_secs(100),
            step: Duration::from_secs(100),
        };
        let uid = clusters.create(
            DEFAULT.unwrap(),
            Cloud::Aws,
            "u1".into(),
            "c1".into(),
            new("a"),
        );
        let state = |c: &mut Clusters| c.get_mut(DEFAULT, &uid).map(|(_, s)| s);
        assert_eq!(state(&mut clusters).unwrap(), "Pending");
        clusters.advance(Duration::from_secs(100));
        assert_eq!(state(&mut clusters).unwrap(), "Provisioning");
        clusters.advance(Duration::from_secs(200));
        assert_eq!(state(&mut clusters).unwrap(), "Running");
        clusters.delete(DEFAULT, &uid, false).unwrap();
        assert_eq!(state(&mut clusters).unwrap(), "Deleting");
        clusters.advance(Duration::from_secs(100));
        assert_eq!(state(&mut clusters).unwrap_err().status, 404);
    }

    #[test]
    fn a_deleted_cluster_can_be_kept_a_while_as_deleted_and_frees_its_name() {
        let mut clusters = Clusters::seeded();
        clusters.timing.deleting = Duration::from_secs(100);
        clusters.keep_deleted = Duration::from_secs(500);
        let uid = clusters.create(
            DEFAULT.unwrap(),
            Cloud::Aws,
            "u1".into(),
            "c1".into(),
            new("kept"),
        );
        let state = |c: &mut Clusters| c.get_mut(DEFAULT, &uid).map(|(_, s)| s);
        clusters.delete(DEFAULT, &uid, false).unwrap();
        assert_eq!(state(&mut clusters).unwrap(), "Deleting");
        assert_eq!(
            clusters.check_name(DEFAULT, "kept").unwrap_err().status,
            409
        );
        clusters.advance(Duration::from_secs(100));
        assert_eq!(state(&mut clusters).unwrap(), "Deleted");
        assert!(clusters.check_name(DEFAULT, "kept").is_ok());
        clusters.advance(Duration::from_secs(500));
        assert_eq!(state(&mut clusters).unwrap_err().status, 404);
    }

    #[test]
    fn an_entitys_subnets_are_listed_by_availability_zone() {
        let pool = flatten_pool(&json!({
            "cloudConfig": {"instanceType": "m5.large",
                            "subnets": [{"az": "us-east-1a", "id": "subnet-1"},
                                        {"az": "us-east-1b", "id": "subnet-2"}]},
            "poolConfig": {"name": "workers", "size": 2}
        }));
        assert_eq!(
            pool.get("subnetIds"),
            Some(&json!({"us-east-1a": "subnet-1", "us-east-1b": "subnet-2"}))
        );
        assert!(!pool.contains_key("subnets"));
        assert_eq!(pool.get("size"), Some(&json!(2)));
    }

    #[test]
    fn a_scripted_cluster_ends_in_its_last_state() {
        let mut clusters = Clusters::seeded();
        clusters.timing.step = Duration::from_secs(1000);
        clusters.script("bad", &["Pending", "Failed"]);
        let uid = clusters.create(
            DEFAULT.unwrap(),
            Cloud::Aws,
            "u1".into(),
            "c1".into(),
            new("bad"),
        );
        clusters.advance(Duration::from_secs(1000));
        assert_eq!(clusters.get_mut(DEFAULT, &uid).unwrap().1, "Failed");
        clusters.advance(Duration::from_secs(100_000));
        assert_eq!(clusters.get_mut(DEFAULT, &uid).unwrap().1, "Failed");
    }

    #[test]
    fn names_are_checked_and_unique_per_project() {
        let mut clusters = Clusters::seeded();
        let taken = seed::CLUSTERS[0].1;
        assert_eq!(clusters.check_name(DEFAULT, taken).unwrap_err().status, 409);
        let staging = Some(seed::PROJECTS[1].0);
        assert!(clusters.check_name(staging, taken).is_ok());
        assert_eq!(
            clusters.check_name(DEFAULT, "Bad_Name").unwrap_err().status,
            400
        );
        assert_eq!(
            clusters.check_name(DEFAULT, "").unwrap_err().code,
            "InvalidClusterName"
        );
    }
}
