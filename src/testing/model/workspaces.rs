//! The workspaces' state: each workspace with its backup settings and runs, and the workspace roles users and teams hold.

use std::collections::{BTreeMap, HashMap};

use super::uids::Uids;
use crate::testing::refusal::{Refusal, is_dns_label, refuse, zero_time};
use crate::testing::seed;
use crate::types;

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

/// The workspaces of every scope, and who holds which workspace roles.
#[derive(Debug, Default)]
pub(crate) struct Workspaces {
    /// By uid.
    pub(crate) all: BTreeMap<String, StoredWorkspace>,
    /// The workspace roles of each user or team, by its uid.
    pub(crate) roles: HashMap<String, types::WorkspacesRolesPatch>,
}

impl Workspaces {
    /// The workspace `uid` as seen from `project`, or WorkspaceNotFound.
    pub(crate) fn workspace_mut(
        &mut self,
        project: Option<&str>,
        uid: &str,
    ) -> Result<&mut StoredWorkspace, Refusal> {
        match self.all.get_mut(uid) {
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
        let taken = self.all.values().any(|ws| {
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
    pub(crate) fn create(
        &mut self,
        uids: &mut Uids,
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
        let uid = uids.next();
        for rbac in spec.cluster_rbacs.iter_mut().flatten() {
            let rbac_meta = rbac.metadata.get_or_insert_with(Default::default);
            rbac_meta.uid = Some(uids.next());
        }
        let now = types::Time(chrono::Utc::now());
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
        self.all.insert(
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
        uids: &mut Uids,
        project: Option<&str>,
        uid: &str,
        config: types::WorkspaceBackupConfigEntity,
    ) -> Result<String, Refusal> {
        let request_uid = uids.next();
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
        uids: &mut Uids,
        project: Option<&str>,
        uid: &str,
        request: types::WorkspaceRestoreConfigEntity,
    ) -> Result<String, Refusal> {
        let request_uid = uids.next();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn create(
        workspaces: &mut Workspaces,
        project: Option<&str>,
        entity: types::WorkspaceEntity,
    ) -> Result<String, Refusal> {
        workspaces.create(&mut Uids::default(), project, entity)
    }

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
        let mut workspaces = Workspaces::default();
        create(&mut workspaces, DEFAULT, entity("payments", EAST)).unwrap();
        let dup = create(&mut workspaces, DEFAULT, entity("payments", EAST)).unwrap_err();
        assert_eq!((dup.status, dup.code), (409, "WorkspaceNameAlreadyExists"));
        let bad = create(&mut workspaces, DEFAULT, entity("Payments!", EAST)).unwrap_err();
        assert_eq!((bad.status, bad.code), (400, "InvalidWorkspaceName"));
    }

    #[test]
    fn clusters_must_belong_to_the_project() {
        let mut workspaces = Workspaces::default();
        let staging_cluster = seed::CLUSTERS[2].0;
        let err = create(
            &mut workspaces,
            DEFAULT,
            entity("payments", staging_cluster),
        )
        .unwrap_err();
        assert_eq!(err.code, "ClusterNotFound");
    }

    #[test]
    fn a_workspace_is_invisible_from_another_scope() {
        let mut workspaces = Workspaces::default();
        let uid = create(&mut workspaces, DEFAULT, entity("payments", EAST)).unwrap();
        assert!(workspaces.workspace_mut(DEFAULT, &uid).is_ok());
        assert_eq!(
            workspaces.workspace_mut(None, &uid).unwrap_err().code,
            "WorkspaceNotFound"
        );
        let staging = Some(seed::PROJECTS[1].0);
        assert_eq!(
            workspaces.workspace_mut(staging, &uid).unwrap_err().status,
            404
        );
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
}
