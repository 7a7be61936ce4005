//! Clusters, ergonomically: search, get, create and validate, wait until running or gone, kubeconfigs, scale a pool, change profiles, delete.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures_util::TryStreamExt;
use futures_util::stream::BoxStream;
use serde::de::DeserializeOwned;

use crate::client::generated::{
    ClientCloudconfigsExt, ClientDashboardExt, ClientSpectroclustersExt,
};
use crate::enums::{
    SearchFilterConjunctionOperator, SearchFilterPropertyType, SearchFilterStringOperator,
    SearchSortFields, SortOrder,
};
use crate::error::DecodeError;
use crate::ext::lookup::{self, NameKind};
use crate::ext::new_cluster::NewCluster;
use crate::ext::pool_entity::{entity_of_listed, listed_pool, typed};
use crate::send::call::{Call, operation_of};
use crate::send::pagination::Paged;
use crate::send::wait::{self, Awaited, Verdict, WaitFailure, WaitOptions};
use crate::{Client, Error, types};

/// The clusters of one client handle's scope. Get one with [`Client::clusters`]; it owns a
/// cheap clone of the client, so it can be stored or moved into a task.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::ext::{AwsCluster, ClusterFilter, DeleteOptions, MachinePool};
/// use palette_sdk::wait::WaitOptions;
///
/// let clusters = client.with_project_name("Default").await?.clusters();
/// let uid = clusters
///     .create(
///         AwsCluster::new("payments-east", "64f0a5", "us-east-1")
///             .profile("64f0cp1")
///             .control_plane(MachinePool::new("cp", "m5.large", 1))
///             .worker_pool(MachinePool::new("workers", "m5.xlarge", 2)),
///     )
///     .await?;
/// clusters
///     .wait_until_running(&uid, WaitOptions::default(), |s| println!("{}: {}", s.name, s.state))
///     .await?;
/// let kubeconfig = clusters.kubeconfig(&uid).await?;
/// clusters.scale_pool(&uid, "workers", 4).await?;
/// let running = clusters.list(ClusterFilter::new().state("Running")).await?;
/// clusters.delete(&uid, DeleteOptions::new()).await?;
/// clusters.wait_until_deleted(&uid, WaitOptions::default(), |_| {}).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Clusters {
    pub(super) client: Client,
}

impl Client {
    /// The clusters in this handle's scope (clusters live in projects: scope the handle to
    /// one with [`Client::with_project`] or [`Client::with_project_name`]).
    pub fn clusters(&self) -> Clusters {
        Clusters {
            client: self.clone(),
        }
    }
}

/// Which clusters a search returns: every condition given must hold; several values for one
/// condition match any of them. No condition: every cluster of the scope.
///
/// ```
/// use palette_sdk::ext::ClusterFilter;
/// let filter = ClusterFilter::new()
///     .name_contains("payments")
///     .tag("env:prod")
///     .state("Running")
///     .cloud_type("aws")
///     .cloud_type("eks");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterFilter {
    name: Option<(SearchFilterStringOperator, String)>,
    ignore_case: bool,
    tags: Vec<String>,
    states: Vec<String>,
    cloud_types: Vec<String>,
}

impl ClusterFilter {
    /// Every cluster.
    pub fn new() -> Self {
        ClusterFilter::default()
    }

    /// Clusters named exactly `name`.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some((SearchFilterStringOperator::Eq, name.into()));
        self
    }

    /// Clusters whose name contains `part`.
    pub fn name_contains(mut self, part: impl Into<String>) -> Self {
        self.name = Some((SearchFilterStringOperator::Contains, part.into()));
        self
    }

    /// Clusters whose name starts with `prefix` (`prod-` finds `prod-east` and `prod-west`).
    pub fn name_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.name = Some((SearchFilterStringOperator::BeginsWith, prefix.into()));
        self
    }

    /// Match the name ([`name`](Self::name), [`name_contains`](Self::name_contains),
    /// [`name_prefix`](Self::name_prefix)) without regard to case, as Palette's search does
    /// when asked (`ignoreCase`): `Prod` finds `prod-east`. Tags, states and cloud types always
    /// match exactly. Off by default.
    ///
    /// ```
    /// # #[cfg(feature = "spectroclusters")] {
    /// use palette_sdk::ext::ClusterFilter;
    ///
    /// let filter = ClusterFilter::new().name_prefix("Prod").ignore_case(true).state("Running");
    /// # }
    /// ```
    pub fn ignore_case(mut self, ignore: bool) -> Self {
        self.ignore_case = ignore;
        self
    }

    /// Clusters with this tag (`key` or `key:value`).
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }

    /// Clusters in this state (`Pending`, `Provisioning`, `Running`, `Deleting`, ...).
    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.states.push(state.into());
        self
    }

    /// Clusters on this cloud type (`aws`, `eks`, `edge-native`, `virtual`, ...).
    pub fn cloud_type(mut self, cloud_type: impl Into<String>) -> Self {
        self.cloud_types.push(cloud_type.into());
        self
    }

    /// The search body Palette reads: one group of `and`-ed conditions, sorted by name.
    pub fn into_spec(self) -> types::SearchFilterSummarySpec {
        let condition = |property: &str, operator, values: Vec<String>, ignore_case: bool| {
            types::SearchFilterItem {
                property: Some(property.to_string()),
                type_: Some(SearchFilterPropertyType::String),
                condition: Some(types::SearchFilterCondition {
                    string: Some(types::SearchFilterStringCondition {
                        operator: Some(operator),
                        match_: Some(types::SearchFilterStringConditionMatch {
                            conjunction: Some(SearchFilterConjunctionOperator::Or),
                            values: Some(values),
                        }),
                        ignore_case: Some(ignore_case),
                        negation: Some(false),
                    }),
                    ..Default::default()
                }),
            }
        };
        let mut filters = Vec::new();
        if let Some((operator, name)) = self.name {
            filters.push(condition(
                "clusterName",
                operator,
                vec![name],
                self.ignore_case,
            ));
        }
        for (property, values) in [
            ("tags", self.tags),
            ("clusterState", self.states),
            ("environment", self.cloud_types),
        ] {
            if !values.is_empty() {
                filters.push(condition(
                    property,
                    SearchFilterStringOperator::Eq,
                    values,
                    false,
                ));
            }
        }
        types::SearchFilterSummarySpec {
            filter: (!filters.is_empty()).then(|| types::SearchFilterSpec {
                conjunction: Some(SearchFilterConjunctionOperator::And),
                filter_groups: Some(vec![types::SearchFilterGroup {
                    conjunction: Some(SearchFilterConjunctionOperator::And),
                    filters: Some(filters),
                }]),
            }),
            sort: Some(vec![types::SearchFilterSortSpec {
                field: Some(SearchSortFields::ClusterName),
                order: Some(SortOrder::Asc),
            }]),
        }
    }
}

/// One observation of a cluster while waiting: its state, health and conditions.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterStatus {
    /// The cluster's uid.
    pub uid: String,
    /// The cluster's name.
    pub name: String,
    /// Its lifecycle state as Palette reports it: `Pending`, `Provisioning`, `Running`,
    /// `Importing`, `Deleting`, ... (empty when Palette reports none yet).
    pub state: String,
    /// Its health as the cluster overview reports it (`Healthy` once it runs well), if any.
    pub health: Option<String>,
    /// Its conditions, as Palette lists them.
    pub conditions: Vec<types::ClusterCondition>,
}

impl ClusterStatus {
    /// True once the cluster runs and its overview says it is healthy.
    pub fn is_running_and_healthy(&self) -> bool {
        self.state.eq_ignore_ascii_case("Running")
            && self
                .health
                .as_deref()
                .is_some_and(|h| h.eq_ignore_ascii_case("Healthy"))
    }

    /// True when Palette reports the cluster `Deleted` (ASCII case ignored). Palette keeps a
    /// deleted cluster for a while before it answers 404 for it; either way it is gone.
    pub fn is_deleted(&self) -> bool {
        self.state.eq_ignore_ascii_case("Deleted")
    }

    /// True for a state a cluster on its way to running does not come back from: `Failed`,
    /// `Error`, `Deleting` or `Deleted` (ASCII case ignored).
    pub fn has_failed(&self) -> bool {
        ["Failed", "Error", "Deleting", "Deleted"]
            .iter()
            .any(|s| self.state.eq_ignore_ascii_case(s))
    }

    fn read(uid: &str, overview: types::SpectroClusterUidSummary) -> ClusterStatus {
        let status = overview.status.unwrap_or_default();
        ClusterStatus {
            uid: uid.to_string(),
            name: lookup::name_of(&overview.metadata)
                .unwrap_or_default()
                .to_string(),
            state: status.state.unwrap_or_default(),
            health: status.health.and_then(|h| h.state),
            conditions: status.conditions.unwrap_or_default(),
        }
    }
}

/// How a cluster is deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeleteOptions {
    force: bool,
    ignore_missing: bool,
}

impl DeleteOptions {
    /// A plain delete: Palette cleans up the cloud resources, and a cluster that is already
    /// gone is an error.
    pub fn new() -> Self {
        DeleteOptions::default()
    }

    /// Remove the cluster from Palette even if its cloud resources cannot be cleaned up
    /// (`forceDelete`).
    pub fn force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }

    /// Treat a cluster that is already gone (404) as deleted.
    pub fn ignore_missing(mut self, ignore: bool) -> Self {
        self.ignore_missing = ignore;
        self
    }
}

impl Clusters {
    /// Every cluster the filter matches, with its health, cloud and usage, streamed 50 a page
    /// over Palette's `continue` (`spectroClustersSearchFilterSummary`).
    pub fn search(
        &self,
        filter: ClusterFilter,
    ) -> BoxStream<'_, Result<types::SpectroClusterSummary, Error>> {
        self.client
            .spectro_clusters_search_filter_summary()
            .body(filter.into_spec())
            .stream()
    }

    /// Every cluster the filter matches, collected.
    pub async fn list(
        &self,
        filter: ClusterFilter,
    ) -> Result<Vec<types::SpectroClusterSummary>, Error> {
        self.search(filter).try_collect().await
    }

    /// One cluster, with its spec and status (`spectroClustersGet`).
    pub async fn get(&self, uid: &str) -> Result<types::SpectroCluster, Error> {
        self.client.spectro_clusters_get().uid(uid).send().await
    }

    /// The cluster named exactly `name` in the handle's project, if there is one; an error if
    /// several are ([`Error::AmbiguousName`]), and on a tenant handle
    /// ([`Error::ProjectScopeRequired`]: clusters live in projects). A cluster Palette reports
    /// `Deleted` is gone (Palette keeps deleted clusters for a while), so it never counts: its
    /// name may already belong to a new cluster.
    pub async fn find_by_name(&self, name: &str) -> Result<Option<types::SpectroCluster>, Error> {
        self.in_a_project("finding a cluster by name")?;
        let found = self.list(ClusterFilter::new().name(name)).await?;
        let is_deleted = |c: &types::SpectroClusterSummary| {
            c.status
                .as_ref()
                .and_then(|s| s.state.as_deref())
                .is_some_and(|s| s.eq_ignore_ascii_case("Deleted"))
        };
        let uids = found.iter().filter(|c| !is_deleted(c)).filter_map(|c| {
            (lookup::name_of(&c.metadata) == Some(name))
                .then(|| lookup::uid_of(&c.metadata).map(str::to_string))
                .flatten()
        });
        match lookup::at_most_one(NameKind::CLUSTER, name, uids)? {
            Some(uid) => self.get(&uid).await.map(Some),
            None => Ok(None),
        }
    }

    /// The cluster named exactly `name` in the handle's project: [`find_by_name`](Self::find_by_name),
    /// with none an error ([`Error::NameNotFound`], kind `cluster`).
    ///
    /// ```no_run
    /// # async fn example(project: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::Resource;
    ///
    /// let cluster = project.clusters().get_by_name("prod-east").await?;
    /// println!("{}", cluster.uid().unwrap_or_default());
    /// # Ok(()) }
    /// ```
    pub async fn get_by_name(&self, name: &str) -> Result<types::SpectroCluster, Error> {
        lookup::required(NameKind::CLUSTER, name, self.find_by_name(name).await?)
    }

    /// Fails with [`Error::ProjectScopeRequired`] on a tenant handle.
    pub(super) fn in_a_project(&self, what: &'static str) -> Result<(), Error> {
        match self.client.scope().project_uid() {
            Some(_) => Ok(()),
            None => Err(Error::ProjectScopeRequired { what }),
        }
    }

    /// The cluster's overview: state, health, conditions, usage and cost
    /// (`spectroClustersSummaryUidOverview`).
    pub async fn overview(&self, uid: &str) -> Result<types::SpectroClusterUidSummary, Error> {
        self.client
            .spectro_clusters_summary_uid_overview()
            .uid(uid)
            .send()
            .await
    }

    /// Where the cluster stands, or `None` when Palette does not know it (404).
    pub async fn status(&self, uid: &str) -> Result<Option<ClusterStatus>, Error> {
        match self.overview(uid).await {
            Ok(overview) => Ok(Some(ClusterStatus::read(uid, overview))),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Creates the cluster and returns its uid; Palette starts provisioning it. Clusters are
    /// made in a project: on a tenant handle this fails with [`Error::ProjectScopeRequired`]
    /// before anything is sent.
    pub async fn create(&self, cluster: impl Into<NewCluster>) -> Result<String, Error> {
        self.in_a_project("creating a cluster")?;
        cluster.into().create(&self.client).await
    }

    /// Asks Palette whether the cluster could be created as given, without creating it:
    /// what it says of the machine pools and profiles.
    pub async fn validate(
        &self,
        cluster: impl Into<NewCluster>,
    ) -> Result<types::SpectroClusterValidatorResponse, Error> {
        cluster.into().validate(&self.client).await
    }

    /// How long after a [`wait_until_running`](Self::wait_until_running) starts a 404 for
    /// the cluster still means "not visible yet" rather than "not there": 30 seconds.
    /// Palette's reads can lag a moment behind the create that made a cluster.
    pub const NOT_VISIBLE_GRACE: Duration = Duration::from_secs(30);

    /// Polls the cluster until it runs and its overview says `Healthy`. `progress` sees every
    /// observation.
    ///
    /// Fails, naming the cluster and its last state:
    /// - when it enters a state it does not come back from (see
    ///   [`ClusterStatus::has_failed`]), with [`WaitFailure::Failed`];
    /// - when Palette does not know it ([`WaitFailure::NotFound`]): a 404 once the cluster has
    ///   been seen (it was deleted meanwhile), or a 404 at a poll made
    ///   [`NOT_VISIBLE_GRACE`](Self::NOT_VISIBLE_GRACE) (30 s) or more after the wait started.
    ///   A 404 before that is Palette's reads lagging behind the create, and polling goes on
    ///   (so a wrong uid fails after about 30 s, or at `options.timeout` if that comes first);
    /// - when `options.timeout` passes ([`WaitFailure::TimedOut`]).
    ///
    /// ```no_run
    /// # async fn example(clusters: palette_sdk::ext::Clusters, uid: &str) -> Result<(), palette_sdk::Error> {
    /// use std::time::Duration;
    /// use palette_sdk::wait::WaitOptions;
    ///
    /// let options = WaitOptions::default().timeout(Duration::from_secs(45 * 60));
    /// let running = clusters
    ///     .wait_until_running(uid, options, |s| println!("{}: {}", s.name, s.state))
    ///     .await?;
    /// assert!(running.is_running_and_healthy());
    /// # Ok(()) }
    /// ```
    pub async fn wait_until_running(
        &self,
        uid: &str,
        options: WaitOptions,
        progress: impl FnMut(&ClusterStatus),
    ) -> Result<ClusterStatus, Error> {
        let started = tokio::time::Instant::now();
        // Atomic rather than a Cell, so that the wait stays a `Send` future.
        let seen = AtomicBool::new(false);
        let judge = |status: Option<&ClusterStatus>| match status {
            None if !seen.load(Ordering::Relaxed)
                && started.elapsed() < Self::NOT_VISIBLE_GRACE =>
            {
                Verdict::Waiting
            }
            None => Verdict::Failed(WaitFailure::NotFound),
            Some(s) => {
                seen.store(true, Ordering::Relaxed);
                if s.is_running_and_healthy() {
                    Verdict::Done
                } else if s.has_failed() {
                    Verdict::Failed(WaitFailure::Failed)
                } else {
                    Verdict::Waiting
                }
            }
        };
        let awaited = Awaited::ClusterRunning {
            uid: uid.to_string(),
        };
        wait::poll_until_observed(
            awaited,
            options,
            || self.status(uid),
            judge,
            |s| Some(s.state.clone()),
            progress,
        )
        .await
    }

    /// Polls the cluster until it is gone: Palette answers 404 for it, or reports it
    /// `Deleted` (Palette keeps a deleted cluster for a while; see
    /// [`ClusterStatus::is_deleted`]). Fails when `options.timeout` passes first, naming the
    /// last state. `progress` sees every observation, the `Deleted` one included.
    pub async fn wait_until_deleted(
        &self,
        uid: &str,
        options: WaitOptions,
        progress: impl FnMut(&ClusterStatus),
    ) -> Result<(), Error> {
        let judge = |status: Option<&ClusterStatus>| match status {
            None => Verdict::Done,
            Some(s) if s.is_deleted() => Verdict::Done,
            Some(_) => Verdict::Waiting,
        };
        wait::poll_until(
            Awaited::ClusterDeleted {
                uid: uid.to_string(),
            },
            options,
            || self.status(uid),
            judge,
            |s| Some(s.state.clone()),
            progress,
        )
        .await
        .map(drop)
    }

    /// The cluster's kubeconfig, as text to save or hand to a Kubernetes client
    /// (`spectroClustersUidKubeConfig`).
    pub async fn kubeconfig(&self, uid: &str) -> Result<String, Error> {
        let call = self.client.spectro_clusters_uid_kube_config().uid(uid);
        let operation = operation_of(&call);
        text(operation, call.send().await?)
    }

    /// The cluster's admin kubeconfig, as text (`spectroClustersUidAdminKubeConfig`).
    pub async fn admin_kubeconfig(&self, uid: &str) -> Result<String, Error> {
        let call = self
            .client
            .spectro_clusters_uid_admin_kube_config()
            .uid(uid);
        let operation = operation_of(&call);
        text(operation, call.send().await?)
    }

    /// Sets the number of nodes of the machine pool `pool` of an AWS or EKS cluster: reads
    /// the cluster's cloud config and writes the pool back with the new size, everything else
    /// as it was. Other clouds have their own pool operations (edge-native pools grow by
    /// adding edge hosts).
    pub async fn scale_pool(&self, uid: &str, pool: &str, size: i32) -> Result<(), Error> {
        let spec = self.get(uid).await?.spec.unwrap_or_default();
        let config_uid =
            spec.cloud_config_ref
                .and_then(|r| r.uid)
                .ok_or_else(|| Error::NameNotFound {
                    kind: NameKind::CLOUD_CONFIG,
                    name: uid.to_string(),
                })?;
        let cloud_type = spec.cloud_type.unwrap_or_default();
        match cloud_type.as_str() {
            "aws" => {
                let config = self
                    .client
                    .cloud_configs_aws_get()
                    .config_uid(&config_uid)
                    .send()
                    .await?;
                let pools = config.spec.and_then(|s| s.machine_pool_config);
                let call = self.client.cloud_configs_aws_machine_pool_update();
                let entity: types::AwsMachinePoolConfigEntity =
                    resized(operation_of(&call), pools, pool, size)?;
                call.config_uid(&config_uid)
                    .machine_pool_name(pool)
                    .body(entity)
                    .send()
                    .await
            }
            "eks" => {
                let config = self
                    .client
                    .cloud_configs_eks_get()
                    .config_uid(&config_uid)
                    .send()
                    .await?;
                let pools = config.spec.and_then(|s| s.machine_pool_config);
                let call = self.client.cloud_configs_eks_machine_pool_update();
                let entity: types::EksMachinePoolConfigEntity =
                    resized(operation_of(&call), pools, pool, size)?;
                call.config_uid(&config_uid)
                    .machine_pool_name(pool)
                    .body(entity)
                    .send()
                    .await
            }
            other => Err(Error::NotSupported {
                what: "scaling a machine pool",
                detail: format!(
                    "the SDK scales aws and eks pools; cluster {uid} is on {other:?}: use its \
                     cloud type's cloud config operations"
                ),
            }),
        }
    }

    /// The profiles attached to the cluster, with their packs (`spectroClustersGetProfiles`).
    pub async fn profiles(&self, uid: &str) -> Result<Vec<types::SpectroClusterProfile>, Error> {
        let list = self
            .client
            .spectro_clusters_get_profiles()
            .uid(uid)
            .send()
            .await?;
        Ok(list.profiles.unwrap_or_default())
    }

    /// Attaches these profiles (by uid, infrastructure first) to the cluster in place of the
    /// ones it has; Palette rolls the change out (`spectroClustersUpdateProfiles`).
    pub async fn update_profiles<I, S>(&self, uid: &str, profile_uids: I) -> Result<(), Error>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let profiles = profile_uids
            .into_iter()
            .map(|p| types::SpectroClusterProfileEntity {
                uid: Some(p.into()),
                ..Default::default()
            })
            .collect();
        self.client
            .spectro_clusters_update_profiles()
            .uid(uid)
            .body(types::SpectroClusterProfiles {
                profiles: Some(profiles),
                spc_apply_settings: None,
            })
            .send()
            .await
    }

    /// Deletes the cluster: Palette moves it to `Deleting` and removes it once its resources
    /// are gone (see [`wait_until_deleted`](Self::wait_until_deleted)).
    pub async fn delete(&self, uid: &str, options: DeleteOptions) -> Result<(), Error> {
        let mut call = self.client.spectro_clusters_delete().uid(uid);
        if options.force {
            call = call.force_delete(true);
        }
        match call.send().await {
            Err(e) if options.ignore_missing && e.is_not_found() => Ok(()),
            other => other,
        }
    }
}

/// A file reply read as UTF-8 text.
fn text(
    operation: &'static crate::document::operation::Operation,
    body: bytes::Bytes,
) -> Result<String, Error> {
    String::from_utf8(body.to_vec())
        .map_err(|e| Error::Decode(Box::new(DecodeError::not_text(operation, &e))))
}

/// The update body of the pool named `name` among `pools` (read as the cloud config lists
/// them), with `size` nodes, everything else as the pool had it (see
/// [`entity_of_listed`]).
fn resized<P, E>(
    operation: &'static crate::document::operation::Operation,
    pools: Option<Vec<P>>,
    name: &str,
    size: i32,
) -> Result<E, Error>
where
    P: serde::Serialize,
    E: DeserializeOwned,
{
    let listed: Vec<serde_json::Value> = pools
        .unwrap_or_default()
        .iter()
        .filter_map(|p| serde_json::to_value(p).ok())
        .collect();
    let mut pool = listed_pool(&listed, name)?;
    pool.insert("size".into(), serde_json::Value::from(size));
    typed(operation, entity_of_listed(pool))
}
