//! Teams, ergonomically: list, find by name, create with members, delete, and grant roles in a project.

use futures_util::TryStreamExt;

use crate::client::generated::ClientTeamsExt;
use crate::ext::created::SendForUid;
use crate::ext::{lookup, project_roles};
use crate::send::call::Call;
use crate::send::pagination::Paged;
use crate::{Client, Error, types};

/// The tenant's teams. Get one with [`Client::teams`]; it owns a cheap clone of the client.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// let teams = client.teams();
/// let uid = teams.create("oncall", &["64f0b1".to_string()], &[]).await?;
/// teams.grant_project_roles(&uid, "64f0c1", &["64f0e1".to_string()]).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Teams {
    client: Client,
}

impl Client {
    /// The tenant's teams.
    pub fn teams(&self) -> Teams {
        Teams {
            client: self.tenant(),
        }
    }
}

impl Teams {
    /// Every team of the tenant.
    pub async fn list(&self) -> Result<Vec<types::Team>, Error> {
        self.client.teams_list().stream().try_collect().await
    }

    /// The team named exactly `name`, if there is one; an error if several are.
    pub async fn find_by_name(&self, name: &str) -> Result<Option<types::Team>, Error> {
        let named = self
            .list()
            .await?
            .into_iter()
            .filter(|team| lookup::name_of(&team.metadata) == Some(name))
            .map(|team| {
                (
                    lookup::uid_of(&team.metadata)
                        .unwrap_or_default()
                        .to_string(),
                    team,
                )
            });
        lookup::at_most_one_of(lookup::NameKind::TEAM, name, named)
    }

    /// The team named exactly `name`; an error if none or several are.
    pub async fn get_by_name(&self, name: &str) -> Result<types::Team, Error> {
        let found = self.find_by_name(name).await?;
        lookup::required(lookup::NameKind::TEAM, name, found)
    }

    /// One team, by uid.
    pub async fn get(&self, uid: &str) -> Result<types::Team, Error> {
        self.client.teams_uid_get().uid(uid).send().await
    }

    /// Creates a team of the users `user_uids` holding the tenant roles `role_uids`; returns
    /// its uid.
    pub async fn create(
        &self,
        name: &str,
        user_uids: &[String],
        role_uids: &[String],
    ) -> Result<String, Error> {
        let team = types::Team {
            metadata: Some(types::ObjectMeta {
                name: Some(name.to_string()),
                ..Default::default()
            }),
            spec: Some(types::TeamSpec {
                roles: Some(role_uids.to_vec()),
                sources: None,
                users: Some(user_uids.to_vec()),
            }),
            status: None,
        };
        self.client.teams_create().body(team).send_for_uid().await
    }

    /// Deletes a team (its users stay).
    pub async fn delete(&self, uid: &str) -> Result<(), Error> {
        self.client.teams_uid_delete().uid(uid).send().await
    }

    /// The projects where the team holds roles, and those roles.
    pub async fn project_roles(&self, uid: &str) -> Result<types::ProjectRolesEntity, Error> {
        self.client.teams_project_roles().uid(uid).send().await
    }

    /// Sets the team's roles in one project to `role_uids`, keeping its roles in every other
    /// project; an empty list takes the project away.
    pub async fn grant_project_roles(
        &self,
        uid: &str,
        project_uid: &str,
        role_uids: &[String],
    ) -> Result<(), Error> {
        let current = self.project_roles(uid).await?;
        let patch = project_roles::with_project_roles(current, project_uid, role_uids);
        self.client
            .teams_project_roles_put()
            .uid(uid)
            .body(patch)
            .send()
            .await
    }
}
