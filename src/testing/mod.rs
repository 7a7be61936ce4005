//! A stateful fake Palette on 127.0.0.1, for tests and demos without an account (`testing` feature); it uses config/, ext/, client/ and the layers below them.
//!
//! [`FakePalette`] serves from memory the operations programs automating Palette use most,
//! with the behaviour they meet:
//!
//! - credentials: the `ApiKey` of [`seed::API_KEY`] (or of a key created through the API), or
//!   a session token from `authenticate`
//!   ([`seed::USER_EMAIL`], [`seed::USER_PASSWORD`]); tokens expire (15 minutes unless set
//!   shorter) and `authRefresh` renews them only within the refresh window, while they are
//!   still good (an expired token gets 401 `AuthTokenExpired`: log in again). No credentials
//!   or a dead token give 401 with a Palette error body; a wrong key gives a plain-text
//!   `403 Forbidden`;
//! - scope: the `ProjectUid` header. A workspace made in one project is invisible from another
//!   and from tenant scope; an unknown project is 404 `ProjectNotFound`;
//! - workspaces: names are checked (400 `InvalidWorkspaceName`) and unique per scope (409
//!   `WorkspaceNameAlreadyExists`); clusters must be in the project; a missing workspace is 404
//!   `WorkspaceNotFound`;
//! - backups and restores move `New` → `InProgress` → an end state over a few reads. A run whose
//!   backup name contains `fail` ends `Failed`, one containing `partial` ends
//!   `PartiallyFailed`, any other `Completed`;
//! - projects (`projects` feature): created with unique names (409 `ProjectAlreadyExists`) and
//!   the roles they grant users and teams; a created project is a scope like the seeded ones and
//!   shows in `projectsMetadata`; deleting one is refused while it has clusters or workspaces
//!   (409 `ProjectNotEmpty`); the dashboard's project list filters by name, sorts and pages;
//! - users and teams (`users`, `teams`): unique emails and names (409), project roles read and
//!   replaced as a whole (unknown project or role: 404; a role that is not a project role: 400
//!   `RoleNotProjectScoped`); a user's roles through their teams show as `inheritedRoles`;
//!   deleting a user takes their roles, memberships and API keys along;
//! - roles (`roles`): the built-in ones ([`seed::BUILT_IN_ROLES`], never deletable: 403
//!   `BuiltInRoleNotDeletable`) and custom ones with unique names;
//! - API keys (`api_keys`): a created key authenticates until it is revoked, deleted or
//!   expires, then gets the plain-text `403 Forbidden`; lists show only its last four characters;
//! - lists that take `limit` and `continue` serve at most 50 items a page, with an opaque
//!   `listmeta.continue` (empty on the last page) and the total `count`;
//! - clusters (`spectroclusters`): created per cloud (`aws`, `eks`, `edge-native`, `virtual`)
//!   in a project only (tenant scope: 400 `ProjectScopeRequired`), with names checked (400
//!   `InvalidClusterName`) and unique per project (409 `ClusterNameAlreadyExists`); they move
//!   `Pending` → `Provisioning` → `Running` on a clock the test moves
//!   ([`FakePalette::advance`], timings from [`ClusterTiming`]), or along a path of the test's
//!   ([`FakePalette::script_cluster`]), with conditions for each state. A deleted cluster is
//!   `Deleting`, then `Deleted` for as long as [`FakePaletteBuilder::keep_deleted`] says (by
//!   default not at all), then gone: 404 `ResourceNotFound`, as for a cluster of another scope;
//! - imported clusters (`spectroclusters`): each cloud's import (`generic`, `aws`, `azure`,
//!   `gcp`, `vsphere`, `maas`, `edge-native`, `apache-cloudstack`) makes a cluster in the
//!   project, names checked as a creation's, `importMode` absent or `read-only` (else 400
//!   `InvalidImportMode`). It is `Pending` until its manifest is first fetched, then
//!   `Importing` for [`ClusterTiming::provisioning`], then `Running`. Its read shows
//!   `status.clusterImport` with `isBrownfield` and the `importLink` Palette gives: the whole
//!   `kubectl apply -f <url>` command, the URL on the fake's own
//!   `/v1/spectroclusters/{uid}/import/manifest`. That manifest (YAML: the agent, bound to
//!   `cluster-admin`, or to a role that only reads for a read-only import, with the import's
//!   proxy in its environment) is served without credentials, as `kubectl` fetches it; a
//!   cluster that was not imported has none (404 `ImportManifestNotFound`). A read-only import
//!   upgraded (`spectroClustersUidImportUpgradePatch`) binds its agent to `cluster-admin`;
//! - virtual clusters (`spectroclusters`): a running one pauses and resumes
//!   (`lifecycleConfig.pause`; another cloud's cluster is 400 `LifecycleNotSupported`, one not
//!   running 409 `ClusterNotRunning`); its read shows the pause asked for
//!   (`spec.clusterConfig.lifecycleConfig.pause`) and `status.virtual.lifecycleStatus`:
//!   `Pausing`, then `Paused`, or `Resuming`, then `Running`, each transition
//!   [`FakePalette::LIFECYCLE_STEP`] long. With `cloudconfigs`, its cloud config
//!   (`cloudConfigsVirtualGet`) shows the size it was created with, and a resize replaces it
//!   (400 `InvalidVirtualClusterSize` for no size, a value that is not positive or a minimum
//!   above its maximum); it is deleted as any cluster is;
//! - a cluster's overview says `Healthy` once it runs; its kubeconfigs are 404
//!   `KubeconfigNotFound` until then; its cloud config (aws, eks, edge-native) holds the machine
//!   pools given at creation (subnets listed as `subnetIds`, by availability zone), and a pool
//!   update replaces the pool, which shows on the next read; the cluster search
//!   filters by name, tags, state and cloud type, sorts and pages;
//! - machine pools (`spectroclusters` and `cloudconfigs`) on AWS, EKS, Azure, AKS, GCP, GKE,
//!   vSphere, MAAS, CloudStack, edge-native, generic and custom cloud types
//!   ([`FakePaletteBuilder::running_cluster`], [`FakePaletteBuilder::custom_cloud_type`]):
//!   added (409 `MachinePoolAlreadyExists`, 400 for an entity the cloud's type refuses),
//!   updated, removed (404 `MachinePoolNotFound`; 400 for the control plane's), and their
//!   machines listed, one per unit of size, ready once the cluster runs; a virtual cluster's
//!   machines are listed too; a custom cloud config is 404 under any other cloud type, and a
//!   new custom pool (its `values`, which the fake does not read) is not served;
//! - cluster profiles (`clusterprofiles`): seen only from the scope they were made in (a
//!   project or the tenant; another scope gets 404 `ResourceNotFound`), with (name, version)
//!   unique per scope (409 `ClusterProfileAlreadyExists`), a draft until published, variables
//!   read and replaced as a whole, and the dashboard list filtered by name, version and type.
//!   A new version is a clone (`clusterProfilesUidClone`): a new profile with its own uid, the
//!   version asked for, the source's packs (its published template, or its draft if never
//!   published), variables, annotations and labels, unpublished; it stays in the source's
//!   scope unless the body names a target; a (name, version) the target has is 409, a missing
//!   source 404. Packs are added (409 `PackAlreadyExists` for a name the profile has; a pack
//!   given without a uid gets one from its registry, name and tag), changed (a PUT: the values
//!   given replace the pack's) and removed, an unknown pack name being 404 `PackNotFound`.
//!   Pack changes go to the profile's draft: on a published profile the first change makes
//!   the draft a copy of the published template, and clusters keep the published template
//!   until the profile is published again (as Palette stages an edit until it is published);
//! - a cluster's profiles (with `spectroclusters`): listed with their packs, each showing the
//!   values the cluster overrides (`packValues` given at creation or by a profile update) in
//!   place of the profile's. `PUT` and `PATCH` attach alike: a profile naming
//!   `replaceWithProfile` takes that one's place, one already attached keeps its place, others
//!   are added. The pack values sent with a profile become its overrides as a whole; a
//!   replaced profile's overrides are not carried to its replacement (send them again), and a
//!   value for a pack the profile does not have never shows;
//! - registries (`registries`) and packs (`packs`): a pack registry `Public Repo` with the
//!   packs of AWS and edge profiles (kubernetes, ubuntu-aws, cni-calico, csi-aws-ebs, edge-k8s,
//!   edge-native-byoi, each in a few versions with default values), a Helm registry and an OCI
//!   registry ([`seed::REGISTRIES`], [`seed::PACKS`]; more with
//!   [`FakePaletteBuilder::registry`] and [`FakePaletteBuilder::pack`]). Registries are
//!   tenant-wide; their lists page, a created one needs a name unique among its kind's (409
//!   `RegistryAlreadyExists`) and an endpoint; an unknown uid, or one of another kind, is 404
//!   `ResourceNotFound`. A sync reports `InProgress` and then `Completed` on the fake's clock
//!   ([`FakePaletteBuilder::registry_sync_time`]), or `Failed` for a registry whose name
//!   contains `fail`. The pack search, a pack by name in a registry and a pack by uid answer
//!   as Palette's do, with versions (`tags`) and values (`packValues`);
//! - edge hosts (`edgehosts`): registration tokens (tenant-level) with unique names (409
//!   `EdgeTokenNameAlreadyExists`), an expiry in the future and a random value, listed and
//!   read with it, switched off and on, deleted; a host registers (`edgeHostDevicesRegister`)
//!   with an active, unexpired token of the tenant in `spec.host.hostAuthToken` (else 401
//!   `InvalidEdgeToken`, `EdgeTokenRevoked` or `EdgeTokenExpired`), into the request's
//!   project or the token's default one, under a uid and a DNS name unique in the tenant (409
//!   `EdgeHostAlreadyExists`, `EdgeHostNameAlreadyExists`); hosts are `ready` until put in a
//!   cluster of their project (`edgeHostDevicesUidClusterAssociate`), then `in-use`, and a
//!   host in a cluster cannot be deleted (409 `EdgeHostInUse`); the dashboard's host search
//!   filters by name, tags, state and health and pages; a meta update replaces a host's tags
//!   as a whole. A new tenant has no tokens and no hosts;
//! - cluster backups (`spectroclusters`): backup locations (`usersAssetsLocationGet`; created
//!   through the `users` operations for S3, MinIO, GCP and Azure, names unique per scope, 409
//!   `BackupLocationAlreadyExists`) belong to the tenant, which has the default S3 one of
//!   [`seed::BACKUP_LOCATION`], or to a project, which sees the tenant's beside its own. A
//!   cluster's backup settings are created once (409 `BackupConfigAlreadyExists`), then updated
//!   or removed; they are kept, never run on their schedule. A backup asked for now needs a name
//!   no backup of the cluster has (409 `BackupAlreadyExists`) and a location of the scope (404
//!   `BackupLocationNotFound`), and walks `New`, `InProgress`, `WaitingForPluginOperations`,
//!   `Finalizing` to `Completed`, one state a [`FakePalette::CLUSTER_RUN_STEP`] of the fake's
//!   clock; a name containing `partial` goes through the `...PartiallyFailed` states to
//!   `PartiallyFailed`, one containing `fail` from `InProgress` to `Failed`. A restore of a
//!   backup that ended `Completed` or `PartiallyFailed` (409 `BackupNotCompleted` otherwise),
//!   into the cluster or another of the project, walks the same way and ends as its backup did;
//!   it is listed in the cluster restored into. A cluster with no backup settings and no backups
//!   answers 404 `BackupNotConfigured`;
//! - SSH keys (`users`), saved per scope with a name unique in it (409 `SshKeyAlreadyExists`),
//!   listed, read and deleted; cluster groups (`clustergroups`): the system group
//!   [`seed::CLUSTER_GROUP`], seen from every scope, listed by name and read; private cloud
//!   gateways (`overlords`): none in a new tenant, more with
//!   [`FakePaletteBuilder::private_cloud_gateway`], listed (`name` keeps those whose name
//!   contains it) and read;
//! - faults on demand: [`FakePalette::fail_call`] makes the nth call of an operation fail;
//! - an operation of the document the fake does not serve answers 501 `NotImplementedByFake`
//!   naming it; a path no operation has answers 404 `ResourceNotFound`;
//! - replies look like Go's: empty lists are `null`, unset times are `0001-01-01T00:00:00Z`, and
//!   every reply has an `AuditUid` header.
//!
//! It is seeded as a new tenant is, with the projects "Default" and "Staging", a user, a team,
//! the built-in roles, three clusters, three registries and their packs, a backup location and
//! a cluster group ([`seed`]).
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! use palette_sdk::prelude::*;
//! use palette_sdk::testing::FakePalette;
//!
//! let fake = FakePalette::start().await?;
//! let client = fake.client()?.with_project_name("Default").await?;
//! let me = client.users_info_get().send().await?;
//! # Ok(()) }
//! ```

// The fake's layers, bottom to top: each uses only the ones listed before it.
// Plain helpers, with no dependency on the rest of the fake:
#[cfg(any(
    feature = "cloudaccounts",
    feature = "clusterprofiles",
    feature = "packs",
    feature = "edgehosts",
    feature = "projects",
    feature = "registries",
    feature = "roles",
    feature = "spectroclusters",
    feature = "teams",
    feature = "users"
))]
mod paging;
mod refusal;
pub mod seed;
// The tenant's state, one module per area:
mod model;
// Operations that need several areas at once:
mod rules;
// HTTP plumbing: serving handlers, the route table, scheduled faults:
mod http;
// The handlers, one module per area:
mod api;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::oneshot;

pub use model::clusters::ClusterTiming;
pub use model::registries::{FakePack, FakeRegistry};

use crate::{Client, ConfigError};

/// A running fake Palette. It stops when dropped.
#[derive(Debug)]
pub struct FakePalette {
    url: String,
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    shared: Arc<http::Shared>,
}

/// Settings for a [`FakePalette`].
#[derive(Debug, Clone)]
pub struct FakePaletteBuilder {
    port: u16,
    token_lifetime: Duration,
    cluster_timing: ClusterTiming,
    keep_deleted: Duration,
    registry_sync_time: Duration,
    registries: Vec<FakeRegistry>,
    /// (registry name, pack)
    packs: Vec<(String, FakePack)>,
    gateways: Vec<String>,
    /// (cloud type, name) of running clusters to add to the `Default` project.
    clusters: Vec<(String, String)>,
    /// Custom cloud types registered with the tenant.
    custom_clouds: Vec<String>,
}

impl Default for FakePaletteBuilder {
    fn default() -> Self {
        FakePaletteBuilder {
            port: 0,
            token_lifetime: Duration::from_secs(15 * 60),
            cluster_timing: ClusterTiming::default(),
            keep_deleted: Duration::ZERO,
            registry_sync_time: Duration::from_secs(2),
            registries: Vec::new(),
            packs: Vec::new(),
            gateways: Vec::new(),
            clusters: Vec::new(),
            custom_clouds: Vec::new(),
        }
    }
}

impl FakePaletteBuilder {
    /// Listen on this port of 127.0.0.1 (default: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// How long session tokens live (default 15 minutes, as Palette's).
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// How long created clusters spend in each state, in the fake's time (default
    /// [`ClusterTiming::default`]: Pending 1 s, Provisioning 2 s, Deleting 1 s).
    ///
    /// ```no_run
    /// # async fn example() -> std::io::Result<()> {
    /// use std::time::Duration;
    /// use palette_sdk::testing::{ClusterTiming, FakePalette};
    ///
    /// let fake = FakePalette::builder()
    ///     .cluster_timing(ClusterTiming {
    ///         provisioning: Duration::from_secs(15 * 60),
    ///         ..ClusterTiming::default()
    ///     })
    ///     .start()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn cluster_timing(mut self, timing: ClusterTiming) -> Self {
        self.cluster_timing = timing;
        self
    }

    /// How long a deleted cluster stays, in the fake's time, after its deletion ends: its
    /// reads, overview and search show it with the state `Deleted` (as Palette keeps deleted
    /// clusters for a while), its name is free for a new cluster, and after that it is gone
    /// (404). Default: zero, so a deleted cluster is gone as soon as it stops `Deleting`.
    ///
    /// ```no_run
    /// # async fn example() -> std::io::Result<()> {
    /// use std::time::Duration;
    /// use palette_sdk::testing::FakePalette;
    ///
    /// let fake = FakePalette::builder()
    ///     .keep_deleted(Duration::from_secs(24 * 3600))
    ///     .start()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn keep_deleted(mut self, how_long: Duration) -> Self {
        self.keep_deleted = how_long;
        self
    }

    /// Adds a registry to those of [`seed::REGISTRIES`], synced when the fake starts; its uid
    /// is made up when the fake starts (find it through the API). Packs go in with
    /// [`pack`](Self::pack).
    ///
    /// ```no_run
    /// # async fn example() -> std::io::Result<()> {
    /// use palette_sdk::testing::{FakePack, FakePalette, FakeRegistry};
    ///
    /// let fake = FakePalette::builder()
    ///     .registry(FakeRegistry::pack("Mirror"))
    ///     .pack("Mirror", FakePack::new("kubernetes", "1.32.2").layer("k8s"))
    ///     .start()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn registry(mut self, registry: FakeRegistry) -> Self {
        self.registries.push(registry);
        self
    }

    /// Adds a pack version to the registry named `registry`: one of [`seed::REGISTRIES`]
    /// (such as `Public Repo`) or one added with [`registry`](Self::registry). Its uid is
    /// made up when the fake starts. [`start`](Self::start) fails if no registry, or several,
    /// have that name.
    ///
    /// ```no_run
    /// # async fn example() -> std::io::Result<()> {
    /// use palette_sdk::testing::{FakePack, FakePalette};
    ///
    /// let fake = FakePalette::builder()
    ///     .pack("Public Repo", FakePack::new("kubernetes", "1.33.0").layer("k8s"))
    ///     .pack("Bitnami", FakePack::new("redis", "20.1.0").values("architecture: standalone\n"))
    ///     .start()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn pack(mut self, registry: impl Into<String>, pack: FakePack) -> Self {
        self.packs.push((registry.into(), pack));
        self
    }

    /// How long a registry sync takes, in the fake's time (default 2 s): a registry reports
    /// `InProgress` from when a sync is asked for (or it is created) until then, and then
    /// `Completed`, or `Failed` when its name contains `fail`.
    pub fn registry_sync_time(mut self, how_long: Duration) -> Self {
        self.registry_sync_time = how_long;
        self
    }

    /// Adds a private cloud gateway called `name` to the tenant (a new tenant has none); its
    /// uid is made up when the fake starts.
    ///
    /// ```no_run
    /// # async fn example() -> std::io::Result<()> {
    /// use palette_sdk::testing::FakePalette;
    ///
    /// let fake = FakePalette::builder().private_cloud_gateway("dc1-pcg").start().await?;
    /// # Ok(()) }
    /// ```
    pub fn private_cloud_gateway(mut self, name: impl Into<String>) -> Self {
        self.gateways.push(name.into());
        self
    }

    /// Adds a running cluster called `name` on the cloud `cloud_type` (as `spec.cloudType`
    /// names it: `aws`, `eks`, `azure`, `aks`, `gcp`, `gke`, `vsphere`, `maas`,
    /// `apache-cloudstack`, `edge-native`, `generic`) to the `Default` project, with a
    /// control-plane pool of one node and a `worker-pool` of two, shaped as that cloud's
    /// config lists pools: what a machine pool workflow needs on clouds the fake does not
    /// create clusters on. A cloud type registered with
    /// [`custom_cloud_type`](Self::custom_cloud_type) works too; any other makes
    /// [`start`](Self::start) fail.
    ///
    /// ```no_run
    /// # async fn example() -> std::io::Result<()> {
    /// use palette_sdk::testing::FakePalette;
    ///
    /// let fake = FakePalette::builder().running_cluster("azure", "payments-west").start().await?;
    /// # Ok(()) }
    /// ```
    pub fn running_cluster(mut self, cloud_type: &str, name: impl Into<String>) -> Self {
        self.clusters.push((cloud_type.to_string(), name.into()));
        self
    }

    /// Registers the custom cloud type `name` (one a tenant adds for a cloud Palette does not
    /// ship), so that [`running_cluster`](Self::running_cluster) can seed clusters on it.
    /// Their pools are served under `/v1/cloudconfigs/cloudTypes/{name}/...`, each with its
    /// own `values` YAML.
    ///
    /// ```no_run
    /// # async fn example() -> std::io::Result<()> {
    /// use palette_sdk::testing::FakePalette;
    ///
    /// let fake = FakePalette::builder()
    ///     .custom_cloud_type("nutanix")
    ///     .running_cluster("nutanix", "branch-7")
    ///     .start()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn custom_cloud_type(mut self, name: impl Into<String>) -> Self {
        self.custom_clouds.push(name.into());
        self
    }

    /// Starts the server on the current tokio runtime.
    pub async fn start(self) -> std::io::Result<FakePalette> {
        let mut model = model::Model::new(self.token_lifetime);
        model.clusters.timing = self.cluster_timing;
        model.clusters.keep_deleted = self.keep_deleted;
        model.registries.sync_time = self.registry_sync_time;
        for registry in self.registries {
            let uid = model.new_uid();
            model.registries.add(uid, registry);
        }
        for name in self.gateways {
            model.assets.add_gateway(&mut model.uids, name);
        }
        for (cloud_type, name) in self.clusters {
            let cloud = match model::clusters::Cloud::named(&cloud_type) {
                Some(cloud) => (cloud, String::new()),
                None if self.custom_clouds.contains(&cloud_type) => {
                    (model::clusters::Cloud::Custom, cloud_type)
                }
                None => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        format!("the fake has no cloud type {cloud_type:?}"),
                    ));
                }
            };
            let (uid, config_uid) = (model.new_uid(), model.new_uid());
            let project = seed::PROJECTS[0].0;
            model
                .clusters
                .seed_running(project, cloud, &name, uid, config_uid);
        }
        for (registry, pack) in self.packs {
            let registry_uid = model
                .registries
                .uid_named(&registry)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
            let uid = model.new_uid();
            model.registries.add_pack(uid, &registry_uid, pack);
        }
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await?;
        let address = listener.local_addr()?;
        let shared = Arc::new(http::Shared {
            model: Mutex::new(model),
            faults: Mutex::new(http::faults::Faults::default()),
        });
        let app = api::routes()
            .into_router()
            .layer(axum::middleware::from_fn_with_state(
                Arc::clone(&shared),
                http::coverage::scheduled_faults,
            ))
            .with_state(Arc::clone(&shared));
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let serving = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(e) = serving.await {
                tracing::warn!(error = %e, "the fake Palette stopped with an error");
            }
        });
        Ok(FakePalette {
            url: format!("http://{address}"),
            address,
            stop: Some(stop),
            shared,
        })
    }
}

impl FakePalette {
    /// Starts a fake on a free port of 127.0.0.1 with default settings.
    pub async fn start() -> std::io::Result<FakePalette> {
        FakePalette::builder().start().await
    }

    /// Settings for a fake.
    pub fn builder() -> FakePaletteBuilder {
        FakePaletteBuilder::default()
    }

    /// The base URL, such as `http://127.0.0.1:41234`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// A tenant-scope client for this fake, with its API key.
    pub fn client(&self) -> Result<Client, ConfigError> {
        Client::builder()
            .base_url(&self.url)
            .api_key(seed::API_KEY)
            .proxy_from_env(false)
            .build()
    }

    /// A tenant-scope client for this fake without credentials, for logging in.
    pub fn anonymous_client(&self) -> Result<Client, ConfigError> {
        Client::builder()
            .base_url(&self.url)
            .proxy_from_env(false)
            .build()
    }
}

/// Test controls: the fake's clock, scripted clusters and scheduled failures.
impl FakePalette {
    /// How long a cluster backup or a restore spends in each of its states, in the fake's
    /// time (see [`advance`](Self::advance)): one minute.
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
    /// use palette_sdk::testing::FakePalette;
    ///
    /// let fake = FakePalette::start().await?;
    /// // ... back a cluster up: the backup is New ...
    /// fake.advance(FakePalette::CLUSTER_RUN_STEP * 4);
    /// // ... and now Completed.
    /// # Ok(()) }
    /// ```
    pub const CLUSTER_RUN_STEP: Duration = model::cluster_backups::STEP;

    /// How long a virtual cluster is `Pausing` after a pause, or `Resuming` after a resume,
    /// in the fake's time (see [`advance`](Self::advance)): one minute.
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
    /// use palette_sdk::testing::FakePalette;
    ///
    /// let fake = FakePalette::start().await?;
    /// // ... pause a running virtual cluster: it is Pausing ...
    /// fake.advance(FakePalette::LIFECYCLE_STEP);
    /// // ... and now Paused.
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "spectroclusters")]
    pub const LIFECYCLE_STEP: Duration = model::virtual_clusters::STEP;

    /// Moves the fake's clock forward by `by`. The fake's time is the real time since it
    /// started plus every advance, so a test drives clusters through their states, and
    /// registry syncs to their end, without sleeping.
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use palette_sdk::testing::FakePalette;
    ///
    /// let fake = FakePalette::start().await?;
    /// // ... create a cluster: it is Pending ...
    /// fake.advance(Duration::from_secs(60));
    /// // ... and now Running, with the default timings.
    /// # Ok(()) }
    /// ```
    pub fn advance(&self, by: Duration) {
        self.shared.model().clusters.advance(by);
    }

    /// How far the fake's clock is from when it started: real time plus every
    /// [`advance`](Self::advance).
    pub fn elapsed(&self) -> Duration {
        self.shared.model().clusters.now()
    }

    /// Makes the next cluster created with `name` walk `states`, one per
    /// [`ClusterTiming::step`], and stay in the last one, instead of Pending, Provisioning,
    /// Running. This is how a test gets a cluster that ends in an error state. Deleting it
    /// still works as for any cluster. An empty `states` leaves the usual path.
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
    /// use palette_sdk::testing::FakePalette;
    ///
    /// let fake = FakePalette::start().await?;
    /// fake.script_cluster("doomed", &["Pending", "Provisioning", "Failed"]);
    /// # Ok(()) }
    /// ```
    pub fn script_cluster(&self, name: &str, states: &[&str]) {
        self.shared.model().clusters.script(name, states);
    }

    /// Makes the `nth` call (1 = the next one) of `operation_id` from now, such as
    /// `"spectroClustersGet"`, answer `status` with a Palette error body instead of being
    /// served; the calls before and after it are served as usual. `status` is meant to be a
    /// 5xx (or 429); a status outside 400..=599 is answered as 500. Calls are matched to
    /// operations by method and path, so an operation the fake does not serve can fail too.
    ///
    /// ```no_run
    /// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
    /// use palette_sdk::testing::FakePalette;
    ///
    /// let fake = FakePalette::start().await?;
    /// fake.fail_call("spectroClustersGet", 2, 503); // the second read answers 503
    /// # Ok(()) }
    /// ```
    pub fn fail_call(&self, operation_id: &str, nth: u32, status: u16) {
        self.shared
            .faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .schedule(operation_id, nth, status);
    }
}

impl Drop for FakePalette {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
