//! The fake's cloud accounts and cluster profiles (with versions, publishing and variables), and their rules.

#[cfg(feature = "clusterprofiles")]
use std::collections::BTreeMap;

#[cfg(feature = "clusterprofiles")]
use crate::testing::refusal::{Refusal, refuse, zero_time};
use crate::testing::seed;
#[cfg(any(feature = "cloudaccounts", feature = "clusterprofiles"))]
use crate::types;

/// A cloud account of the tenant.
#[derive(Debug, Clone)]
#[cfg_attr(not(feature = "cloudaccounts"), allow(dead_code))]
pub(crate) struct CloudAccount {
    pub(crate) uid: String,
    pub(crate) name: String,
    /// `aws`, `edge-native`, ...: what Palette's summary calls the account's `kind`.
    pub(crate) cloud_type: String,
}

/// A cluster profile and the scope it was made in.
#[cfg(feature = "clusterprofiles")]
#[derive(Debug, Clone)]
pub(crate) struct StoredProfile {
    /// The project it belongs to; `None` for a tenant profile.
    pub(crate) project: Option<String>,
    pub(crate) profile: types::ClusterProfile,
    pub(crate) variables: Vec<types::Variable>,
}

#[cfg(feature = "clusterprofiles")]
impl StoredProfile {
    fn meta(&self) -> Option<&types::ObjectMeta> {
        self.profile.metadata.as_ref()
    }

    pub(crate) fn name(&self) -> &str {
        self.meta()
            .and_then(|m| m.name.as_deref())
            .unwrap_or_default()
    }

    pub(crate) fn uid(&self) -> &str {
        self.meta()
            .and_then(|m| m.uid.as_deref())
            .unwrap_or_default()
    }

    pub(crate) fn version(&self) -> &str {
        self.profile
            .spec
            .as_ref()
            .and_then(|s| s.version.as_deref())
            .unwrap_or_default()
    }

    fn published(&self) -> bool {
        self.profile
            .status
            .as_ref()
            .and_then(|s| s.is_published)
            .unwrap_or(false)
    }
}

/// Cloud accounts and cluster profiles of the fake tenant.
#[derive(Debug)]
pub(crate) struct Catalog {
    /// The seeded accounts, tenant-wide: every scope sees them.
    #[cfg_attr(not(feature = "cloudaccounts"), allow(dead_code))]
    pub(crate) accounts: Vec<CloudAccount>,
    /// Every profile, keyed by uid (uids sort in creation order).
    #[cfg(feature = "clusterprofiles")]
    pub(crate) profiles: BTreeMap<String, StoredProfile>,
}

impl Catalog {
    /// The seeded cloud accounts, and no profile.
    pub(crate) fn seeded() -> Self {
        Catalog {
            accounts: seed::CLOUD_ACCOUNTS
                .iter()
                .map(|(uid, name, cloud_type)| CloudAccount {
                    uid: uid.to_string(),
                    name: name.to_string(),
                    cloud_type: cloud_type.to_string(),
                })
                .collect(),
            #[cfg(feature = "clusterprofiles")]
            profiles: BTreeMap::new(),
        }
    }

    /// The accounts as Palette's summary list shows them, in seed order.
    #[cfg(feature = "cloudaccounts")]
    pub(crate) fn account_summaries(&self) -> Vec<types::CloudAccountSummary> {
        self.accounts
            .iter()
            .map(|a| types::CloudAccountSummary {
                kind: Some(a.cloud_type.clone()),
                metadata: Some(types::ObjectMeta {
                    uid: Some(a.uid.clone()),
                    name: Some(a.name.clone()),
                    ..Default::default()
                }),
                spec_summary: Some(types::CloudAccountSummarySpecSummary {
                    account_id: Some(format!("fake-{}", a.name)),
                }),
                status: Some(types::CloudAccountStatus {
                    state: Some("Running".into()),
                    ..Default::default()
                }),
            })
            .collect()
    }
}

#[cfg(feature = "clusterprofiles")]
impl Catalog {
    /// The profile `uid` as seen from `project`, or 404 `ResourceNotFound`: a profile of
    /// another scope is as good as missing.
    pub(crate) fn profile(
        &self,
        project: Option<&str>,
        uid: &str,
    ) -> Result<&StoredProfile, Refusal> {
        self.profiles
            .get(uid)
            .filter(|p| p.project.as_deref() == project)
            .ok_or_else(|| not_found(uid))
    }

    pub(crate) fn profile_mut(
        &mut self,
        project: Option<&str>,
        uid: &str,
    ) -> Result<&mut StoredProfile, Refusal> {
        self.profiles
            .get_mut(uid)
            .filter(|p| p.project.as_deref() == project)
            .ok_or_else(|| not_found(uid))
    }

    /// Makes a profile as `uid` in `project`'s scope: a name is required, the version
    /// defaults to `1.0.0`, and (name, version) is unique per scope (409
    /// `ClusterProfileAlreadyExists`). A profile starts as a draft unless `publish` is set.
    pub(crate) fn create_profile(
        &mut self,
        project: Option<&str>,
        uid: String,
        entity: types::ClusterProfileEntity,
        publish: bool,
    ) -> Result<String, Refusal> {
        let mut meta = entity.metadata.unwrap_or_default();
        let name = meta.name.clone().unwrap_or_default();
        if name.trim().is_empty() {
            return Err(refuse(
                400,
                "InvalidClusterProfileName",
                "a cluster profile needs a name",
            ));
        }
        let spec = entity.spec.unwrap_or_default();
        let version = spec
            .version
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| "1.0.0".to_string());
        let taken = self
            .profiles
            .values()
            .any(|p| p.project.as_deref() == project && p.name() == name && p.version() == version);
        if taken {
            return Err(refuse(
                409,
                "ClusterProfileAlreadyExists",
                format!(
                    "a cluster profile '{name}' of version '{version}' already exists in this scope"
                ),
            ));
        }
        let variables = spec.variables.unwrap_or_default();
        check_variables(&variables)?;
        let draft = spec.template.unwrap_or_default();
        let template = types::ClusterProfileTemplate {
            cloud_type: draft.cloud_type.or_else(|| Some("all".into())),
            name: Some(name.clone()),
            packs: Some(
                draft
                    .packs
                    .unwrap_or_default()
                    .into_iter()
                    .map(pack_ref)
                    .collect(),
            ),
            profile_version: Some(version.clone()),
            type_: Some(
                draft
                    .type_
                    .map(|t| t.as_str().to_string())
                    .unwrap_or_else(|| "cluster".into()),
            ),
            uid: Some(uid.clone()),
            version: Some(1),
            ..Default::default()
        };
        let now = types::Time(chrono::Utc::now());
        meta.uid = Some(uid.clone());
        meta.creation_timestamp = Some(now.clone());
        meta.last_modified_timestamp = Some(now);
        meta.deletion_timestamp = Some(zero_time());
        let (draft, published) = if publish {
            (None, Some(template))
        } else {
            (Some(template), None)
        };
        let profile = types::ClusterProfile {
            api_version: Some("v1".into()),
            kind: Some("ClusterProfile".into()),
            metadata: Some(meta),
            spec: Some(types::ClusterProfileSpec {
                draft,
                published,
                version: Some(version),
                versions: None,
            }),
            status: Some(types::ClusterProfileStatus {
                is_published: Some(publish),
                has_user_macros: Some(false),
                ..Default::default()
            }),
        };
        self.profiles.insert(
            uid.clone(),
            StoredProfile {
                project: project.map(str::to_string),
                profile,
                variables,
            },
        );
        Ok(uid)
    }

    /// The profile as `clusterProfilesGet` returns it, with the uids of every version of its
    /// name in its scope.
    pub(crate) fn profile_reply(
        &self,
        project: Option<&str>,
        uid: &str,
    ) -> Result<types::ClusterProfile, Refusal> {
        let stored = self.profile(project, uid)?;
        let mut profile = stored.profile.clone();
        if let Some(spec) = profile.spec.as_mut() {
            spec.versions = Some(self.versions_of(project, stored.name()));
        }
        Ok(profile)
    }

    /// (uid, version) of each profile named `name` in `project`'s scope.
    fn versions_of(&self, project: Option<&str>, name: &str) -> Vec<types::ClusterProfileVersion> {
        self.in_scope(project)
            .filter(|p| p.name() == name)
            .map(|p| types::ClusterProfileVersion {
                uid: Some(p.uid().to_string()),
                version: Some(p.version().to_string()),
            })
            .collect()
    }

    fn in_scope<'a>(&'a self, project: Option<&'a str>) -> impl Iterator<Item = &'a StoredProfile> {
        self.profiles
            .values()
            .filter(move |p| p.project.as_deref() == project)
    }

    /// Publishes the draft: it becomes the published template and the draft is cleared.
    /// Publishing a profile with no draft changes nothing.
    pub(crate) fn publish_profile(
        &mut self,
        project: Option<&str>,
        uid: &str,
    ) -> Result<(), Refusal> {
        let stored = self.profile_mut(project, uid)?;
        let profile = &mut stored.profile;
        if let Some(spec) = profile.spec.as_mut()
            && let Some(draft) = spec.draft.take()
        {
            spec.published = Some(draft);
        }
        profile
            .status
            .get_or_insert_with(Default::default)
            .is_published = Some(true);
        touch(profile);
        Ok(())
    }

    /// Deletes a profile of `project`'s scope.
    pub(crate) fn delete_profile(
        &mut self,
        project: Option<&str>,
        uid: &str,
    ) -> Result<(), Refusal> {
        self.profile(project, uid)?;
        self.profiles.remove(uid);
        Ok(())
    }

    /// The profile's variables.
    pub(crate) fn variables(
        &self,
        project: Option<&str>,
        uid: &str,
    ) -> Result<Vec<types::Variable>, Refusal> {
        Ok(self.profile(project, uid)?.variables.clone())
    }

    /// Replaces the profile's variables as a whole; names must be given and distinct.
    pub(crate) fn set_variables(
        &mut self,
        project: Option<&str>,
        uid: &str,
        variables: Vec<types::Variable>,
    ) -> Result<(), Refusal> {
        check_variables(&variables)?;
        let stored = self.profile_mut(project, uid)?;
        stored.variables = variables;
        touch(&mut stored.profile);
        Ok(())
    }

    /// Every profile of `project`'s scope as the dashboard lists them, in creation order.
    pub(crate) fn profile_summaries(
        &self,
        project: Option<&str>,
    ) -> Vec<types::ClusterProfileSummary> {
        self.in_scope(project)
            .map(|p| {
                let summary =
                    |t: &types::ClusterProfileTemplate| types::ClusterProfileTemplateSummary {
                        cloud_type: t.cloud_type.clone(),
                        packs: Some(t.packs.iter().flatten().map(pack_summary).collect()),
                        type_: t.type_.clone(),
                    };
                let spec = p.profile.spec.as_ref();
                types::ClusterProfileSummary {
                    metadata: p.profile.metadata.clone(),
                    spec_summary: Some(types::ClusterProfileSummarySpecSummary {
                        draft: spec.and_then(|s| s.draft.as_ref()).map(summary),
                        published: spec.and_then(|s| s.published.as_ref()).map(summary),
                        version: Some(p.version().to_string()),
                        versions: Some(self.versions_of(project, p.name())),
                    }),
                    status: Some(types::ClusterProfileStatusSummary {
                        is_published: Some(p.published()),
                        ..Default::default()
                    }),
                }
            })
            .collect()
    }
}

#[cfg(feature = "clusterprofiles")]
fn not_found(uid: &str) -> Refusal {
    refuse(
        404,
        "ResourceNotFound",
        format!("cluster profile '{uid}' not found"),
    )
}

#[cfg(feature = "clusterprofiles")]
pub(crate) fn touch(profile: &mut types::ClusterProfile) {
    if let Some(meta) = profile.metadata.as_mut() {
        meta.last_modified_timestamp = Some(types::Time(chrono::Utc::now()));
    }
}

/// Variables need a name each, and no two the same.
#[cfg(feature = "clusterprofiles")]
fn check_variables(variables: &[types::Variable]) -> Result<(), Refusal> {
    let mut seen = std::collections::BTreeSet::new();
    for v in variables {
        let name = v.name.as_deref().unwrap_or_default();
        if name.trim().is_empty() {
            return Err(refuse(400, "InvalidVariable", "a variable needs a name"));
        }
        if !seen.insert(name) {
            return Err(refuse(
                400,
                "DuplicateVariable",
                format!("variable '{name}' is defined twice"),
            ));
        }
    }
    Ok(())
}

/// A pack of a create request as the profile keeps it. A pack with no layer is an add-on; one
/// with no uid gets the uid of its (registry, name, tag).
#[cfg(feature = "clusterprofiles")]
/// The uid of a pack given without one: Palette resolves a pack from its registry, name and
/// tag, so the same (registry, name, tag) always gets the same 24-hex-digit uid here.
pub(crate) fn resolved_pack_uid(pack: &types::PackManifestEntity) -> String {
    if let Some(uid) = pack.uid.as_deref().filter(|u| !u.is_empty()) {
        return uid.to_string();
    }
    // FNV-1a over the three parts, stable across runs and platforms.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let parts = [
        pack.registry_uid.as_deref().unwrap_or_default(),
        &pack.name,
        pack.tag.as_deref().unwrap_or_default(),
    ];
    for byte in parts.join("\u{0}").bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("6570{hash:020x}")
}

#[cfg(feature = "clusterprofiles")]
pub(crate) fn pack_ref(pack: types::PackManifestEntity) -> types::PackRef {
    let pack_uid = resolved_pack_uid(&pack);
    types::PackRef {
        annotations: None,
        digest: None,
        in_valid_reason: None,
        is_invalid: Some(false),
        layer: Some(crate::enums::PackRefLayer::from(
            pack.layer.as_deref().unwrap_or("addon"),
        )),
        logo: None,
        manifests: None,
        name: Some(pack.name),
        pack_uid: Some(pack_uid),
        params: None,
        presets: None,
        registry_uid: pack.registry_uid,
        schema: None,
        server: None,
        version: pack.tag.clone(),
        tag: pack.tag,
        type_: pack
            .type_
            .map(|t| crate::enums::PackRefType::from(t.as_str())),
        values: pack.values,
    }
}

#[cfg(feature = "clusterprofiles")]
fn pack_summary(pack: &types::PackRef) -> types::PackRefSummary {
    types::PackRefSummary {
        layer: pack
            .layer
            .as_ref()
            .map(|l| crate::enums::PackLayer::from(l.as_str())),
        name: pack.name.clone(),
        pack_uid: pack.pack_uid.clone(),
        tag: pack.tag.clone(),
        type_: pack.type_.as_ref().map(|t| t.as_str().to_string()),
        version: pack.version.clone(),
        ..Default::default()
    }
}
