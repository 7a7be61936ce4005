//! Edge hosts and their registration tokens, ergonomically: tokens made, revoked and deleted; hosts registered, searched, found, tagged, awaited and deleted.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use futures_util::stream::BoxStream;
use secrecy::{ExposeSecret, SecretString};

use crate::client::generated::{ClientDashboardExt, ClientEdgehostsExt};
use crate::enums::{
    SearchFilterConjunctionOperator, SearchFilterPropertyType, SearchFilterStringOperator,
};
use crate::ext::created::SendForUid;
use crate::ext::lookup::{self, NameKind};
use crate::send::call::Call;
use crate::send::pagination::Paged;
use crate::send::wait::{self, Awaited, Verdict, WaitFailure, WaitOptions};
use crate::{Client, Error, types};

// ---------------------------------------------------------------- registration tokens

/// The tenant's edge host registration tokens: what an edge host presents to register itself
/// with Palette. Get one with [`Client::edge_tokens`]; it owns a cheap clone of the client.
/// Registration tokens are tenant resources: no `ProjectUid` is ever sent.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::ext::NewEdgeToken;
/// use secrecy::ExposeSecret;
///
/// let tokens = client.edge_tokens();
/// let token = tokens
///     .create(NewEdgeToken::valid_for("stores", chrono::Duration::days(30)).default_project("64f0c1"))
///     .await?;
/// write_user_data(token.token().expose_secret()); // stylus.site.edgeHostToken
/// // Once the stores are up, no more hosts may register with it:
/// tokens.revoke(token.uid()).await?;
/// # fn write_user_data(_: &str) {}
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct EdgeTokens {
    client: Client,
}

impl Client {
    /// The tenant's edge host registration tokens.
    pub fn edge_tokens(&self) -> EdgeTokens {
        EdgeTokens {
            client: self.tenant(),
        }
    }
}

/// A registration token to create: its name, when it stops registering hosts, and the project
/// the hosts that register with it join unless they say otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEdgeToken {
    name: String,
    expiry: DateTime<Utc>,
    default_project_uid: Option<String>,
}

impl NewEdgeToken {
    /// A token called `name` that registers hosts until `expiry` (Palette requires one).
    pub fn new(name: impl Into<String>, expiry: DateTime<Utc>) -> Self {
        NewEdgeToken {
            name: name.into(),
            expiry,
            default_project_uid: None,
        }
    }

    /// A token called `name` that registers hosts for `period` from now (a period too long to
    /// represent ends at the latest time chrono can hold).
    pub fn valid_for(name: impl Into<String>, period: chrono::Duration) -> Self {
        let expiry = Utc::now()
            .checked_add_signed(period)
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        NewEdgeToken::new(name, expiry)
    }

    /// Hosts registering with the token join the project `uid`.
    pub fn default_project(mut self, uid: impl Into<String>) -> Self {
        self.default_project_uid = Some(uid.into());
        self
    }

    /// The request body Palette expects.
    pub fn into_entity(self) -> types::EdgeTokenEntity {
        types::EdgeTokenEntity {
            metadata: Some(types::ObjectMeta {
                name: Some(self.name),
                ..Default::default()
            }),
            spec: Some(types::EdgeTokenSpecEntity {
                default_project_uid: self.default_project_uid,
                expiry: Some(types::Time(self.expiry)),
            }),
        }
    }
}

/// A registration token just created: its uid, name, expiry and value (what an edge host's
/// user data carries as `edgeHostToken`). `Debug` never shows the value.
#[derive(Clone)]
pub struct CreatedEdgeToken {
    uid: String,
    name: String,
    expiry: Option<DateTime<Utc>>,
    token: SecretString,
}

impl CreatedEdgeToken {
    /// The token's uid, for revoking or deleting it later.
    pub fn uid(&self) -> &str {
        &self.uid
    }

    /// The token's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// When the token stops registering hosts, as Palette stored it.
    pub fn expiry(&self) -> Option<DateTime<Utc>> {
        self.expiry
    }

    /// The token's value, which an edge host presents to register
    /// ([`EdgeHosts::register`]).
    pub fn token(&self) -> &SecretString {
        &self.token
    }
}

impl fmt::Debug for CreatedEdgeToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreatedEdgeToken")
            .field("uid", &self.uid)
            .field("name", &self.name)
            .field("expiry", &self.expiry)
            .field("token", &crate::codec::redact::Masked)
            .finish()
    }
}

impl EdgeTokens {
    /// Every registration token of the tenant, with its default project, expiry and whether
    /// it is active. Palette does not page this list. (Each carries its value in
    /// `spec.token`, which `Debug` masks.)
    pub async fn list(&self) -> Result<Vec<types::EdgeToken>, Error> {
        Ok(self
            .client
            .edge_tokens_list()
            .send()
            .await?
            .items
            .unwrap_or_default())
    }

    /// One token, by uid.
    pub async fn get(&self, uid: &str) -> Result<types::EdgeToken, Error> {
        self.client.edge_tokens_uid_get().uid(uid).send().await
    }

    /// The token named exactly `name`, if there is one; an error if several are
    /// ([`Error::AmbiguousName`]).
    pub async fn find_by_name(&self, name: &str) -> Result<Option<types::EdgeToken>, Error> {
        let named = self
            .list()
            .await?
            .into_iter()
            .filter(|token| lookup::name_of(&token.metadata) == Some(name))
            .map(|token| {
                let uid = lookup::uid_of(&token.metadata)
                    .unwrap_or_default()
                    .to_string();
                (uid, token)
            });
        lookup::at_most_one_of(NameKind::EDGE_TOKEN, name, named)
    }

    /// The token named exactly `name`: [`find_by_name`](Self::find_by_name), with none an
    /// error ([`Error::NameNotFound`]).
    ///
    /// ```no_run
    /// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::Resource;
    ///
    /// let stores = client.edge_tokens().get_by_name("stores").await?;
    /// client.edge_tokens().revoke(stores.uid().unwrap_or_default()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_by_name(&self, name: &str) -> Result<types::EdgeToken, Error> {
        lookup::required(NameKind::EDGE_TOKEN, name, self.find_by_name(name).await?)
    }

    /// Creates a token and returns it with its value. Palette's create answers only the uid,
    /// so the value is read back from the new token (`edgeTokensUidGet`); if that read
    /// fails, the token exists and [`find_by_name`](Self::find_by_name) finds it.
    pub async fn create(&self, token: NewEdgeToken) -> Result<CreatedEdgeToken, Error> {
        let uid = self
            .client
            .edge_tokens_create()
            .body(token.into_entity())
            .send_for_uid()
            .await?;
        let created = self.get(&uid).await?;
        let spec = created.spec.unwrap_or_default();
        let value = spec.token.filter(|t| !t.is_empty()).ok_or_else(|| {
            Error::missing_field(
                <crate::builder::EdgeTokensUidGet<'_> as Call>::OPERATION,
                "spec.token",
            )
        })?;
        Ok(CreatedEdgeToken {
            name: lookup::name_of(&created.metadata)
                .unwrap_or_default()
                .to_string(),
            uid,
            expiry: spec.expiry.map(|t| t.0),
            token: SecretString::from(value),
        })
    }

    /// Stops the token from registering hosts; hosts it registered stay. It can be
    /// re-activated.
    pub async fn revoke(&self, uid: &str) -> Result<(), Error> {
        self.set_active(uid, false).await
    }

    /// Lets a revoked token register hosts again (until it expires).
    pub async fn reactivate(&self, uid: &str) -> Result<(), Error> {
        self.set_active(uid, true).await
    }

    async fn set_active(&self, uid: &str, active: bool) -> Result<(), Error> {
        self.client
            .edge_tokens_uid_state()
            .uid(uid)
            .body(types::EdgeTokenActiveState {
                is_active: Some(active),
            })
            .send()
            .await
    }

    /// Deletes a token for good; hosts it registered stay.
    pub async fn delete(&self, uid: &str) -> Result<(), Error> {
        self.client.edge_tokens_uid_delete().uid(uid).send().await
    }
}

// ---------------------------------------------------------------- edge hosts

/// The edge hosts of one project. Get one with [`Client::edge_hosts`] on a project handle;
/// it owns a cheap clone of the client, so it can be stored or moved into a task.
///
/// Give a token, wait for the hosts of a site to register with it, and list the ones not in
/// a cluster yet:
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::ext::{EdgeHostFilter, NewEdgeToken};
/// use palette_sdk::wait::WaitOptions;
/// use secrecy::ExposeSecret;
///
/// let project = client.with_project_name("Stores").await?;
/// let token = client.edge_tokens().create(NewEdgeToken::valid_for("store-42", chrono::Duration::days(1))).await?;
/// flash_user_data(token.token().expose_secret()); // the hosts boot and register, tagged site:42
///
/// let site = EdgeHostFilter::new().unassigned().tag("site:42");
/// let hosts = project
///     .edge_hosts()
///     .wait_until_listed(site, 3, WaitOptions::default(), |hosts| println!("{} so far", hosts.len()))
///     .await?;
/// # fn flash_user_data(_: &str) {}
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct EdgeHosts {
    client: Client,
}

impl Client {
    /// The edge hosts in this handle's scope (edge hosts live in projects: scope the handle
    /// to one with [`Client::with_project`] or [`Client::with_project_name`]).
    pub fn edge_hosts(&self) -> EdgeHosts {
        EdgeHosts {
            client: self.clone(),
        }
    }
}

/// Whether a host is in a cluster.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Usage {
    #[default]
    Any,
    Unassigned,
    InCluster,
}

/// Which edge hosts a search returns: every condition given must hold. No condition: every
/// host of the project.
///
/// ```
/// use palette_sdk::ext::EdgeHostFilter;
/// let free_at_the_store = EdgeHostFilter::new().unassigned().tag("site:42").tag("gpu");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EdgeHostFilter {
    usage: Usage,
    tags: Vec<String>,
    name: Option<String>,
}

impl EdgeHostFilter {
    /// Every host, in a cluster or not.
    pub fn new() -> Self {
        EdgeHostFilter::default()
    }

    /// Only hosts in no cluster: every state but Palette's `in-use` (`ready`, and `unpaired`
    /// for a host that is known but not paired yet).
    pub fn unassigned(mut self) -> Self {
        self.usage = Usage::Unassigned;
        self
    }

    /// Only hosts in a cluster (Palette's state `in-use`).
    pub fn in_cluster(mut self) -> Self {
        self.usage = Usage::InCluster;
        self
    }

    /// Only hosts with this tag: `key:value`, or `key` for a tag without a value. Several
    /// tags: hosts with all of them.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }

    /// Only the host named exactly `name`.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The search body Palette reads (`dashboardEdgehostsSearch`): one group of `and`-ed
    /// conditions on `state`, `tags` and `name`.
    pub fn into_spec(self) -> types::SearchFilterSummarySpec {
        let condition = |property: &str, value: String, negation: bool| types::SearchFilterItem {
            property: Some(property.to_string()),
            type_: Some(SearchFilterPropertyType::String),
            condition: Some(types::SearchFilterCondition {
                string: Some(types::SearchFilterStringCondition {
                    operator: Some(SearchFilterStringOperator::Eq),
                    match_: Some(types::SearchFilterStringConditionMatch {
                        conjunction: Some(SearchFilterConjunctionOperator::Or),
                        values: Some(vec![value]),
                    }),
                    ignore_case: Some(false),
                    negation: Some(negation),
                }),
                ..Default::default()
            }),
        };
        let mut filters = Vec::new();
        match self.usage {
            Usage::Any => {}
            Usage::Unassigned => filters.push(condition("state", IN_USE.into(), true)),
            Usage::InCluster => filters.push(condition("state", IN_USE.into(), false)),
        }
        // One condition per tag, so that a host needs every one of them.
        for tag in self.tags {
            filters.push(condition("tags", tag, false));
        }
        if let Some(name) = self.name {
            filters.push(condition("name", name, false));
        }
        types::SearchFilterSummarySpec {
            filter: (!filters.is_empty()).then(|| types::SearchFilterSpec {
                conjunction: Some(SearchFilterConjunctionOperator::And),
                filter_groups: Some(vec![types::SearchFilterGroup {
                    conjunction: Some(SearchFilterConjunctionOperator::And),
                    filters: Some(filters),
                }]),
            }),
            sort: None,
        }
    }
}

impl fmt::Display for EdgeHostFilter {
    /// How a wait names the hosts it waits for: `unassigned edge hosts tagged site:42`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.usage {
            Usage::Any => "edge hosts",
            Usage::Unassigned => "unassigned edge hosts",
            Usage::InCluster => "edge hosts in a cluster",
        })?;
        if let Some(name) = &self.name {
            write!(f, " named {name:?}")?;
        }
        if !self.tags.is_empty() {
            write!(f, " tagged {}", self.tags.join(", "))?;
        }
        Ok(())
    }
}

/// Palette's state of a host in a cluster.
const IN_USE: &str = "in-use";

/// An edge host registering itself, as its agent does on first boot: its uid (the machine's
/// id, unique in the tenant), the address Palette reaches it at, and optionally a name and
/// tags.
///
/// ```
/// use palette_sdk::ext::NewEdgeHost;
/// let host = NewEdgeHost::new("edge-4c4c4544-0042", "10.42.0.7").name("store-42-a").tag("site:42");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEdgeHost {
    uid: String,
    address: String,
    name: Option<String>,
    tags: Vec<String>,
    mac_address: Option<String>,
}

impl NewEdgeHost {
    /// The host `uid`, reachable at `address` (an IP address or a DNS name).
    pub fn new(uid: impl Into<String>, address: impl Into<String>) -> Self {
        NewEdgeHost {
            uid: uid.into(),
            address: address.into(),
            name: None,
            tags: Vec::new(),
            mac_address: None,
        }
    }

    /// The host's name in Palette (unique in the tenant; Palette names it otherwise).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// A tag: `key:value`, or `key` for a tag without a value; call again for more.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }

    /// The host's MAC address.
    pub fn mac_address(mut self, mac: impl Into<String>) -> Self {
        self.mac_address = Some(mac.into());
        self
    }

    /// The registration body Palette reads, without the token ([`EdgeHosts::register`] adds
    /// it, and the project).
    pub fn into_device(self) -> types::EdgeHostDevice {
        types::EdgeHostDevice {
            metadata: Some(types::ObjectMeta {
                uid: Some(self.uid.clone()),
                name: self.name,
                labels: Some(labels_of(self.tags)),
                ..Default::default()
            }),
            spec: Some(types::EdgeHostDeviceSpec {
                type_: Some(crate::enums::EdgeHostDeviceSpecType::EdgeNative),
                host: Some(types::EdgeHost {
                    host_uid: Some(self.uid),
                    host_address: Some(self.address),
                    mac_address: self.mac_address,
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }
    }
}

/// Tags as Palette keeps them: `key:value` is the label `key` = `value`, and `key` alone the
/// label `key` with an empty value.
fn labels_of<I, S>(tags: I) -> BTreeMap<String, String>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    tags.into_iter()
        .map(|tag| {
            let tag = tag.into();
            match tag.split_once(':') {
                Some((key, value)) => (key.to_string(), value.to_string()),
                None => (tag, String::new()),
            }
        })
        .collect()
}

/// A host's tags, read from its labels: the label `key` = `value` is the tag `key:value`, and a
/// label with an empty value the tag `key`, sorted.
///
/// ```
/// # #[cfg(feature = "edgehosts")] {
/// use palette_sdk::{ext, types};
///
/// let host = types::EdgeHostDevice {
///     metadata: Some(types::ObjectMeta {
///         labels: Some([("site".to_string(), "42".to_string()), ("gpu".to_string(), String::new())].into()),
///         ..Default::default()
///     }),
///     ..Default::default()
/// };
/// assert_eq!(ext::edge_host_tags(&host.metadata), ["gpu", "site:42"]);
/// # }
/// ```
pub fn edge_host_tags(metadata: &Option<types::ObjectMeta>) -> Vec<String> {
    metadata
        .as_ref()
        .and_then(|m| m.labels.as_ref())
        .into_iter()
        .flatten()
        .map(|(key, value)| {
            if value.is_empty() {
                key.clone()
            } else {
                format!("{key}:{value}")
            }
        })
        .collect()
}

impl EdgeHosts {
    /// Fails with [`Error::ProjectScopeRequired`] on a tenant handle.
    fn in_a_project(&self, what: &'static str) -> Result<String, Error> {
        match self.client.scope().project_uid() {
            Some(project) => Ok(project.to_string()),
            None => Err(Error::ProjectScopeRequired { what }),
        }
    }

    /// Every host of the project the filter matches, with its state, health, tags and
    /// clusters, streamed 50 a page over Palette's `continue` (`dashboardEdgehostsSearch`).
    /// On a tenant handle the stream is one [`Error::ProjectScopeRequired`]: edge hosts live
    /// in projects.
    pub fn search(
        &self,
        filter: EdgeHostFilter,
    ) -> BoxStream<'_, Result<types::EdgeHostsMetadata, Error>> {
        if let Err(e) = self.in_a_project("listing edge hosts") {
            return Box::pin(futures_util::stream::once(async move { Err(e) }));
        }
        self.client
            .dashboard_edgehosts_search()
            .body(filter.into_spec())
            .stream()
    }

    /// Every host of the project the filter matches, collected (see [`search`](Self::search)).
    ///
    /// ```no_run
    /// # async fn example(project: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::Resource;
    /// use palette_sdk::ext::EdgeHostFilter;
    ///
    /// for host in project.edge_hosts().list(EdgeHostFilter::new().unassigned()).await? {
    ///     println!("{} is free", host.name().unwrap_or_default());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list(
        &self,
        filter: EdgeHostFilter,
    ) -> Result<Vec<types::EdgeHostsMetadata>, Error> {
        self.search(filter).try_collect().await
    }

    /// One host, with its spec and status (`edgeHostDevicesUidGet`).
    pub async fn get(&self, uid: &str) -> Result<types::EdgeHostDevice, Error> {
        self.client
            .edge_host_devices_uid_get()
            .uid(uid)
            .send()
            .await
    }

    /// The host named exactly `name` in the handle's project, if there is one; an error if
    /// several are ([`Error::AmbiguousName`]), and on a tenant handle
    /// ([`Error::ProjectScopeRequired`]).
    pub async fn find_by_name(&self, name: &str) -> Result<Option<types::EdgeHostDevice>, Error> {
        self.in_a_project("finding an edge host by name")?;
        let found = self.list(EdgeHostFilter::new().name(name)).await?;
        let uids = found.iter().filter_map(|host| {
            (lookup::name_of(&host.metadata) == Some(name))
                .then(|| lookup::uid_of(&host.metadata).map(str::to_string))
                .flatten()
        });
        match lookup::at_most_one(NameKind::EDGE_HOST, name, uids)? {
            Some(uid) => self.get(&uid).await.map(Some),
            None => Ok(None),
        }
    }

    /// The host named exactly `name` in the handle's project:
    /// [`find_by_name`](Self::find_by_name), with none an error ([`Error::NameNotFound`],
    /// kind `edge host`).
    pub async fn get_by_name(&self, name: &str) -> Result<types::EdgeHostDevice, Error> {
        lookup::required(NameKind::EDGE_HOST, name, self.find_by_name(name).await?)
    }

    /// Registers a host with a registration token, as the host's agent does, in the handle's
    /// project, and returns the host as Palette stored it (`edgeHostDevicesRegister`; the
    /// token travels in `spec.host.hostAuthToken`, never in a log or an error).
    ///
    /// Registering a host that is already registered is not an error: a host uid is unique
    /// in the tenant, so Palette answers a second registration 409, and then this reads the
    /// host by its uid and returns it as it is (its name and tags from the first
    /// registration). That read needs the client's credentials. A 409 for a host this
    /// project cannot read (a host of another project, or another host already using the
    /// name) is returned as it is.
    ///
    /// ```no_run
    /// # async fn example(project: palette_sdk::Client, token: palette_sdk::ext::CreatedEdgeToken) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::ext::NewEdgeHost;
    ///
    /// let host = NewEdgeHost::new("edge-4c4c4544-0042", "10.42.0.7").name("store-42-a").tag("site:42");
    /// let registered = project.edge_hosts().register(token.token(), host.clone()).await?;
    /// let again = project.edge_hosts().register(token.token(), host).await?; // the same host
    /// assert_eq!(registered.metadata, again.metadata);
    /// # Ok(()) }
    /// ```
    pub async fn register(
        &self,
        token: &SecretString,
        host: NewEdgeHost,
    ) -> Result<types::EdgeHostDevice, Error> {
        let project = self.in_a_project("registering an edge host")?;
        let uid = host.uid.clone();
        let mut device = host.into_device();
        if let Some(spec) = device.spec.as_mut()
            && let Some(edge) = spec.host.as_mut()
        {
            edge.host_auth_token = Some(token.expose_secret().to_string());
            edge.project = Some(types::ObjectEntity {
                uid: Some(project),
                ..Default::default()
            });
        }
        match self
            .client
            .edge_host_devices_register()
            .body(device)
            .send()
            .await
        {
            Err(e) if e.is_conflict() => match self.get(&uid).await {
                Ok(existing) => Ok(existing),
                Err(read) if read.is_not_found() => Err(e),
                Err(read) => Err(read),
            },
            other => other,
        }
    }

    /// Replaces the host's tags by `tags` (each `key:value`, or `key`); an empty list removes
    /// them all. Its name stays (`edgeHostDevicesUidMetaUpdate`, which writes both).
    pub async fn set_tags<I, S>(&self, uid: &str, tags: I) -> Result<(), Error>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let current = self.get(uid).await?;
        self.write_meta(uid, current.metadata, labels_of(tags))
            .await
    }

    /// Adds `tags` (each `key:value`, or `key`) to the host's; a tag with a key the host
    /// already has replaces its value.
    pub async fn add_tags<I, S>(&self, uid: &str, tags: I) -> Result<(), Error>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let current = self.get(uid).await?;
        let mut labels = current
            .metadata
            .as_ref()
            .and_then(|m| m.labels.clone())
            .unwrap_or_default();
        labels.extend(labels_of(tags));
        self.write_meta(uid, current.metadata, labels).await
    }

    async fn write_meta(
        &self,
        uid: &str,
        current: Option<types::ObjectMeta>,
        labels: BTreeMap<String, String>,
    ) -> Result<(), Error> {
        let current = current.unwrap_or_default();
        self.client
            .edge_host_devices_uid_meta_update()
            .uid(uid)
            .body(types::EdgeHostDeviceMetaUpdateEntity {
                metadata: Some(types::ObjectTagsEntity {
                    name: current.name,
                    uid: current.uid,
                    labels: Some(labels),
                }),
            })
            .send()
            .await
    }

    /// Deletes the host from Palette. Palette refuses (409) while the host is in a cluster:
    /// remove it from the cluster first.
    pub async fn delete(&self, uid: &str) -> Result<(), Error> {
        self.client
            .edge_host_devices_uid_delete()
            .uid(uid)
            .send()
            .await
    }

    /// Polls the host `uid` until Palette knows it in the handle's project (404 until it
    /// registers), and returns it. `progress` sees every observation. Fails when
    /// `options.timeout` passes first: with [`WaitFailure::NotFound`]
    /// if the host never showed.
    pub async fn wait_until_registered(
        &self,
        uid: &str,
        options: WaitOptions,
        progress: impl FnMut(&types::EdgeHostDevice),
    ) -> Result<types::EdgeHostDevice, Error> {
        self.in_a_project("waiting for an edge host")?;
        let awaited = Awaited::EdgeHostRegistered {
            uid: uid.to_string(),
        };
        let observe = || async {
            match self.get(uid).await {
                Ok(host) => Ok(Some(host)),
                Err(e) if e.is_not_found() => Ok(None),
                Err(e) => Err(e),
            }
        };
        let done = wait::poll_until(
            awaited.clone(),
            options,
            observe,
            |host: Option<&types::EdgeHostDevice>| match host {
                Some(_) => Verdict::Done,
                None => Verdict::Waiting,
            },
            |host| {
                host.status
                    .as_ref()
                    .and_then(|s| s.state.as_ref())
                    .map(|s| s.to_string())
            },
            progress,
        )
        .await?;
        // `judge` is done only on an observation.
        done.ok_or_else(|| {
            Error::Wait(Box::new(wait::WaitError {
                awaited,
                failure: WaitFailure::NotFound,
                last_state: None,
                last_error: None,
            }))
        })
    }

    /// Polls the project's hosts until at least `at_least` match `filter`, and returns those
    /// that do: how a program waits for a site's hosts to register (with the tags their user
    /// data gives them) before it makes a cluster of them. `progress` sees every list. Fails
    /// when `options.timeout` passes first, naming how many were listed last.
    pub async fn wait_until_listed(
        &self,
        filter: EdgeHostFilter,
        at_least: usize,
        options: WaitOptions,
        mut progress: impl FnMut(&[types::EdgeHostsMetadata]),
    ) -> Result<Vec<types::EdgeHostsMetadata>, Error> {
        self.in_a_project("waiting for edge hosts")?;
        let awaited = Awaited::EdgeHostsListed {
            at_least,
            filter: filter.to_string(),
        };
        let observe = || async { self.list(filter.clone()).await.map(Some) };
        let done = wait::poll_until(
            awaited,
            options,
            observe,
            |hosts: Option<&Vec<types::EdgeHostsMetadata>>| match hosts {
                Some(hosts) if hosts.len() >= at_least => Verdict::Done,
                _ => Verdict::Waiting,
            },
            |hosts| Some(format!("{} listed", hosts.len())),
            |hosts| progress(hosts),
        )
        .await?;
        Ok(done.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_labels_and_back() {
        let labels = labels_of(["site:42", "gpu", "url:http://x"]);
        assert_eq!(labels["site"], "42");
        assert_eq!(labels["gpu"], "");
        assert_eq!(labels["url"], "http://x", "only the first colon splits");
        let meta = Some(types::ObjectMeta {
            labels: Some(labels),
            ..Default::default()
        });
        assert_eq!(edge_host_tags(&meta), ["gpu", "site:42", "url:http://x"]);
    }

    #[test]
    fn unassigned_means_not_in_use_and_each_tag_is_its_own_condition() {
        let spec = EdgeHostFilter::new()
            .unassigned()
            .tag("site:42")
            .tag("gpu")
            .into_spec();
        let json = serde_json::to_value(&spec).unwrap();
        let filters = &json["filter"]["filterGroups"][0]["filters"];
        assert_eq!(filters[0]["property"], "state");
        assert_eq!(
            filters[0]["condition"]["string"]["match"]["values"][0],
            "in-use"
        );
        assert_eq!(filters[0]["condition"]["string"]["negation"], true);
        assert_eq!(
            filters[1]["condition"]["string"]["match"]["values"][0],
            "site:42"
        );
        assert_eq!(
            filters[2]["condition"]["string"]["match"]["values"][0],
            "gpu"
        );
        assert_eq!(json["filter"]["filterGroups"][0]["conjunction"], "and");
        assert_eq!(
            EdgeHostFilter::new().into_spec().filter,
            None,
            "no condition: every host"
        );
    }

    #[test]
    fn a_created_token_never_shows_its_value() {
        let token = CreatedEdgeToken {
            uid: "t1".into(),
            name: "stores".into(),
            expiry: None,
            token: SecretString::from("very-secret-token-value"),
        };
        assert!(!format!("{token:?}").contains("very-secret"));
    }
}
