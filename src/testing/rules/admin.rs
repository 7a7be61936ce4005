//! Administration across areas: deleting a user, team or project also touches what the workspaces area keeps of it.

use crate::testing::model::Model;
use crate::testing::refusal::Refusal;

impl Model {
    /// Deletes a user, with their project and workspace roles, team memberships and API keys.
    #[cfg(feature = "users")]
    pub(crate) fn delete_user(&mut self, uid: &str) -> Result<(), Refusal> {
        self.admin.delete_user(uid)?;
        self.workspaces.roles.remove(uid);
        Ok(())
    }

    /// Deletes a team with the project and workspace roles it held; its users stay.
    #[cfg(feature = "teams")]
    pub(crate) fn delete_team(&mut self, uid: &str) -> Result<(), Refusal> {
        self.admin.delete_team(uid)?;
        self.workspaces.roles.remove(uid);
        Ok(())
    }

    /// Deletes a project, refused while it still has clusters or workspaces; its members
    /// lose their roles in it.
    #[cfg(feature = "projects")]
    pub(crate) fn delete_project(&mut self, uid: &str) -> Result<(), Refusal> {
        let workspaces = self
            .workspaces
            .all
            .values()
            .filter(|ws| ws.project.as_deref() == Some(uid))
            .count();
        self.admin.delete_project(uid, workspaces)
    }
}
