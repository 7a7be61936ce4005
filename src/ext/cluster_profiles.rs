//! Cluster profiles, ergonomically: list, find by name and version, get, create from packs, publish, versions, variables, delete.

use futures_util::TryStreamExt;
use futures_util::stream::BoxStream;

use crate::client::generated::{ClientClusterprofilesExt, ClientDashboardExt};
use crate::enums::ProfileType;
use crate::ext::created::SendForUid;
use crate::ext::lookup::{self, NameKind};
use crate::ext::versions::{self, listing_order};
use crate::send::call::Call;
use crate::send::pagination::Paged;
use crate::{Client, Error, types};

/// The cluster profiles of the handle's scope. Get one with [`Client::cluster_profiles`]; it
/// owns a cheap clone of the client, so it can be stored or moved into a task. Profiles belong
/// to a scope: one made through a project handle is seen only from that project, one made
/// through a tenant handle only at tenant scope.
///
/// A profile is known by its name and version; each (name, version) is a profile of its own
/// with its own uid.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::enums::{PackType, ProfileType};
/// use palette_sdk::ext::NewClusterProfile;
/// use palette_sdk::types::PackManifestEntity;
///
/// let profiles = client.with_project_name("Default").await?.cluster_profiles();
/// let nginx = PackManifestEntity {
///     layer: Some("addon".into()),
///     manifests: None,
///     name: "nginx".into(),
///     registry_uid: Some("5ee9c5adc172449eeb9c30cf".into()),
///     tag: Some("1.25.1".into()),
///     type_: Some(PackType::Spectro),
///     uid: None,
///     values: None,
/// };
/// let uid = profiles
///     .create(
///         NewClusterProfile::new("web", "1.0.0")
///             .cloud_type("all")
///             .profile_type(ProfileType::AddOn)
///             .pack(nginx),
///     )
///     .await?;
/// profiles.publish(&uid).await?;
/// let web = profiles.get_by_name("web", Some("1.0.0")).await?;
/// for v in profiles.versions("web").await? {
///     println!("{:?} {:?}", v.version, v.uid);
/// }
/// profiles.delete(&uid).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ClusterProfiles {
    pub(super) client: Client,
}

impl Client {
    /// The cluster profiles of this client's scope.
    pub fn cluster_profiles(&self) -> ClusterProfiles {
        ClusterProfiles {
            client: self.clone(),
        }
    }
}

impl ClusterProfiles {
    /// Every profile of the scope, each version on its own, streamed 50 a page
    /// (`clusterProfilesFilterSummary`).
    pub fn stream(&self) -> BoxStream<'_, Result<types::ClusterProfileSummary, Error>> {
        self.filtered(types::ClusterProfilesFilterSpec::default())
    }

    /// Every profile of the scope, each version on its own.
    pub async fn list(&self) -> Result<Vec<types::ClusterProfileSummary>, Error> {
        self.stream().try_collect().await
    }

    fn filtered(
        &self,
        spec: types::ClusterProfilesFilterSpec,
    ) -> BoxStream<'_, Result<types::ClusterProfileSummary, Error>> {
        self.client
            .cluster_profiles_filter_summary()
            .body(spec)
            .stream()
    }

    /// The summaries of the profiles named exactly `name`: Palette filters by name, and the
    /// result is checked again here, as its filter may be looser.
    async fn named(&self, name: &str) -> Result<Vec<types::ClusterProfileSummary>, Error> {
        let spec = types::ClusterProfilesFilterSpec {
            filter: Some(types::ClusterProfileFilterSpec {
                profile_name: Some(types::FilterString {
                    eq: Some(name.to_string()),
                    ignore_case: Some(false),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            sort: None,
        };
        self.filtered(spec)
            .try_filter(|p| std::future::ready(lookup::name_of(&p.metadata) == Some(name)))
            .try_collect()
            .await
    }

    /// Every version of the profiles named exactly `name`, oldest version first. Each comes
    /// with the uid of its profile.
    ///
    /// Versions are ordered by semantic-versioning precedence: `1.0.0-alpha` <
    /// `1.0.0-alpha.1` < `1.0.0-beta.11` < `1.0.0-rc.1` < `1.0.0` < `1.10.0`, with build
    /// metadata (`+...`) ignored (versions that differ only there are listed by their text).
    /// Versions that are not semver (`1.0`, `v2`, `latest`) come first, ordered part by part
    /// with numbers compared as numbers (`1.9` < `1.10`).
    pub async fn versions(&self, name: &str) -> Result<Vec<types::ClusterProfileVersion>, Error> {
        let mut versions: Vec<types::ClusterProfileVersion> = self
            .named(name)
            .await?
            .into_iter()
            .map(|p| types::ClusterProfileVersion {
                uid: lookup::uid_of(&p.metadata).map(str::to_string),
                version: p.spec_summary.and_then(|s| s.version),
            })
            .collect();
        versions.sort_by(|a, b| {
            listing_order(
                a.version.as_deref().unwrap_or_default(),
                b.version.as_deref().unwrap_or_default(),
            )
        });
        Ok(versions)
    }

    /// The uid of the profile named `name` at `version` (compared exactly), or at its newest
    /// version when none is given (see [`versions`](Self::versions) for the order). An error
    /// if several profiles have that name and version, or, for the newest, several versions
    /// share the highest precedence (`1.0.0+a` and `1.0.0+b`).
    pub(super) async fn uid_of(
        &self,
        name: &str,
        version: Option<&str>,
    ) -> Result<Option<String>, Error> {
        let versions = self.versions(name).await?;
        let uids = versions::at_version(
            versions
                .into_iter()
                .map(|v| (v.version.unwrap_or_default(), v.uid)),
            version,
        );
        let uids = uids.into_iter().flatten();
        lookup::at_most_one(NameKind::CLUSTER_PROFILE, name, uids)
    }

    /// The profile named exactly `name` at `version` (its newest version when `None`), if
    /// there is one; an error if several profiles have that name and version.
    pub async fn find_by_name(
        &self,
        name: &str,
        version: Option<&str>,
    ) -> Result<Option<types::ClusterProfile>, Error> {
        match self.uid_of(name, version).await? {
            Some(uid) => self.get(&uid).await.map(Some),
            None => Ok(None),
        }
    }

    /// The profile named exactly `name` at `version` (its newest version when `None`); an
    /// error if none or several are.
    pub async fn get_by_name(
        &self,
        name: &str,
        version: Option<&str>,
    ) -> Result<types::ClusterProfile, Error> {
        let uid = self.uid_of(name, version).await?;
        let uid = lookup::required(NameKind::CLUSTER_PROFILE, name, uid)?;
        self.get(&uid).await
    }

    /// One profile: its draft or published template with its packs, its version, and the
    /// other versions of its name (`clusterProfilesGet`).
    pub async fn get(&self, uid: &str) -> Result<types::ClusterProfile, Error> {
        self.client.cluster_profiles_get().uid(uid).send().await
    }

    /// Creates a profile and returns its uid (`clusterProfilesCreate`). It stays a draft
    /// unless [`NewClusterProfile::published`] was asked for. Palette refuses a second profile
    /// with the same name and version in the scope (409).
    pub async fn create(&self, profile: NewClusterProfile) -> Result<String, Error> {
        let publish = profile.publish;
        let mut call = self
            .client
            .cluster_profiles_create()
            .body(profile.into_entity());
        if publish {
            call = call.publish(true);
        }
        call.send_for_uid().await
    }

    /// Publishes a draft profile, after which clusters can use it (`clusterProfilesPublish`).
    pub async fn publish(&self, uid: &str) -> Result<(), Error> {
        self.client.cluster_profiles_publish().uid(uid).send().await
    }

    /// Deletes a profile (`clusterProfilesDelete`).
    pub async fn delete(&self, uid: &str) -> Result<(), Error> {
        self.client.cluster_profiles_delete().uid(uid).send().await
    }

    /// The variables a profile defines (`clusterProfilesUidVariablesGet`).
    pub async fn variables(&self, uid: &str) -> Result<Vec<types::Variable>, Error> {
        let got = self
            .client
            .cluster_profiles_uid_variables_get()
            .uid(uid)
            .send()
            .await?;
        Ok(got.variables.unwrap_or_default())
    }

    /// Replaces the variables a profile defines with `variables`
    /// (`clusterProfilesUidVariablesPut`).
    pub async fn set_variables(
        &self,
        uid: &str,
        variables: Vec<types::Variable>,
    ) -> Result<(), Error> {
        self.client
            .cluster_profiles_uid_variables_put()
            .uid(uid)
            .body(types::Variables {
                variables: Some(variables),
            })
            .send()
            .await
    }
}

/// A cluster profile to create: its name and version, cloud type, profile type, packs and
/// variables.
#[derive(Debug, Clone, PartialEq)]
pub struct NewClusterProfile {
    name: String,
    version: String,
    description: Option<String>,
    cloud_type: Option<String>,
    profile_type: Option<ProfileType>,
    packs: Vec<types::PackManifestEntity>,
    variables: Vec<types::Variable>,
    publish: bool,
}

impl NewClusterProfile {
    /// A profile called `name` at `version` (such as `1.0.0`), with no packs yet.
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> Self {
        NewClusterProfile {
            name: name.into(),
            version: version.into(),
            description: None,
            cloud_type: None,
            profile_type: None,
            packs: Vec::new(),
            variables: Vec::new(),
            publish: false,
        }
    }

    /// A description, kept as the profile's `description` annotation.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// The cloud the profile is for (`aws`, `eks`, `edge-native`, ...; `all` for an add-on
    /// profile usable on any cloud).
    pub fn cloud_type(mut self, cloud_type: impl Into<String>) -> Self {
        self.cloud_type = Some(cloud_type.into());
        self
    }

    /// What the profile holds: `Infra` (OS, Kubernetes, network, storage), `AddOn`, or
    /// `Cluster` (both).
    pub fn profile_type(mut self, profile_type: ProfileType) -> Self {
        self.profile_type = Some(profile_type);
        self
    }

    /// Adds a pack, in layer order (for an infra profile: OS, Kubernetes, network, storage).
    pub fn pack(mut self, pack: types::PackManifestEntity) -> Self {
        self.packs.push(pack);
        self
    }

    /// Adds a variable that clusters using the profile fill in.
    pub fn variable(mut self, variable: types::Variable) -> Self {
        self.variables.push(variable);
        self
    }

    /// Publish the profile as it is created instead of leaving it a draft.
    pub fn published(mut self) -> Self {
        self.publish = true;
        self
    }

    /// The request body Palette expects. Whether to publish is not part of it: it travels as
    /// the `publish` query parameter, which [`ClusterProfiles::create`] sends.
    pub fn into_entity(self) -> types::ClusterProfileEntity {
        let annotations = self
            .description
            .map(|d| [("description".to_string(), d)].into_iter().collect());
        types::ClusterProfileEntity {
            metadata: Some(types::ObjectMeta {
                name: Some(self.name),
                annotations,
                ..Default::default()
            }),
            spec: Some(types::ClusterProfileEntitySpec {
                template: Some(types::ClusterProfileTemplateDraft {
                    cloud_type: self.cloud_type,
                    packs: Some(self.packs),
                    type_: self.profile_type,
                }),
                variables: Some(self.variables),
                version: Some(self.version),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entity_carries_name_version_type_and_packs() {
        let entity = NewClusterProfile::new("web", "1.2.0")
            .cloud_type("aws")
            .profile_type(ProfileType::AddOn)
            .description("front end")
            .into_entity();
        let meta = entity.metadata.unwrap();
        assert_eq!(meta.name.as_deref(), Some("web"));
        assert_eq!(
            meta.annotations
                .unwrap()
                .get("description")
                .map(String::as_str),
            Some("front end")
        );
        let spec = entity.spec.unwrap();
        assert_eq!(spec.version.as_deref(), Some("1.2.0"));
        let template = spec.template.unwrap();
        assert_eq!(template.cloud_type.as_deref(), Some("aws"));
        assert_eq!(template.type_, Some(ProfileType::AddOn));
    }
}
