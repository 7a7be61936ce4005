//! The fake's cluster imports: the import operation of each cloud, the agent manifest behind the import link, and the import status on a cluster's read.

use std::time::Duration;

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, patch, post};
use serde_json::json;

use crate::enums::ImportClusterConfigImportMode as ImportMode;
use crate::testing::http::coverage::Routes;
use crate::testing::http::{Reply, Req, body, json, serve};
use crate::testing::model::Model;
use crate::testing::model::clusters::{Cloud, NewCluster};
use crate::testing::model::imports::{Imported, import_link, manifest};
use crate::testing::refusal::refuse;
use crate::types;

pub(crate) fn routes() -> Routes {
    let mut routes = Routes::new()
        .route(
            "/v1/spectroclusters/{uid}/import/manifest",
            get(serve(import_manifest)),
        )
        .route(
            "/v1/spectroclusters/{uid}/import/upgrade",
            patch(serve(upgrade)),
        );
    // Each cloud's import takes the same entity (the generic one adds `edgeConfig`).
    macro_rules! import {
        ($($path:literal => $cloud:expr,)*) => {
            $(
                routes = routes.route(
                    $path,
                    post(serve(move |req| import(req, $cloud))),
                );
            )*
        };
    }
    import! {
        "/v1/spectroclusters/generic/import" => Cloud::Generic,
        "/v1/spectroclusters/aws/import" => Cloud::Aws,
        "/v1/spectroclusters/azure/import" => Cloud::Azure,
        "/v1/spectroclusters/gcp/import" => Cloud::Gcp,
        "/v1/spectroclusters/vsphere/import" => Cloud::Vsphere,
        "/v1/spectroclusters/maas/import" => Cloud::Maas,
        "/v1/spectroclusters/edge-native/import" => Cloud::EdgeNative,
        "/v1/spectroclusters/apache-cloudstack/import" => Cloud::ApacheCloudStack,
    }
    routes
}

/// Imports a cluster into the caller's project: checked as a creation is (a project, a valid
/// name free in it), `Pending` until its manifest is fetched (or along the test's script).
fn import(req: Req, cloud: Cloud) -> Reply {
    let Some(project) = req.caller()? else {
        return Err(refuse(
            400,
            "ProjectScopeRequired",
            "clusters live in projects: send the ProjectUid header to import one",
        ));
    };
    let entity: types::SpectroGenericClusterImportEntity = body(&req.body)?;
    let meta = entity.metadata.unwrap_or_default();
    let config = entity
        .spec
        .and_then(|s| s.cluster_config)
        .unwrap_or_default();
    let read_only = match config.import_mode {
        None => false,
        Some(ImportMode::ReadOnly) => true,
        Some(other) => {
            return Err(refuse(
                400,
                "InvalidImportMode",
                format!("spec.clusterConfig.importMode '{other}' is not read-only"),
            ));
        }
    };
    let name = meta.name.unwrap_or_default();
    let mut model = req.model();
    let guard = &mut *model;
    guard.clusters.check_name(Some(&project), &name)?;
    let scripted = guard.clusters.is_scripted(&name);
    let uid = guard.new_uid();
    let config_uid = guard.new_uid();
    let new = NewCluster {
        name,
        labels: meta.labels.unwrap_or_default(),
        cluster_config: json!({}),
        ..NewCluster::default()
    };
    guard
        .clusters
        .create(&project, cloud, uid.clone(), config_uid, new);
    if !scripted {
        let now = guard.clusters.now();
        let (cluster, _) = guard.clusters.get_mut(Some(&project), &uid)?;
        cluster.walk(vec![("Pending".into(), Duration::ZERO)], now);
    }
    guard.imports.all.insert(
        uid.clone(),
        Imported {
            read_only,
            proxy: config.proxy,
            waiting_for_manifest: !scripted,
        },
    );
    json(201, &types::Uid { uid: Some(uid) })
}

/// The agent manifest of an imported cluster, as YAML. `kubectl apply -f <link>` fetches it
/// with no Palette credentials, so it is served without them (the uid is the secret); a
/// caller that sends credentials must send good ones, and its scope must hold the cluster.
/// The first fetch starts the import: `Pending` becomes `Importing`, which lasts
/// [`ClusterTiming::provisioning`](crate::testing::ClusterTiming::provisioning), then `Running`.
fn import_manifest(req: Req) -> Reply {
    let [uid] = req.path()?;
    let credentials =
        req.headers.contains_key("ApiKey") || req.headers.contains_key(header::AUTHORIZATION);
    let scope = if credentials {
        Some(req.caller()?)
    } else {
        None
    };
    let palette = format!("http://{}", host(&req.headers));
    let mut model = req.model();
    let guard = &mut *model;
    let project = match scope {
        Some(project) => project,
        None => guard.clusters.all.get(&uid).map(|c| c.project.clone()),
    };
    let now = guard.clusters.now();
    let importing = guard.clusters.timing.provisioning;
    let (cluster, _) = guard.clusters.get_mut(project.as_deref(), &uid)?;
    let Some(imported) = guard.imports.all.get_mut(&uid) else {
        return Err(refuse(
            404,
            "ImportManifestNotFound",
            format!(
                "cluster '{}' was created by Palette, not imported: it has no import manifest",
                cluster.name
            ),
        ));
    };
    if imported.waiting_for_manifest {
        imported.waiting_for_manifest = false;
        let path = vec![
            ("Importing".into(), importing),
            ("Running".into(), Duration::ZERO),
        ];
        cluster.walk(path, now);
        cluster.modified = chrono::Utc::now();
    }
    let text = manifest(&uid, &cluster.name, &palette, imported);
    let file = format!("{}-import.yaml", cluster.name);
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename={file}"),
            ),
        ],
        text,
    )
        .into_response())
}

/// Gives Palette full control of a cluster imported read-only: its manifest binds the agent
/// to `cluster-admin` from then on. A cluster imported with full control stays so; one that
/// was not imported is 404 `ImportNotFound`.
fn upgrade(req: Req) -> Reply {
    let [uid] = req.path()?;
    let project = req.caller()?;
    let mut model = req.model();
    let guard = &mut *model;
    let (cluster, _) = guard.clusters.get_mut(project.as_deref(), &uid)?;
    let Some(imported) = guard.imports.all.get_mut(&uid) else {
        return Err(refuse(
            404,
            "ImportNotFound",
            format!(
                "cluster '{}' was created by Palette, not imported",
                cluster.name
            ),
        ));
    };
    imported.read_only = false;
    cluster.modified = chrono::Utc::now();
    crate::testing::http::no_content()
}

/// The host the caller reached the fake at.
fn host(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_string()
}

/// Adds what Palette shows of an imported cluster to its read: `status.clusterImport`, with
/// the import link (the `kubectl apply -f` command, its URL on the host the caller used),
/// `isBrownfield`, and the cluster's state as the import's.
pub(crate) fn show_import(model: &Model, headers: &HeaderMap, cluster: &mut types::SpectroCluster) {
    let uid = cluster
        .metadata
        .as_ref()
        .and_then(|m| m.uid.clone())
        .unwrap_or_default();
    if !model.imports.all.contains_key(&uid) {
        return;
    }
    let status = cluster.status.get_or_insert_with(Default::default);
    status.cluster_import = Some(types::ClusterImport {
        import_link: Some(import_link(&host(headers), &uid)),
        is_brownfield: Some(true),
        state: status.state.clone(),
    });
}
