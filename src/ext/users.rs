//! Users, ergonomically: list, find by email or name, create, delete, and grant roles in a project.

use futures_util::TryStreamExt;

use crate::client::generated::ClientUsersExt;
use crate::ext::created::SendForUid;
use crate::ext::{lookup, project_roles};
use crate::send::call::Call;
use crate::send::pagination::Paged;
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

    /// The user's full name as it is sent (`metadata.name`): the first and last names joined
    /// by one space, without whitespace at either end and with each run of whitespace inside
    /// as one space, so no space is left over when either name is empty
    /// (`NewUser::new("ci-bot", "", ..)` is `ci-bot`).
    ///
    /// ```
    /// use palette_sdk::ext::NewUser;
    /// assert_eq!(NewUser::new("Ada", "Lovelace", "ada@example.com").full_name(), "Ada Lovelace");
    /// assert_eq!(NewUser::new("ci-bot", "", "ci@example.com").full_name(), "ci-bot");
    /// ```
    pub fn full_name(&self) -> String {
        full_name(&self.first_name, &self.last_name)
    }

    /// The request body Palette expects.
    pub fn into_entity(self) -> types::UserEntity {
        types::UserEntity {
            metadata: Some(types::ObjectMeta {
                name: Some(self.full_name()),
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

    /// The user whose full name is `name` ("First Last"), if there is one; an error if
    /// several are.
    ///
    /// Names compare exactly (case included), but for spaces: leading and trailing spaces
    /// are ignored and a run of spaces counts as one, on both sides. A user matches when
    /// `name` is their full name as Palette lists it (`metadata.name`) or as their first and
    /// last names make it (`spec.firstName`, a space, `spec.lastName`; just the one that is
    /// set when the other is empty), so `"ci-bot"` finds a user with first name `ci-bot` and no
    /// last name, even one stored as `"ci-bot "`. A first or last name alone does not match
    /// (`"Ada"` does not find Ada Lovelace).
    pub async fn find_by_name(&self, name: &str) -> Result<Option<types::User>, Error> {
        let wanted = collapse_spaces(name);
        let named = self
            .list()
            .await?
            .into_iter()
            .filter(|user| has_full_name(user, &wanted))
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

    /// The user whose full name is `name`: [`find_by_name`](Self::find_by_name), with none an
    /// error ([`Error::NameNotFound`], kind `user`).
    pub async fn get_by_name(&self, name: &str) -> Result<types::User, Error> {
        lookup::required(lookup::NameKind::USER, name, self.find_by_name(name).await?)
    }

    /// The user whose email address is `email`: [`find_by_email`](Self::find_by_email), with
    /// none an error ([`Error::NameNotFound`], kind `user`).
    ///
    /// ```no_run
    /// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::Resource;
    ///
    /// let ops = client.users().get_by_email("ops@example.com").await?;
    /// println!("{}", ops.uid().unwrap_or_default());
    /// # Ok(()) }
    /// ```
    pub async fn get_by_email(&self, email: &str) -> Result<types::User, Error> {
        lookup::required(
            lookup::NameKind::USER,
            email,
            self.find_by_email(email).await?,
        )
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

/// A full name from a first and a last name, as [`NewUser::full_name`] describes it.
fn full_name(first: &str, last: &str) -> String {
    collapse_spaces(&format!("{first} {last}"))
}

/// `text` without leading or trailing whitespace, each run of whitespace inside as one space.
fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `user`'s full name, as listed or as made from their first and last names, is
/// `wanted` (already passed through [`collapse_spaces`]).
fn has_full_name(user: &types::User, wanted: &str) -> bool {
    let listed = lookup::name_of(&user.metadata).map(collapse_spaces);
    let made = user.spec.as_ref().map(|s| {
        full_name(
            s.first_name.as_deref().unwrap_or_default(),
            s.last_name.as_deref().unwrap_or_default(),
        )
    });
    [listed, made]
        .into_iter()
        .flatten()
        .any(|n| !n.is_empty() && n == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_name_has_no_space_at_either_end() {
        assert_eq!(full_name("Ada", "Lovelace"), "Ada Lovelace");
        assert_eq!(full_name("ci-bot", ""), "ci-bot");
        assert_eq!(full_name("", "Hopper"), "Hopper");
        assert_eq!(full_name(" Grace ", " Hopper "), "Grace Hopper");
        assert_eq!(full_name("", ""), "");
    }
}
