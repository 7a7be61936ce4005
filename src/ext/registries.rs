//! Registries, ergonomically: pack, Helm and OCI registries listed by kind, one found by name across kinds, and a sync started and awaited.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::TryStreamExt;

use crate::client::generated::ClientRegistriesExt;
use crate::ext::lookup::{self, NameKind};
use crate::send::call::Call;
use crate::send::pagination::Paged;
use crate::send::wait::{self, Awaited, Verdict, WaitFailure, WaitOptions};
use crate::{Client, Error, Resource, types};

/// The registries the handle's scope can use: pack registries, Helm registries and OCI
/// registries, which Palette keeps apart (an operation of each kind for each thing). Get one
/// with [`Client::registries`]; it owns a cheap clone of the client, so it can be stored or
/// moved into a task.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::Resource;
/// use palette_sdk::ext::RegistryKind;
/// use palette_sdk::wait::WaitOptions;
///
/// let registries = client.registries();
/// for helm in registries.list(RegistryKind::Helm).await? {
///     println!("{} at {:?}", helm.name().unwrap_or("?"), helm.endpoint());
/// }
/// let public = registries.get_by_name("Public Repo", Some(RegistryKind::Pack)).await?;
/// let synced = registries
///     .sync(&public, WaitOptions::default(), |s| println!("{:?}", s.status))
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Registries {
    client: Client,
}

impl Client {
    /// The pack, Helm and OCI registries of this client's scope.
    pub fn registries(&self) -> Registries {
        Registries {
            client: self.clone(),
        }
    }
}

/// The kinds of registry Palette keeps apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RegistryKind {
    /// A pack registry (Palette's own format, such as `Public Repo`).
    Pack,
    /// A Helm chart repository.
    Helm,
    /// An OCI registry (generic, or Amazon ECR), holding Helm charts, packs or Zarf packages.
    Oci,
}

impl RegistryKind {
    /// Every kind, in the order [`Registries::list_all`] lists them.
    pub const ALL: [RegistryKind; 3] = [RegistryKind::Pack, RegistryKind::Helm, RegistryKind::Oci];
}

impl fmt::Display for RegistryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RegistryKind::Pack => "pack",
            RegistryKind::Helm => "Helm",
            RegistryKind::Oci => "OCI",
        })
    }
}

/// A registry of any kind, as Palette lists it: the generated summary of its kind, kept
/// whole. Its uid and name come from [`Resource`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Registry {
    /// A pack registry (`registriesPackSummaryList`).
    Pack(types::PackRegistrySummary),
    /// A Helm registry (`registriesHelmSummaryList`).
    Helm(types::HelmRegistrySummary),
    /// An OCI registry (`ociRegistriesSummary`); its `spec.registryType` says whether it is a
    /// generic (`basic`) or an Amazon ECR registry.
    Oci(types::OciRegistry),
}

impl Registry {
    /// Its kind.
    pub fn kind(&self) -> RegistryKind {
        match self {
            Registry::Pack(_) => RegistryKind::Pack,
            Registry::Helm(_) => RegistryKind::Helm,
            Registry::Oci(_) => RegistryKind::Oci,
        }
    }

    /// Where it is served from.
    pub fn endpoint(&self) -> Option<&str> {
        match self {
            Registry::Pack(r) => r.spec.as_ref()?.endpoint.as_deref(),
            Registry::Helm(r) => r.spec.as_ref()?.endpoint.as_deref(),
            Registry::Oci(r) => r.spec.as_ref()?.endpoint.as_deref(),
        }
    }

    /// Its scope as Palette writes it (`system`, `tenant`, ...).
    pub fn scope(&self) -> Option<&str> {
        match self {
            Registry::Pack(r) => r.spec.as_ref()?.scope.as_deref(),
            Registry::Helm(r) => r.spec.as_ref()?.scope.as_deref(),
            Registry::Oci(r) => r.spec.as_ref()?.scope.as_deref(),
        }
    }

    /// Its sync status when it was listed (see [`Registries::sync_status`] for a fresh one).
    pub fn sync_status(&self) -> Option<&types::RegistrySyncStatus> {
        match self {
            Registry::Pack(r) => r.status.as_ref()?.sync.as_ref(),
            Registry::Helm(r) => r.status.as_ref()?.sync.as_ref(),
            Registry::Oci(r) => r.status.as_ref()?.sync.as_ref(),
        }
    }

    /// Whether it is an Amazon ECR registry (an OCI registry whose `registryType` is `ecr`),
    /// which Palette syncs through operations of its own.
    fn is_ecr(&self) -> bool {
        match self {
            Registry::Oci(r) => r
                .spec
                .as_ref()
                .and_then(|s| s.registry_type.as_deref())
                .is_some_and(|t| t.eq_ignore_ascii_case("ecr")),
            _ => false,
        }
    }

    fn meta(&self) -> &Option<types::ObjectMeta> {
        match self {
            Registry::Pack(r) => &r.metadata,
            Registry::Helm(r) => &r.metadata,
            Registry::Oci(r) => &r.metadata,
        }
    }
}

impl Resource for Registry {
    fn uid(&self) -> Option<&str> {
        lookup::uid_of(self.meta())
    }

    fn name(&self) -> Option<&str> {
        lookup::name_of(self.meta())
    }
}

/// Where a registry's sync stands, read from Palette's sync status.
///
/// Palette documents the status as free text (`RegistrySyncStatus.status`, beside
/// `isSyncSupported`, `lastRunTime`, `lastSyncedTime` and `message`); the states read here are
/// those Palette is seen to report, matched whole with ASCII case ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SyncPhase {
    /// Not finished: `InProgress`, `Running`, `Syncing`, `Pending`, no state yet, or a state
    /// this SDK does not know.
    Syncing,
    /// Finished well: `Success` or `Completed`.
    Synced,
    /// Finished badly: `Failed` or `Error` (the status's `message` says why).
    Failed,
    /// The registry does not sync (`isSyncSupported` is false): there is nothing to wait for.
    Unsupported,
}

impl SyncPhase {
    /// Reads a sync status.
    ///
    /// ```
    /// use palette_sdk::ext::SyncPhase;
    /// use palette_sdk::types::RegistrySyncStatus;
    ///
    /// let status = |s: &str| RegistrySyncStatus { status: Some(s.into()), ..Default::default() };
    /// assert_eq!(SyncPhase::of(&status("Completed")), SyncPhase::Synced);
    /// assert_eq!(SyncPhase::of(&status("InProgress")), SyncPhase::Syncing);
    /// assert_eq!(SyncPhase::of(&status("SomethingNew")), SyncPhase::Syncing);
    /// let unsupported = RegistrySyncStatus { is_sync_supported: Some(false), ..Default::default() };
    /// assert_eq!(SyncPhase::of(&unsupported), SyncPhase::Unsupported);
    /// ```
    pub fn of(status: &types::RegistrySyncStatus) -> SyncPhase {
        if status.is_sync_supported == Some(false) {
            return SyncPhase::Unsupported;
        }
        let state = status.status.as_deref().unwrap_or_default();
        let is = |name: &str| state.eq_ignore_ascii_case(name);
        if is("Success") || is("Completed") {
            SyncPhase::Synced
        } else if is("Failed") || is("Error") {
            SyncPhase::Failed
        } else {
            SyncPhase::Syncing
        }
    }

    /// True once there is nothing more to wait for, well or not.
    pub fn is_terminal(self) -> bool {
        self != SyncPhase::Syncing
    }
}

impl Registries {
    /// The registries of one kind, as Palette lists them (`registriesPackSummaryList` and
    /// `registriesHelmSummaryList`, streamed 50 a page; `ociRegistriesSummary`, which is not
    /// paged), system and tenant registries alike.
    pub async fn list(&self, kind: RegistryKind) -> Result<Vec<Registry>, Error> {
        match kind {
            RegistryKind::Pack => {
                let list = self.client.registries_pack_summary_list().stream();
                list.map_ok(Registry::Pack).try_collect().await
            }
            RegistryKind::Helm => {
                let list = self.client.registries_helm_summary_list().stream();
                list.map_ok(Registry::Helm).try_collect().await
            }
            RegistryKind::Oci => {
                let list = self.client.oci_registries_summary().send().await?;
                Ok(list
                    .items
                    .into_iter()
                    .flatten()
                    .map(Registry::Oci)
                    .collect())
            }
        }
    }

    /// Every registry: the pack registries, then the Helm ones, then the OCI ones.
    pub async fn list_all(&self) -> Result<Vec<Registry>, Error> {
        let mut all = Vec::new();
        for kind in RegistryKind::ALL {
            all.extend(self.list(kind).await?);
        }
        Ok(all)
    }

    /// The registry named exactly `name`, of `kind` or of any kind when `None`, if there is
    /// one; an error ([`Error::AmbiguousName`], with their uids) if several are, such as a
    /// pack registry and an OCI registry of that name when no kind is given.
    pub async fn find_by_name(
        &self,
        name: &str,
        kind: Option<RegistryKind>,
    ) -> Result<Option<Registry>, Error> {
        let candidates = match kind {
            Some(kind) => self.list(kind).await?,
            None => self.list_all().await?,
        };
        let matches = candidates
            .into_iter()
            .filter(|r| r.name() == Some(name))
            .map(|r| (r.uid().unwrap_or_default().to_string(), r));
        lookup::at_most_one_of(NameKind::REGISTRY, name, matches)
    }

    /// The registry named exactly `name`, of `kind` or of any kind; an error if none or
    /// several are.
    pub async fn get_by_name(
        &self,
        name: &str,
        kind: Option<RegistryKind>,
    ) -> Result<Registry, Error> {
        let found = self.find_by_name(name, kind).await?;
        lookup::required(NameKind::REGISTRY, name, found)
    }

    /// Asks Palette to sync the registry, which it does in the background
    /// (`registriesPackUidSync`, `registriesHelmUidSync`, `basicOciRegistriesUidSync` or
    /// `ecrRegistriesUidSync`, by the registry's kind).
    pub async fn start_sync(&self, registry: &Registry) -> Result<(), Error> {
        let uid = registry.uid().unwrap_or_default();
        let client = &self.client;
        match registry.kind() {
            RegistryKind::Pack => client.registries_pack_uid_sync().uid(uid).send().await,
            RegistryKind::Helm => client.registries_helm_uid_sync().uid(uid).send().await,
            RegistryKind::Oci if registry.is_ecr() => {
                client.ecr_registries_uid_sync().uid(uid).send().await
            }
            RegistryKind::Oci => client.basic_oci_registries_uid_sync().uid(uid).send().await,
        }
    }

    /// The registry's sync status now (`registriesPackUidSyncStatus`,
    /// `registriesHelmUidSyncStatus`, `basicOciRegistriesUidSyncStatus` or
    /// `ecrRegistriesUidSyncStatus`); [`SyncPhase::of`] reads it.
    pub async fn sync_status(
        &self,
        registry: &Registry,
    ) -> Result<types::RegistrySyncStatus, Error> {
        let uid = registry.uid().unwrap_or_default();
        let client = &self.client;
        match registry.kind() {
            RegistryKind::Pack => {
                client
                    .registries_pack_uid_sync_status()
                    .uid(uid)
                    .send()
                    .await
            }
            RegistryKind::Helm => {
                client
                    .registries_helm_uid_sync_status()
                    .uid(uid)
                    .send()
                    .await
            }
            RegistryKind::Oci if registry.is_ecr() => {
                client
                    .ecr_registries_uid_sync_status()
                    .uid(uid)
                    .send()
                    .await
            }
            RegistryKind::Oci => {
                let call = client.basic_oci_registries_uid_sync_status().uid(uid);
                call.send().await
            }
        }
    }

    /// Polls the registry's sync status until its sync ends ([`SyncPhase::is_terminal`]) and
    /// returns the status that ended the wait: `Synced`, or `Unsupported` for a registry that
    /// does not sync. `progress` sees every status.
    ///
    /// Fails with [`Error::Wait`], naming the registry and its last state, when the sync
    /// fails ([`WaitFailure::Failed`]; the status's `message` says why) or `options.timeout`
    /// passes first. A registry that is not there ends the wait with Palette's 404.
    pub async fn wait_until_synced(
        &self,
        registry: &Registry,
        options: WaitOptions,
        progress: impl FnMut(&types::RegistrySyncStatus),
    ) -> Result<types::RegistrySyncStatus, Error> {
        self.wait(registry, options, progress, |_| true).await
    }

    /// Syncs the registry and waits until that sync ends: [`start_sync`](Self::start_sync),
    /// then [`wait_until_synced`](Self::wait_until_synced), with one difference. Until the
    /// registry has been seen syncing, a finished status that still carries the `lastRunTime`
    /// it had before the sync was asked for is the previous sync's, and polling goes on; so a
    /// sync Palette has not started yet never reads as done.
    ///
    /// ```no_run
    /// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
    /// use std::time::Duration;
    /// use palette_sdk::ext::RegistryKind;
    /// use palette_sdk::wait::WaitOptions;
    ///
    /// let registries = client.registries();
    /// let charts = registries.get_by_name("bitnami", Some(RegistryKind::Helm)).await?;
    /// let options = WaitOptions::default().timeout(Duration::from_secs(15 * 60));
    /// registries
    ///     .sync(&charts, options, |s| println!("{:?} {:?}", s.status, s.message))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn sync(
        &self,
        registry: &Registry,
        options: WaitOptions,
        progress: impl FnMut(&types::RegistrySyncStatus),
    ) -> Result<types::RegistrySyncStatus, Error> {
        let before = self.sync_status(registry).await?.last_run_time;
        self.start_sync(registry).await?;
        // Atomic rather than a Cell, so that the wait stays a `Send` future.
        let seen_syncing = AtomicBool::new(false);
        let this_sync = |status: &types::RegistrySyncStatus| {
            if SyncPhase::of(status) == SyncPhase::Syncing {
                seen_syncing.store(true, Ordering::Relaxed);
            }
            seen_syncing.load(Ordering::Relaxed) || status.last_run_time != before
        };
        self.wait(registry, options, progress, this_sync).await
    }

    /// Polls until a status `current` accepts as the awaited sync's is terminal.
    async fn wait(
        &self,
        registry: &Registry,
        options: WaitOptions,
        progress: impl FnMut(&types::RegistrySyncStatus),
        current: impl Fn(&types::RegistrySyncStatus) -> bool,
    ) -> Result<types::RegistrySyncStatus, Error> {
        let awaited = Awaited::RegistrySync {
            name: registry.name().unwrap_or_default().to_string(),
            uid: registry.uid().unwrap_or_default().to_string(),
        };
        let judge = |status: Option<&types::RegistrySyncStatus>| match status {
            Some(s) if current(s) => match SyncPhase::of(s) {
                SyncPhase::Syncing => Verdict::Waiting,
                SyncPhase::Synced | SyncPhase::Unsupported => Verdict::Done,
                SyncPhase::Failed => Verdict::Failed(WaitFailure::Failed),
            },
            _ => Verdict::Waiting,
        };
        wait::poll_until_observed(
            awaited,
            options,
            || async { self.sync_status(registry).await.map(Some) },
            judge,
            |s| s.status.clone(),
            progress,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(state: &str) -> types::RegistrySyncStatus {
        types::RegistrySyncStatus {
            is_sync_supported: Some(true),
            status: Some(state.into()),
            ..Default::default()
        }
    }

    #[test]
    fn only_the_end_states_end_a_sync() {
        for synced in ["Success", "Completed", "completed", "SUCCESS"] {
            assert_eq!(
                SyncPhase::of(&status(synced)),
                SyncPhase::Synced,
                "{synced}"
            );
        }
        for failed in ["Failed", "Error", "error"] {
            assert_eq!(
                SyncPhase::of(&status(failed)),
                SyncPhase::Failed,
                "{failed}"
            );
        }
        for syncing in [
            "",
            "InProgress",
            "Running",
            "Syncing",
            "Pending",
            "CompletedSoon",
        ] {
            assert_eq!(
                SyncPhase::of(&status(syncing)),
                SyncPhase::Syncing,
                "{syncing}"
            );
        }
        let no_status = types::RegistrySyncStatus::default();
        assert_eq!(SyncPhase::of(&no_status), SyncPhase::Syncing);
    }

    #[test]
    fn a_registry_that_does_not_sync_has_nothing_to_wait_for() {
        let mut unsupported = status("InProgress");
        unsupported.is_sync_supported = Some(false);
        assert_eq!(SyncPhase::of(&unsupported), SyncPhase::Unsupported);
        assert!(SyncPhase::Unsupported.is_terminal());
        assert!(!SyncPhase::Syncing.is_terminal());
    }

    #[test]
    fn an_oci_registry_is_ecr_by_its_registry_type() {
        let oci = |registry_type: Option<&str>| {
            Registry::Oci(types::OciRegistry {
                spec: Some(types::OciRegistrySpec {
                    registry_type: registry_type.map(str::to_string),
                    ..Default::default()
                }),
                ..Default::default()
            })
        };
        assert!(oci(Some("ecr")).is_ecr());
        assert!(oci(Some("ECR")).is_ecr());
        assert!(!oci(Some("basic")).is_ecr());
        assert!(!oci(None).is_ecr());
        assert!(!Registry::Pack(Default::default()).is_ecr());
    }
}
