//! Packs, ergonomically: a pack's versions across registries or in one, one version by name (the newest when none is given), its default values, and what a cluster profile needs to reference it.

use futures_util::TryStreamExt;

use crate::client::generated::ClientPacksExt;
use crate::enums::{PackLayer, PackType};
use crate::ext::lookup::{self, NameKind};
use crate::ext::versions::{self, listing_order};
use crate::send::call::Call;
use crate::send::pagination::Paged;
use crate::{Client, Error, types};

/// The packs the handle's scope can use, in every registry or in one. Get one with
/// [`Client::packs`]; it owns a cheap clone of the client, so it can be stored or moved into a
/// task.
///
/// A pack is known by its name (`kubernetes`) and version (`1.32.2`); each version in each
/// registry is a pack of its own with its own uid. A lookup by name alone takes the newest
/// version, by semantic-versioning precedence as [`ClusterProfiles::versions`] orders them
/// (`1.30.10` is newer than `1.30.9`; a pre-release is older than its release; versions that
/// are not semver, such as Ubuntu's `22.04`, compare part by part, numbers as numbers).
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// let packs = client.with_project_name("Default").await?.packs();
/// // The newest kubernetes in the registry "Public Repo", and a given version of Calico there.
/// let public = packs.in_registry("Public Repo");
/// let k8s = public.get_by_name("kubernetes", None).await?;
/// let calico = public.get_by_name("cni-calico", Some("3.29.1")).await?;
/// println!("{} {} is {} in registry {}", k8s.name, k8s.version, k8s.uid, k8s.registry_uid);
/// let values = packs.values(&k8s.uid).await?; // its default values.yaml
/// // Across every registry: the same name and version in two registries is an error.
/// let ebs = packs.get_by_name("csi-aws-ebs", None).await?;
/// # Ok(()) }
/// ```
///
/// [`ClusterProfiles::versions`]: crate::ext::ClusterProfiles::versions
#[derive(Debug, Clone)]
pub struct Packs {
    client: Client,
    registry: Option<RegistryChoice>,
}

/// The registry a [`Packs`] handle looks in.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RegistryChoice {
    Name(String),
    Uid(String),
}

impl Client {
    /// The packs of every registry this client's scope can use.
    pub fn packs(&self) -> Packs {
        Packs {
            client: self.clone(),
            registry: None,
        }
    }
}

/// One version of a pack in one registry: what a cluster profile needs to reference it.
///
/// A struct of the SDK's rather than a generated type: Palette gives a pack's versions as
/// `PackTagEntity.tags` (uid, tag and version of each) beside the pack's name, layer and
/// registry, and the pack's type only in its search results; this brings the parts of one
/// version together.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PackVersion {
    /// The pack's name, such as `kubernetes`.
    pub name: String,
    /// This version's uid in its registry (a cluster profile's pack `uid`).
    pub uid: String,
    /// The version, such as `1.32.2` (the tag when Palette gives no version).
    pub version: String,
    /// The tag a cluster profile names this version by (usually the version).
    pub tag: String,
    /// The layer of a cluster profile the pack fills: `os`, `k8s`, `cni`, `csi`, `addon`, ...
    pub layer: Option<PackLayer>,
    /// What kind of pack it is (`spectro` for a pack registry's, `helm`, `oci`, ...), as the
    /// pack search reports it.
    pub pack_type: Option<PackType>,
    /// The uid of the registry that holds this version.
    pub registry_uid: String,
    /// The name of that registry, as the pack search reports it.
    pub registry_name: Option<String>,
}

impl PackVersion {
    /// The pack as a cluster profile references it: name, uid, tag, layer, type and registry
    /// uid, ready for [`NewClusterProfile::pack`]. It carries no `values`: set them to the
    /// YAML the profile should hold for the pack (the defaults are [`Packs::values`]).
    ///
    /// ```no_run
    /// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::enums::ProfileType;
    /// use palette_sdk::ext::NewClusterProfile;
    /// use palette_sdk::types::PackManifestEntity;
    ///
    /// let project = client.with_project_name("Default").await?;
    /// let packs = project.packs().in_registry("Public Repo");
    /// let k8s = packs.get_by_name("kubernetes", Some("1.32.2")).await?;
    /// let values = packs.values(&k8s.uid).await?;
    /// let profile = NewClusterProfile::new("base", "1.0.0")
    ///     .cloud_type("aws")
    ///     .profile_type(ProfileType::Infra)
    ///     .pack(packs.get_by_name("ubuntu-aws", Some("22.04")).await?.profile_pack())
    ///     .pack(PackManifestEntity { values: Some(values), ..k8s.profile_pack() });
    /// project.cluster_profiles().create(profile).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// [`NewClusterProfile::pack`]: crate::ext::NewClusterProfile::pack
    #[cfg(feature = "clusterprofiles")]
    #[cfg_attr(docsrs, doc(cfg(feature = "clusterprofiles")))]
    pub fn profile_pack(&self) -> types::PackManifestEntity {
        types::PackManifestEntity {
            layer: self.layer.as_ref().map(|l| l.as_str().to_string()),
            registry_uid: Some(self.registry_uid.clone()),
            tag: Some(self.tag.clone()),
            type_: self.pack_type.clone(),
            uid: Some(self.uid.clone()),
            ..types::PackManifestEntity::new(self.name.clone())
        }
    }
}

/// A registry the pack search says holds a pack.
#[derive(Debug, Clone)]
struct Holder {
    uid: String,
    name: Option<String>,
    pack_type: Option<PackType>,
}

impl Packs {
    /// The packs of the registry named exactly `name` only. The name is matched against the
    /// registries Palette's pack search lists as holding a pack, so a registry that does not
    /// exist holds nothing: lookups find no pack. Two registries of that name (of different
    /// kinds) are both looked in.
    pub fn in_registry(&self, name: impl Into<String>) -> Packs {
        Packs {
            client: self.client.clone(),
            registry: Some(RegistryChoice::Name(name.into())),
        }
    }

    /// The packs of the registry with this uid only.
    pub fn in_registry_uid(&self, uid: impl Into<String>) -> Packs {
        Packs {
            client: self.client.clone(),
            registry: Some(RegistryChoice::Uid(uid.into())),
        }
    }

    /// The registries that hold a pack named exactly `name` (`packsSearch`, paged), those of
    /// this handle's registry only when it has one. Palette filters by name, and the result is
    /// checked again here, as its filter may be looser.
    async fn holders(&self, name: &str) -> Result<Vec<Holder>, Error> {
        let registry_uid = match &self.registry {
            Some(RegistryChoice::Uid(uid)) => Some(vec![uid.clone()]),
            _ => None,
        };
        let spec = types::PacksFilterSpec {
            filter: Some(types::PackFilterSpec {
                name: Some(types::FilterString {
                    eq: Some(name.to_string()),
                    ignore_case: Some(false),
                    ..Default::default()
                }),
                registry_uid,
                ..Default::default()
            }),
            sort: None,
        };
        let found: Vec<types::PackMetadata> = self
            .client
            .packs_search()
            .body(spec)
            .stream()
            .try_collect()
            .await?;
        let mut holders: Vec<Holder> = Vec::new();
        for pack in found {
            let Some(spec) = pack.spec else { continue };
            let pack_name = spec.name.as_deref().or(lookup::name_of(&pack.metadata));
            if pack_name != Some(name) {
                continue;
            }
            for registry in spec.registries.into_iter().flatten() {
                let Some(uid) = registry.uid.filter(|uid| !uid.is_empty()) else {
                    continue;
                };
                let wanted = match &self.registry {
                    None => true,
                    Some(RegistryChoice::Uid(wanted)) => &uid == wanted,
                    Some(RegistryChoice::Name(wanted)) => {
                        registry.name.as_deref() == Some(wanted.as_str())
                    }
                };
                if wanted && holders.iter().all(|h| h.uid != uid) {
                    holders.push(Holder {
                        uid,
                        name: registry.name,
                        pack_type: spec.type_.clone(),
                    });
                }
            }
        }
        Ok(holders)
    }

    /// Every version of the packs named exactly `name` in the registries of this handle,
    /// oldest version first (in the order [`Packs`] describes; one version in two registries
    /// comes once per registry, by registry uid).
    ///
    /// It asks Palette's pack search which registries hold the pack (`packsSearch`), then
    /// each of them for the pack's versions (`packsNameRegistryUidList`).
    pub async fn versions(&self, name: &str) -> Result<Vec<PackVersion>, Error> {
        let mut versions = Vec::new();
        for holder in self.holders(name).await? {
            let pack = self
                .client
                .packs_name_registry_uid_list()
                .pack_name(name)
                .registry_uid(&holder.uid)
                .send()
                .await?;
            for tag in pack.tags.iter().flatten() {
                let Some(uid) = tag.pack_uid.clone().filter(|uid| !uid.is_empty()) else {
                    continue;
                };
                let nonempty = |s: &Option<String>| s.clone().filter(|s| !s.is_empty());
                let version = nonempty(&tag.version).or_else(|| nonempty(&tag.tag));
                let version = version.unwrap_or_default();
                versions.push(PackVersion {
                    name: pack.name.clone().unwrap_or_else(|| name.to_string()),
                    uid,
                    tag: nonempty(&tag.tag).unwrap_or_else(|| version.clone()),
                    version,
                    layer: pack.layer.clone(),
                    pack_type: holder.pack_type.clone(),
                    registry_uid: holder.uid.clone(),
                    registry_name: holder.name.clone(),
                });
            }
        }
        versions.sort_by(|a, b| {
            listing_order(&a.version, &b.version).then_with(|| a.registry_uid.cmp(&b.registry_uid))
        });
        Ok(versions)
    }

    /// The pack named exactly `name` at `version` (compared exactly), or at its newest version
    /// when `None`, if the handle's registries hold one. An error
    /// ([`Error::AmbiguousName`], with the packs' uids) when two registries hold that name
    /// and version, or, for the newest, when several versions share the highest precedence.
    pub async fn find_by_name(
        &self,
        name: &str,
        version: Option<&str>,
    ) -> Result<Option<PackVersion>, Error> {
        let versions = self.versions(name).await?;
        let matches = versions::at_version(
            versions.into_iter().map(|v| (v.version.clone(), v)),
            version,
        );
        lookup::at_most_one_of(
            NameKind::PACK,
            &looked_up(name, version),
            matches.into_iter().map(|v| (v.uid.clone(), v)),
        )
    }

    /// The pack named exactly `name` at `version` (its newest version when `None`); an error
    /// if there is none ([`Error::NameNotFound`], naming `name:version`) or several.
    pub async fn get_by_name(
        &self,
        name: &str,
        version: Option<&str>,
    ) -> Result<PackVersion, Error> {
        let found = self.find_by_name(name, version).await?;
        lookup::required(NameKind::PACK, &looked_up(name, version), found)
    }

    /// The pack `uid` as Palette returns it (`packsUid`): its name, layer, registry, every
    /// version of it in that registry (`tags`) and the values of this one (`packValues`).
    pub async fn get(&self, uid: &str) -> Result<types::PackTagEntity, Error> {
        self.client.packs_uid().uid(uid).send().await
    }

    /// The default values of the pack version `uid`: the `values.yaml` Palette holds for it,
    /// as text (`packsUid`). Empty when the pack has none. A reply that lists no values for
    /// that uid is an error naming the operation.
    pub async fn values(&self, uid: &str) -> Result<String, Error> {
        let pack = self.get(uid).await?;
        let entries = pack.pack_values.unwrap_or_default();
        let anonymous = || match entries.as_slice() {
            [only] if only.pack_uid.as_deref().unwrap_or_default().is_empty() => Some(only),
            _ => None,
        };
        let entry = entries
            .iter()
            .find(|v| v.pack_uid.as_deref() == Some(uid))
            .or_else(anonymous)
            .ok_or_else(|| {
                let operation = <crate::builder::PacksUid<'_> as Call>::OPERATION;
                Error::missing_field(operation, "packValues")
            })?;
        Ok(entry.values.clone().unwrap_or_default())
    }
}

/// How a lookup names what it looked for: `name`, or `name:version`.
fn looked_up(name: &str, version: Option<&str>) -> String {
    match version {
        Some(version) => format!("{name}:{version}"),
        None => name.to_string(),
    }
}
