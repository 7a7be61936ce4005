//! The fake's profile versions: clones, pack changes staged in a profile's draft, and the packs a cluster sees of its profiles with the values it overrides.

use super::catalog::{Catalog, StoredProfile, pack_ref, touch};
use crate::testing::refusal::{Refusal, refuse, zero_time};
use crate::types;

/// The template a cluster or a reader sees: the published one, or the draft of a profile
/// never published.
pub(crate) fn current_template(
    profile: &types::ClusterProfile,
) -> Option<&types::ClusterProfileTemplate> {
    let spec = profile.spec.as_ref()?;
    spec.published.as_ref().or(spec.draft.as_ref())
}

/// The template pack changes read: the draft when there is one, else the published one.
fn edited_template(profile: &types::ClusterProfile) -> Option<&types::ClusterProfileTemplate> {
    let spec = profile.spec.as_ref()?;
    spec.draft.as_ref().or(spec.published.as_ref())
}

/// The draft pack changes go to: on a published profile with no draft, a copy of its
/// published template, so the published template (what clusters use) stays as it was until
/// the profile is published again.
fn draft_mut(profile: &mut types::ClusterProfile) -> &mut types::ClusterProfileTemplate {
    let spec = profile.spec.get_or_insert_with(Default::default);
    let published = spec.published.clone();
    spec.draft
        .get_or_insert_with(|| published.unwrap_or_default())
}

fn pack_named<'a>(
    template: Option<&'a types::ClusterProfileTemplate>,
    name: &str,
) -> Option<&'a types::PackRef> {
    template?
        .packs
        .iter()
        .flatten()
        .find(|p| p.name.as_deref() == Some(name))
}

fn pack_not_found(uid: &str, pack: &str) -> Refusal {
    refuse(
        404,
        "PackNotFound",
        format!("pack '{pack}' not found in cluster profile '{uid}'"),
    )
}

/// Where a clone goes: the scope of the profile cloned, or the target the request names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CloneTarget {
    /// The source's scope (no target in the request).
    SameScope,
    /// A project, or the tenant (`None`).
    Scope(Option<String>),
}

impl Catalog {
    /// Whether `project`'s scope has a profile `name` at `version`.
    fn taken(&self, project: Option<&str>, name: &str, version: &str) -> bool {
        self.profiles
            .values()
            .any(|p| p.project.as_deref() == project && p.name() == name && p.version() == version)
    }

    /// Clones the profile `source` of `project`'s scope as `uid`: a new profile called
    /// `name` at `version` (default `1.0.0`) in the target scope, with the source's packs
    /// (its published template, or its draft if it was never published), variables,
    /// annotations and labels, left unpublished. 404 for a source the caller cannot see, 409
    /// `ClusterProfileAlreadyExists` for a (name, version) the target scope has.
    pub(crate) fn clone_profile(
        &mut self,
        project: Option<&str>,
        source: &str,
        uid: String,
        name: String,
        version: Option<String>,
        target: CloneTarget,
    ) -> Result<String, Refusal> {
        let original = self.profile(project, source)?.clone();
        if name.trim().is_empty() {
            return Err(refuse(
                400,
                "InvalidClusterProfileName",
                "a cluster profile clone needs a name (metadata.name)",
            ));
        }
        let version = version
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| "1.0.0".to_string());
        let scope = match target {
            CloneTarget::SameScope => original.project.clone(),
            CloneTarget::Scope(scope) => scope,
        };
        if self.taken(scope.as_deref(), &name, &version) {
            return Err(refuse(
                409,
                "ClusterProfileAlreadyExists",
                format!(
                    "a cluster profile '{name}' of version '{version}' already exists in this scope"
                ),
            ));
        }
        let mut template = current_template(&original.profile)
            .cloned()
            .unwrap_or_default();
        template.name = Some(name.clone());
        template.uid = Some(uid.clone());
        template.profile_version = Some(version.clone());
        template.version = Some(1);
        let now = types::Time(chrono::Utc::now());
        let source_meta = original.profile.metadata.clone().unwrap_or_default();
        let meta = types::ObjectMeta {
            annotations: source_meta.annotations,
            labels: source_meta.labels,
            creation_timestamp: Some(now.clone()),
            deletion_timestamp: Some(zero_time()),
            last_modified_timestamp: Some(now),
            name: Some(name),
            uid: Some(uid.clone()),
        };
        let has_user_macros = original
            .profile
            .status
            .as_ref()
            .and_then(|s| s.has_user_macros);
        let profile = types::ClusterProfile {
            api_version: Some("v1".into()),
            kind: Some("ClusterProfile".into()),
            metadata: Some(meta),
            spec: Some(types::ClusterProfileSpec {
                draft: Some(template),
                published: None,
                version: Some(version),
                versions: None,
            }),
            status: Some(types::ClusterProfileStatus {
                is_published: Some(false),
                has_user_macros,
                ..Default::default()
            }),
        };
        self.profiles.insert(
            uid.clone(),
            StoredProfile {
                project: scope,
                profile,
                variables: original.variables,
            },
        );
        Ok(uid)
    }

    /// Adds a pack to the profile's draft and returns the pack's uid: a name is required,
    /// and a pack the profile has is 409 `PackAlreadyExists`.
    pub(crate) fn add_pack(
        &mut self,
        project: Option<&str>,
        uid: &str,
        pack: types::PackManifestEntity,
    ) -> Result<String, Refusal> {
        if pack.name.trim().is_empty() {
            return Err(refuse(400, "InvalidPack", "a pack needs a name"));
        }
        let stored = self.profile_mut(project, uid)?;
        if pack_named(edited_template(&stored.profile), &pack.name).is_some() {
            return Err(refuse(
                409,
                "PackAlreadyExists",
                format!("cluster profile '{uid}' already has a pack '{}'", pack.name),
            ));
        }
        let pack = pack_ref(pack);
        let pack_uid = pack.pack_uid.clone().unwrap_or_default();
        draft_mut(&mut stored.profile)
            .packs
            .get_or_insert_with(Vec::new)
            .push(pack);
        touch(&mut stored.profile);
        Ok(pack_uid)
    }

    /// Replaces the pack `name` of the profile's draft with `entity` (a PUT: its values are
    /// the ones given, none if none are), keeping its layer and type unless given. An unknown
    /// pack is 404 `PackNotFound`; the name in the body must be the pack's (400).
    pub(crate) fn update_pack(
        &mut self,
        project: Option<&str>,
        uid: &str,
        name: &str,
        entity: types::PackEntity,
    ) -> Result<(), Refusal> {
        let stored = self.profile_mut(project, uid)?;
        if pack_named(edited_template(&stored.profile), name).is_none() {
            return Err(pack_not_found(uid, name));
        }
        if entity.name != name {
            return Err(refuse(
                400,
                "InvalidPack",
                format!(
                    "the pack is '{name}' but the body names '{}'; remove it and add the other",
                    entity.name
                ),
            ));
        }
        if entity.uid.trim().is_empty() {
            return Err(refuse(400, "InvalidPack", "pack.uid is required"));
        }
        let draft = draft_mut(&mut stored.profile);
        if let Some(pack) = draft
            .packs
            .iter_mut()
            .flatten()
            .find(|p| p.name.as_deref() == Some(name))
        {
            pack.values = entity.values;
            pack.pack_uid = Some(entity.uid);
            if let Some(tag) = entity.tag {
                pack.version = Some(tag.clone());
                pack.tag = Some(tag);
            }
            if let Some(layer) = entity.layer {
                pack.layer = Some(crate::enums::PackRefLayer::from(layer));
            }
            if let Some(kind) = entity.type_ {
                pack.type_ = Some(crate::enums::PackRefType::from(kind.as_str()));
            }
        }
        touch(&mut stored.profile);
        Ok(())
    }

    /// Removes the pack `name` from the profile's draft; an unknown pack is 404.
    pub(crate) fn remove_pack(
        &mut self,
        project: Option<&str>,
        uid: &str,
        name: &str,
    ) -> Result<(), Refusal> {
        let stored = self.profile_mut(project, uid)?;
        if pack_named(edited_template(&stored.profile), name).is_none() {
            return Err(pack_not_found(uid, name));
        }
        draft_mut(&mut stored.profile)
            .packs
            .get_or_insert_with(Vec::new)
            .retain(|p| p.name.as_deref() != Some(name));
        touch(&mut stored.profile);
        Ok(())
    }

    /// A profile attached to a cluster as `spectroClustersGetProfiles` lists it: its name,
    /// type and the packs of its current template, each with the values the cluster
    /// overrides (`values`, by pack name) in place of the profile's. A profile the catalog
    /// does not know in the cluster's scope is listed by its uid alone.
    #[cfg(feature = "spectroclusters")]
    pub(crate) fn attached_profile(
        &self,
        project: Option<&str>,
        uid: &str,
        values: Option<&std::collections::BTreeMap<String, String>>,
    ) -> types::SpectroClusterProfile {
        let Ok(stored) = self.profile(project, uid) else {
            return types::SpectroClusterProfile {
                metadata: Some(types::ObjectMeta {
                    uid: Some(uid.to_string()),
                    ..Default::default()
                }),
                spec: None,
            };
        };
        let template = current_template(&stored.profile);
        let packs = template
            .and_then(|t| t.packs.as_ref())
            .into_iter()
            .flatten()
            .map(|p| {
                let name = p.name.clone().unwrap_or_default();
                let overridden = values.and_then(|v| v.get(&name)).cloned();
                types::ClusterProfilePacksEntity {
                    metadata: Some(types::ObjectMeta {
                        name: Some(name.clone()),
                        uid: p.pack_uid.clone(),
                        ..Default::default()
                    }),
                    spec: Some(types::PackSummarySpec {
                        layer: p
                            .layer
                            .as_ref()
                            .map(|l| crate::enums::PackLayer::from(l.as_str())),
                        name: Some(name),
                        registry_uid: p.registry_uid.clone(),
                        type_: p
                            .type_
                            .as_ref()
                            .map(|t| crate::enums::PackType::from(t.as_str())),
                        values: overridden.or_else(|| p.values.clone()),
                        version: p.tag.clone(),
                        ..Default::default()
                    }),
                    status: None,
                }
            })
            .collect();
        types::SpectroClusterProfile {
            metadata: Some(types::ObjectMeta {
                name: Some(stored.name().to_string()),
                uid: Some(uid.to_string()),
                ..Default::default()
            }),
            spec: Some(types::SpectroClusterProfileSpec {
                cloud_type: template.and_then(|t| t.cloud_type.clone()),
                packs: Some(packs),
                type_: template.and_then(|t| t.type_.clone()),
                version: template.and_then(|t| t.version),
                ..Default::default()
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::model::catalog::resolved_pack_uid;

    const DEFAULT: Option<&str> = Some("64f0000000000000000000c1");

    fn pack(name: &str, values: &str) -> types::PackManifestEntity {
        types::PackManifestEntity {
            layer: Some("addon".into()),
            registry_uid: Some("64f00000000000000000abcd".into()),
            tag: Some("1.0.0".into()),
            values: Some(values.into()),
            ..types::PackManifestEntity::new(name.into())
        }
    }

    fn published_profile(catalog: &mut Catalog) -> String {
        let entity = types::ClusterProfileEntity {
            metadata: Some(types::ObjectMeta {
                name: Some("web".into()),
                ..Default::default()
            }),
            spec: Some(types::ClusterProfileEntitySpec {
                template: Some(types::ClusterProfileTemplateDraft {
                    packs: Some(vec![pack("nginx", "replicas: 1\n")]),
                    ..Default::default()
                }),
                version: Some("1.0.0".into()),
                ..Default::default()
            }),
        };
        catalog
            .create_profile(DEFAULT, "p1".into(), entity, true)
            .unwrap()
    }

    fn values_of(template: Option<&types::ClusterProfileTemplate>) -> Option<String> {
        pack_named(template, "nginx").and_then(|p| p.values.clone())
    }

    #[test]
    fn a_pack_change_on_a_published_profile_waits_in_its_draft() {
        let mut catalog = Catalog::seeded();
        let uid = published_profile(&mut catalog);
        let entity = types::PackEntity {
            values: Some("replicas: 3\n".into()),
            ..types::PackEntity::new("nginx".into(), "some-uid".into())
        };
        catalog.update_pack(DEFAULT, &uid, "nginx", entity).unwrap();

        let profile = &catalog.profile(DEFAULT, &uid).unwrap().profile;
        let spec = profile.spec.as_ref().unwrap();
        assert_eq!(
            values_of(spec.published.as_ref()).as_deref(),
            Some("replicas: 1\n")
        );
        assert_eq!(
            values_of(spec.draft.as_ref()).as_deref(),
            Some("replicas: 3\n")
        );
        assert_eq!(
            values_of(current_template(profile)).as_deref(),
            Some("replicas: 1\n"),
            "clusters see the published template"
        );
    }

    #[test]
    fn a_pack_given_without_a_uid_gets_the_uid_of_its_registry_name_and_tag() {
        let a = resolved_pack_uid(&pack("nginx", ""));
        assert_eq!(a, resolved_pack_uid(&pack("nginx", "other: values\n")));
        assert_ne!(a, resolved_pack_uid(&pack("redis", "")));
        assert_eq!(a.len(), 24);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
    }
}
