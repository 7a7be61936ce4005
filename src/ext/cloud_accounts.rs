//! Cloud accounts, ergonomically: list by cloud type, find by name, get.

use futures_util::TryStreamExt;
use futures_util::stream::BoxStream;

use crate::client::generated::ClientCloudaccountsExt;
use crate::ext::lookup::{self, NameKind};
use crate::send::pagination::Paged;
use crate::{Client, Error, types};

/// The cloud accounts the handle's scope can use. Get one with [`Client::cloud_accounts`]; it
/// owns a cheap clone of the client, so it can be stored or moved into a task. Calls go out in
/// the handle's scope (its `ProjectUid`, or none for a tenant handle).
///
/// An account's cloud type is the summary's `kind`, such as `aws`, `azure`, `gcp` or
/// `edge-native`. EKS clusters use `aws` accounts.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// let accounts = client.cloud_accounts();
/// let aws = accounts.list_by_cloud_type("aws").await?;
/// if let Some(main) = accounts.find_by_name("aws-main", Some("aws")).await? {
///     println!("{:?}", main.metadata);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct CloudAccounts {
    client: Client,
}

impl Client {
    /// The cloud accounts visible in this client's scope.
    pub fn cloud_accounts(&self) -> CloudAccounts {
        CloudAccounts {
            client: self.clone(),
        }
    }
}

impl CloudAccounts {
    /// Every cloud account, of every cloud type, streamed 50 a page
    /// (`cloudAccountsListSummary`).
    pub fn stream(&self) -> BoxStream<'_, Result<types::CloudAccountSummary, Error>> {
        self.client.cloud_accounts_list_summary().stream()
    }

    /// Every cloud account, of every cloud type.
    pub async fn list(&self) -> Result<Vec<types::CloudAccountSummary>, Error> {
        self.stream().try_collect().await
    }

    /// The accounts whose cloud type is `cloud_type` (`aws`, `edge-native`, ...), compared
    /// exactly.
    pub async fn list_by_cloud_type(
        &self,
        cloud_type: &str,
    ) -> Result<Vec<types::CloudAccountSummary>, Error> {
        self.stream()
            .try_filter(|a| std::future::ready(a.kind.as_deref() == Some(cloud_type)))
            .try_collect()
            .await
    }

    /// The account named exactly `name` (of `cloud_type`, when given), if there is one; an
    /// error if several are, as two clouds may have accounts of the same name.
    pub async fn find_by_name(
        &self,
        name: &str,
        cloud_type: Option<&str>,
    ) -> Result<Option<types::CloudAccountSummary>, Error> {
        let found = self
            .list()
            .await?
            .into_iter()
            .filter(|a| lookup::name_of(&a.metadata) == Some(name))
            .filter(|a| cloud_type.is_none_or(|t| a.kind.as_deref() == Some(t)))
            .map(|a| {
                let uid = lookup::uid_of(&a.metadata).unwrap_or_default().to_string();
                (uid, a)
            });
        lookup::at_most_one_of(NameKind::CLOUD_ACCOUNT, name, found)
    }

    /// The account named exactly `name` (of `cloud_type`, when given); an error if none or
    /// several are.
    pub async fn get_by_name(
        &self,
        name: &str,
        cloud_type: Option<&str>,
    ) -> Result<types::CloudAccountSummary, Error> {
        let found = self.find_by_name(name, cloud_type).await?;
        lookup::required(NameKind::CLOUD_ACCOUNT, name, found)
    }

    /// The summary of the account `uid`, whatever its cloud type; `None` when the scope has no
    /// such account.
    pub async fn get(&self, uid: &str) -> Result<Option<types::CloudAccountSummary>, Error> {
        let mut accounts = self.stream();
        while let Some(account) = accounts.try_next().await? {
            if lookup::uid_of(&account.metadata) == Some(uid) {
                return Ok(Some(account));
            }
        }
        Ok(None)
    }
}
