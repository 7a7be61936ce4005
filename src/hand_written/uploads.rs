//! The file uploads: a custom cloud type's content and logo, a cluster profile imported from a file, a cluster's fetched logs.

#![allow(unused_imports, dead_code)]

use std::future::Future;

use super::{FilePart, multipart, request, segment, send_empty, send_json};
use crate::client::generated::{Error as GeneratedError, ResponseValue};
use crate::document::operation::Operation;
use crate::send::call::{Call, Sealed};
use crate::{Client, types};

/// The error of a builder sent without one of its required values.
fn missing(name: &str) -> GeneratedError<types::ApiError> {
    GeneratedError::InvalidRequest(format!("`{name}` was not set"))
}

/// Adds a `ProjectUid` the call set itself; the hooks check it and add the handle's otherwise.
///
/// A value no header can carry (a line break, say) is the request error the generated
/// operations give for it (`InvalidRequest`, from the same conversion), so that it is an
/// [`Error::Request`](crate::Error::Request), never a transport error that reads as retryable.
// The error is the generated code's, as large as `segment`'s.
#[allow(clippy::result_large_err)]
fn with_project(
    builder: reqwest::RequestBuilder,
    project_uid: Option<String>,
) -> Result<reqwest::RequestBuilder, GeneratedError<types::ApiError>> {
    Ok(match project_uid {
        Some(uid) => {
            let value: reqwest::header::HeaderValue = uid.try_into()?;
            builder.header("ProjectUid", value)
        }
        None => builder,
    })
}

/// One builder per custom cloud type file: `PUT /v1/clouds/cloudTypes/{cloudType}/<what>`
/// with the file as the form field `fileName`, answered 204.
#[cfg(feature = "clouds")]
macro_rules! cloud_type_upload {
    ($(#[$doc:meta])* $builder:ident, $method:ident, $fact:ident, $tail:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        #[cfg_attr(docsrs, doc(cfg(feature = "clouds")))]
        pub struct $builder<'a> {
            client: &'a Client,
            cloud_type: Option<String>,
            file: Option<FilePart>,
            project_uid: Option<String>,
        }

        impl<'a> $builder<'a> {
            /// The custom cloud type (its name, as in `cloudType`).
            pub fn cloud_type(mut self, cloud_type: impl Into<String>) -> Self {
                self.cloud_type = Some(cloud_type.into());
                self
            }

            /// The file to upload (the form field `fileName`).
            pub fn file_name(mut self, file: FilePart) -> Self {
                self.file = Some(file);
                self
            }

            /// Act in this project for this call only (the `ProjectUid` header). A value
            /// [`ProjectUid::new`](crate::ProjectUid::new) would refuse fails the call with
            /// [`Error::Request`](crate::Error::Request), and nothing is sent.
            pub fn project_uid(mut self, uid: impl Into<String>) -> Self {
                self.project_uid = Some(uid.into());
                self
            }
        }

        impl Client {
            $(#[$doc])*
            #[cfg_attr(docsrs, doc(cfg(feature = "clouds")))]
            pub fn $method(&self) -> $builder<'_> {
                $builder {
                    client: self,
                    cloud_type: None,
                    file: None,
                    project_uid: None,
                }
            }
        }

        impl Call for $builder<'_> {
            type Output = ();
            const OPERATION: &'static Operation = crate::client::operations::hand_written::$fact;

            fn send_raw(
                self,
                _: Sealed,
            ) -> impl Future<Output = Result<ResponseValue<()>, GeneratedError<types::ApiError>>> + Send
            {
                async move {
                    let cloud_type = self.cloud_type.ok_or_else(|| missing("cloud_type"))?;
                    let file = self.file.ok_or_else(|| missing("file_name"))?;
                    let path = format!(
                        "/v1/clouds/cloudTypes/{}/{}",
                        segment("cloud_type", &cloud_type)?,
                        $tail
                    );
                    let (content_type, body) = multipart::encode("fileName", &file);
                    let built = request(self.client, Self::OPERATION, &path)
                        .header(reqwest::header::CONTENT_TYPE, content_type)
                        .body(body);
                    let built = with_project(built, self.project_uid)?.build();
                    send_empty(self.client, Self::OPERATION, built).await
                }
            }
        }
    };
}

#[cfg(feature = "clouds")]
cloud_type_upload!(
    /// Uploads the bootstrap manifest of a custom cloud type (`customCloudTypeBootstrapUpdate`).
    CustomCloudTypeBootstrapUpdate,
    custom_cloud_type_bootstrap_update,
    CUSTOM_CLOUD_TYPE_BOOTSTRAP_UPDATE,
    "content/bootstrap"
);

#[cfg(feature = "clouds")]
cloud_type_upload!(
    /// Uploads the cloud provider manifest of a custom cloud type
    /// (`customCloudTypeCloudProviderUpdate`).
    CustomCloudTypeCloudProviderUpdate,
    custom_cloud_type_cloud_provider_update,
    CUSTOM_CLOUD_TYPE_CLOUD_PROVIDER_UPDATE,
    "content/cloudProvider"
);

#[cfg(feature = "clouds")]
cloud_type_upload!(
    /// Uploads the control plane manifest of a custom cloud type
    /// (`customCloudTypeControlPlaneUpdate`).
    CustomCloudTypeControlPlaneUpdate,
    custom_cloud_type_control_plane_update,
    CUSTOM_CLOUD_TYPE_CONTROL_PLANE_UPDATE,
    "content/controlPlane"
);

#[cfg(feature = "clouds")]
cloud_type_upload!(
    /// Uploads the core manifest of a custom cloud type (`customCloudTypeCoreUpdate`).
    CustomCloudTypeCoreUpdate,
    custom_cloud_type_core_update,
    CUSTOM_CLOUD_TYPE_CORE_UPDATE,
    "content/core"
);

#[cfg(feature = "clouds")]
cloud_type_upload!(
    /// Uploads the cluster template of a custom cloud type
    /// (`customCloudTypeClusterTemplateUpdate`).
    CustomCloudTypeClusterTemplateUpdate,
    custom_cloud_type_cluster_template_update,
    CUSTOM_CLOUD_TYPE_CLUSTER_TEMPLATE_UPDATE,
    "content/templates/clusterTemplate"
);

#[cfg(feature = "clouds")]
cloud_type_upload!(
    /// Uploads the control plane pool template of a custom cloud type
    /// (`customCloudTypeControlPlanePoolTemplateUpdate`).
    CustomCloudTypeControlPlanePoolTemplateUpdate,
    custom_cloud_type_control_plane_pool_template_update,
    CUSTOM_CLOUD_TYPE_CONTROL_PLANE_POOL_TEMPLATE_UPDATE,
    "content/templates/controlPlanePoolTemplate"
);

#[cfg(feature = "clouds")]
cloud_type_upload!(
    /// Uploads the worker pool template of a custom cloud type
    /// (`customCloudTypeWorkerPoolTemplateUpdate`).
    CustomCloudTypeWorkerPoolTemplateUpdate,
    custom_cloud_type_worker_pool_template_update,
    CUSTOM_CLOUD_TYPE_WORKER_POOL_TEMPLATE_UPDATE,
    "content/templates/workerPoolTemplate"
);

#[cfg(feature = "clouds")]
cloud_type_upload!(
    /// Replaces the logo of a custom cloud type (`customCloudTypeLogoUpdate`).
    CustomCloudTypeLogoUpdate,
    custom_cloud_type_logo_update,
    CUSTOM_CLOUD_TYPE_LOGO_UPDATE,
    "logo"
);

/// Creates a cluster profile from an exported file (`clusterProfilesImportFile`):
/// `POST /v1/clusterprofiles/import/file` with the file as the form field `importFile`;
/// returns the new profile's uid.
#[cfg(feature = "clusterprofiles")]
#[cfg_attr(docsrs, doc(cfg(feature = "clusterprofiles")))]
#[derive(Debug, Clone)]
pub struct ClusterProfilesImportFile<'a> {
    client: &'a Client,
    file: Option<FilePart>,
    publish: Option<bool>,
    format: Option<String>,
    project_uid: Option<String>,
}

#[cfg(feature = "clusterprofiles")]
impl<'a> ClusterProfilesImportFile<'a> {
    /// The exported profile (the form field `importFile`).
    pub fn import_file(mut self, file: FilePart) -> Self {
        self.file = Some(file);
        self
    }

    /// Whether the imported profile is published at once (`publish`).
    pub fn publish(mut self, publish: bool) -> Self {
        self.publish = Some(publish);
        self
    }

    /// The file's format, `json` (Palette's default) or `yaml` (`format`).
    pub fn format(mut self, format: impl Into<String>) -> Self {
        self.format = Some(format.into());
        self
    }

    /// Act in this project for this call only (the `ProjectUid` header). A value
    /// [`ProjectUid::new`](crate::ProjectUid::new) would refuse fails the call with
    /// [`Error::Request`](crate::Error::Request), and nothing is sent.
    pub fn project_uid(mut self, uid: impl Into<String>) -> Self {
        self.project_uid = Some(uid.into());
        self
    }
}

#[cfg(feature = "clusterprofiles")]
impl Client {
    /// Creates a cluster profile from an exported file (`clusterProfilesImportFile`).
    ///
    /// ```no_run
    /// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::hand_written::FilePart;
    /// use palette_sdk::prelude::*;
    ///
    /// let exported = std::fs::read("profile.json").unwrap_or_default();
    /// let created = client
    ///     .cluster_profiles_import_file()
    ///     .import_file(FilePart::new("profile.json", exported))
    ///     .publish(true)
    ///     .send()
    ///     .await?;
    /// println!("imported as {:?}", created.uid);
    /// # Ok(()) }
    /// ```
    #[cfg_attr(docsrs, doc(cfg(feature = "clusterprofiles")))]
    pub fn cluster_profiles_import_file(&self) -> ClusterProfilesImportFile<'_> {
        ClusterProfilesImportFile {
            client: self,
            file: None,
            publish: None,
            format: None,
            project_uid: None,
        }
    }
}

#[cfg(feature = "clusterprofiles")]
impl Call for ClusterProfilesImportFile<'_> {
    type Output = types::Uid;
    const OPERATION: &'static Operation =
        crate::client::operations::hand_written::CLUSTER_PROFILES_IMPORT_FILE;

    async fn send_raw(
        self,
        _: Sealed,
    ) -> Result<ResponseValue<types::Uid>, GeneratedError<types::ApiError>> {
        let file = self.file.ok_or_else(|| missing("import_file"))?;
        let (content_type, body) = multipart::encode("importFile", &file);
        let mut query: Vec<(&str, String)> = Vec::new();
        if let Some(publish) = self.publish {
            query.push(("publish", publish.to_string()));
        }
        if let Some(format) = self.format {
            query.push(("format", format));
        }
        let built = request(
            self.client,
            Self::OPERATION,
            "/v1/clusterprofiles/import/file",
        )
        .query(&query)
        .header(reqwest::header::CONTENT_TYPE, content_type)
        .body(body);
        let built = with_project(built, self.project_uid)?.build();
        send_json(self.client, Self::OPERATION, built).await
    }
}

/// Uploads the logs fetched from a cluster (`clusterFeatureLogFetcherLogUpdate`):
/// `POST /v1/spectroclusters/features/logFetcher/{uid}/log` with the file as the form field
/// `fileName`. Palette's agent sends these; a program rarely needs to.
#[cfg(feature = "spectroclusters")]
#[cfg_attr(docsrs, doc(cfg(feature = "spectroclusters")))]
#[derive(Debug, Clone)]
pub struct ClusterFeatureLogFetcherLogUpdate<'a> {
    client: &'a Client,
    uid: Option<String>,
    file: Option<FilePart>,
    request_id: Option<String>,
    project_uid: Option<String>,
}

#[cfg(feature = "spectroclusters")]
impl<'a> ClusterFeatureLogFetcherLogUpdate<'a> {
    /// The log fetch's uid (`uid`).
    pub fn uid(mut self, uid: impl Into<String>) -> Self {
        self.uid = Some(uid.into());
        self
    }

    /// The log archive (the form field `fileName`).
    pub fn file_name(mut self, file: FilePart) -> Self {
        self.file = Some(file);
        self
    }

    /// The request the logs answer (`requestId`).
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// Act in this project for this call only (the `ProjectUid` header). A value
    /// [`ProjectUid::new`](crate::ProjectUid::new) would refuse fails the call with
    /// [`Error::Request`](crate::Error::Request), and nothing is sent.
    pub fn project_uid(mut self, uid: impl Into<String>) -> Self {
        self.project_uid = Some(uid.into());
        self
    }
}

#[cfg(feature = "spectroclusters")]
impl Client {
    /// Uploads the logs fetched from a cluster (`clusterFeatureLogFetcherLogUpdate`).
    #[cfg_attr(docsrs, doc(cfg(feature = "spectroclusters")))]
    pub fn cluster_feature_log_fetcher_log_update(&self) -> ClusterFeatureLogFetcherLogUpdate<'_> {
        ClusterFeatureLogFetcherLogUpdate {
            client: self,
            uid: None,
            file: None,
            request_id: None,
            project_uid: None,
        }
    }
}

#[cfg(feature = "spectroclusters")]
impl Call for ClusterFeatureLogFetcherLogUpdate<'_> {
    type Output = ();
    const OPERATION: &'static Operation =
        crate::client::operations::hand_written::CLUSTER_FEATURE_LOG_FETCHER_LOG_UPDATE;

    async fn send_raw(
        self,
        _: Sealed,
    ) -> Result<ResponseValue<()>, GeneratedError<types::ApiError>> {
        let uid = self.uid.ok_or_else(|| missing("uid"))?;
        let file = self.file.ok_or_else(|| missing("file_name"))?;
        let path = format!(
            "/v1/spectroclusters/features/logFetcher/{}/log",
            segment("uid", &uid)?
        );
        let (content_type, body) = multipart::encode("fileName", &file);
        let mut built = request(self.client, Self::OPERATION, &path)
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body);
        if let Some(request_id) = self.request_id {
            built = built.query(&[("requestId", request_id)]);
        }
        let built = with_project(built, self.project_uid)?.build();
        send_empty(self.client, Self::OPERATION, built).await
    }
}
