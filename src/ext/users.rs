//! Users, ergonomically: list, find by email or name, create, delete, and grant roles in a project.

use futures_util::TryStreamExt;

use crate::call::Call;
use crate::ext::created::SendForUid;
use crate::ext::{lookup, project_roles};
use crate::generated::ClientUsersExt;
use crate::pagination::Paged;
use crate::{Client, Error, types};

/// The tenant's users. Get one with [`Client::users`]; it owns a cheap clone of the client.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::ext::NewUser;
///
/// let users = client.users();
/// let uid = users.create(NewUser::new("Ada", "Lovelace", "ada@example.com")).await?;
/// let project = client.projects().get_by_name("payments").await?;
/// let viewer = client.roles().get_by_name("Project Viewer").await?;
/// let project_uid = project.metadata.and_then(|m| m.uid).unwrap_or_default();
/// let role_uid = viewer.metadata.and_then(|m| m.uid).unwrap_or_default();
/// users.grant_project_roles(&uid, &project_uid, &[role_uid]).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Users {
    client: Client,
}

impl Client {
    /// The tenant's users.
    pub fn users(&self) -> Users {
        Users {
            client: self.tenant(),
        }
    }
}

/// A user to invite: name, email, and optionally tenant roles and teams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    first_name: String,
    last_name: String,
    email: String,
    roles: Vec<String>,
    teams: Vec<String>,
}

impl NewUser {
    /// A user with this name and email address; Palette emails them an invitation.
    pub fn new(
        first_name: impl Into<String>,
        last_name: impl Into<String>,
        email: impl Into<String>,
    ) -> Self {
        NewUser {
            first_name: first_name.into(),
            last_name: last_name.into(),
            email: email.into(),
            roles: Vec::new(),
            teams: Vec::new(),
        }
    }

    /// Also grant this tenant role.
    pub fn role(mut self, role_uid: impl Into<String>) -> Self {
        self.roles.push(role_uid.into());
        self
    }

    /// Also add the user to this team.
    pub fn team(mut self, team_uid: impl Into<String>) -> Self {
        self.teams.push(team_uid.into());
        self
    }

    /// The request body Palette expects.
    pub fn into_entity(self) -> types::UserEntity {
        types::UserEntity {
            metadata: Some(types::ObjectMeta {
                name: Some(format!("{} {}", self.first_name, self.last_name)),
                ..Default::default()
            }),
            spec: Some(types::UserSpecEntity {
                email_id: Some(self.email),
                first_name: Some(self.first_name),
                last_name: Some(self.last_name),
                login_mode: None,
                roles: Some(self.roles),
                teams: Some(self.teams),
            }),
        }
    }
}

impl Users {
    /// Every user of the tenant.
    pub async fn list(&self) -> Result<Vec<types::User>, Error> {
        self.client.users_list().stream().try_collect().await
    }

    /// The user whose email address is `email` (compared without case), if there is one.
    pub async fn find_by_email(&self, email: &str) -> Result<Option<types::User>, Error> {
        let found = self.list().await?.into_iter().filter(|user| {
            user.spec
                .as_ref()
                .and_then(|s| s.email_id.as_deref())
                .is_some_and(|e| e.eq_ignore_ascii_case(email))
        });
        let found = found.map(|u| {
            (
                lookup::uid_of(&u.metadata).unwrap_or_default().to_string(),
                u,
            )
        });
        lookup::at_most_one_of(lookup::NameKind::USER, email, found)
    }

    /// The user named exactly `name` ("First Last"), if there is one; an error if several are.
    pub async fn find_by_name(&self, name: &str) -> Result<Option<types::User>, Error> {
        let named = self
            .list()
            .await?
            .into_iter()
            .filter(|user| lookup::name_of(&user.metadata) == Some(name))
            .map(|user| {
                (
                    lookup::uid_of(&user.metadata)
                        .unwrap_or_default()
                        .to_string(),
                    user,
                )
            });
        lookup::at_most_one_of(lookup::NameKind::USER, name, named)
    }

    /// One user, by uid.
    pub async fn get(&self, uid: &str) -> Result<types::User, Error> {
        self.client.users_uid_get().uid(uid).send().await
    }

    /// Invites a user and returns their uid.
    pub async fn create(&self, user: NewUser) -> Result<String, Error> {
        self.client
            .users_create()
            .body(user.into_entity())
            .send_for_uid()
            .await
    }

    /// Deletes a user.
    pub async fn delete(&self, uid: &str) -> Result<(), Error> {
        self.client.users_uid_delete().uid(uid).send().await
    }

    /// The projects where the user holds roles, and those roles.
    pub async fn project_roles(&self, uid: &str) -> Result<types::ProjectRolesEntity, Error> {
        self.client.users_project_roles().uid(uid).send().await
    }

    /// Sets the user's roles in one project to `role_uids`, keeping their roles in every other
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
            .users_project_roles_put()
            .uid(uid)
            .body(patch)
            .send()
            .await
    }
}
