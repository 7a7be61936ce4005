//! Private cloud gateways (Palette's API calls them overlords): list, get, and find by name.

use crate::client::generated::ClientOverlordsExt;
use crate::ext::lookup::{self, NameKind};
use crate::send::call::Call;
use crate::{Client, Error, types};

/// The private cloud gateways of this handle's scope. Get one with
/// [`Client::private_cloud_gateways`]; it owns a cheap clone of the client.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::Resource;
///
/// let gateway = client.private_cloud_gateways().get_by_name("dc1-pcg").await?;
/// println!("{}", gateway.uid().unwrap_or_default());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct PrivateCloudGateways {
    client: Client,
}

impl Client {
    /// The private cloud gateways of this handle's scope.
    pub fn private_cloud_gateways(&self) -> PrivateCloudGateways {
        PrivateCloudGateways {
            client: self.clone(),
        }
    }
}

impl PrivateCloudGateways {
    /// Every gateway of the scope (`overlordsList`).
    pub async fn list(&self) -> Result<Vec<types::Overlord>, Error> {
        let gateways = self.client.overlords_list().send().await?;
        Ok(gateways.items.unwrap_or_default())
    }

    /// The gateway `uid` (`overlordsUidGet`).
    pub async fn get(&self, uid: &str) -> Result<types::Overlord, Error> {
        self.client.overlords_uid_get().uid(uid).send().await
    }

    /// The gateway called `name`, asked of Palette by name (`overlordsList` with `name`) and
    /// matched exactly; `None` when there is none, [`Error::AmbiguousName`] when several are.
    pub async fn find_by_name(&self, name: &str) -> Result<Option<types::Overlord>, Error> {
        let gateways = self.client.overlords_list().name(name).send().await?;
        lookup::named(
            NameKind::PRIVATE_CLOUD_GATEWAY,
            name,
            gateways.items.unwrap_or_default(),
        )
    }

    /// The gateway called `name`, or [`Error::NameNotFound`].
    pub async fn get_by_name(&self, name: &str) -> Result<types::Overlord, Error> {
        lookup::required(
            NameKind::PRIVATE_CLOUD_GATEWAY,
            name,
            self.find_by_name(name).await?,
        )
    }
}
