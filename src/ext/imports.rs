//! Importing a running cluster into Palette: the import request per cloud, then the manifest and the `kubectl apply` command that install Palette's agent on it.

use crate::client::generated::ClientSpectroclustersExt;
use crate::enums::ImportClusterConfigImportMode;
use crate::ext::clusters::Clusters;
use crate::ext::created::SendForUid;
use crate::ext::new_cluster::tag_labels;
use crate::send::call::{Call, operation_of};
use crate::{Client, Error, types};

/// The clouds Palette imports clusters from, each with its own import operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImportCloud {
    /// Any cloud, or none (`spectroClustersGenericImport`): Palette records the cluster's
    /// machines but not its cloud's configuration.
    Generic,
    /// AWS (`spectroClustersAwsImport`).
    Aws,
    /// Azure (`spectroClustersAzureImport`).
    Azure,
    /// GCP (`spectroClustersGcpImport`).
    Gcp,
    /// vSphere (`spectroClustersVsphereImport`).
    Vsphere,
    /// MAAS (`spectroClustersMaasImport`).
    Maas,
    /// Edge hosts (`spectroClustersEdgeNativeImport`).
    EdgeNative,
    /// Apache CloudStack (`spectroClustersCloudStackImport`).
    CloudStack,
}

/// A running cluster to import with [`Clusters::import`]: its name, the cloud it runs on,
/// tags, and optionally a proxy for Palette's agent and the read-only mode.
///
/// Palette answers an import with the new cluster's uid and waits, `Pending`, for its agent:
/// [`Clusters::import_instructions`] gives the `kubectl apply -f <url>` command to run on the
/// cluster, and [`Clusters::wait_until_running`] waits until the agent has reported in.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::ext::ImportCluster;
/// use palette_sdk::types::ClusterProxySpec;
/// use palette_sdk::wait::WaitOptions;
///
/// let clusters = client.with_project_name("Default").await?.clusters();
/// let uid = clusters
///     .import(
///         ImportCluster::generic("legacy-east")
///             .tag("env:prod")
///             .read_only()
///             .proxy(ClusterProxySpec {
///                 https_proxy: Some("http://proxy.internal:3128".into()),
///                 no_proxy: Some("10.0.0.0/8,.svc".into()),
///                 ..Default::default()
///             }),
///     )
///     .await?;
/// let instructions = clusters.import_instructions(&uid).await?;
/// println!("on the cluster, run: {}", instructions.apply_command);
/// clusters.wait_until_running(&uid, WaitOptions::default(), |s| println!("{}", s.state)).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ImportCluster {
    cloud: ImportCloud,
    name: String,
    tags: Vec<String>,
    read_only: bool,
    proxy: Option<types::ClusterProxySpec>,
}

impl ImportCluster {
    /// The cluster called `name` (the name it gets in Palette), running on `cloud`.
    pub fn new(cloud: ImportCloud, name: impl Into<String>) -> Self {
        ImportCluster {
            cloud,
            name: name.into(),
            tags: Vec::new(),
            read_only: false,
            proxy: None,
        }
    }

    /// A cluster of any cloud, or none ([`ImportCloud::Generic`]).
    pub fn generic(name: impl Into<String>) -> Self {
        ImportCluster::new(ImportCloud::Generic, name)
    }

    /// A cluster running on AWS.
    pub fn aws(name: impl Into<String>) -> Self {
        ImportCluster::new(ImportCloud::Aws, name)
    }

    /// A cluster running on Azure.
    pub fn azure(name: impl Into<String>) -> Self {
        ImportCluster::new(ImportCloud::Azure, name)
    }

    /// A cluster running on GCP.
    pub fn gcp(name: impl Into<String>) -> Self {
        ImportCluster::new(ImportCloud::Gcp, name)
    }

    /// A cluster running on vSphere.
    pub fn vsphere(name: impl Into<String>) -> Self {
        ImportCluster::new(ImportCloud::Vsphere, name)
    }

    /// A cluster running on MAAS.
    pub fn maas(name: impl Into<String>) -> Self {
        ImportCluster::new(ImportCloud::Maas, name)
    }

    /// A cluster running on edge hosts.
    pub fn edge_native(name: impl Into<String>) -> Self {
        ImportCluster::new(ImportCloud::EdgeNative, name)
    }

    /// A cluster running on Apache CloudStack.
    pub fn cloud_stack(name: impl Into<String>) -> Self {
        ImportCluster::new(ImportCloud::CloudStack, name)
    }

    /// The name the cluster gets in Palette.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The cloud it is imported from.
    pub fn cloud(&self) -> ImportCloud {
        self.cloud
    }

    /// Tag the cluster (`key` or `key:value`).
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.push(tag.into());
        self
    }

    /// Import it read-only (`importMode: read-only`): Palette's agent only watches the
    /// cluster, and Palette does not change it. By default Palette gets full control.
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }

    /// The proxy Palette's agent on the cluster reaches Palette through.
    pub fn proxy(mut self, proxy: types::ClusterProxySpec) -> Self {
        self.proxy = Some(proxy);
        self
    }

    fn metadata(&self) -> types::ObjectMetaInputEntity {
        types::ObjectMetaInputEntity {
            name: Some(self.name.clone()),
            labels: tag_labels(&self.tags),
            annotations: None,
        }
    }

    /// What every cloud's import entity holds as `spec.clusterConfig`.
    pub fn cluster_config(&self) -> types::ImportClusterConfig {
        types::ImportClusterConfig {
            import_mode: self
                .read_only
                .then_some(ImportClusterConfigImportMode::ReadOnly),
            proxy: self.proxy.clone(),
        }
    }

    /// Sends the import to the cloud's operation; returns the new cluster's uid.
    async fn send(self, client: &Client) -> Result<String, Error> {
        let metadata = Some(self.metadata());
        let cluster_config = Some(self.cluster_config());
        // Every cloud's entity has the same two parts; only its type and operation differ.
        macro_rules! import {
            ($call:ident, $entity:ident, $spec:ident) => {
                client
                    .$call()
                    .body(types::$entity {
                        metadata,
                        spec: Some(types::$spec { cluster_config }),
                    })
                    .send_for_uid()
                    .await
            };
        }
        match self.cloud {
            ImportCloud::Generic => {
                let body = types::SpectroGenericClusterImportEntity {
                    metadata,
                    spec: Some(types::SpectroGenericClusterImportEntitySpec {
                        cluster_config,
                        edge_config: None,
                    }),
                };
                let call = client.spectro_clusters_generic_import().body(body);
                call.send_for_uid().await
            }
            ImportCloud::Aws => import!(
                spectro_clusters_aws_import,
                SpectroAwsClusterImportEntity,
                SpectroAwsClusterImportEntitySpec
            ),
            ImportCloud::Azure => import!(
                spectro_clusters_azure_import,
                SpectroAzureClusterImportEntity,
                SpectroAzureClusterImportEntitySpec
            ),
            ImportCloud::Gcp => import!(
                spectro_clusters_gcp_import,
                SpectroGcpClusterImportEntity,
                SpectroGcpClusterImportEntitySpec
            ),
            ImportCloud::Vsphere => import!(
                spectro_clusters_vsphere_import,
                SpectroVsphereClusterImportEntity,
                SpectroVsphereClusterImportEntitySpec
            ),
            ImportCloud::Maas => import!(
                spectro_clusters_maas_import,
                SpectroMaasClusterImportEntity,
                SpectroMaasClusterImportEntitySpec
            ),
            ImportCloud::EdgeNative => import!(
                spectro_clusters_edge_native_import,
                SpectroEdgeNativeClusterImportEntity,
                SpectroEdgeNativeClusterImportEntitySpec
            ),
            ImportCloud::CloudStack => import!(
                spectro_clusters_cloud_stack_import,
                SpectroCloudStackClusterImportEntity,
                SpectroCloudStackClusterImportEntitySpec
            ),
        }
    }
}

/// How to finish an import on the cluster itself, as Palette gives it in the cluster's
/// `status.clusterImport`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportInstructions {
    /// Where the manifest that installs Palette's agent is served
    /// (`.../v1/spectroclusters/{uid}/import/manifest`).
    pub manifest_url: String,
    /// The command to run with a kubeconfig of the imported cluster:
    /// `kubectl apply -f <manifest_url>`.
    pub apply_command: String,
    /// The import's state as Palette reports it (`clusterImport.state`), if any.
    pub state: Option<String>,
}

impl ImportInstructions {
    /// Reads Palette's `importLink`, which is the whole `kubectl apply -f <url>` command (a
    /// bare URL is taken too). `None` when it holds neither.
    fn read(link: &str, state: Option<String>) -> Option<ImportInstructions> {
        let link = link.trim();
        let is_url = |s: &str| s.starts_with("https://") || s.starts_with("http://");
        let manifest_url = if is_url(link) {
            link.to_string()
        } else {
            let words: Vec<&str> = link.split_whitespace().collect();
            let at = words
                .iter()
                .position(|w| *w == "-f" || *w == "--filename")?;
            let url = words.get(at + 1).copied().filter(|w| is_url(w))?;
            url.to_string()
        };
        Some(ImportInstructions {
            apply_command: format!("kubectl apply -f {manifest_url}"),
            manifest_url,
            state,
        })
    }
}

impl Clusters {
    /// Imports a running cluster ([`ImportCluster`]) into the handle's project and returns
    /// its uid. Palette keeps it `Pending` until its agent is installed on the cluster: see
    /// [`import_instructions`](Self::import_instructions), then
    /// [`wait_until_running`](Self::wait_until_running). On a tenant handle this fails with
    /// [`Error::ProjectScopeRequired`] before anything is sent.
    ///
    /// ```no_run
    /// # async fn example(clusters: palette_sdk::ext::Clusters) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::ext::ImportCluster;
    ///
    /// let uid = clusters.import(ImportCluster::aws("eks-legacy").tag("team:payments")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn import(&self, cluster: ImportCluster) -> Result<String, Error> {
        self.in_a_project("importing a cluster")?;
        cluster.send(&self.client).await
    }

    /// The manifest URL and the `kubectl apply -f <url>` command that finish the import of
    /// cluster `uid`, read from the cluster (`status.clusterImport.importLink` of
    /// `spectroClustersGet`). Fails with [`Error::NotSupported`] for a cluster Palette gives
    /// no import link (one it created rather than imported).
    ///
    /// ```no_run
    /// # async fn example(clusters: palette_sdk::ext::Clusters, uid: &str) -> Result<(), palette_sdk::Error> {
    /// let how = clusters.import_instructions(uid).await?;
    /// std::process::Command::new("sh").arg("-c").arg(&how.apply_command).status().ok();
    /// # Ok(()) }
    /// ```
    pub async fn import_instructions(&self, uid: &str) -> Result<ImportInstructions, Error> {
        let cluster = self.get(uid).await?;
        let import = cluster.status.and_then(|s| s.cluster_import);
        let state = import.as_ref().and_then(|i| i.state.clone());
        let link = import.and_then(|i| i.import_link).unwrap_or_default();
        if link.trim().is_empty() {
            return Err(Error::NotSupported {
                what: "finishing a cluster import",
                detail: format!(
                    "Palette gives cluster {uid} no import link: only an imported cluster has one"
                ),
            });
        }
        ImportInstructions::read(&link, state).ok_or_else(|| Error::NotSupported {
            what: "finishing a cluster import",
            detail: format!("the import link of cluster {uid} names no manifest URL: {link:?}"),
        })
    }

    /// The import manifest of cluster `uid` as YAML text (`spectroClustersUidImportManifest`),
    /// to apply with a Kubernetes client of your own instead of `kubectl`. Palette counts the
    /// download as the start of the import: the cluster goes from `Pending` to `Importing`.
    ///
    /// ```no_run
    /// # async fn example(clusters: palette_sdk::ext::Clusters, uid: &str) -> Result<(), palette_sdk::Error> {
    /// let manifest = clusters.import_manifest(uid).await?;
    /// std::fs::write("palette-import.yaml", manifest).ok();
    /// # Ok(()) }
    /// ```
    pub async fn import_manifest(&self, uid: &str) -> Result<String, Error> {
        let call = self.client.spectro_clusters_uid_import_manifest().uid(uid);
        let operation = operation_of(&call);
        let body = call.send().await?;
        String::from_utf8(body.to_vec()).map_err(|e| {
            Error::Decode(Box::new(crate::error::DecodeError::not_text(operation, &e)))
        })
    }
}

impl Clusters {
    /// Gives Palette full control of the cluster `uid` imported read-only
    /// (`spectroClustersUidImportUpgradePatch`): Palette's agent gets the permissions a full
    /// import gives it, so that Palette can change the cluster too.
    ///
    /// ```no_run
    /// # async fn example(clusters: palette_sdk::ext::Clusters, uid: &str) -> Result<(), palette_sdk::Error> {
    /// clusters.upgrade_read_only_import(uid).await?;
    /// # Ok(()) }
    /// ```
    pub async fn upgrade_read_only_import(&self, uid: &str) -> Result<(), Error> {
        self.client
            .spectro_clusters_uid_import_upgrade_patch()
            .uid(uid)
            .send()
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palettes_import_link_is_the_whole_command() {
        let url = "https://api.spectrocloud.com/v1/spectroclusters/c1/import/manifest";
        let read = ImportInstructions::read(&format!("kubectl apply -f {url}"), None).unwrap();
        assert_eq!(read.manifest_url, url);
        assert_eq!(read.apply_command, format!("kubectl apply -f {url}"));
        let bare = ImportInstructions::read(url, Some("Pending".into())).unwrap();
        assert_eq!(bare.apply_command, read.apply_command);
        assert_eq!(bare.state.as_deref(), Some("Pending"));
        assert_eq!(ImportInstructions::read("kubectl apply -f", None), None);
        assert_eq!(ImportInstructions::read("see the UI", None), None);
    }

    #[test]
    fn a_read_only_import_with_a_proxy_says_so_in_its_cluster_config() {
        let import = ImportCluster::vsphere("dc-1")
            .tag("env:prod")
            .tag("legacy")
            .read_only()
            .proxy(types::ClusterProxySpec {
                http_proxy: Some("http://p:3128".into()),
                ..Default::default()
            });
        let config = serde_json::to_value(import.cluster_config()).unwrap();
        assert_eq!(config["importMode"], "read-only");
        assert_eq!(config["proxy"]["httpProxy"], "http://p:3128");
        let meta = serde_json::to_value(import.metadata()).unwrap();
        assert_eq!(meta["labels"]["env"], "prod");
        assert_eq!(meta["labels"]["legacy"], "spectro__tag");
        let full = serde_json::to_value(ImportCluster::generic("g").cluster_config()).unwrap();
        assert_eq!(
            full,
            serde_json::json!({}),
            "full control sends no import mode"
        );
    }
}
