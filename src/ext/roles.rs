//! Roles, ergonomically: list and find the tenant's roles, create custom ones, and grant them in a project.

use futures_util::TryStreamExt;

use crate::client::generated::ClientRolesExt;
use crate::ext::created::SendForUid;
use crate::ext::lookup;
use crate::send::call::Call;
use crate::send::pagination::Paged;
use crate::{Client, Error, types};

/// The tenant's roles. Get one with [`Client::roles`]; it owns a cheap clone of the client.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// let viewer = client.roles().get_by_name("Project Viewer").await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Roles {
    client: Client,
}

impl Client {
    /// The tenant's roles.
    pub fn roles(&self) -> Roles {
        Roles {
            client: self.tenant(),
        }
    }
}

impl Roles {
    /// Every role: built-in and custom, with scope and permissions.
    pub async fn list(&self) -> Result<Vec<types::Role>, Error> {
        self.client.roles_list().stream().try_collect().await
    }

    /// The role named exactly `name` (such as `Project Admin`), if there is one; an error if
    /// several are.
    pub async fn find_by_name(&self, name: &str) -> Result<Option<types::Role>, Error> {
        let named = self
            .list()
            .await?
            .into_iter()
            .filter(|role| lookup::name_of(&role.metadata) == Some(name))
            .map(|role| {
                (
                    lookup::uid_of(&role.metadata)
                        .unwrap_or_default()
                        .to_string(),
                    role,
                )
            });
        lookup::at_most_one_of(lookup::NameKind::ROLE, name, named)
    }

    /// The role named exactly `name`; an error if none or several are.
    pub async fn get_by_name(&self, name: &str) -> Result<types::Role, Error> {
        let found = self.find_by_name(name).await?;
        lookup::required(lookup::NameKind::ROLE, name, found)
    }

    /// One role, by uid.
    pub async fn get(&self, uid: &str) -> Result<types::Role, Error> {
        self.client.roles_uid_get().uid(uid).send().await
    }

    /// Creates a custom role granting `permissions` (such as `cluster.get`) at `scope`, and
    /// returns its uid.
    pub async fn create(
        &self,
        name: &str,
        scope: crate::enums::Scope,
        permissions: &[&str],
    ) -> Result<String, Error> {
        let role = types::Role {
            metadata: Some(types::ObjectMeta {
                name: Some(name.to_string()),
                ..Default::default()
            }),
            spec: Some(types::RoleSpec {
                permissions: Some(permissions.iter().map(|p| p.to_string()).collect()),
                scope: Some(scope),
                type_: Some(crate::enums::RoleSpecType::User),
            }),
            status: None,
        };
        self.client.roles_create().body(role).send_for_uid().await
    }

    /// Deletes a custom role.
    pub async fn delete(&self, uid: &str) -> Result<(), Error> {
        self.client.roles_uid_delete().uid(uid).send().await
    }
}
