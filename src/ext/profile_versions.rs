//! Cluster profile versions: a new version by cloning, its packs and their values, and moving a cluster to another version with the pack values it overrides.

use crate::client::generated::ClientClusterprofilesExt;
use crate::enums::PackType;
use crate::ext::cluster_profiles::ClusterProfiles;
use crate::ext::created::SendForUid;
use crate::ext::lookup::{self, NameKind};
use crate::send::call::{Call, operation_of};
use crate::{Error, types};

/// Profile versions. A version of a profile is a profile of its own, with its own uid; a new
/// one is made by cloning another (Palette does not renumber a version in place), then
/// changed (packs, values, variables) while it is a draft, then published for clusters to use.
/// Profiles live in projects and at tenant scope alike, so these work on either handle, on
/// the profiles of its scope.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// let profiles = client.with_project_name("Default").await?.cluster_profiles();
/// let next = profiles.new_version("web", Some("1.0.0"), "1.1.0").await?;
/// profiles.set_pack_values(&next, "nginx", "replicaCount: 3\n").await?;
/// profiles.remove_pack(&next, "legacy-proxy").await?;
/// profiles.publish(&next).await?;
/// # Ok(()) }
/// ```
impl ClusterProfiles {
    /// Makes version `to_version` of the profile named `name` by cloning its version
    /// `from_version` (its newest when `None`, as [`find_by_name`](Self::find_by_name) picks
    /// it) and returns the new version's uid (`clusterProfilesUidClone`). The new version has
    /// the packs, values and variables of the one it was made from, and is a draft: change it,
    /// then [`publish`](Self::publish) it. It is made in the scope of the one it was made from.
    ///
    /// Fails with [`Error::NameNotFound`] when no profile has that name (and version), and
    /// with Palette's 409 ([`Error::is_conflict`]) when `to_version` exists already.
    pub async fn new_version(
        &self,
        name: &str,
        from_version: Option<&str>,
        to_version: &str,
    ) -> Result<String, Error> {
        let from = self.uid_of(name, from_version).await?;
        let from = lookup::required(NameKind::CLUSTER_PROFILE, name, from)?;
        self.clone_as(&from, name, to_version).await
    }

    /// Makes version `to_version` of the profile `uid` by cloning it, and returns the new
    /// version's uid: [`new_version`](Self::new_version) for a profile known by uid (its name is
    /// read first, as the clone needs it).
    pub async fn new_version_from(&self, uid: &str, to_version: &str) -> Result<String, Error> {
        let call = self.client.cluster_profiles_get().uid(uid);
        let operation = operation_of(&call);
        let profile = call.send().await?;
        let name = lookup::name_of(&profile.metadata)
            .ok_or_else(|| Error::missing_field(operation, "metadata.name"))?;
        self.clone_as(uid, name, to_version).await
    }

    /// Clones the profile `uid` as `name` at `version`, in the source's scope.
    async fn clone_as(&self, uid: &str, name: &str, version: &str) -> Result<String, Error> {
        let metadata = types::ClusterProfileCloneMetaInputEntity {
            version: Some(version.to_string()),
            ..types::ClusterProfileCloneMetaInputEntity::new(name.to_string())
        };
        self.client
            .cluster_profiles_uid_clone()
            .uid(uid)
            .body(types::ClusterProfileCloneEntity {
                metadata: Some(metadata),
            })
            .send_for_uid()
            .await
    }

    /// Sets the values (the YAML) of the pack named `pack` in the profile `uid`, the pack's
    /// version and everything else as they are (`clusterProfilesUidPacksNameUpdate`; the pack
    /// is read first, from the profile's draft if it has one, as the update names the pack's
    /// uid and tag). On a version already published, [`publish`](Self::publish) it again for
    /// clusters to see the change. A pack the profile does not have is
    /// [`Error::NameNotFound`].
    pub async fn set_pack_values(
        &self,
        uid: &str,
        pack: &str,
        values: impl Into<String>,
    ) -> Result<(), Error> {
        let call = self.client.cluster_profiles_get().uid(uid);
        let operation = operation_of(&call);
        let spec = call.send().await?.spec.unwrap_or_default();
        let found = spec
            .draft
            .or(spec.published)
            .and_then(|t| t.packs)
            .into_iter()
            .flatten()
            .find(|p| p.name.as_deref() == Some(pack));
        let found = lookup::required(NameKind::PROFILE_PACK, pack, found)?;
        let pack_uid = found
            .pack_uid
            .filter(|u| !u.is_empty())
            .ok_or_else(|| Error::missing_field(operation, "spec.packs[].packUid"))?;
        let entity = types::PackEntity {
            layer: found.layer.map(|l| l.as_str().to_string()),
            tag: found.tag,
            type_: found.type_.map(|t| PackType::from(t.as_str())),
            values: Some(values.into()),
            ..types::PackEntity::new(pack.to_string(), pack_uid)
        };
        self.client
            .cluster_profiles_uid_packs_name_update()
            .uid(uid)
            .pack_name(pack)
            .body(types::PackUpdateEntity { pack: Some(entity) })
            .send()
            .await
    }

    /// Adds a pack to the profile `uid` and returns the pack's uid
    /// (`clusterProfilesUidPacksAdd`). Name the pack, its version (`tag`) and its registry
    /// (`registry_uid`), and its `layer` and `type_` as for
    /// [`NewClusterProfile::pack`](crate::ext::NewClusterProfile::pack). A pack of that name in
    /// the profile already is Palette's 409.
    ///
    /// ```no_run
    /// # async fn example(profiles: palette_sdk::ext::ClusterProfiles, uid: &str) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::enums::PackType;
    /// use palette_sdk::types::PackManifestEntity;
    ///
    /// let redis = PackManifestEntity {
    ///     layer: Some("addon".into()),
    ///     registry_uid: Some("5ee9c5adc172449eeb9c30cf".into()),
    ///     tag: Some("7.2.4".into()),
    ///     type_: Some(PackType::Spectro),
    ///     values: Some("replicas: 2\n".into()),
    ///     ..PackManifestEntity::new("redis".into())
    /// };
    /// let pack_uid = profiles.add_pack(uid, redis).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_pack(
        &self,
        uid: &str,
        pack: types::PackManifestEntity,
    ) -> Result<String, Error> {
        self.client
            .cluster_profiles_uid_packs_add()
            .uid(uid)
            .body(types::PackInputEntity { pack: Some(pack) })
            .send_for_uid()
            .await
    }

    /// Removes the pack named `pack` from the profile `uid`
    /// (`clusterProfilesUidPacksNameDelete`); a pack it does not have is Palette's 404.
    pub async fn remove_pack(&self, uid: &str, pack: &str) -> Result<(), Error> {
        self.client
            .cluster_profiles_uid_packs_name_delete()
            .uid(uid)
            .pack_name(pack)
            .send()
            .await
    }
}

#[cfg(feature = "spectroclusters")]
pub use moving::{DroppedValues, KeptValues, ProfileMove};

/// Moving a cluster to another version of one of its profiles.
#[cfg(feature = "spectroclusters")]
mod moving {
    use super::*;
    use crate::client::generated::ClientSpectroclustersExt;
    use crate::ext::clusters::Clusters;

    /// What moving a cluster to another profile version did with the pack values the cluster
    /// overrides.
    ///
    /// A cluster overrides a pack's values when the values it uses (as
    /// `spectroClustersGetProfiles` lists them) differ, as text, from that pack's values in
    /// the profile version it uses (its published template). Those are the values a move
    /// keeps: the new version gets them for each pack it has of the same name, in place of its
    /// own values for that pack, whole (YAML documents are not merged key by key). A pack the
    /// cluster does not override takes the new version's values, so what the new version
    /// changed there reaches the cluster. A pack the cluster overrides that the new version no
    /// longer has cannot keep them: it is listed in `dropped`, with the values that were lost.
    /// The comparison is with the version as it is now: an edit made to it in place since the
    /// cluster applied it counts as the cluster's.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct ProfileMove {
        /// The uid of the profile version the cluster used.
        pub from: String,
        /// The uid of the profile version it uses now.
        pub to: String,
        /// The packs whose values the cluster overrides, kept in the new version.
        pub kept: Vec<KeptValues>,
        /// The packs whose values the cluster overrode that the new version does not have.
        pub dropped: Vec<DroppedValues>,
    }

    /// A pack whose values the cluster overrides, carried to the new version.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct KeptValues {
        /// The pack's name.
        pub pack: String,
        /// The values (YAML) the cluster uses, before the move and after it.
        pub values: String,
        /// The pack's version (tag) in the version the cluster used.
        pub from_tag: Option<String>,
        /// The pack's version (tag) in the new version; the values were written for
        /// `from_tag`, so check them when the two differ.
        pub to_tag: Option<String>,
        /// True when the new version changed this pack's values too: the cluster's values
        /// win, so that change does not reach the cluster (Palette calls this a conflict, and
        /// its console asks which to keep). Review it.
        pub changed_in_new_version: bool,
    }

    /// A pack whose values the cluster overrode, which the new version no longer has.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct DroppedValues {
        /// The pack's name.
        pub pack: String,
        /// The values (YAML) the cluster had for it.
        pub values: String,
    }

    /// Cluster side: moving to another version of a profile.
    ///
    /// ```no_run
    /// # async fn example(project: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::Resource;
    ///
    /// let cluster = project.clusters().get_by_name("prod-east").await?;
    /// let uid = cluster.uid().unwrap_or_default();
    /// let moved = project.clusters().move_to_profile_version(uid, "web", "1.1.0").await?;
    /// for pack in &moved.kept {
    ///     println!("kept the cluster's values of {}", pack.pack);
    /// }
    /// for pack in &moved.dropped {
    ///     println!("{} is gone in 1.1.0; its values were:\n{}", pack.pack, pack.values);
    /// }
    /// # Ok(()) }
    /// ```
    impl Clusters {
        /// Moves the cluster `uid` from the version it uses of the profile named `profile` to
        /// that profile's version `version`, keeping the pack values the cluster overrides (see
        /// [`ProfileMove`] for exactly what is kept), and says what was kept and what could not
        /// be. The cluster's other profiles and their values are left as they are.
        ///
        /// It reads the cluster's profiles, finds `version` among the versions of the one it
        /// uses (in that profile's scope), reads both versions, and replaces the one with the
        /// other in a single `spectroClustersPatchProfiles` carrying the kept values; Palette
        /// then rolls the change out. Publish the new version first.
        ///
        /// Fails before changing anything: on a tenant handle ([`Error::ProjectScopeRequired`]:
        /// clusters live in projects); with [`Error::NameNotFound`] when the cluster uses no
        /// profile named `profile` (kind [`NameKind::ATTACHED_PROFILE`]) or that profile has
        /// no version `version` (kind [`NameKind::CLUSTER_PROFILE_VERSION`], name
        /// `"{profile} {version}"`).
        pub async fn move_to_profile_version(
            &self,
            uid: &str,
            profile: &str,
            version: &str,
        ) -> Result<ProfileMove, Error> {
            self.in_a_project("moving a cluster to another profile version")?;
            let attached = self.profiles(uid).await?;
            let named = attached.into_iter().filter_map(|p| {
                let from = lookup::uid_of(&p.metadata)?.to_string();
                (lookup::name_of(&p.metadata) == Some(profile)).then_some((from, p))
            });
            let current = lookup::at_most_one_of(NameKind::ATTACHED_PROFILE, profile, named)?;
            let current = lookup::required(NameKind::ATTACHED_PROFILE, profile, current)?;
            let profiles = self.client.cluster_profiles();
            let from = lookup::uid_of(&current.metadata).unwrap_or_default();
            let old = profiles.get(from).await?;
            let wanted = format!("{profile} {version}");
            let to = old
                .spec
                .as_ref()
                .and_then(|s| s.versions.clone())
                .into_iter()
                .flatten()
                .filter(|v| v.version.as_deref() == Some(version))
                .filter_map(|v| v.uid);
            let to = lookup::at_most_one(NameKind::CLUSTER_PROFILE_VERSION, &wanted, to)?;
            let to = lookup::required(NameKind::CLUSTER_PROFILE_VERSION, &wanted, to)?;
            let new = profiles.get(&to).await?;
            self.carry(uid, &current, &old, &new).await
        }

        /// Replaces the profile `from` (a uid) the cluster `uid` uses with the profile `to`,
        /// keeping the pack values the cluster overrides:
        /// [`move_to_profile_version`](Self::move_to_profile_version) with both versions known
        /// by uid. A cluster that does not use `from` is [`Error::NameNotFound`] (kind
        /// [`NameKind::ATTACHED_PROFILE`], name `from`).
        pub async fn replace_profile(
            &self,
            uid: &str,
            from: &str,
            to: &str,
        ) -> Result<ProfileMove, Error> {
            self.in_a_project("replacing a cluster's profile")?;
            let current = self
                .profiles(uid)
                .await?
                .into_iter()
                .find(|p| lookup::uid_of(&p.metadata) == Some(from));
            let current = lookup::required(NameKind::ATTACHED_PROFILE, from, current)?;
            let profiles = self.client.cluster_profiles();
            let old = profiles.get(from).await?;
            let new = profiles.get(to).await?;
            self.carry(uid, &current, &old, &new).await
        }

        /// Sends the replacement of `old` by `new` with the values the cluster keeps.
        async fn carry(
            &self,
            uid: &str,
            current: &types::SpectroClusterProfile,
            old: &types::ClusterProfile,
            new: &types::ClusterProfile,
        ) -> Result<ProfileMove, Error> {
            let from = lookup::uid_of(&old.metadata)
                .unwrap_or_default()
                .to_string();
            let to = lookup::uid_of(&new.metadata)
                .unwrap_or_default()
                .to_string();
            let (pack_values, kept, dropped) = plan(current, old, new);
            let entity = types::SpectroClusterProfileEntity {
                uid: Some(to.clone()),
                replace_with_profile: Some(from.clone()),
                pack_values: Some(pack_values),
                ..Default::default()
            };
            self.client
                .spectro_clusters_patch_profiles()
                .uid(uid)
                .resolve_notification(true)
                .body(types::SpectroClusterProfiles {
                    profiles: Some(vec![entity]),
                    spc_apply_settings: None,
                })
                .send()
                .await?;
            Ok(ProfileMove {
                from,
                to,
                kept,
                dropped,
            })
        }
    }

    /// The packs of the template clusters use: the published one, or the draft of a version
    /// never published.
    fn packs_of(profile: &types::ClusterProfile) -> Vec<types::PackRef> {
        let spec = profile.spec.clone().unwrap_or_default();
        spec.published
            .or(spec.draft)
            .and_then(|t| t.packs)
            .unwrap_or_default()
    }

    /// What a move keeps: for each pack the cluster overrides (its values differ from `old`'s),
    /// the values to send with `new` when `new` has the pack, or what is dropped when not.
    fn plan(
        current: &types::SpectroClusterProfile,
        old: &types::ClusterProfile,
        new: &types::ClusterProfile,
    ) -> (
        Vec<types::PackValuesEntity>,
        Vec<KeptValues>,
        Vec<DroppedValues>,
    ) {
        let (old_packs, new_packs) = (packs_of(old), packs_of(new));
        let find = |packs: &[types::PackRef], name: &str| {
            packs
                .iter()
                .find(|p| p.name.as_deref() == Some(name))
                .cloned()
        };
        let (mut send, mut kept, mut dropped) = (Vec::new(), Vec::new(), Vec::new());
        let used = current.spec.as_ref().and_then(|s| s.packs.as_ref());
        for pack in used.into_iter().flatten() {
            let spec = pack.spec.clone().unwrap_or_default();
            let Some(name) = spec
                .name
                .clone()
                .or_else(|| lookup::name_of(&pack.metadata).map(str::to_string))
            else {
                continue;
            };
            let values = spec.values.unwrap_or_default();
            let profile_values = find(&old_packs, &name)
                .and_then(|p| p.values)
                .unwrap_or_default();
            if values == profile_values {
                continue;
            }
            match find(&new_packs, &name) {
                Some(next) => {
                    send.push(types::PackValuesEntity {
                        tag: next.tag.clone(),
                        type_: next.type_.as_ref().map(|t| PackType::from(t.as_str())),
                        values: Some(values.clone()),
                        ..types::PackValuesEntity::new(name.clone())
                    });
                    kept.push(KeptValues {
                        changed_in_new_version: next.values.unwrap_or_default() != profile_values,
                        pack: name,
                        values,
                        from_tag: spec.version,
                        to_tag: next.tag,
                    });
                }
                None => dropped.push(DroppedValues { pack: name, values }),
            }
        }
        (send, kept, dropped)
    }
}
