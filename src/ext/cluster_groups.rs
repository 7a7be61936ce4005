//! Cluster groups (where virtual clusters run): list, get, and find by name.

use crate::client::generated::ClientClustergroupsExt;
use crate::ext::lookup::{self, NameKind};
use crate::send::call::Call;
use crate::{Client, Error, types};

/// The cluster groups this handle's scope sees: a project's own and the tenant's. Get one with
/// [`Client::cluster_groups`]; it owns a cheap clone of the client.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::Resource;
///
/// let project = client.with_project_name("Default").await?;
/// let group = project.cluster_groups().get_by_name("beehive").await?;
/// println!("{} ({})", group.name().unwrap_or_default(), group.uid().unwrap_or_default());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ClusterGroups {
    client: Client,
}

impl Client {
    /// The cluster groups of this handle's scope.
    pub fn cluster_groups(&self) -> ClusterGroups {
        ClusterGroups {
            client: self.clone(),
        }
    }
}

impl ClusterGroups {
    /// The uid, name and scope (`project`, `tenant` or `system`) of every host-cluster group
    /// the scope sees (`clusterGroupsHostClusterMetadata`).
    pub async fn list(&self) -> Result<Vec<types::ObjectScopeEntity>, Error> {
        let groups = self
            .client
            .cluster_groups_host_cluster_metadata()
            .send()
            .await?;
        Ok(groups.items.unwrap_or_default())
    }

    /// The cluster group `uid` (`clusterGroupsUidGet`).
    pub async fn get(&self, uid: &str) -> Result<types::ClusterGroup, Error> {
        self.client.cluster_groups_uid_get().uid(uid).send().await
    }

    /// The cluster group called `name`, read in full; `None` when there is none,
    /// [`Error::AmbiguousName`] when several are (a project's group and the tenant's may share
    /// a name).
    pub async fn find_by_name(&self, name: &str) -> Result<Option<types::ClusterGroup>, Error> {
        let named = self
            .list()
            .await?
            .into_iter()
            .filter(|group| group.name.as_deref() == Some(name))
            .filter_map(|group| group.uid);
        match lookup::at_most_one(NameKind::CLUSTER_GROUP, name, named)? {
            Some(uid) => self.get(&uid).await.map(Some),
            None => Ok(None),
        }
    }

    /// The cluster group called `name`, or [`Error::NameNotFound`].
    pub async fn get_by_name(&self, name: &str) -> Result<types::ClusterGroup, Error> {
        lookup::required(
            NameKind::CLUSTER_GROUP,
            name,
            self.find_by_name(name).await?,
        )
    }
}
