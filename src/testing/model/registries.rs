//! The fake's pack, Helm and OCI registries, the packs they hold with their default values, and registry syncs on the fake's clock.
// The packs feature serves packs, the registries feature registries and syncs; the model
// holds both, so each alone leaves part of it unused.
#![cfg_attr(not(all(feature = "packs", feature = "registries")), allow(dead_code))]

use std::time::Duration;

use crate::testing::refusal::{Refusal, refuse};
use crate::testing::seed;

/// The kinds of registry, as Palette keeps them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Pack,
    Helm,
    /// A generic OCI registry (`basic`).
    Oci,
    /// An Amazon ECR registry, an OCI registry with operations of its own.
    Ecr,
}

impl Kind {
    /// How [`seed::REGISTRIES`] names it.
    fn of_seed(kind: &str) -> Kind {
        match kind {
            "helm" => Kind::Helm,
            "oci" => Kind::Oci,
            "ecr" => Kind::Ecr,
            _ => Kind::Pack,
        }
    }

    /// The `type` of the packs it holds.
    pub(crate) fn pack_type(self) -> &'static str {
        match self {
            Kind::Pack => "spectro",
            Kind::Helm => "helm",
            Kind::Oci | Kind::Ecr => "oci",
        }
    }

    /// What `registriesMetadata` calls it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Pack => "pack",
            Kind::Helm => "helm",
            Kind::Oci | Kind::Ecr => "oci",
        }
    }

    /// Whether a name must differ from this kind's: OCI registries share their names' space.
    fn same_list(self, other: Kind) -> bool {
        self.name() == other.name()
    }
}

/// A registry to seed the fake with, through
/// [`FakePaletteBuilder::registry`](crate::testing::FakePaletteBuilder::registry): its name, its kind
/// and where it is served from. Like the seeded ones, it is synced when the fake starts, and
/// holds no pack until [`FakePaletteBuilder::pack`](crate::testing::FakePaletteBuilder::pack) puts one
/// there.
///
/// ```
/// use palette_sdk::testing::FakeRegistry;
///
/// let mirror = FakeRegistry::pack("Mirror").endpoint("https://packs.example.com");
/// let charts = FakeRegistry::helm("charts");
/// let ecr = FakeRegistry::ecr("ecr-packs");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeRegistry {
    pub(crate) name: String,
    pub(crate) kind: Kind,
    pub(crate) endpoint: Option<String>,
}

impl FakeRegistry {
    fn new(name: impl Into<String>, kind: Kind) -> Self {
        FakeRegistry {
            name: name.into(),
            kind,
            endpoint: None,
        }
    }

    /// A pack registry.
    pub fn pack(name: impl Into<String>) -> Self {
        FakeRegistry::new(name, Kind::Pack)
    }

    /// A Helm registry.
    pub fn helm(name: impl Into<String>) -> Self {
        FakeRegistry::new(name, Kind::Helm)
    }

    /// A generic (`basic`) OCI registry of packs.
    pub fn oci(name: impl Into<String>) -> Self {
        FakeRegistry::new(name, Kind::Oci)
    }

    /// An Amazon ECR registry of packs (an OCI registry Palette syncs through ECR operations).
    pub fn ecr(name: impl Into<String>) -> Self {
        FakeRegistry::new(name, Kind::Ecr)
    }

    /// Where it is served from (default `https://<name>.registry.example.com`).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }
}

/// A pack version to seed a registry with, through
/// [`FakePaletteBuilder::pack`](crate::testing::FakePaletteBuilder::pack): name, version, layer, the
/// clouds it serves and its default values.
///
/// ```
/// use palette_sdk::testing::FakePack;
///
/// let k8s = FakePack::new("kubernetes", "1.33.0").layer("k8s");
/// let app = FakePack::new("payments-app", "2.0.1").values("replicas: 3\n");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakePack {
    pub(crate) name: String,
    pub(crate) version: String,
    pub(crate) layer: String,
    pub(crate) cloud_types: Vec<String>,
    pub(crate) values: Option<String>,
}

impl FakePack {
    /// Version `version` of the pack `name`: an add-on for every cloud, with values the fake
    /// makes up (they start with `# <name> <version>`).
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> Self {
        FakePack {
            name: name.into(),
            version: version.into(),
            layer: "addon".into(),
            cloud_types: Vec::new(),
            values: None,
        }
    }

    /// The layer it fills: `os`, `k8s`, `cni`, `csi` or `addon` (the default).
    pub fn layer(mut self, layer: impl Into<String>) -> Self {
        self.layer = layer.into();
        self
    }

    /// A cloud it serves (`aws`, `edge-native`, ...); none given: `all`.
    pub fn cloud_type(mut self, cloud_type: impl Into<String>) -> Self {
        self.cloud_types.push(cloud_type.into());
        self
    }

    /// Its default values, the `values.yaml` Palette holds for it.
    pub fn values(mut self, yaml: impl Into<String>) -> Self {
        self.values = Some(yaml.into());
        self
    }
}

/// One registry and the syncs it ran.
#[derive(Debug, Clone)]
pub(crate) struct StoredRegistry {
    pub(crate) uid: String,
    pub(crate) name: String,
    pub(crate) kind: Kind,
    pub(crate) endpoint: String,
    /// `system` for the seeded registries, `tenant` for the others.
    pub(crate) scope: &'static str,
    pub(crate) private: bool,
    pub(crate) created: chrono::DateTime<chrono::Utc>,
    /// When, in the fake's time, its latest sync started; `None`: synced when the fake started.
    sync_started: Option<Duration>,
    /// When, in the fake's time, a sync last ended well before the latest one started.
    synced_before: Option<Duration>,
}

/// One version of a pack in one registry.
#[derive(Debug, Clone)]
pub(crate) struct StoredPack {
    pub(crate) uid: String,
    pub(crate) registry_uid: String,
    pub(crate) name: String,
    pub(crate) version: String,
    pub(crate) layer: String,
    pub(crate) pack_type: &'static str,
    pub(crate) cloud_types: Vec<String>,
    pub(crate) values: String,
}

/// Where a registry's sync stands at a moment of the fake's clock.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SyncState {
    pub(crate) status: &'static str,
    pub(crate) message: Option<String>,
    /// Fake time the latest sync started, and when a sync last ended well.
    pub(crate) last_run: Duration,
    pub(crate) last_synced: Option<Duration>,
}

/// The registries of the fake tenant, tenant-wide (every scope sees them), and their packs.
#[derive(Debug)]
pub(crate) struct Registries {
    pub(crate) all: Vec<StoredRegistry>,
    pub(crate) packs: Vec<StoredPack>,
    /// How long a sync takes, in the fake's time.
    pub(crate) sync_time: Duration,
    /// The wall time of the fake's time zero.
    boot: chrono::DateTime<chrono::Utc>,
}

impl Registries {
    /// The seeded registries ([`seed::REGISTRIES`]) and packs ([`seed::PACKS`]), synced.
    pub(crate) fn seeded() -> Self {
        let boot = chrono::Utc::now();
        let mut registries = Registries {
            all: Vec::new(),
            packs: Vec::new(),
            sync_time: Duration::from_secs(2),
            boot,
        };
        for (uid, name, kind) in seed::REGISTRIES {
            registries.add(
                uid.to_string(),
                FakeRegistry::new(*name, Kind::of_seed(kind)),
            );
            if let Some(added) = registries.all.last_mut() {
                added.scope = "system";
            }
        }
        for (uid, registry_uid, name, version, layer, cloud) in seed::PACKS {
            let mut pack = FakePack::new(*name, *version).layer(*layer);
            if *cloud != "all" {
                pack = pack.cloud_type(*cloud);
            }
            registries.add_pack(uid.to_string(), registry_uid, pack);
        }
        registries
    }

    /// A registry seeded by the test, synced when the fake starts.
    pub(crate) fn add(&mut self, uid: String, registry: FakeRegistry) {
        let endpoint = registry.endpoint.unwrap_or_else(|| {
            let host: String = registry
                .name
                .to_lowercase()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            format!("https://{host}.registry.example.com")
        });
        self.all.push(StoredRegistry {
            uid,
            name: registry.name,
            kind: registry.kind,
            endpoint,
            scope: "tenant",
            private: false,
            created: self.boot,
            sync_started: None,
            synced_before: None,
        });
    }

    /// The one registry named `name`, for a pack the test seeds there.
    pub(crate) fn uid_named(&self, name: &str) -> Result<String, String> {
        let named: Vec<&StoredRegistry> = self.all.iter().filter(|r| r.name == name).collect();
        match named.as_slice() {
            [one] => Ok(one.uid.clone()),
            [] => Err(format!(
                "the fake has no registry named {name:?} to seed a pack in"
            )),
            _ => Err(format!("the fake has several registries named {name:?}")),
        }
    }

    /// A pack version in the registry `registry_uid`.
    pub(crate) fn add_pack(&mut self, uid: String, registry_uid: &str, pack: FakePack) {
        let kind = self
            .all
            .iter()
            .find(|r| r.uid == registry_uid)
            .map_or(Kind::Pack, |r| r.kind);
        let values = pack
            .values
            .unwrap_or_else(|| default_values(&pack.name, &pack.version, &pack.layer));
        let cloud_types = if pack.cloud_types.is_empty() {
            vec!["all".to_string()]
        } else {
            pack.cloud_types
        };
        self.packs.push(StoredPack {
            uid,
            registry_uid: registry_uid.to_string(),
            name: pack.name,
            version: pack.version,
            layer: pack.layer,
            pack_type: kind.pack_type(),
            cloud_types,
            values,
        });
    }

    /// The registries of `kinds`, in the order they were added.
    pub(crate) fn of_kind<'a>(
        &'a self,
        kinds: &'a [Kind],
    ) -> impl Iterator<Item = &'a StoredRegistry> + 'a {
        self.all.iter().filter(move |r| kinds.contains(&r.kind))
    }

    /// The registry `uid` of one of `kinds`, or 404 `ResourceNotFound`: a registry of another
    /// kind is not found through this kind's operations.
    pub(crate) fn registry(&self, kinds: &[Kind], uid: &str) -> Result<&StoredRegistry, Refusal> {
        self.all
            .iter()
            .find(|r| r.uid == uid && kinds.contains(&r.kind))
            .ok_or_else(|| not_found(kinds, uid))
    }

    /// Adds a registry created through the API: its name is required and unique among the
    /// registries its kind lists (409 `RegistryAlreadyExists`), its endpoint required; its
    /// first sync starts at once unless `skip_sync`.
    pub(crate) fn create(
        &mut self,
        uid: String,
        registry: FakeRegistry,
        private: bool,
        skip_sync: bool,
        now: Duration,
    ) -> Result<String, Refusal> {
        let FakeRegistry {
            name,
            kind,
            endpoint,
        } = registry;
        if name.trim().is_empty() {
            return Err(refuse(
                400,
                "InvalidRegistryName",
                "a registry needs a name",
            ));
        }
        let endpoint = endpoint.unwrap_or_default();
        if endpoint.trim().is_empty() {
            return Err(refuse(
                400,
                "InvalidRegistryEndpoint",
                "a registry needs an endpoint",
            ));
        }
        if self
            .all
            .iter()
            .any(|r| r.kind.same_list(kind) && r.name == name)
        {
            return Err(refuse(
                409,
                "RegistryAlreadyExists",
                format!("a {} registry named '{name}' already exists", kind.name()),
            ));
        }
        self.all.push(StoredRegistry {
            uid: uid.clone(),
            name,
            kind,
            endpoint,
            scope: "tenant",
            private,
            created: self.wall(now),
            sync_started: (!skip_sync).then_some(now),
            synced_before: None,
        });
        Ok(uid)
    }

    /// Starts a sync of the registry, unless one is running: that one goes on.
    pub(crate) fn start_sync(
        &mut self,
        kinds: &[Kind],
        uid: &str,
        now: Duration,
    ) -> Result<(), Refusal> {
        let sync_time = self.sync_time;
        let registry = self
            .all
            .iter_mut()
            .find(|r| kinds.contains(&r.kind) && r.uid == uid)
            .ok_or_else(|| not_found(kinds, uid))?;
        let state = sync_state(registry, sync_time, now);
        if state.status != IN_PROGRESS {
            registry.synced_before = state.last_synced;
            registry.sync_started = Some(now);
        }
        Ok(())
    }

    /// The registry's sync status at `now`.
    pub(crate) fn sync_status(&self, registry: &StoredRegistry, now: Duration) -> SyncState {
        sync_state(registry, self.sync_time, now)
    }

    /// The wall time of a moment of the fake's clock.
    pub(crate) fn wall(&self, at: Duration) -> chrono::DateTime<chrono::Utc> {
        let at = chrono::Duration::from_std(at).unwrap_or(chrono::Duration::MAX);
        self.boot.checked_add_signed(at).unwrap_or(self.boot)
    }

    /// The packs of the registry `registry_uid`, in the order they were added.
    pub(crate) fn packs_in<'a>(
        &'a self,
        registry_uid: &'a str,
    ) -> impl Iterator<Item = &'a StoredPack> + 'a {
        self.packs
            .iter()
            .filter(move |p| p.registry_uid == registry_uid)
    }
}

const IN_PROGRESS: &str = "InProgress";

/// A sync takes `sync_time`: `InProgress` until then, and then `Completed`, or `Failed` for a
/// registry whose name contains `fail`.
fn sync_state(registry: &StoredRegistry, sync_time: Duration, now: Duration) -> SyncState {
    let Some(started) = registry.sync_started else {
        return SyncState {
            status: "Completed",
            message: None,
            last_run: Duration::ZERO,
            last_synced: Some(Duration::ZERO),
        };
    };
    let ends = started.saturating_add(sync_time);
    if now < ends {
        return SyncState {
            status: IN_PROGRESS,
            message: None,
            last_run: started,
            last_synced: registry.synced_before,
        };
    }
    if registry.name.to_lowercase().contains("fail") {
        SyncState {
            status: "Failed",
            message: Some(format!("the fake could not reach {}", registry.endpoint)),
            last_run: started,
            last_synced: registry.synced_before,
        }
    } else {
        SyncState {
            status: "Completed",
            message: None,
            last_run: started,
            last_synced: Some(ends),
        }
    }
}

fn not_found(kinds: &[Kind], uid: &str) -> Refusal {
    let kind = kinds.first().map_or("", |k| k.name());
    refuse(
        404,
        "ResourceNotFound",
        format!("{kind} registry '{uid}' not found"),
    )
}

/// Values the fake makes up for a pack version: a first line that names it, then what a pack
/// of its layer typically sets.
fn default_values(name: &str, version: &str, layer: &str) -> String {
    let body = match layer {
        "k8s" => "pack:\n  k8sHardening: true\n  podCIDR: \"192.168.0.0/16\"\n  \
             serviceClusterIpRange: \"10.96.0.0/12\"\nkubeadmconfig:\n  apiServer:\n    \
             extraArgs:\n      secure-port: \"6443\"\n  kubeletExtraArgs:\n    \
             read-only-port: \"0\"\n"
            .to_string(),
        "os" => "kubeadmconfig:\n  preKubeadmCommands:\n    - echo \"preparing the node\"\n  \
                 postKubeadmCommands:\n    - echo \"node ready\"\n"
            .to_string(),
        "cni" => "manifests:\n  calico:\n    calicoNetworkConfig: \"CALICO_IPV4POOL_CIDR\"\n    \
                  env:\n      calicoNode:\n        CALICO_IPV4POOL_IPIP: \"Always\"\n"
            .to_string(),
        "csi" => "charts:\n  aws-ebs-csi-driver:\n    storageClasses:\n      - name: \
                  spectro-storage-class\n        annotations:\n          \
                  storageclass.kubernetes.io/is-default-class: \"true\"\n        \
                  parameters:\n          type: gp3\n"
            .to_string(),
        _ => format!("charts:\n  {name}:\n    replicaCount: 1\n"),
    };
    format!("# {name} {version}\npack:\n  namespace: \"{name}\"\n{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registries() -> Registries {
        Registries::seeded()
    }

    #[test]
    fn the_seed_has_a_registry_of_each_kind_and_packs_with_values() {
        let r = registries();
        let kinds: Vec<Kind> = r.all.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [Kind::Pack, Kind::Helm, Kind::Oci]);
        assert_eq!(r.all[0].uid, seed::PUBLIC_REPO_UID);
        assert!(r.packs.iter().all(|p| {
            p.values
                .starts_with(&format!("# {} {}\n", p.name, p.version))
        }));
        assert!(
            r.packs_in(seed::PUBLIC_REPO_UID)
                .any(|p| p.name == "kubernetes")
        );
    }

    #[test]
    fn a_sync_runs_for_its_time_on_the_fake_clock() {
        let mut r = registries();
        let uid = seed::PUBLIC_REPO_UID;
        let at = |r: &Registries, t: u64| {
            let registry = r.registry(&[Kind::Pack], uid).unwrap();
            r.sync_status(registry, Duration::from_secs(t))
        };
        assert_eq!(at(&r, 5).status, "Completed");
        r.start_sync(&[Kind::Pack], uid, Duration::from_secs(10))
            .unwrap();
        let running = at(&r, 11);
        assert_eq!(
            (running.status, running.last_run),
            (IN_PROGRESS, Duration::from_secs(10))
        );
        assert_eq!(
            running.last_synced,
            Some(Duration::ZERO),
            "the sync before it"
        );
        let done = at(&r, 12);
        assert_eq!(done.status, "Completed");
        assert_eq!(done.last_synced, Some(Duration::from_secs(12)));
    }

    #[test]
    fn a_registry_named_fail_fails_its_syncs() {
        let mut r = registries();
        let registry = FakeRegistry::helm("will-fail").endpoint("https://x");
        let uid = r
            .create("u1".into(), registry, false, false, Duration::ZERO)
            .unwrap();
        let registry = r.registry(&[Kind::Helm], &uid).unwrap();
        let state = r.sync_status(registry, Duration::from_secs(3));
        assert_eq!(state.status, "Failed");
        assert!(state.message.unwrap().contains("https://x"));
        assert_eq!(state.last_synced, None);
    }

    #[test]
    fn names_are_unique_per_kind_and_uids_per_kind() {
        let mut r = registries();
        let public = |registry: FakeRegistry| registry.endpoint("https://x");
        let dup = r
            .create(
                "u1".into(),
                public(FakeRegistry::pack("Public Repo")),
                false,
                false,
                Duration::ZERO,
            )
            .unwrap_err();
        assert_eq!((dup.status, dup.code), (409, "RegistryAlreadyExists"));
        let oci = public(FakeRegistry::oci("Public Repo"));
        r.create("u2".into(), oci, false, false, Duration::ZERO)
            .expect("another kind may have the name");
        let err = r
            .create(
                "u3".into(),
                FakeRegistry::helm("no-endpoint"),
                false,
                false,
                Duration::ZERO,
            )
            .unwrap_err();
        assert_eq!((err.status, err.code), (400, "InvalidRegistryEndpoint"));
        let err = r
            .registry(&[Kind::Helm], seed::PUBLIC_REPO_UID)
            .unwrap_err();
        assert_eq!(err.status, 404);
        let err = r
            .start_sync(&[Kind::Pack], "nope", Duration::ZERO)
            .unwrap_err();
        assert_eq!((err.status, err.code), (404, "ResourceNotFound"));
    }
}
