//! The fake's in-memory Palette: seed data, tokens, workspaces, backup and restore runs, and their rules.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use tokio::time::Instant;

use crate::types;

/// A rejection, as Palette would send it: status, code, message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) status: u16,
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

pub(crate) fn refuse(status: u16, code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal {
        status,
        code,
        message: message.into(),
    }
}

/// The fixed facts of the fake's tenant: credentials, projects, clusters, and the codes its
/// SSO and password flows accept.
pub mod seed {
    /// The API key the fake accepts (any other key gets a plain-text `403 Forbidden`).
    pub const API_KEY: &str = "fake-palette-api-key-0123456789";
    /// The organisation (tenant) name.
    pub const ORG: &str = "demo-org";
    /// The tenant's uid.
    pub const TENANT_UID: &str = "64f0000000000000000000a1";
    /// The one user's email.
    pub const USER_EMAIL: &str = "demo@example.com";
    /// The one user's password.
    pub const USER_PASSWORD: &str = "demo-password-123";
    /// The one user's uid.
    pub const USER_UID: &str = "64f0000000000000000000b1";
    /// The one user's name (first and last).
    pub const USER_NAME: &str = "Demo User";
    /// The one team's uid.
    pub const TEAM_UID: &str = "64f0000000000000000000b9";
    /// The one team's name; the user is its member.
    pub const TEAM_NAME: &str = "Platform";
    /// Workspace roles: (uid, name).
    pub const ROLE_UIDS: &[(&str, &str)] = &[
        ("64f0000000000000000000e1", "Workspace Admin"),
        ("64f0000000000000000000e2", "Workspace Viewer"),
    ];
    /// Palette's built-in roles: (uid, name, scope), the workspace roles of [`ROLE_UIDS`]
    /// included. None of them can be deleted.
    pub const BUILT_IN_ROLES: &[(&str, &str, &str)] = &[
        ("64f0000000000000000000f1", "Tenant Admin", "tenant"),
        ("64f0000000000000000000f2", "Project Admin", "project"),
        ("64f0000000000000000000f3", "Project Editor", "project"),
        ("64f0000000000000000000f4", "Project Viewer", "project"),
        (ROLE_UIDS[0].0, ROLE_UIDS[0].1, "resource"),
        (ROLE_UIDS[1].0, ROLE_UIDS[1].1, "resource"),
    ];
    /// The projects the fake starts with: (uid, name). "Default" comes first. Projects
    /// created through the API join them.
    pub const PROJECTS: &[(&str, &str)] = &[
        ("64f0000000000000000000c1", "Default"),
        ("64f0000000000000000000c2", "Staging"),
    ];
    /// Clusters: (uid, name, project uid).
    pub const CLUSTERS: &[(&str, &str, &str)] = &[
        (
            "64f0000000000000000000d1",
            "demo-east",
            "64f0000000000000000000c1",
        ),
        (
            "64f0000000000000000000d2",
            "demo-west",
            "64f0000000000000000000c1",
        ),
        (
            "64f0000000000000000000d3",
            "staging-1",
            "64f0000000000000000000c2",
        ),
    ];
    /// Cloud accounts, tenant-wide and visible from every scope: (uid, name, cloud type).
    /// Two AWS accounts (either serves AWS and EKS clusters) and one for edge hosts.
    pub const CLOUD_ACCOUNTS: &[(&str, &str, &str)] = &[
        ("64f0000000000000000000a5", "aws-main", "aws"),
        ("64f0000000000000000000a6", "aws-eks", "aws"),
        ("64f0000000000000000000a7", "edge-sites", "edge-native"),
    ];
    /// The uid of `Public Repo`, the pack registry that holds the packs of AWS and edge
    /// profiles ([`PACKS`]); a cluster profile's packs can name it as their `registryUid`.
    pub const PUBLIC_REPO_UID: &str = "64f000000000000000001101";
    /// Registries, tenant-wide and visible from every scope: (uid, name, kind), the kind
    /// `pack`, `helm` or `oci` (a generic OCI registry; `ecr` is Amazon's). All are synced when
    /// the fake starts.
    pub const REGISTRIES: &[(&str, &str, &str)] = &[
        (PUBLIC_REPO_UID, "Public Repo", "pack"),
        ("64f000000000000000001102", "Bitnami", "helm"),
        ("64f000000000000000001103", "Palette OCI", "oci"),
    ];
    /// Pack versions: (uid, registry uid, name, version, layer, cloud type or `all`). Each has
    /// default values that start with `# <name> <version>`. The uids are what a cluster
    /// profile's packs reference.
    pub const PACKS: &[(&str, &str, &str, &str, &str, &str)] = &[
        (
            "64f000000000000000001201",
            PUBLIC_REPO_UID,
            "kubernetes",
            "1.30.9",
            "k8s",
            "all",
        ),
        (
            "64f000000000000000001202",
            PUBLIC_REPO_UID,
            "kubernetes",
            "1.30.10",
            "k8s",
            "all",
        ),
        (
            "64f000000000000000001203",
            PUBLIC_REPO_UID,
            "kubernetes",
            "1.31.4",
            "k8s",
            "all",
        ),
        (
            "64f000000000000000001204",
            PUBLIC_REPO_UID,
            "kubernetes",
            "1.32.2",
            "k8s",
            "all",
        ),
        (
            "64f000000000000000001205",
            PUBLIC_REPO_UID,
            "ubuntu-aws",
            "22.04",
            "os",
            "aws",
        ),
        (
            "64f000000000000000001206",
            PUBLIC_REPO_UID,
            "ubuntu-aws",
            "24.04",
            "os",
            "aws",
        ),
        (
            "64f000000000000000001207",
            PUBLIC_REPO_UID,
            "cni-calico",
            "3.28.2",
            "cni",
            "all",
        ),
        (
            "64f000000000000000001208",
            PUBLIC_REPO_UID,
            "cni-calico",
            "3.29.1",
            "cni",
            "all",
        ),
        (
            "64f000000000000000001209",
            PUBLIC_REPO_UID,
            "csi-aws-ebs",
            "1.35.0",
            "csi",
            "aws",
        ),
        (
            "64f00000000000000000120a",
            PUBLIC_REPO_UID,
            "csi-aws-ebs",
            "1.38.1",
            "csi",
            "aws",
        ),
        (
            "64f00000000000000000120b",
            PUBLIC_REPO_UID,
            "edge-k8s",
            "1.30.9",
            "k8s",
            "edge-native",
        ),
        (
            "64f00000000000000000120c",
            PUBLIC_REPO_UID,
            "edge-k8s",
            "1.31.4",
            "k8s",
            "edge-native",
        ),
        (
            "64f00000000000000000120d",
            PUBLIC_REPO_UID,
            "edge-native-byoi",
            "2.1.0",
            "os",
            "edge-native",
        ),
        (
            "64f00000000000000000120e",
            PUBLIC_REPO_UID,
            "edge-native-byoi",
            "2.2.0",
            "os",
            "edge-native",
        ),
        (
            "64f00000000000000000120f",
            "64f000000000000000001102",
            "nginx",
            "18.2.0",
            "addon",
            "all",
        ),
        (
            "64f000000000000000001210",
            "64f000000000000000001102",
            "nginx",
            "18.3.1",
            "addon",
            "all",
        ),
        (
            "64f000000000000000001211",
            "64f000000000000000001103",
            "hello-universe",
            "1.2.0",
            "addon",
            "all",
        ),
    ];
    /// The tenant's backup location, an S3 bucket and the default, seen from every project:
    /// (uid, name).
    pub const BACKUP_LOCATION: (&str, &str) = ("64f0000000000000000000a8", "default-s3");
    /// The system cluster group every project sees, where virtual clusters go: (uid, name).
    pub const CLUSTER_GROUP: (&str, &str) = ("64f0000000000000000000a9", "beehive");
    /// The code the OIDC and SSO callbacks accept.
    pub const SSO_CODE: &str = "demo-sso-code";
    /// The SAML response the SAML callback accepts.
    pub const SAML_RESPONSE: &str = "demo-saml-response";
    /// The token of the fake's password emails.
    pub const PASSWORD_TOKEN: &str = "demo-password-token";
}

/// How runs end: a backup name containing `fail` fails, one containing `partial` partially
/// fails, any other completes.
fn outcome_of(backup_name: &str) -> &'static str {
    let name = backup_name.to_ascii_lowercase();
    if name.contains("partial") {
        "PartiallyFailed"
    } else if name.contains("fail") {
        "Failed"
    } else {
        "Completed"
    }
}

/// A backup or restore run, which moves one state further at each poll.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub(crate) request_uid: String,
    pub(crate) backup_name: String,
    pub(crate) clusters: Vec<(String, String)>,
    pub(crate) polls: u32,
    pub(crate) requested: chrono::DateTime<chrono::Utc>,
}

impl Run {
    /// New, then InProgress twice, then how the run ends.
    pub(crate) fn state(&self) -> &'static str {
        match self.polls {
            0 | 1 => "New",
            2 | 3 => "InProgress",
            _ => outcome_of(&self.backup_name),
        }
    }
}

/// A workspace and everything kept with it.
#[derive(Debug, Clone)]
pub(crate) struct StoredWorkspace {
    pub(crate) project: Option<String>,
    pub(crate) workspace: types::Workspace,
    pub(crate) backup_config: Option<types::WorkspaceBackupConfigEntity>,
    pub(crate) backups: Vec<Run>,
    pub(crate) restores: Vec<Run>,
}

/// The whole fake tenant.
#[derive(Debug)]
pub(crate) struct Model {
    token_lifetime: Duration,
    /// Each token's expiry; `None` for a lifetime too long to add to the clock.
    tokens: HashMap<String, Option<Instant>>,
    next_id: u64,
    pub(crate) workspaces: BTreeMap<String, StoredWorkspace>,
    pub(crate) roles: HashMap<String, types::WorkspacesRolesPatch>,
    /// Projects, users, teams, roles, API keys and project-role grants.
    pub(crate) admin: super::admin::Admin,
    /// Cloud accounts and cluster profiles.
    #[cfg_attr(
        not(any(feature = "cloudaccounts", feature = "clusterprofiles")),
        allow(dead_code)
    )]
    pub(crate) catalog: super::catalog::Catalog,
    /// Clusters and their lifecycle.
    #[cfg_attr(not(feature = "spectroclusters"), allow(dead_code))]
    pub(crate) clusters: super::clusters::Clusters,
    /// Pack, Helm and OCI registries and their packs.
    pub(crate) registries: super::registries::Registries,
    /// SSH keys, cluster groups and private cloud gateways.
    pub(crate) assets: super::assets::Assets,
    /// Edge host registration tokens and edge hosts.
    #[cfg(feature = "edgehosts")]
    pub(crate) edge: super::edge::Edge,
    /// Backup locations, and the backups and restores of clusters.
    #[cfg_attr(
        not(any(feature = "users", feature = "spectroclusters")),
        allow(dead_code)
    )]
    pub(crate) cluster_backups: super::cluster_backups::ClusterBackups,
    /// How imported clusters were imported.
    #[cfg(feature = "spectroclusters")]
    pub(crate) imports: super::imports::Imports,
    /// Pauses and resumes of virtual clusters.
    #[cfg(feature = "spectroclusters")]
    pub(crate) lifecycles: super::virtual_clusters::Lifecycles,
}

impl Model {
    pub(crate) fn new(token_lifetime: Duration) -> Self {
        Model {
            token_lifetime,
            tokens: HashMap::new(),
            next_id: 0,
            workspaces: BTreeMap::new(),
            roles: HashMap::new(),
            admin: super::admin::Admin::seeded(),
            catalog: super::catalog::Catalog::seeded(),
            clusters: super::clusters::Clusters::seeded(),
            registries: super::registries::Registries::seeded(),
            assets: super::assets::Assets::seeded(),
            #[cfg(feature = "edgehosts")]
            edge: super::edge::Edge::new(),
            cluster_backups: super::cluster_backups::ClusterBackups::seeded(),
            #[cfg(feature = "spectroclusters")]
            imports: super::imports::Imports::default(),
            #[cfg(feature = "spectroclusters")]
            lifecycles: super::virtual_clusters::Lifecycles::default(),
        }
    }

    /// A fresh Palette-style uid (24 hex digits).
    pub(crate) fn new_uid(&mut self) -> String {
        self.next_id += 1;
        format!("6560{:020x}", self.next_id)
    }

    /// Issues a session token.
    pub(crate) fn issue_token(&mut self) -> String {
        let token = format!("fake.{}.{}", self.new_uid(), self.next_id * 7919);
        self.tokens.insert(
            token.clone(),
            Instant::now().checked_add(self.token_lifetime),
        );
        token
    }

    /// Whether a token is known and not expired.
    pub(crate) fn token_valid(&self, token: &str) -> bool {
        self.tokens
            .get(token)
            .is_some_and(|expiry| expiry.is_none_or(|at| Instant::now() < at))
    }

    /// Renews a token the fake issued, as Palette does only within the refresh window: while
    /// the token is still good. An expired token needs a new login.
    pub(crate) fn renew_token(&mut self, token: &str) -> Result<String, Refusal> {
        match self.tokens.get(token) {
            None => Err(refuse(
                401,
                "InvalidAuthToken",
                "the token is not a session of this tenant",
            )),
            Some(Some(expiry)) if Instant::now() >= *expiry => Err(refuse(
                401,
                "AuthTokenExpired",
                "the token has expired and can no longer be refreshed; log in again",
            )),
            Some(_) => Ok(self.issue_token()),
        }
    }

    /// The workspace `uid` as seen from `project`, or WorkspaceNotFound.
    pub(crate) fn workspace_mut(
        &mut self,
        project: Option<&str>,
        uid: &str,
    ) -> Result<&mut StoredWorkspace, Refusal> {
        match self.workspaces.get_mut(uid) {
            Some(ws) if ws.project.as_deref() == project => Ok(ws),
            _ => Err(refuse(
                404,
                "WorkspaceNotFound",
                format!("workspace '{uid}' not found"),
            )),
        }
    }

    /// Checks a new workspace name: its form, and that the scope has no workspace by that name.
    pub(crate) fn check_name(&self, project: Option<&str>, name: &str) -> Result<(), Refusal> {
        if !is_dns_label(name) {
            return Err(refuse(
                400,
                "InvalidWorkspaceName",
                format!(
                    "workspace name '{name}' must be 1 to 63 lowercase letters, digits or '-', \
                     starting and ending with a letter or digit"
                ),
            ));
        }
        let taken = self.workspaces.values().any(|ws| {
            ws.project.as_deref() == project
                && ws
                    .workspace
                    .metadata
                    .as_ref()
                    .and_then(|m| m.name.as_deref())
                    == Some(name)
        });
        if taken {
            return Err(refuse(
                409,
                "WorkspaceNameAlreadyExists",
                format!("workspace '{name}' already exists"),
            ));
        }
        Ok(())
    }

    /// Creates a workspace from Palette's entity.
    pub(crate) fn create_workspace(
        &mut self,
        project: Option<&str>,
        entity: types::WorkspaceEntity,
    ) -> Result<String, Refusal> {
        let mut meta = entity.metadata.unwrap_or_default();
        let name = meta.name.clone().unwrap_or_default();
        self.check_name(project, &name)?;
        let mut spec = entity.spec.unwrap_or_default();
        for cluster in spec.cluster_refs.iter().flatten() {
            let uid = cluster.cluster_uid.as_deref().unwrap_or_default();
            let known = seed::CLUSTERS
                .iter()
                .any(|(c, _, p)| *c == uid && Some(*p) == project);
            if !known {
                return Err(refuse(
                    400,
                    "ClusterNotFound",
                    format!("cluster '{uid}' is not in this project"),
                ));
            }
        }
        let uid = self.new_uid();
        for rbac in spec.cluster_rbacs.iter_mut().flatten() {
            let rbac_meta = rbac.metadata.get_or_insert_with(Default::default);
            rbac_meta.uid = Some(self.new_uid());
        }
        let now = crate::types::Time(chrono::Utc::now());
        meta.uid = Some(uid.clone());
        meta.creation_timestamp = Some(now.clone());
        meta.last_modified_timestamp = Some(now);
        meta.deletion_timestamp = Some(zero_time());
        spec.cluster_rbacs.get_or_insert_with(Vec::new);
        spec.cluster_namespaces.get_or_insert_with(Vec::new);
        spec.cluster_refs.get_or_insert_with(Vec::new);
        let workspace = types::Workspace {
            metadata: Some(meta),
            spec: Some(spec),
            status: Some(types::WorkspaceStatus {
                errors: Some(Vec::new()),
            }),
        };
        self.workspaces.insert(
            uid.clone(),
            StoredWorkspace {
                project: project.map(str::to_string),
                workspace,
                backup_config: None,
                backups: Vec::new(),
                restores: Vec::new(),
            },
        );
        Ok(uid)
    }

    /// Starts a backup run of a workspace.
    pub(crate) fn start_backup(
        &mut self,
        project: Option<&str>,
        uid: &str,
        config: types::WorkspaceBackupConfigEntity,
    ) -> Result<String, Refusal> {
        let request_uid = self.new_uid();
        let ws = self.workspace_mut(project, uid)?;
        let name = config
            .backup_config
            .as_ref()
            .and_then(|c| c.backup_name.clone())
            .filter(|n| !n.is_empty())
            .ok_or_else(|| {
                refuse(
                    400,
                    "InvalidBackupConfig",
                    "backupConfig.backupName is required",
                )
            })?;
        let clusters = ws
            .workspace
            .spec
            .as_ref()
            .and_then(|s| s.cluster_refs.clone())
            .unwrap_or_default()
            .into_iter()
            .map(|c| {
                (
                    c.cluster_uid.unwrap_or_default(),
                    c.cluster_name.unwrap_or_default(),
                )
            })
            .collect();
        ws.backups.push(Run {
            request_uid: request_uid.clone(),
            backup_name: name,
            clusters,
            polls: 0,
            requested: chrono::Utc::now(),
        });
        Ok(request_uid)
    }

    /// Starts a restore from a completed backup run.
    pub(crate) fn start_restore(
        &mut self,
        project: Option<&str>,
        uid: &str,
        request: types::WorkspaceRestoreConfigEntity,
    ) -> Result<String, Refusal> {
        let request_uid = self.new_uid();
        let ws = self.workspace_mut(project, uid)?;
        let source = ws
            .backups
            .iter()
            .find(|run| run.request_uid == request.backup_request_uid)
            .ok_or_else(|| {
                refuse(
                    404,
                    "BackupNotFound",
                    format!("backup '{}' not found", request.backup_request_uid),
                )
            })?;
        if source.state() != "Completed" {
            return Err(refuse(
                409,
                "BackupNotCompleted",
                format!(
                    "backup '{}' is {}, not Completed",
                    source.request_uid,
                    source.state()
                ),
            ));
        }
        let run = Run {
            request_uid: request_uid.clone(),
            backup_name: source.backup_name.clone(),
            clusters: source.clusters.clone(),
            polls: 0,
            requested: chrono::Utc::now(),
        };
        ws.restores.push(run);
        Ok(request_uid)
    }
}

/// Go's zero time, which Palette writes for unset times.
/// Whether `name` can name a workspace or a cluster: 1 to 63 lowercase letters, digits or
/// `-`, starting and ending with a letter or digit (a DNS label, as Kubernetes names are).
pub(crate) fn is_dns_label(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

pub(crate) fn zero_time() -> types::Time {
    const GO_ZERO_SECONDS: i64 = -62_135_596_800; // 0001-01-01T00:00:00Z
    let zero = chrono::DateTime::from_timestamp(GO_ZERO_SECONDS, 0);
    types::Time(zero.unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(name: &str, cluster: &str) -> types::WorkspaceEntity {
        types::WorkspaceEntity {
            metadata: Some(types::ObjectMeta {
                name: Some(name.into()),
                ..Default::default()
            }),
            spec: Some(types::WorkspaceSpec {
                cluster_refs: Some(vec![types::WorkspaceClusterRef {
                    cluster_uid: Some(cluster.into()),
                    cluster_name: None,
                }]),
                ..Default::default()
            }),
        }
    }

    const DEFAULT: Option<&str> = Some(seed::PROJECTS[0].0);
    const EAST: &str = seed::CLUSTERS[0].0;

    #[test]
    fn names_are_checked_and_unique_per_scope() {
        let mut model = Model::new(Duration::from_secs(60));
        model
            .create_workspace(DEFAULT, entity("payments", EAST))
            .unwrap();
        let dup = model
            .create_workspace(DEFAULT, entity("payments", EAST))
            .unwrap_err();
        assert_eq!((dup.status, dup.code), (409, "WorkspaceNameAlreadyExists"));
        let bad = model
            .create_workspace(DEFAULT, entity("Payments!", EAST))
            .unwrap_err();
        assert_eq!((bad.status, bad.code), (400, "InvalidWorkspaceName"));
    }

    #[test]
    fn clusters_must_belong_to_the_project() {
        let mut model = Model::new(Duration::from_secs(60));
        let staging_cluster = seed::CLUSTERS[2].0;
        let err = model
            .create_workspace(DEFAULT, entity("payments", staging_cluster))
            .unwrap_err();
        assert_eq!(err.code, "ClusterNotFound");
    }

    #[test]
    fn a_workspace_is_invisible_from_another_scope() {
        let mut model = Model::new(Duration::from_secs(60));
        let uid = model
            .create_workspace(DEFAULT, entity("payments", EAST))
            .unwrap();
        assert!(model.workspace_mut(DEFAULT, &uid).is_ok());
        assert_eq!(
            model.workspace_mut(None, &uid).unwrap_err().code,
            "WorkspaceNotFound"
        );
        let staging = Some(seed::PROJECTS[1].0);
        assert_eq!(model.workspace_mut(staging, &uid).unwrap_err().status, 404);
    }

    #[test]
    fn runs_move_through_their_states_and_end_by_name() {
        let mut run = Run {
            request_uid: "r".into(),
            backup_name: "nightly".into(),
            clusters: vec![],
            polls: 0,
            requested: chrono::Utc::now(),
        };
        let states: Vec<_> = (0..6)
            .map(|polls| {
                run.polls = polls;
                run.state()
            })
            .collect();
        assert_eq!(
            states,
            [
                "New",
                "New",
                "InProgress",
                "InProgress",
                "Completed",
                "Completed"
            ]
        );
        run.backup_name = "will-fail".into();
        assert_eq!(run.state(), "Failed");
        run.backup_name = "partial-1".into();
        assert_eq!(run.state(), "PartiallyFailed");
    }

    #[test]
    fn tokens_renew_only_while_they_are_good() {
        let mut model = Model::new(Duration::from_secs(60));
        let token = model.issue_token();
        assert!(model.token_valid(&token));
        let renewed = model.renew_token(&token).unwrap();
        assert!(model.token_valid(&renewed));
        assert_eq!(model.renew_token("made-up").unwrap_err().status, 401);

        let mut model = Model::new(Duration::ZERO);
        let token = model.issue_token();
        assert!(
            !model.token_valid(&token),
            "a zero lifetime expires at once"
        );
        let refused = model.renew_token(&token).unwrap_err();
        assert_eq!(
            (refused.status, refused.code),
            (401, "AuthTokenExpired"),
            "past the refresh window only a new login helps"
        );
    }

    #[test]
    fn the_zero_time_is_gos() {
        assert_eq!(zero_time().0.to_rfc3339(), "0001-01-01T00:00:00+00:00");
    }
}
