//! The model layer: the fake tenant's state in memory, `Model` here and one module per area's state below it, each with its own rules; it uses only the plain helpers (refusal, seed), never the HTTP layer, the rules across areas or the handlers.

use std::collections::HashMap;
use std::time::Duration;

use tokio::time::Instant;

use crate::testing::refusal::{Refusal, refuse};

pub(crate) mod admin;
pub(crate) mod assets;
pub(crate) mod catalog;
pub(crate) mod cluster_backups;
pub(crate) mod clusters;
#[cfg(feature = "edgehosts")]
pub(crate) mod edge;
#[cfg(feature = "spectroclusters")]
pub(crate) mod imports;
#[cfg(feature = "clusterprofiles")]
pub(crate) mod profile_versions;
pub(crate) mod registries;
pub(crate) mod uids;
#[cfg(feature = "spectroclusters")]
pub(crate) mod virtual_clusters;
pub(crate) mod workspaces;

/// The whole fake tenant: session tokens, the uid counter, and each area's state.
#[derive(Debug)]
pub(crate) struct Model {
    token_lifetime: Duration,
    /// Each token's expiry; `None` for a lifetime too long to add to the clock.
    tokens: HashMap<String, Option<Instant>>,
    /// Where every new uid comes from.
    pub(crate) uids: uids::Uids,
    /// Workspaces, their backups and restores, and workspace roles.
    pub(crate) workspaces: workspaces::Workspaces,
    /// Projects, users, teams, roles, API keys and project-role grants.
    pub(crate) admin: admin::Admin,
    /// Cloud accounts and cluster profiles.
    #[cfg_attr(
        not(any(feature = "cloudaccounts", feature = "clusterprofiles")),
        allow(dead_code)
    )]
    pub(crate) catalog: catalog::Catalog,
    /// Clusters and their lifecycle.
    #[cfg_attr(not(feature = "spectroclusters"), allow(dead_code))]
    pub(crate) clusters: clusters::Clusters,
    /// Pack, Helm and OCI registries and their packs.
    pub(crate) registries: registries::Registries,
    /// SSH keys, cluster groups and private cloud gateways.
    pub(crate) assets: assets::Assets,
    /// Edge host registration tokens and edge hosts.
    #[cfg(feature = "edgehosts")]
    pub(crate) edge: edge::Edge,
    /// Backup locations, and the backups and restores of clusters.
    #[cfg_attr(
        not(any(feature = "users", feature = "spectroclusters")),
        allow(dead_code)
    )]
    pub(crate) cluster_backups: cluster_backups::ClusterBackups,
    /// How imported clusters were imported.
    #[cfg(feature = "spectroclusters")]
    pub(crate) imports: imports::Imports,
    /// Pauses and resumes of virtual clusters.
    #[cfg(feature = "spectroclusters")]
    pub(crate) lifecycles: virtual_clusters::Lifecycles,
}

impl Model {
    pub(crate) fn new(token_lifetime: Duration) -> Self {
        Model {
            token_lifetime,
            tokens: HashMap::new(),
            uids: uids::Uids::default(),
            workspaces: workspaces::Workspaces::default(),
            admin: admin::Admin::seeded(),
            catalog: catalog::Catalog::seeded(),
            clusters: clusters::Clusters::seeded(),
            registries: registries::Registries::seeded(),
            assets: assets::Assets::seeded(),
            #[cfg(feature = "edgehosts")]
            edge: edge::Edge::new(),
            cluster_backups: cluster_backups::ClusterBackups::seeded(),
            #[cfg(feature = "spectroclusters")]
            imports: imports::Imports::default(),
            #[cfg(feature = "spectroclusters")]
            lifecycles: virtual_clusters::Lifecycles::default(),
        }
    }

    /// A fresh Palette-style uid (24 hex digits).
    pub(crate) fn new_uid(&mut self) -> String {
        self.uids.next()
    }

    /// Issues a session token.
    pub(crate) fn issue_token(&mut self) -> String {
        let token = format!("fake.{}.{}", self.uids.next(), self.uids.issued() * 7919);
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
