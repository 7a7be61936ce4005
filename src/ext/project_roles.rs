//! A user's or team's roles in one project, changed without touching their other projects.

use crate::types;

/// Project roles as Palette sends them, with the roles in `project_uid` replaced by
/// `role_uids` (an empty list takes the project away) and every other project kept.
pub(crate) fn with_project_roles(
    current: types::ProjectRolesEntity,
    project_uid: &str,
    role_uids: &[String],
) -> types::ProjectRolesPatch {
    let mut projects: Vec<types::ProjectRolesPatchProjectsItem> = current
        .projects
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.uid.as_deref() != Some(project_uid))
        .map(|p| types::ProjectRolesPatchProjectsItem {
            project_uid: p.uid,
            roles: Some(
                p.roles
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|r| r.uid)
                    .collect(),
            ),
        })
        .collect();
    if !role_uids.is_empty() {
        projects.push(types::ProjectRolesPatchProjectsItem {
            project_uid: Some(project_uid.to_string()),
            roles: Some(role_uids.to_vec()),
        });
    }
    types::ProjectRolesPatch {
        projects: Some(projects),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(uid: &str, roles: &[&str]) -> types::UidRoleSummary {
        types::UidRoleSummary {
            uid: Some(uid.into()),
            name: Some(format!("project {uid}")),
            inherited_roles: Some(vec![types::UidSummary {
                uid: Some("inherited".into()),
                name: None,
            }]),
            roles: Some(
                roles
                    .iter()
                    .map(|r| types::UidSummary {
                        uid: Some(r.to_string()),
                        name: None,
                    })
                    .collect(),
            ),
        }
    }

    #[test]
    fn granting_roles_in_one_project_keeps_the_others_and_drops_inherited_ones() {
        let current = types::ProjectRolesEntity {
            projects: Some(vec![summary("p1", &["r1"]), summary("p2", &["r2", "r3"])]),
        };
        let patch = with_project_roles(current, "p2", &["r9".to_string()]);
        let sent = serde_json::to_value(patch).unwrap();
        assert_eq!(
            sent,
            serde_json::json!({"projects": [
                {"projectUid": "p1", "roles": ["r1"]},
                {"projectUid": "p2", "roles": ["r9"]}
            ]})
        );
    }

    #[test]
    fn no_roles_takes_the_project_away() {
        let current = types::ProjectRolesEntity {
            projects: Some(vec![summary("p1", &["r1"])]),
        };
        let patch = with_project_roles(current, "p1", &[]);
        assert_eq!(patch.projects, Some(vec![]));
    }
}
