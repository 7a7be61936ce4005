//! The fake's Packs and Registries operations.

use crate::testing::http::coverage::Routes;

pub(crate) fn routes() -> Routes {
    let routes = Routes::new();
    #[cfg(feature = "packs")]
    let routes = packs::routes(routes);
    #[cfg(feature = "registries")]
    let routes = registry::routes(routes);
    routes
}

#[cfg(feature = "packs")]
mod packs {

    use axum::routing::{get, post};

    use crate::enums::{PackLayer, PackType};
    use crate::ext::versions::precedence;
    use crate::testing::http::coverage::Routes;
    use crate::testing::http::{Reply, Req, body, json, serve};
    use crate::testing::model::registries::{Registries, StoredPack};
    use crate::testing::paging::{page, passes};
    use crate::testing::refusal::{Refusal, refuse};
    use crate::types;

    pub(super) fn routes(routes: Routes) -> Routes {
        routes
            .route("/v1/packs/search", post(serve(search)))
            .route("/v1/packs/{uid}", get(serve(read)))
            .route(
                "/v1/packs/{uid}/registries/{registryUid}",
                get(serve(in_registry)),
            )
    }

    /// The packs matching the filter (name, registries, layers, types), one item per name and
    /// type with the registries that hold it and the newest version in each, by name, paged.
    fn search(req: Req) -> Reply {
        let params = req.query();
        req.caller()?;
        let spec: types::PacksFilterSpec = if req.body.is_empty() {
            Default::default()
        } else {
            body(&req.body)?
        };
        let filter = spec.filter.unwrap_or_default();
        let model = req.model();
        let registries = &model.registries;
        let matching: Vec<&StoredPack> = registries
            .packs
            .iter()
            .filter(|p| filter.name.as_ref().is_none_or(|f| passes(f, &p.name)))
            .filter(|p| any_or_all(&filter.registry_uid, |uid| uid == &p.registry_uid))
            .filter(|p| any_or_all(&filter.layer, |l| l == &PackLayer::from(p.layer.as_str())))
            .filter(|p| any_or_all(&filter.type_, |t| t == &PackType::from(p.pack_type)))
            .collect();
        let mut groups: Vec<(&str, &str)> = matching
            .iter()
            .map(|p| (p.name.as_str(), p.pack_type))
            .collect();
        groups.sort();
        groups.dedup();
        let items: Vec<types::PackMetadata> = groups
            .into_iter()
            .map(|(name, pack_type)| {
                let versions: Vec<&StoredPack> = matching
                    .iter()
                    .copied()
                    .filter(|p| p.name == name && p.pack_type == pack_type)
                    .collect();
                metadata(registries, &versions)
            })
            .collect();
        let (items, listmeta) = page(items, &params)?;
        json(
            200,
            &types::PackMetadataList {
                items: Some(items),
                listmeta: Some(listmeta),
            },
        )
    }

    /// Whether a list filter lets a value through: no list (or an empty one) lets all through.
    fn any_or_all<T>(wanted: &Option<Vec<T>>, matches: impl Fn(&T) -> bool) -> bool {
        match wanted {
            Some(wanted) if !wanted.is_empty() => wanted.iter().any(matches),
            _ => true,
        }
    }

    /// One search result: the versions of a pack name and type, in every registry that holds
    /// some, with the newest version of each registry.
    fn metadata(registries: &Registries, versions: &[&StoredPack]) -> types::PackMetadata {
        let mut holders: Vec<&str> = Vec::new();
        for p in versions {
            if !holders.contains(&p.registry_uid.as_str()) {
                holders.push(&p.registry_uid);
            }
        }
        let newest_in = |registry_uid: &str| {
            versions
                .iter()
                .filter(|p| p.registry_uid == registry_uid)
                .max_by(|a, b| precedence(&a.version, &b.version))
                .copied()
        };
        let in_registries: Vec<types::RegistryPackMetadata> = holders
            .iter()
            .filter_map(|uid| {
                let registry = registries.all.iter().find(|r| r.uid == *uid)?;
                let newest = newest_in(uid)?;
                Some(types::RegistryPackMetadata {
                    latest_pack_uid: Some(newest.uid.clone()),
                    latest_version: Some(newest.version.clone()),
                    name: Some(registry.name.clone()),
                    scope: Some(registry.scope.to_string()),
                    uid: Some(registry.uid.clone()),
                    ..Default::default()
                })
            })
            .collect();
        let first = versions.first();
        let mut cloud_types: Vec<String> = versions
            .iter()
            .flat_map(|p| p.cloud_types.clone())
            .collect();
        cloud_types.sort();
        cloud_types.dedup();
        types::PackMetadata {
            api_version: Some("v1".into()),
            kind: Some("PackMetadata".into()),
            metadata: Some(types::ObjectMeta {
                name: first.map(|p| p.name.clone()),
                uid: holders
                    .first()
                    .and_then(|uid| newest_in(uid))
                    .map(|p| p.uid.clone()),
                ..Default::default()
            }),
            spec: Some(types::PackMetadataSpec {
                cloud_types: Some(cloud_types),
                display_name: first.map(|p| p.name.clone()),
                layer: first.map(|p| PackLayer::from(p.layer.as_str())),
                name: first.map(|p| p.name.clone()),
                registries: Some(in_registries),
                type_: first.map(|p| PackType::from(p.pack_type)),
                ..Default::default()
            }),
        }
    }

    /// The pack `uid`: its name, layer, registry and every version there, with the values of
    /// this version only.
    fn read(req: Req) -> Reply {
        let [uid] = req.path()?;
        req.caller()?;
        let model = req.model();
        let registries = &model.registries;
        let pack = registries
            .packs
            .iter()
            .find(|p| p.uid == uid)
            .ok_or_else(|| refuse(404, "ResourceNotFound", format!("pack '{uid}' not found")))?;
        let entity = tag_entity(registries, &pack.registry_uid, &pack.name, |p| p.uid == uid)?;
        json(200, &entity)
    }

    /// The pack named `name` in the registry `registry_uid` (of any kind), with every version
    /// and the values of each. An unknown registry, or a name it does not hold, is a 404.
    fn in_registry(req: Req) -> Reply {
        let [name, registry_uid] = req.path()?;
        req.caller()?;
        let model = req.model();
        let registries = &model.registries;
        if !registries.all.iter().any(|r| r.uid == registry_uid) {
            return Err(refuse(
                404,
                "ResourceNotFound",
                format!("registry '{registry_uid}' not found"),
            ));
        }
        let entity = tag_entity(registries, &registry_uid, &name, |_| true)?;
        json(200, &entity)
    }

    /// Palette's view of a pack in one registry: the pack, `tags` for every version, and
    /// `packValues` for the versions `with_values` picks.
    fn tag_entity(
        registries: &Registries,
        registry_uid: &str,
        name: &str,
        with_values: impl Fn(&StoredPack) -> bool,
    ) -> Result<types::PackTagEntity, Refusal> {
        let versions: Vec<&StoredPack> = registries
            .packs_in(registry_uid)
            .filter(|p| p.name == name)
            .collect();
        let first = versions.first().ok_or_else(|| {
            refuse(
                404,
                "ResourceNotFound",
                format!("pack '{name}' not found in registry '{registry_uid}'"),
            )
        })?;
        let tags = versions
            .iter()
            .map(|p| types::PackTags {
                group: None,
                pack_uid: Some(p.uid.clone()),
                parent_tags: Some(parent_tags(&p.version)),
                tag: Some(p.version.clone()),
                version: Some(p.version.clone()),
            })
            .collect();
        let pack_values = versions
            .iter()
            .filter(|p| with_values(p))
            .map(|p| types::PackUidValues {
                pack_uid: Some(p.uid.clone()),
                readme: Some(format!(
                    "# {}\n\nVersion {} of {}.\n",
                    p.name, p.version, p.name
                )),
                values: Some(p.values.clone()),
                ..Default::default()
            })
            .collect();
        Ok(types::PackTagEntity {
            cloud_types: Some(first.cloud_types.clone()),
            display_name: Some(first.name.clone()),
            layer: Some(PackLayer::from(first.layer.as_str())),
            name: Some(first.name.clone()),
            pack_values: Some(pack_values),
            registry_uid: Some(registry_uid.to_string()),
            tags: Some(tags),
            ..Default::default()
        })
    }

    /// The tags that follow a version: `1.32.x` and `1.x` for `1.32.2`.
    fn parent_tags(version: &str) -> Vec<String> {
        let parts: Vec<&str> = version.split('.').collect();
        match parts.as_slice() {
            [major, minor, _] => vec![format!("{major}.{minor}.x"), format!("{major}.x")],
            [major, _] => vec![format!("{major}.x")],
            _ => Vec::new(),
        }
    }
}

#[cfg(feature = "registries")]
mod registry {

    use std::collections::HashMap;
    use std::time::Duration;

    use axum::routing::{get, post};
    use serde::Serialize;

    use crate::testing::http::coverage::Routes;
    use crate::testing::http::{Reply, Req, Served, State, body, flag, json, serve, status_only};
    use crate::testing::model::registries::{FakeRegistry, Kind, Registries, StoredRegistry};
    use crate::testing::paging::page;
    use crate::testing::refusal::{Refusal, zero_time};
    use crate::types;

    const PACK: &[Kind] = &[Kind::Pack];
    const HELM: &[Kind] = &[Kind::Helm];
    const BASIC: &[Kind] = &[Kind::Oci];
    const ECR: &[Kind] = &[Kind::Ecr];
    const OCI: &[Kind] = &[Kind::Oci, Kind::Ecr];

    pub(super) fn routes(routes: Routes) -> Routes {
        routes
            .route("/v1/registries/metadata", get(serve(metadata)))
            .route("/v1/registries/pack", post(serve(create_pack)))
            .route(
                "/v1/registries/pack/summary",
                get(serve(|req| summaries(req, PACK, pack_summary, pack_list))),
            )
            .route("/v1/registries/pack/{uid}/sync", post(sync(PACK)))
            .route("/v1/registries/pack/{uid}/sync/status", get(status(PACK)))
            .route("/v1/registries/helm", post(serve(create_helm)))
            .route(
                "/v1/registries/helm/summary",
                get(serve(|req| summaries(req, HELM, helm_summary, helm_list))),
            )
            .route("/v1/registries/helm/{uid}/sync", post(sync(HELM)))
            .route("/v1/registries/helm/{uid}/sync/status", get(status(HELM)))
            .route("/v1/registries/oci/basic", post(serve(create_basic_oci)))
            .route(
                "/v1/registries/oci/summary",
                get(serve(|req| summaries(req, OCI, oci_summary, oci_list))),
            )
            .route("/v1/registries/oci/{uid}/basic/sync", post(sync(BASIC)))
            .route(
                "/v1/registries/oci/{uid}/basic/sync/status",
                get(status(BASIC)),
            )
            .route("/v1/registries/oci/{uid}/ecr/sync", post(sync(ECR)))
            .route("/v1/registries/oci/{uid}/ecr/sync/status", get(status(ECR)))
    }

    /// Starts a sync of a registry of `kinds` (202), unless one is running.
    fn sync(kinds: &'static [Kind]) -> Served {
        serve(move |req| {
            let [uid] = req.path()?;
            req.caller()?;
            let mut model = req.model();
            let now = model.clusters.now();
            model.registries.start_sync(kinds, &uid, now)?;
            status_only(202)
        })
    }

    /// The sync status of a registry of `kinds`.
    fn status(kinds: &'static [Kind]) -> Served {
        serve(move |req| {
            let [uid] = req.path()?;
            req.caller()?;
            let model = req.model();
            let (registries, now) = (&model.registries, model.clusters.now());
            let registry = registries.registry(kinds, &uid)?;
            json(200, &sync_status(registries, registry, now))
        })
    }

    /// Every registry in brief, each with its kind.
    fn metadata(req: Req) -> Reply {
        req.caller()?;
        let model = req.model();
        let items = model
            .registries
            .all
            .iter()
            .map(|r| types::RegistryMetadata {
                is_default: Some(false),
                is_private: Some(r.private),
                kind: Some(r.kind.name().to_string()),
                name: Some(r.name.clone()),
                scope: Some(r.scope.to_string()),
                uid: Some(r.uid.clone()),
            })
            .collect();
        json(200, &types::RegistriesMetadata { items: Some(items) })
    }

    fn meta(
        registries: &Registries,
        registry: &StoredRegistry,
        now: Duration,
    ) -> types::ObjectMeta {
        types::ObjectMeta {
            creation_timestamp: Some(types::Time(registry.created)),
            deletion_timestamp: Some(zero_time()),
            last_modified_timestamp: Some(types::Time(registries.wall(now).max(registry.created))),
            name: Some(registry.name.clone()),
            uid: Some(registry.uid.clone()),
            ..Default::default()
        }
    }

    fn sync_status(
        registries: &Registries,
        registry: &StoredRegistry,
        now: Duration,
    ) -> types::RegistrySyncStatus {
        let state = registries.sync_status(registry, now);
        types::RegistrySyncStatus {
            is_sync_supported: Some(true),
            last_run_time: Some(types::Time(registries.wall(state.last_run))),
            last_synced_time: Some(
                state
                    .last_synced
                    .map_or_else(zero_time, |at| types::Time(registries.wall(at))),
            ),
            message: state.message,
            status: Some(state.status.to_string()),
        }
    }

    /// A request's query parameters.
    type Query = HashMap<String, String>;

    /// A registry list: the registries of `kinds`, each as `summary` shows it, in the list
    /// `list` makes of them.
    fn summaries<T, L: Serialize>(
        req: Req,
        kinds: &[Kind],
        summary: fn(&Registries, &StoredRegistry, Duration) -> T,
        list: fn(Vec<T>, &Query) -> Result<L, Refusal>,
    ) -> Reply {
        let params = req.query();
        req.caller()?;
        let model = req.model();
        let (registries, now) = (&model.registries, model.clusters.now());
        let items = registries
            .of_kind(kinds)
            .map(|r| summary(registries, r, now))
            .collect();
        json(200, &list(items, &params)?)
    }

    fn pack_summary(
        registries: &Registries,
        r: &StoredRegistry,
        now: Duration,
    ) -> types::PackRegistrySummary {
        types::PackRegistrySummary {
            metadata: Some(meta(registries, r, now)),
            spec: Some(types::PackRegistrySpecSummary {
                endpoint: Some(r.endpoint.clone()),
                private: Some(r.private),
                scope: Some(r.scope.to_string()),
            }),
            status: Some(types::PackRegistryStatusSummary {
                sync: Some(sync_status(registries, r, now)),
            }),
        }
    }

    fn pack_list(
        items: Vec<types::PackRegistrySummary>,
        params: &Query,
    ) -> Result<types::PackRegistriesSummary, Refusal> {
        let (items, listmeta) = page(items, params)?;
        Ok(types::PackRegistriesSummary {
            items: Some(items),
            listmeta: Some(listmeta),
        })
    }

    fn helm_summary(
        registries: &Registries,
        r: &StoredRegistry,
        now: Duration,
    ) -> types::HelmRegistrySummary {
        types::HelmRegistrySummary {
            metadata: Some(meta(registries, r, now)),
            spec: Some(types::HelmRegistrySpecSummary {
                endpoint: Some(r.endpoint.clone()),
                is_private: Some(r.private),
                scope: Some(r.scope.to_string()),
            }),
            status: Some(types::HelmRegistryStatusSummary {
                sync: Some(sync_status(registries, r, now)),
            }),
        }
    }

    fn helm_list(
        items: Vec<types::HelmRegistrySummary>,
        params: &Query,
    ) -> Result<types::HelmRegistriesSummary, Refusal> {
        let (items, listmeta) = page(items, params)?;
        Ok(types::HelmRegistriesSummary {
            items: Some(items),
            listmeta: Some(listmeta),
        })
    }

    fn oci_summary(
        registries: &Registries,
        r: &StoredRegistry,
        now: Duration,
    ) -> types::OciRegistry {
        types::OciRegistry {
            metadata: Some(meta(registries, r, now)),
            spec: Some(types::OciRegistrySpec {
                contains_spectro_manifest: Some(false),
                default_region: (r.kind == Kind::Ecr).then(|| "us-east-1".to_string()),
                endpoint: Some(r.endpoint.clone()),
                is_private: Some(r.private),
                provider_type: Some("pack".into()),
                registry_type: Some(if r.kind == Kind::Ecr { "ecr" } else { "basic" }.into()),
                scope: Some(r.scope.to_string()),
            }),
            status: Some(types::OciRegistryStatusSummary {
                sync: Some(sync_status(registries, r, now)),
            }),
        }
    }

    /// The OCI registries, generic and ECR, in one list that does not page (as Palette's).
    fn oci_list(
        items: Vec<types::OciRegistry>,
        _: &Query,
    ) -> Result<types::OciRegistries, Refusal> {
        Ok(types::OciRegistries { items: Some(items) })
    }

    /// Adds a registry of `kind`; its sync starts at once unless `skip_sync`.
    fn create(
        state: &State,
        kind: Kind,
        name: Option<String>,
        endpoint: Option<String>,
        private: bool,
        skip_sync: bool,
    ) -> Reply {
        let mut model = state.model();
        let uid = model.new_uid();
        let now = model.clusters.now();
        let registry = FakeRegistry {
            name: name.unwrap_or_default(),
            kind,
            endpoint,
        };
        let uid = model
            .registries
            .create(uid, registry, private, skip_sync, now)?;
        json(201, &types::Uid { uid: Some(uid) })
    }

    fn create_pack(req: Req) -> Reply {
        let params = req.query();
        req.caller()?;
        let entity: types::PackRegistry = body(&req.body)?;
        let skip_sync = flag(&params, "skipPackSync", false)?;
        let spec = entity.spec.unwrap_or_default();
        let name = entity.metadata.and_then(|m| m.name).or(spec.name);
        let private = spec.private.unwrap_or(false);
        create(
            &req.state,
            Kind::Pack,
            name,
            spec.endpoint,
            private,
            skip_sync,
        )
    }

    fn create_helm(req: Req) -> Reply {
        req.caller()?;
        let entity: types::HelmRegistryEntity = body(&req.body)?;
        let (name, endpoint, private) = match entity.spec {
            Some(spec) => (
                spec.name,
                Some(spec.endpoint),
                spec.is_private.unwrap_or(false),
            ),
            None => (None, None, false),
        };
        let name = entity.metadata.and_then(|m| m.name).or(name);
        create(&req.state, Kind::Helm, name, endpoint, private, false)
    }

    fn create_basic_oci(req: Req) -> Reply {
        req.caller()?;
        let entity: types::BasicOciRegistry = body(&req.body)?;
        let endpoint = entity.spec.and_then(|s| s.endpoint);
        let name = entity.metadata.and_then(|m| m.name);
        create(&req.state, Kind::Oci, name, endpoint, false, false)
    }
}
