//! Virtual clusters after creation: pause and resume, waits on Palette's lifecycle status, and resizing their CPU, memory and storage.

use crate::client::generated::ClientSpectroclustersExt;
use crate::enums::LifecycleStatusStatus;
use crate::ext::clusters::Clusters;
use crate::ext::lookup;
use crate::send::call::Call;
use crate::send::wait::{self, Awaited, Verdict, WaitFailure, WaitOptions};
use crate::{Error, types};

/// One observation of a virtual cluster's pause state: what was asked
/// (`spec.clusterConfig.lifecycleConfig.pause`) and what Palette reports
/// (`status.virtual.lifecycleStatus`), beside the cluster's own state.
#[derive(Debug, Clone, PartialEq)]
pub struct LifecycleObservation {
    /// The cluster's uid.
    pub uid: String,
    /// The cluster's name.
    pub name: String,
    /// The cluster's state (`Running`, `Deleting`, ...; empty when Palette reports none).
    pub state: String,
    /// Whether a pause is asked for, if Palette says.
    pub pause_requested: Option<bool>,
    /// The lifecycle status: `Pausing`, `Paused`, `Resuming`, `Running` or `Error` (or a
    /// newer value), `None` while Palette reports none.
    pub lifecycle: Option<LifecycleStatusStatus>,
    /// Palette's message with it, if any.
    pub message: Option<String>,
}

impl LifecycleObservation {
    fn read(uid: &str, cluster: types::SpectroCluster) -> LifecycleObservation {
        let pause_requested = cluster
            .spec
            .and_then(|s| s.cluster_config)
            .and_then(|c| c.lifecycle_config)
            .and_then(|l| l.pause);
        let status = cluster.status.unwrap_or_default();
        let lifecycle = status.virtual_.and_then(|v| v.lifecycle_status);
        LifecycleObservation {
            uid: uid.to_string(),
            name: lookup::name_of(&cluster.metadata)
                .unwrap_or_default()
                .to_string(),
            state: status.state.unwrap_or_default(),
            pause_requested,
            message: lifecycle.as_ref().and_then(|l| l.msg.clone()),
            lifecycle: lifecycle.and_then(|l| l.status),
        }
    }

    /// True once Palette reports the cluster `Paused`.
    pub fn is_paused(&self) -> bool {
        self.lifecycle == Some(LifecycleStatusStatus::Paused)
    }

    /// True once Palette reports the cluster's lifecycle `Running` again and the cluster
    /// itself `Running`.
    pub fn is_resumed(&self) -> bool {
        self.lifecycle == Some(LifecycleStatusStatus::Running)
            && self.state.eq_ignore_ascii_case("Running")
    }

    /// What the waits report as the state: the lifecycle status, or the cluster's state while
    /// there is none.
    fn shown(&self) -> String {
        match &self.lifecycle {
            Some(status) => status.to_string(),
            None => self.state.clone(),
        }
    }

    /// True when a pause or resume cannot end well: Palette reports the lifecycle `Error`, or
    /// the cluster is going away.
    fn has_failed(&self) -> bool {
        self.lifecycle == Some(LifecycleStatusStatus::Error)
            || ["Deleting", "Deleted", "Failed", "Error"]
                .iter()
                .any(|s| self.state.eq_ignore_ascii_case(s))
    }
}

impl Clusters {
    /// Pauses the virtual cluster `uid` (`spectroClustersUidLifecycleConfigUpdate` with
    /// `lifecycleConfig.pause: true`): Palette scales its workloads down and reports it
    /// `Pausing`, then `Paused` (see [`wait_until_paused`](Self::wait_until_paused)).
    ///
    /// ```no_run
    /// # async fn example(clusters: palette_sdk::ext::Clusters, uid: &str) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::wait::WaitOptions;
    ///
    /// clusters.pause(uid).await?;
    /// clusters.wait_until_paused(uid, WaitOptions::default(), |o| println!("{:?}", o.lifecycle)).await?;
    /// clusters.resume(uid).await?;
    /// clusters.wait_until_resumed(uid, WaitOptions::default(), |_| {}).await?;
    /// # Ok(()) }
    /// ```
    pub async fn pause(&self, uid: &str) -> Result<(), Error> {
        self.set_pause(uid, true).await
    }

    /// Resumes the paused virtual cluster `uid` (`lifecycleConfig.pause: false`): Palette
    /// reports it `Resuming`, then `Running` (see
    /// [`wait_until_resumed`](Self::wait_until_resumed)).
    ///
    /// ```no_run
    /// # async fn example(clusters: palette_sdk::ext::Clusters) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::Resource;
    ///
    /// let cluster = clusters.get_by_name("dev-team-a").await?;
    /// clusters.resume(cluster.uid().unwrap_or_default()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn resume(&self, uid: &str) -> Result<(), Error> {
        self.set_pause(uid, false).await
    }

    async fn set_pause(&self, uid: &str, pause: bool) -> Result<(), Error> {
        self.client
            .spectro_clusters_uid_lifecycle_config_update()
            .uid(uid)
            .body(types::LifecycleConfigEntity {
                lifecycle_config: Some(types::LifecycleConfig { pause: Some(pause) }),
            })
            .send()
            .await
    }

    /// The pause state of cluster `uid` as Palette reports it (`spectroClustersGet`), or
    /// `None` when Palette does not know the cluster (404).
    ///
    /// ```no_run
    /// # async fn example(clusters: palette_sdk::ext::Clusters, uid: &str) -> Result<(), palette_sdk::Error> {
    /// if let Some(seen) = clusters.lifecycle(uid).await? {
    ///     println!("{} is {:?}", seen.name, seen.lifecycle);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn lifecycle(&self, uid: &str) -> Result<Option<LifecycleObservation>, Error> {
        match self.get(uid).await {
            Ok(cluster) => Ok(Some(LifecycleObservation::read(uid, cluster))),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Polls the virtual cluster until Palette reports it `Paused`. Fails when Palette reports
    /// the lifecycle `Error` or the cluster going away ([`WaitFailure::Failed`]), does not
    /// know the cluster ([`WaitFailure::NotFound`]), or `options.timeout` passes. `progress`
    /// sees every observation.
    ///
    /// ```no_run
    /// # async fn example(clusters: palette_sdk::ext::Clusters, uid: &str) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::wait::WaitOptions;
    ///
    /// let paused = clusters.wait_until_paused(uid, WaitOptions::default(), |_| {}).await?;
    /// assert!(paused.is_paused());
    /// # Ok(()) }
    /// ```
    pub async fn wait_until_paused(
        &self,
        uid: &str,
        options: WaitOptions,
        progress: impl FnMut(&LifecycleObservation),
    ) -> Result<LifecycleObservation, Error> {
        let awaited = Awaited::ClusterPaused {
            uid: uid.to_string(),
        };
        self.wait_lifecycle(
            uid,
            awaited,
            options,
            LifecycleObservation::is_paused,
            progress,
        )
        .await
    }

    /// Polls the virtual cluster until Palette reports its lifecycle `Running` again (and the
    /// cluster `Running`), as after [`resume`](Self::resume). Fails as
    /// [`wait_until_paused`](Self::wait_until_paused) does.
    ///
    /// ```no_run
    /// # async fn example(clusters: palette_sdk::ext::Clusters, uid: &str) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::wait::WaitOptions;
    ///
    /// clusters.resume(uid).await?;
    /// clusters.wait_until_resumed(uid, WaitOptions::default(), |o| println!("{:?}", o.lifecycle)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn wait_until_resumed(
        &self,
        uid: &str,
        options: WaitOptions,
        progress: impl FnMut(&LifecycleObservation),
    ) -> Result<LifecycleObservation, Error> {
        let awaited = Awaited::ClusterResumed {
            uid: uid.to_string(),
        };
        self.wait_lifecycle(
            uid,
            awaited,
            options,
            LifecycleObservation::is_resumed,
            progress,
        )
        .await
    }

    async fn wait_lifecycle(
        &self,
        uid: &str,
        awaited: Awaited,
        options: WaitOptions,
        reached: fn(&LifecycleObservation) -> bool,
        progress: impl FnMut(&LifecycleObservation),
    ) -> Result<LifecycleObservation, Error> {
        let judge = |seen: Option<&LifecycleObservation>| match seen {
            None => Verdict::Failed(WaitFailure::NotFound),
            Some(seen) if reached(seen) => Verdict::Done,
            Some(seen) if seen.has_failed() => Verdict::Failed(WaitFailure::Failed),
            Some(_) => Verdict::Waiting,
        };
        wait::poll_until_observed(
            awaited,
            options,
            || self.lifecycle(uid),
            judge,
            |seen| Some(seen.shown()),
            progress,
        )
        .await
    }
}

#[cfg(feature = "cloudconfigs")]
pub use resize::VirtualClusterSize;

/// Resizing, which needs the `cloudconfigs` operations too.
#[cfg(feature = "cloudconfigs")]
mod resize {
    use crate::client::generated::ClientCloudconfigsExt;
    use crate::error::{NameKind, RequestError};
    use crate::ext::clusters::Clusters;
    use crate::send::call::Call;
    use crate::{Error, builder, types};

    /// The CPU, memory and storage a virtual cluster may use, for
    /// [`Clusters::resize_virtual`]: the most (required) and, optionally, the least it is given.
    ///
    /// ```
    /// use palette_sdk::ext::VirtualClusterSize;
    /// let size = VirtualClusterSize::new(8, 16384, 40).minimum(2, 4096, 10);
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct VirtualClusterSize {
        max: (i32, i32, i32),
        min: Option<(i32, i32, i32)>,
    }

    impl VirtualClusterSize {
        /// At most `cpu` CPUs, `memory_mib` MiB of memory and `storage_gib` GiB of storage.
        pub fn new(cpu: i32, memory_mib: i32, storage_gib: i32) -> Self {
            VirtualClusterSize {
                max: (cpu, memory_mib, storage_gib),
                min: None,
            }
        }

        /// At least `cpu` CPUs, `memory_mib` MiB of memory and `storage_gib` GiB of storage.
        pub fn minimum(mut self, cpu: i32, memory_mib: i32, storage_gib: i32) -> Self {
            self.min = Some((cpu, memory_mib, storage_gib));
            self
        }

        /// Why Palette could not take it: a value that is not positive, or a minimum above its
        /// maximum.
        pub(super) fn problem(&self) -> Option<String> {
            let names = ["CPUs", "memory (MiB)", "storage (GiB)"];
            let max = [self.max.0, self.max.1, self.max.2];
            for (name, value) in names.iter().zip(max) {
                if value <= 0 {
                    return Some(format!("the most {name} must be positive, not {value}"));
                }
            }
            if let Some(min) = self.min {
                for ((name, low), high) in names.iter().zip([min.0, min.1, min.2]).zip(max) {
                    if low <= 0 {
                        return Some(format!("the least {name} must be positive, not {low}"));
                    }
                    if low > high {
                        return Some(format!(
                            "the least {name} ({low}) is more than the most ({high})"
                        ));
                    }
                }
            }
            None
        }

        /// The request body (`VirtualClusterResize`).
        pub fn into_entity(self) -> types::VirtualClusterResize {
            types::VirtualClusterResize {
                instance_type: types::VirtualInstanceType {
                    max_cpu: Some(self.max.0),
                    max_mem_in_mi_b: Some(self.max.1),
                    max_storage_gi_b: Some(self.max.2),
                    min_cpu: self.min.map(|m| m.0),
                    min_mem_in_mi_b: self.min.map(|m| m.1),
                    min_storage_gi_b: self.min.map(|m| m.2),
                },
            }
        }
    }

    impl Clusters {
        /// Changes the CPU, memory and storage the virtual cluster `uid` may use: reads the
        /// cluster's cloud config reference (`spec.cloudConfigRef`) and sends the new size to
        /// it (`cloudConfigsVirtualUidUpdate`). A size Palette could not take (a value that is
        /// not positive, a minimum above its maximum) fails with [`Error::Request`] before
        /// anything is sent, and a cluster that is not virtual with [`Error::NotSupported`].
        ///
        /// ```no_run
        /// # async fn example(clusters: palette_sdk::ext::Clusters, uid: &str) -> Result<(), palette_sdk::Error> {
        /// use palette_sdk::ext::VirtualClusterSize;
        ///
        /// clusters.resize_virtual(uid, VirtualClusterSize::new(8, 16384, 40)).await?;
        /// let config = clusters.virtual_cloud_config(uid).await?;
        /// # Ok(()) }
        /// ```
        pub async fn resize_virtual(
            &self,
            uid: &str,
            size: VirtualClusterSize,
        ) -> Result<(), Error> {
            if let Some(message) = size.problem() {
                return Err(Error::Request(Box::new(RequestError {
                    operation: <builder::CloudConfigsVirtualUidUpdate<'_> as Call>::OPERATION,
                    message,
                })));
            }
            let config_uid = self.virtual_config_uid(uid).await?;
            self.client
                .cloud_configs_virtual_uid_update()
                .config_uid(config_uid)
                .body(size.into_entity())
                .send()
                .await
        }

        /// The cloud config of the virtual cluster `uid` (`cloudConfigsVirtualGet`): its
        /// Kubernetes version and, in its machine pool's `instanceType`, its size.
        ///
        /// ```no_run
        /// # async fn example(clusters: palette_sdk::ext::Clusters, uid: &str) -> Result<(), palette_sdk::Error> {
        /// let config = clusters.virtual_cloud_config(uid).await?;
        /// for pool in config.spec.and_then(|s| s.machine_pool_config).unwrap_or_default() {
        ///     println!("{:?}", pool.instance_type);
        /// }
        /// # Ok(()) }
        /// ```
        pub async fn virtual_cloud_config(
            &self,
            uid: &str,
        ) -> Result<types::VirtualCloudConfig, Error> {
            let config_uid = self.virtual_config_uid(uid).await?;
            self.client
                .cloud_configs_virtual_get()
                .config_uid(config_uid)
                .send()
                .await
        }

        /// The uid of the cloud config of the virtual cluster `uid`.
        async fn virtual_config_uid(&self, uid: &str) -> Result<String, Error> {
            let spec = self.get(uid).await?.spec.unwrap_or_default();
            let cloud_type = spec.cloud_type.unwrap_or_default();
            if cloud_type != "virtual" {
                return Err(Error::NotSupported {
                    what: "resizing a virtual cluster",
                    detail: format!(
                        "cluster {uid} is on {cloud_type:?}, not a virtual cluster: size its \
                         machine pools instead"
                    ),
                });
            }
            spec.cloud_config_ref
                .and_then(|r| r.uid)
                .filter(|u| !u.is_empty())
                .ok_or_else(|| Error::NameNotFound {
                    kind: NameKind::CLOUD_CONFIG,
                    name: uid.to_string(),
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "cloudconfigs")]
    #[test]
    fn a_size_is_sent_as_palettes_instance_type() {
        let body = serde_json::to_value(
            VirtualClusterSize::new(8, 16384, 40)
                .minimum(2, 4096, 10)
                .into_entity(),
        )
        .unwrap();
        assert_eq!(
            body,
            serde_json::json!({"instanceType": {
                "maxCPU": 8, "maxMemInMiB": 16384, "maxStorageGiB": 40,
                "minCPU": 2, "minMemInMiB": 4096, "minStorageGiB": 10,
            }})
        );
    }

    #[cfg(feature = "cloudconfigs")]
    #[test]
    fn a_size_palette_could_not_take_is_named() {
        assert_eq!(VirtualClusterSize::new(4, 8192, 20).problem(), None);
        let zero = VirtualClusterSize::new(0, 8192, 20).problem().unwrap();
        assert!(zero.contains("CPUs"), "{zero}");
        let upside_down = VirtualClusterSize::new(4, 8192, 20)
            .minimum(4, 9000, 20)
            .problem()
            .unwrap();
        assert!(upside_down.contains("memory (MiB) (9000)"), "{upside_down}");
    }
}
