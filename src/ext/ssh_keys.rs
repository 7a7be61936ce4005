//! SSH keys saved in Palette for cluster nodes: list, find by name, save and delete.

use crate::client::generated::ClientUsersExt;
use crate::ext::created::SendForUid;
use crate::ext::lookup::{self, NameKind};
use crate::send::call::Call;
use crate::{Client, Error, types};

/// The public SSH keys saved in Palette, of this handle's scope (a project's, or the
/// tenant's). Get one with [`Client::ssh_keys`]; it owns a cheap clone of the client.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// let keys = client.with_project_name("Default").await?.ssh_keys();
/// let ops = keys.get_by_name("ops").await?;
/// let uid = keys.create("ci", "ssh-ed25519 AAAAC3Nz... ci@example.com").await?;
/// keys.delete(&uid).await?;
/// # let _ = ops;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct SshKeys {
    client: Client,
}

impl Client {
    /// The SSH keys saved in this handle's scope.
    pub fn ssh_keys(&self) -> SshKeys {
        SshKeys {
            client: self.clone(),
        }
    }
}

impl SshKeys {
    /// Every key of the scope (`usersAssetsSshGet`).
    pub async fn list(&self) -> Result<Vec<types::UserAssetSsh>, Error> {
        let keys = self.client.users_assets_ssh_get().send().await?;
        Ok(keys.items.unwrap_or_default())
    }

    /// The key called `name`; `None` when there is none, [`Error::AmbiguousName`] when
    /// several are.
    pub async fn find_by_name(&self, name: &str) -> Result<Option<types::UserAssetSsh>, Error> {
        lookup::named(NameKind::SSH_KEY, name, self.list().await?)
    }

    /// The key called `name`, or [`Error::NameNotFound`].
    pub async fn get_by_name(&self, name: &str) -> Result<types::UserAssetSsh, Error> {
        lookup::required(NameKind::SSH_KEY, name, self.find_by_name(name).await?)
    }

    /// Saves the public key `public_key` as `name` and returns its uid
    /// (`userAssetsSshCreate`). A private key does not belong here: Palette puts the public
    /// key on cluster nodes.
    pub async fn create(&self, name: &str, public_key: &str) -> Result<String, Error> {
        let key = types::UserAssetSshEntity {
            metadata: Some(types::ObjectMetaInputEntity {
                name: Some(name.to_string()),
                ..Default::default()
            }),
            spec: Some(types::UserAssetSshSpec {
                public_key: Some(public_key.to_string()),
            }),
        };
        self.client
            .user_assets_ssh_create()
            .body(key)
            .send_for_uid()
            .await
    }

    /// Deletes the key `uid` (`usersAssetSshDelete`).
    pub async fn delete(&self, uid: &str) -> Result<(), Error> {
        self.client.users_asset_ssh_delete().uid(uid).send().await?;
        Ok(())
    }
}
