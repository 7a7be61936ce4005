//! The fake's tenant administration: projects, users, teams, roles, API keys, who holds which roles in which project, and the rules that keep them consistent.

use std::collections::BTreeMap;

#[cfg(any(
    feature = "api_keys",
    feature = "projects",
    feature = "roles",
    feature = "teams",
    feature = "users"
))]
use super::uids::Uids;
use crate::testing::refusal::{Refusal, refuse, zero_time};
use crate::testing::seed;
use crate::types;

/// Who holds roles in projects.
#[cfg(any(feature = "projects", feature = "users", feature = "teams"))]
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Holder {
    // A teams-only build lists a user's teams' roles but never grants a user any.
    #[cfg_attr(not(any(feature = "projects", feature = "users")), allow(dead_code))]
    User(String),
    Team(String),
}

/// An API key the tenant created, with its secret.
#[cfg(feature = "api_keys")]
#[derive(Debug, Clone)]
pub(crate) struct StoredApiKey {
    pub(crate) meta: types::ObjectMeta,
    pub(crate) user_uid: String,
    pub(crate) secret: String,
    pub(crate) expiry: chrono::DateTime<chrono::Utc>,
    pub(crate) active: bool,
}

/// The tenant's administrative objects, each map keyed by uid (uids sort in creation order).
#[derive(Debug)]
pub(crate) struct Admin {
    /// Every project: the seeded ones and those created through the API.
    pub(crate) projects: BTreeMap<String, types::ObjectMeta>,
    /// Project roles: holder → project uid → role uids (never empty).
    #[cfg(any(feature = "projects", feature = "users", feature = "teams"))]
    pub(crate) grants: BTreeMap<Holder, BTreeMap<String, Vec<String>>>,
    #[cfg(feature = "users")]
    pub(crate) users: BTreeMap<String, types::User>,
    #[cfg(feature = "teams")]
    pub(crate) teams: BTreeMap<String, types::Team>,
    #[cfg(feature = "roles")]
    pub(crate) roles: BTreeMap<String, types::Role>,
    #[cfg(feature = "api_keys")]
    pub(crate) api_keys: BTreeMap<String, StoredApiKey>,
}

impl Admin {
    /// The seeded tenant: its projects, user, team and built-in roles.
    pub(crate) fn seeded() -> Admin {
        Admin {
            projects: seed::PROJECTS
                .iter()
                .map(|(uid, name)| (uid.to_string(), new_meta(uid, name)))
                .collect(),
            #[cfg(any(feature = "projects", feature = "users", feature = "teams"))]
            grants: BTreeMap::new(),
            #[cfg(feature = "users")]
            users: [(seed::USER_UID.to_string(), seed_user())].into(),
            #[cfg(feature = "teams")]
            teams: [(seed::TEAM_UID.to_string(), seed_team())].into(),
            #[cfg(feature = "roles")]
            roles: seed::BUILT_IN_ROLES
                .iter()
                .map(|(uid, name, scope)| (uid.to_string(), built_in_role(uid, name, scope)))
                .collect(),
            #[cfg(feature = "api_keys")]
            api_keys: BTreeMap::new(),
        }
    }
}

/// Metadata of an object made now.
fn new_meta(uid: &str, name: &str) -> types::ObjectMeta {
    let now = types::Time(chrono::Utc::now());
    types::ObjectMeta {
        uid: Some(uid.to_string()),
        name: Some(name.to_string()),
        creation_timestamp: Some(now.clone()),
        last_modified_timestamp: Some(now),
        deletion_timestamp: Some(zero_time()),
        annotations: None,
        labels: None,
    }
}

/// The name in an object's metadata, or "".
#[cfg(any(feature = "teams", feature = "roles", feature = "api_keys"))]
fn name_in(meta: &Option<types::ObjectMeta>) -> &str {
    meta.as_ref()
        .and_then(|m| m.name.as_deref())
        .unwrap_or_default()
}

/// The seed user's first and last name.
fn seed_user_names() -> (String, String) {
    let (first, last) = seed::USER_NAME
        .split_once(' ')
        .unwrap_or((seed::USER_NAME, ""));
    (first.to_string(), last.to_string())
}

impl Admin {
    /// The project `uid`, or ProjectNotFound.
    pub(crate) fn project(&self, uid: &str) -> Result<&types::ObjectMeta, Refusal> {
        self.projects
            .get(uid)
            .ok_or_else(|| refuse(404, "ProjectNotFound", format!("project '{uid}' not found")))
    }

    /// A user's first and last name, if the user exists.
    pub(crate) fn user_names(&self, uid: &str) -> Option<(String, String)> {
        #[cfg(feature = "users")]
        {
            let spec = self.users.get(uid)?.spec.clone().unwrap_or_default();
            Some((
                spec.first_name.unwrap_or_default(),
                spec.last_name.unwrap_or_default(),
            ))
        }
        #[cfg(not(feature = "users"))]
        {
            (uid == seed::USER_UID).then(seed_user_names)
        }
    }

    /// Whether the user `uid` exists.
    pub(crate) fn known_user(&self, uid: &str) -> bool {
        self.user_names(uid).is_some()
    }

    /// A team's name, if the team exists.
    pub(crate) fn team_name(&self, uid: &str) -> Option<String> {
        #[cfg(feature = "teams")]
        {
            Some(name_in(&self.teams.get(uid)?.metadata).to_string())
        }
        #[cfg(not(feature = "teams"))]
        {
            (uid == seed::TEAM_UID).then(|| seed::TEAM_NAME.to_string())
        }
    }

    /// Whether the team `uid` exists.
    pub(crate) fn known_team(&self, uid: &str) -> bool {
        self.team_name(uid).is_some()
    }

    /// Whether `key` is the secret of an API key the tenant created that is active and not
    /// expired (the seed key is checked by the caller).
    pub(crate) fn api_key_valid(&self, key: &str) -> bool {
        #[cfg(feature = "api_keys")]
        {
            let now = chrono::Utc::now();
            self.api_keys
                .values()
                .any(|k| k.secret == key && k.active && now < k.expiry)
        }
        #[cfg(not(feature = "api_keys"))]
        {
            let _ = key;
            false
        }
    }
}

// ---------------------------------------------------------------- project roles

#[cfg(any(feature = "projects", feature = "users", feature = "teams"))]
impl Admin {
    /// A role's name and scope, if the role exists.
    pub(crate) fn role_facts(&self, uid: &str) -> Option<(String, String)> {
        #[cfg(feature = "roles")]
        {
            let role = self.roles.get(uid)?;
            let scope = role.spec.as_ref().and_then(|s| s.scope.as_ref());
            Some((
                name_in(&role.metadata).to_string(),
                scope.map(|s| s.as_str().to_string()).unwrap_or_default(),
            ))
        }
        #[cfg(not(feature = "roles"))]
        {
            seed::BUILT_IN_ROLES
                .iter()
                .find(|(r, ..)| *r == uid)
                .map(|(_, name, scope)| (name.to_string(), scope.to_string()))
        }
    }

    /// Checks that every role exists (RoleNotFound).
    pub(crate) fn check_roles(&self, roles: &[String]) -> Result<(), Refusal> {
        match roles.iter().find(|r| self.role_facts(r).is_none()) {
            Some(role) => Err(refuse(
                404,
                "RoleNotFound",
                format!("role '{role}' not found"),
            )),
            None => Ok(()),
        }
    }

    /// Checks roles to hold in a project: each exists and is a project role. Returns them
    /// without repeats.
    fn project_roles_checked(&self, roles: &[String]) -> Result<Vec<String>, Refusal> {
        self.check_roles(roles)?;
        let mut kept: Vec<String> = Vec::new();
        for role in roles {
            let (name, scope) = self.role_facts(role).unwrap_or_default();
            if scope != "project" {
                return Err(refuse(
                    400,
                    "RoleNotProjectScoped",
                    format!(
                        "role '{name}' ({role}) has scope '{scope}'; only project roles can be held in a project"
                    ),
                ));
            }
            if !kept.contains(role) {
                kept.push(role.clone());
            }
        }
        Ok(kept)
    }

    /// Replaces every project role `holder` holds by `wanted` (project uid, role uids); a
    /// project given no roles is left out. Nothing changes unless all of it is valid.
    #[cfg(any(feature = "users", feature = "teams"))]
    pub(crate) fn set_project_roles(
        &mut self,
        holder: Holder,
        wanted: Vec<(String, Vec<String>)>,
    ) -> Result<(), Refusal> {
        let mut next: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (project, roles) in wanted {
            self.project(&project)?;
            let roles = self.project_roles_checked(&roles)?;
            let held = next.entry(project).or_default();
            for role in roles {
                if !held.contains(&role) {
                    held.push(role);
                }
            }
        }
        next.retain(|_, roles| !roles.is_empty());
        if next.is_empty() {
            self.grants.remove(&holder);
        } else {
            self.grants.insert(holder, next);
        }
        Ok(())
    }

    /// Adds `roles` in `project` to what `holder` holds.
    #[cfg(feature = "projects")]
    fn grant(&mut self, holder: Holder, project: &str, roles: Vec<String>) {
        if roles.is_empty() {
            return;
        }
        let held = self
            .grants
            .entry(holder)
            .or_default()
            .entry(project.to_string())
            .or_default();
        for role in roles {
            if !held.contains(&role) {
                held.push(role);
            }
        }
    }

    /// Removes whatever matches from every grant, and the grants left empty.
    #[cfg(any(feature = "projects", feature = "roles"))]
    fn revoke_where(&mut self, project: Option<&str>, role: Option<&str>) {
        for held in self.grants.values_mut() {
            if let Some(project) = project {
                held.remove(project);
            }
            if let Some(role) = role {
                for roles in held.values_mut() {
                    roles.retain(|r| r != role);
                }
                held.retain(|_, roles| !roles.is_empty());
            }
        }
        self.grants.retain(|_, held| !held.is_empty());
    }

    /// The teams a user belongs to.
    #[cfg(any(feature = "users", feature = "teams"))]
    fn teams_of(&self, user: &str) -> Vec<String> {
        #[cfg(feature = "teams")]
        {
            self.teams
                .iter()
                .filter(|(_, team)| {
                    team.spec
                        .as_ref()
                        .and_then(|s| s.users.as_ref())
                        .is_some_and(|users| users.iter().any(|u| u == user))
                })
                .map(|(uid, _)| uid.clone())
                .collect()
        }
        #[cfg(not(feature = "teams"))]
        {
            if user == seed::USER_UID {
                vec![seed::TEAM_UID.to_string()]
            } else {
                Vec::new()
            }
        }
    }

    /// The projects where `holder` holds roles, as Palette lists them: a user's roles through
    /// their teams are `inheritedRoles`.
    #[cfg(any(feature = "users", feature = "teams"))]
    pub(crate) fn project_roles(&self, holder: &Holder) -> types::ProjectRolesEntity {
        let direct = self.grants.get(holder);
        let teams = match holder {
            Holder::User(uid) => self.teams_of(uid),
            Holder::Team(_) => Vec::new(),
        };
        let summary = |roles: &mut dyn Iterator<Item = &String>| -> Vec<types::UidSummary> {
            let mut seen: Vec<types::UidSummary> = Vec::new();
            for role in roles {
                if seen.iter().all(|s| s.uid.as_ref() != Some(role)) {
                    seen.push(types::UidSummary {
                        name: self.role_facts(role).map(|(name, _)| name),
                        uid: Some(role.clone()),
                    });
                }
            }
            seen
        };
        let projects = self
            .projects
            .iter()
            .filter_map(|(project, meta)| {
                let roles = direct.and_then(|held| held.get(project));
                let inherited: Vec<&String> = teams
                    .iter()
                    .filter_map(|team| self.grants.get(&Holder::Team(team.clone())))
                    .filter_map(|held| held.get(project))
                    .flatten()
                    .collect();
                if roles.is_none() && inherited.is_empty() {
                    return None;
                }
                Some(types::UidRoleSummary {
                    uid: Some(project.clone()),
                    name: meta.name.clone(),
                    roles: Some(summary(&mut roles.into_iter().flatten())),
                    inherited_roles: Some(summary(&mut inherited.into_iter())),
                })
            })
            .collect();
        types::ProjectRolesEntity {
            projects: Some(projects),
        }
    }
}

// ---------------------------------------------------------------- projects

#[cfg(feature = "projects")]
impl Admin {
    /// Creates a project, with the roles its entity grants to users and teams.
    pub(crate) fn create_project(
        &mut self,
        uids: &mut Uids,
        entity: types::ProjectEntity,
    ) -> Result<String, Refusal> {
        let meta = entity.metadata.unwrap_or_default();
        let name = meta.name.clone().unwrap_or_default();
        if name.trim().is_empty() {
            return Err(refuse(
                400,
                "InvalidProjectName",
                "metadata.name is required",
            ));
        }
        if self
            .projects
            .values()
            .any(|p| p.name.as_deref() == Some(&name))
        {
            return Err(refuse(
                409,
                "ProjectAlreadyExists",
                format!("project '{name}' already exists"),
            ));
        }
        let spec = entity.spec.unwrap_or_default();
        let mut grants = Vec::new();
        for user in spec.users.iter().flatten() {
            let uid = user.user_id.clone().unwrap_or_default();
            if !self.known_user(&uid) {
                return Err(refuse(
                    404,
                    "UserNotFound",
                    format!("user '{uid}' not found"),
                ));
            }
            let roles = self.project_roles_checked(user.roles.as_deref().unwrap_or_default())?;
            grants.push((Holder::User(uid), roles));
        }
        for team in spec.teams.iter().flatten() {
            let uid = team.team_id.clone().unwrap_or_default();
            if !self.known_team(&uid) {
                return Err(refuse(
                    404,
                    "TeamNotFound",
                    format!("team '{uid}' not found"),
                ));
            }
            let roles = self.project_roles_checked(team.roles.as_deref().unwrap_or_default())?;
            grants.push((Holder::Team(uid), roles));
        }
        let uid = uids.next();
        let mut stored = new_meta(&uid, &name);
        stored.annotations = meta.annotations;
        stored.labels = meta.labels;
        self.projects.insert(uid.clone(), stored);
        for (holder, roles) in grants {
            self.grant(holder, &uid, roles);
        }
        Ok(uid)
    }

    /// Who holds roles in `project`: users, then teams.
    fn members(&self, project: &str) -> Vec<(&Holder, &Vec<String>)> {
        self.grants
            .iter()
            .filter_map(|(holder, held)| held.get(project).map(|roles| (holder, roles)))
            .collect()
    }

    /// A project as `projectsUidGet` answers it.
    pub(crate) fn project_reply(&self, uid: &str) -> Result<types::Project, Refusal> {
        let meta = self.project(uid)?.clone();
        let mut users = Vec::new();
        let mut teams = Vec::new();
        for (holder, roles) in self.members(uid) {
            match holder {
                Holder::User(user) => users.push(types::UserRoleMap {
                    user_id: Some(user.clone()),
                    roles: Some(roles.clone()),
                }),
                Holder::Team(team) => teams.push(types::TeamRoleMap {
                    team_id: Some(team.clone()),
                    roles: Some(roles.clone()),
                }),
            }
        }
        Ok(types::Project {
            metadata: Some(meta),
            spec: Some(types::ProjectSpec {
                alerts: Some(Vec::new()),
                logo_url: Some(String::new()),
                teams: Some(teams),
                users: Some(users),
            }),
            status: Some(project_status()),
        })
    }

    /// Every project as the dashboard's project list shows it.
    pub(crate) fn project_summaries(&self) -> Vec<types::ProjectSummary> {
        self.projects
            .iter()
            .map(|(uid, meta)| {
                let mut users = Vec::new();
                let mut teams = Vec::new();
                for (holder, _) in self.members(uid) {
                    match holder {
                        Holder::User(user) => users.push(types::UidSummary {
                            name: self.user_names(user).map(|(f, l)| format!("{f} {l}")),
                            uid: Some(user.clone()),
                        }),
                        Holder::Team(team) => teams.push(types::UidSummary {
                            name: self.team_name(team),
                            uid: Some(team.clone()),
                        }),
                    }
                }
                let clusters = seed::CLUSTERS.iter().filter(|(_, _, p)| p == uid).count();
                let clusters = i32::try_from(clusters).unwrap_or(i32::MAX);
                types::ProjectSummary {
                    metadata: Some(meta.clone()),
                    spec_summary: Some(types::ProjectSpecSummary {
                        logo_url: Some(String::new()),
                        teams: Some(teams),
                        users: Some(users),
                    }),
                    status: Some(types::ProjectStatusSummary {
                        clusters_health: Some(types::SpectroClustersHealth {
                            errored: Some(0),
                            healthy: Some(clusters),
                            running: Some(clusters),
                            unhealthy: Some(0),
                        }),
                        status: Some(project_status()),
                        usage: None,
                    }),
                }
            })
            .collect()
    }

    /// Deletes a project, refused while it still has clusters or workspaces (`workspaces`: how
    /// many it has, as the workspaces area counts them); its members lose their roles in it.
    pub(crate) fn delete_project(&mut self, uid: &str, workspaces: usize) -> Result<(), Refusal> {
        let name = self.project(uid)?.name.clone().unwrap_or_default();
        let clusters = seed::CLUSTERS.iter().filter(|(_, _, p)| *p == uid).count();
        if clusters > 0 || workspaces > 0 {
            return Err(refuse(
                409,
                "ProjectNotEmpty",
                format!(
                    "project '{name}' still has {clusters} cluster(s) and {workspaces} workspace(s); delete them first"
                ),
            ));
        }
        self.projects.remove(uid);
        self.revoke_where(Some(uid), None);
        Ok(())
    }
}

#[cfg(feature = "projects")]
fn project_status() -> types::ProjectStatus {
    types::ProjectStatus {
        clean_up_status: None,
        is_disabled: Some(false),
    }
}

// ---------------------------------------------------------------- users

#[cfg(feature = "users")]
fn seed_user() -> types::User {
    let (first, last) = seed_user_names();
    types::User {
        metadata: Some(new_meta(seed::USER_UID, seed::USER_NAME)),
        spec: Some(types::UserSpec {
            email_id: Some(seed::USER_EMAIL.into()),
            first_name: Some(first),
            last_name: Some(last),
            roles: Some(vec![seed::BUILT_IN_ROLES[0].0.to_string()]),
        }),
        status: Some(user_status()),
    }
}

#[cfg(feature = "users")]
fn user_status() -> types::UserStatus {
    types::UserStatus {
        activation_link: Some(String::new()),
        is_active: Some(true),
        is_password_resetting: Some(false),
        last_sign_in: Some(zero_time()),
    }
}

#[cfg(feature = "users")]
impl Admin {
    /// The user `uid`, or UserNotFound.
    pub(crate) fn user(&self, uid: &str) -> Result<&types::User, Refusal> {
        self.users
            .get(uid)
            .ok_or_else(|| refuse(404, "UserNotFound", format!("user '{uid}' not found")))
    }

    /// Invites a user: the email is required and unique (without case); tenant roles and
    /// teams must exist, and the user joins the teams.
    pub(crate) fn create_user(
        &mut self,
        uids: &mut Uids,
        entity: types::UserEntity,
    ) -> Result<String, Refusal> {
        let spec = entity.spec.unwrap_or_default();
        let email = spec.email_id.clone().unwrap_or_default();
        if email.trim().is_empty() {
            return Err(refuse(400, "UserEmailRequired", "spec.emailId is required"));
        }
        let taken = self.users.values().any(|u| {
            u.spec
                .as_ref()
                .and_then(|s| s.email_id.as_deref())
                .is_some_and(|e| e.eq_ignore_ascii_case(&email))
        });
        if taken {
            return Err(refuse(
                409,
                "UserAlreadyExists",
                format!("a user with email '{email}' already exists"),
            ));
        }
        let roles = spec.roles.clone().unwrap_or_default();
        self.check_roles(&roles)?;
        let teams = spec.teams.clone().unwrap_or_default();
        if let Some(team) = teams.iter().find(|t| !self.known_team(t)) {
            return Err(refuse(
                404,
                "TeamNotFound",
                format!("team '{team}' not found"),
            ));
        }
        let first = spec.first_name.unwrap_or_default();
        let last = spec.last_name.unwrap_or_default();
        let name = entity
            .metadata
            .and_then(|m| m.name)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| format!("{first} {last}").trim().to_string());
        let uid = uids.next();
        let user = types::User {
            metadata: Some(new_meta(&uid, &name)),
            spec: Some(types::UserSpec {
                email_id: Some(email),
                first_name: Some(first),
                last_name: Some(last),
                roles: Some(roles),
            }),
            status: Some(user_status()),
        };
        self.users.insert(uid.clone(), user);
        #[cfg(feature = "teams")]
        for team in teams {
            if let Some(spec) = self.teams.get_mut(&team).and_then(|t| t.spec.as_mut()) {
                let users = spec.users.get_or_insert_with(Vec::new);
                if !users.contains(&uid) {
                    users.push(uid.clone());
                }
            }
        }
        Ok(uid)
    }

    /// Deletes a user, with their project roles, team memberships and API keys (their
    /// workspace roles are the workspaces area's).
    pub(crate) fn delete_user(&mut self, uid: &str) -> Result<(), Refusal> {
        self.user(uid)?;
        self.users.remove(uid);
        self.grants.remove(&Holder::User(uid.to_string()));
        #[cfg(feature = "teams")]
        for team in self.teams.values_mut() {
            if let Some(users) = team.spec.as_mut().and_then(|s| s.users.as_mut()) {
                users.retain(|u| u != uid);
            }
        }
        #[cfg(feature = "api_keys")]
        self.api_keys.retain(|_, key| key.user_uid != uid);
        Ok(())
    }
}

// ---------------------------------------------------------------- teams

#[cfg(feature = "teams")]
fn seed_team() -> types::Team {
    types::Team {
        metadata: Some(new_meta(seed::TEAM_UID, seed::TEAM_NAME)),
        spec: Some(types::TeamSpec {
            roles: Some(Vec::new()),
            sources: Some(Vec::new()),
            users: Some(vec![seed::USER_UID.to_string()]),
        }),
        status: Some(types::TeamStatus(Some(serde_json::Map::new()))),
    }
}

#[cfg(feature = "teams")]
impl Admin {
    /// The team `uid`, or TeamNotFound.
    pub(crate) fn team(&self, uid: &str) -> Result<&types::Team, Refusal> {
        self.teams
            .get(uid)
            .ok_or_else(|| refuse(404, "TeamNotFound", format!("team '{uid}' not found")))
    }

    /// Creates a team: the name is required and unique; its users and tenant roles must exist.
    pub(crate) fn create_team(
        &mut self,
        uids: &mut Uids,
        team: types::Team,
    ) -> Result<String, Refusal> {
        let name = name_in(&team.metadata).to_string();
        if name.trim().is_empty() {
            return Err(refuse(400, "TeamNameRequired", "metadata.name is required"));
        }
        if self.teams.values().any(|t| name_in(&t.metadata) == name) {
            return Err(refuse(
                409,
                "TeamAlreadyExists",
                format!("team '{name}' already exists"),
            ));
        }
        let spec = team.spec.unwrap_or_default();
        let mut users: Vec<String> = Vec::new();
        for user in spec.users.unwrap_or_default() {
            if !self.known_user(&user) {
                return Err(refuse(
                    404,
                    "UserNotFound",
                    format!("user '{user}' not found"),
                ));
            }
            if !users.contains(&user) {
                users.push(user);
            }
        }
        let roles = spec.roles.unwrap_or_default();
        self.check_roles(&roles)?;
        let uid = uids.next();
        let stored = types::Team {
            metadata: Some(new_meta(&uid, &name)),
            spec: Some(types::TeamSpec {
                roles: Some(roles),
                sources: Some(spec.sources.unwrap_or_default()),
                users: Some(users),
            }),
            status: Some(types::TeamStatus(Some(serde_json::Map::new()))),
        };
        self.teams.insert(uid.clone(), stored);
        Ok(uid)
    }

    /// Deletes a team and the project roles it held; its users stay.
    pub(crate) fn delete_team(&mut self, uid: &str) -> Result<(), Refusal> {
        self.team(uid)?;
        self.teams.remove(uid);
        self.grants.remove(&Holder::Team(uid.to_string()));
        Ok(())
    }
}

// ---------------------------------------------------------------- roles

#[cfg(feature = "roles")]
fn built_in_role(uid: &str, name: &str, scope: &str) -> types::Role {
    let verbs: &[&str] = match scope {
        "tenant" => &[
            "tenant.get",
            "tenant.update",
            "user.create",
            "project.create",
        ],
        "project" if name.ends_with("Viewer") => &["cluster.get", "clusterProfile.get"],
        "project" => &[
            "cluster.get",
            "cluster.create",
            "cluster.update",
            "cluster.delete",
        ],
        _ => &["workspace.get"],
    };
    types::Role {
        metadata: Some(new_meta(uid, name)),
        spec: Some(types::RoleSpec {
            permissions: Some(verbs.iter().map(|v| v.to_string()).collect()),
            scope: Some(crate::enums::Scope::from(scope)),
            type_: Some(crate::enums::RoleSpecType::System),
        }),
        status: Some(types::RoleStatus {
            is_enabled: Some(true),
        }),
    }
}

#[cfg(feature = "roles")]
impl Admin {
    /// The role `uid`, or RoleNotFound.
    pub(crate) fn role(&self, uid: &str) -> Result<&types::Role, Refusal> {
        self.roles
            .get(uid)
            .ok_or_else(|| refuse(404, "RoleNotFound", format!("role '{uid}' not found")))
    }

    /// Creates a custom role: the name is required and unique, the scope required.
    pub(crate) fn create_role(
        &mut self,
        uids: &mut Uids,
        role: types::Role,
    ) -> Result<String, Refusal> {
        let name = name_in(&role.metadata).to_string();
        if name.trim().is_empty() {
            return Err(refuse(400, "RoleNameRequired", "metadata.name is required"));
        }
        if self.roles.values().any(|r| name_in(&r.metadata) == name) {
            return Err(refuse(
                409,
                "RoleAlreadyExists",
                format!("role '{name}' already exists"),
            ));
        }
        let spec = role.spec.unwrap_or_default();
        let Some(scope) = spec.scope else {
            return Err(refuse(400, "RoleScopeRequired", "spec.scope is required"));
        };
        let uid = uids.next();
        let stored = types::Role {
            metadata: Some(new_meta(&uid, &name)),
            spec: Some(types::RoleSpec {
                permissions: Some(spec.permissions.unwrap_or_default()),
                scope: Some(scope),
                type_: Some(crate::enums::RoleSpecType::User),
            }),
            status: Some(types::RoleStatus {
                is_enabled: Some(true),
            }),
        };
        self.roles.insert(uid.clone(), stored);
        Ok(uid)
    }

    /// Deletes a custom role, taking it from whoever held it; a built-in role is refused.
    pub(crate) fn delete_role(&mut self, uid: &str) -> Result<(), Refusal> {
        let role = self.role(uid)?;
        let kind = role.spec.as_ref().and_then(|s| s.type_.as_ref());
        if kind == Some(&crate::enums::RoleSpecType::System) {
            return Err(refuse(
                403,
                "BuiltInRoleNotDeletable",
                format!(
                    "role '{}' is built in and cannot be deleted",
                    name_in(&role.metadata)
                ),
            ));
        }
        self.roles.remove(uid);
        #[cfg(any(feature = "projects", feature = "users", feature = "teams"))]
        self.revoke_where(None, Some(uid));
        #[cfg(feature = "users")]
        for user in self.users.values_mut() {
            if let Some(roles) = user.spec.as_mut().and_then(|s| s.roles.as_mut()) {
                roles.retain(|r| r != uid);
            }
        }
        #[cfg(feature = "teams")]
        for team in self.teams.values_mut() {
            if let Some(roles) = team.spec.as_mut().and_then(|s| s.roles.as_mut()) {
                roles.retain(|r| r != uid);
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- API keys

/// How long a key made without an expiry lasts.
#[cfg(feature = "api_keys")]
const DEFAULT_KEY_LIFETIME_DAYS: i64 = 30;

#[cfg(feature = "api_keys")]
impl Admin {
    /// The API key `uid`, or ApiKeyNotFound.
    pub(crate) fn api_key_mut(&mut self, uid: &str) -> Result<&mut StoredApiKey, Refusal> {
        self.api_keys
            .get_mut(uid)
            .ok_or_else(|| refuse(404, "ApiKeyNotFound", format!("API key '{uid}' not found")))
    }

    fn check_key_name(&self, name: &str, except: Option<&str>) -> Result<(), Refusal> {
        if name.trim().is_empty() {
            return Err(refuse(
                400,
                "ApiKeyNameRequired",
                "metadata.name is required",
            ));
        }
        let taken = self
            .api_keys
            .iter()
            .any(|(uid, k)| Some(uid.as_str()) != except && k.meta.name.as_deref() == Some(name));
        if taken {
            return Err(refuse(
                409,
                "ApiKeyAlreadyExists",
                format!("API key '{name}' already exists"),
            ));
        }
        Ok(())
    }

    /// Creates a key for a known user, expiring in the future (30 days when not given).
    /// Returns its uid and its secret.
    pub(crate) fn create_api_key(
        &mut self,
        uids: &mut Uids,
        entity: types::ApiKeyEntity,
    ) -> Result<(String, String), Refusal> {
        let name = name_in(&entity.metadata).to_string();
        self.check_key_name(&name, None)?;
        let spec = entity.spec.unwrap_or_default();
        let user_uid = spec.user_uid.unwrap_or_default();
        if !self.known_user(&user_uid) {
            return Err(refuse(
                404,
                "UserNotFound",
                format!("user '{user_uid}' not found"),
            ));
        }
        let now = chrono::Utc::now();
        let expiry = match spec.expiry {
            Some(types::Time(at)) if at <= now => {
                return Err(refuse(
                    400,
                    "InvalidApiKeyExpiry",
                    format!("the expiry {at} is in the past"),
                ));
            }
            Some(types::Time(at)) => at,
            None => now + chrono::Duration::days(DEFAULT_KEY_LIFETIME_DAYS),
        };
        let uid = uids.next();
        let secret: String = std::iter::repeat_with(fastrand::alphanumeric)
            .take(40)
            .collect();
        self.api_keys.insert(
            uid.clone(),
            StoredApiKey {
                meta: new_meta(&uid, &name),
                user_uid,
                secret: secret.clone(),
                expiry,
                active: true,
            },
        );
        Ok((uid, secret))
    }

    /// A key as Palette shows it: the secret masked to its last four characters.
    pub(crate) fn api_key_reply(&self, key: &StoredApiKey) -> types::ApiKey {
        let (first, last) = self.user_names(&key.user_uid).unwrap_or_default();
        let tail = key.secret.len().saturating_sub(4);
        types::ApiKey {
            metadata: Some(key.meta.clone()),
            spec: Some(types::ApiKeySpec {
                expiry: Some(types::Time(key.expiry)),
                key: Some(key.secret[tail..].to_string()),
                user: Some(types::ApiKeyUser {
                    first_name: Some(first),
                    last_name: Some(last),
                    uid: Some(key.user_uid.clone()),
                }),
            }),
            status: Some(types::ApiKeyStatus {
                is_active: Some(key.active),
            }),
        }
    }

    /// Changes a key's name or expiry (an expiry in the past stops the key at once).
    pub(crate) fn update_api_key(
        &mut self,
        uid: &str,
        update: types::ApiKeyUpdate,
    ) -> Result<(), Refusal> {
        self.api_key_mut(uid)?;
        let name = update
            .metadata
            .and_then(|m| m.name)
            .filter(|n| !n.is_empty());
        if let Some(name) = &name {
            self.check_key_name(name, Some(uid))?;
        }
        let key = self.api_key_mut(uid)?;
        if let Some(name) = name {
            key.meta.name = Some(name);
        }
        if let Some(types::Time(at)) = update.spec.and_then(|s| s.expiry) {
            key.expiry = at;
        }
        key.meta.last_modified_timestamp = Some(types::Time(chrono::Utc::now()));
        Ok(())
    }

    /// Switches a key on or off.
    pub(crate) fn set_api_key_active(&mut self, uid: &str, active: bool) -> Result<(), Refusal> {
        let key = self.api_key_mut(uid)?;
        key.active = active;
        key.meta.last_modified_timestamp = Some(types::Time(chrono::Utc::now()));
        Ok(())
    }
}
