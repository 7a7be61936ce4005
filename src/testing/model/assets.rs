//! The fake's objects users look up by name: SSH keys of a scope, cluster groups, and private cloud gateways.
#![cfg_attr(
    not(all(feature = "users", feature = "clustergroups", feature = "overlords")),
    allow(dead_code)
)]

use super::uids::Uids;
use crate::testing::refusal::{Refusal, refuse};
use crate::testing::seed;

/// One object of a scope: `project` is `None` for the tenant's.
#[derive(Debug, Clone)]
pub(crate) struct Named {
    pub(crate) uid: String,
    pub(crate) name: String,
    pub(crate) project: Option<String>,
    /// An SSH key's public key; a cluster group's scope (`system`, `tenant`, `project`).
    pub(crate) detail: String,
}

/// SSH keys, cluster groups and gateways.
#[derive(Debug, Default)]
pub(crate) struct Assets {
    pub(crate) ssh_keys: Vec<Named>,
    pub(crate) cluster_groups: Vec<Named>,
    pub(crate) gateways: Vec<Named>,
}

impl Assets {
    /// A new tenant's: no SSH key and no gateway, and the system cluster group of
    /// [`seed::CLUSTER_GROUP`] every project sees.
    pub(crate) fn seeded() -> Self {
        let (uid, name) = seed::CLUSTER_GROUP;
        Assets {
            cluster_groups: vec![Named {
                uid: uid.into(),
                name: name.into(),
                project: None,
                detail: "system".into(),
            }],
            ..Default::default()
        }
    }
}

/// What `project` sees of `items`: the tenant's, and from a project its own too.
pub(crate) fn visible<'a>(
    items: &'a [Named],
    project: Option<&'a str>,
) -> impl Iterator<Item = &'a Named> + 'a {
    items
        .iter()
        .filter(move |i| i.project.is_none() || i.project.as_deref() == project)
}

fn not_found(what: &str, uid: &str) -> Refusal {
    refuse(404, "ResourceNotFound", format!("{what} {uid} not found"))
}

impl Assets {
    /// Saves an SSH key in `project`'s scope: a name and a public key are required, and the
    /// name is unique in the scope (409 `SshKeyAlreadyExists`).
    pub(crate) fn add_ssh_key(
        &mut self,
        uids: &mut Uids,
        project: Option<&str>,
        name: String,
        public_key: String,
    ) -> Result<String, Refusal> {
        if name.trim().is_empty() || public_key.trim().is_empty() {
            return Err(refuse(
                400,
                "InvalidSshKey",
                "an SSH key needs metadata.name and spec.publicKey",
            ));
        }
        if self
            .ssh_keys
            .iter()
            .any(|k| k.project.as_deref() == project && k.name == name)
        {
            return Err(refuse(
                409,
                "SshKeyAlreadyExists",
                format!("an SSH key named {name} exists"),
            ));
        }
        let uid = uids.next();
        self.ssh_keys.push(Named {
            uid: uid.clone(),
            name,
            project: project.map(str::to_string),
            detail: public_key,
        });
        Ok(uid)
    }

    /// The SSH key `uid` of the scope.
    pub(crate) fn ssh_key(&self, project: Option<&str>, uid: &str) -> Result<&Named, Refusal> {
        self.ssh_keys
            .iter()
            .find(|k| k.uid == uid && k.project.as_deref() == project)
            .ok_or_else(|| not_found("SSH key", uid))
    }

    /// Deletes the SSH key `uid` of the scope.
    pub(crate) fn delete_ssh_key(
        &mut self,
        project: Option<&str>,
        uid: &str,
    ) -> Result<(), Refusal> {
        self.ssh_key(project, uid)?;
        self.ssh_keys.retain(|k| k.uid != uid);
        Ok(())
    }

    /// Adds a private cloud gateway to the tenant (for [`FakePaletteBuilder::private_cloud_gateway`](crate::testing::FakePaletteBuilder::private_cloud_gateway)).
    pub(crate) fn add_gateway(&mut self, uids: &mut Uids, name: String) -> String {
        let uid = uids.next();
        self.gateways.push(Named {
            uid: uid.clone(),
            name,
            project: None,
            detail: String::new(),
        });
        uid
    }
}

/// The cluster group or gateway `uid` `project` sees, from `items`.
pub(crate) fn visible_one<'a>(
    items: &'a [Named],
    project: Option<&'a str>,
    what: &str,
    uid: &str,
) -> Result<&'a Named, Refusal> {
    visible(items, project)
        .find(|i| i.uid == uid)
        .ok_or_else(|| not_found(what, uid))
}
