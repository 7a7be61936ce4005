//! Projects, ergonomically: list, find by name, get, create with members and roles, delete.

use futures_util::TryStreamExt;
use futures_util::stream::BoxStream;

use crate::client::generated::{ClientDashboardExt, ClientProjectsExt};
use crate::ext::created::SendForUid;
use crate::ext::lookup;
use crate::send::call::Call;
use crate::send::pagination::Paged;
use crate::{Client, Error, types};

/// The tenant's projects. Get one with [`Client::projects`]; it owns a cheap clone of the
/// client, so it can be stored or moved into a task. Projects are tenant resources: whatever
/// the handle's scope, no `ProjectUid` is sent.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::ext::NewProject;
///
/// let projects = client.projects();
/// let uid = projects
///     .create(NewProject::new("payments").description("The payments team").team("64f0b9", ["64f0e1"]))
///     .await?;
/// let payments = projects.get_by_name("payments").await?;
/// projects.delete(&uid).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Projects {
    client: Client,
}

impl Client {
    /// The tenant's projects.
    pub fn projects(&self) -> Projects {
        Projects {
            client: self.tenant(),
        }
    }
}

impl Projects {
    /// Every project with its members, cluster health and usage, streamed 50 a page
    /// (`projectsFilterSummary`).
    pub fn stream(&self) -> BoxStream<'_, Result<types::ProjectSummary, Error>> {
        self.client
            .projects_filter_summary()
            .body(types::ProjectsFilterSpec::default())
            .stream()
    }

    /// Every project, with members, cluster health and usage.
    pub async fn list(&self) -> Result<Vec<types::ProjectSummary>, Error> {
        self.stream().try_collect().await
    }

    /// The project named exactly `name`, if there is one; an error if several are.
    pub async fn find_by_name(&self, name: &str) -> Result<Option<types::Project>, Error> {
        match self.uid_of(name).await? {
            Some(uid) => self.get(&uid).await.map(Some),
            None => Ok(None),
        }
    }

    /// The project named exactly `name`; an error if none or several are.
    pub async fn get_by_name(&self, name: &str) -> Result<types::Project, Error> {
        let uid = self.uid_of(name).await?;
        let uid = lookup::required(lookup::NameKind::PROJECT, name, uid)?;
        self.get(&uid).await
    }

    /// The uid of the project named exactly `name` (`projectsMetadata`).
    async fn uid_of(&self, name: &str) -> Result<Option<String>, Error> {
        let found = self.client.projects_metadata().name(name).send().await?;
        let uids = found
            .items
            .into_iter()
            .flatten()
            .filter_map(|p| p.metadata)
            .filter(|m| m.name.as_deref() == Some(name))
            .filter_map(|m| m.uid);
        lookup::at_most_one(lookup::NameKind::PROJECT, name, uids)
    }

    /// One project: its members and their roles, alerts and status.
    pub async fn get(&self, uid: &str) -> Result<types::Project, Error> {
        self.client.projects_uid_get().uid(uid).send().await
    }

    /// Creates a project and returns its uid.
    pub async fn create(&self, project: NewProject) -> Result<String, Error> {
        self.client
            .projects_create()
            .body(project.into_entity())
            .send_for_uid()
            .await
    }

    /// Deletes a project. Palette refuses while the project still has clusters.
    pub async fn delete(&self, uid: &str) -> Result<(), Error> {
        self.client.projects_uid_delete().uid(uid).send().await
    }
}

/// A project to create: its name, and the users and teams that get roles in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProject {
    name: String,
    description: Option<String>,
    users: Vec<(String, Vec<String>)>,
    teams: Vec<(String, Vec<String>)>,
}

impl NewProject {
    /// A project called `name`, with no members yet.
    pub fn new(name: impl Into<String>) -> Self {
        NewProject {
            name: name.into(),
            description: None,
            users: Vec::new(),
            teams: Vec::new(),
        }
    }

    /// A description, kept as the project's `description` annotation.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// The user `user_uid` gets the roles `role_uids` in the project.
    pub fn user<I, S>(mut self, user_uid: impl Into<String>, role_uids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let roles = role_uids.into_iter().map(Into::into).collect();
        self.users.push((user_uid.into(), roles));
        self
    }

    /// The team `team_uid` gets the roles `role_uids` in the project.
    pub fn team<I, S>(mut self, team_uid: impl Into<String>, role_uids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let roles = role_uids.into_iter().map(Into::into).collect();
        self.teams.push((team_uid.into(), roles));
        self
    }

    /// The request body Palette expects.
    pub fn into_entity(self) -> types::ProjectEntity {
        let annotations = self
            .description
            .map(|d| [("description".to_string(), d)].into_iter().collect());
        types::ProjectEntity {
            metadata: Some(types::ObjectMeta {
                name: Some(self.name),
                annotations,
                ..Default::default()
            }),
            spec: Some(types::ProjectEntitySpec {
                logo_uid: None,
                users: Some(
                    self.users
                        .into_iter()
                        .map(|(user, roles)| types::UserRoleMap {
                            user_id: Some(user),
                            roles: Some(roles),
                        })
                        .collect(),
                ),
                teams: Some(
                    self.teams
                        .into_iter()
                        .map(|(team, roles)| types::TeamRoleMap {
                            team_id: Some(team),
                            roles: Some(roles),
                        })
                        .collect(),
                ),
            }),
        }
    }
}
