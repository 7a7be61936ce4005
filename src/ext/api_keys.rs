//! API keys, ergonomically: create with an expiry, list, find, revoke, re-activate, rotate, delete.

use std::fmt;

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use crate::client::generated::ClientApiKeysExt;
use crate::ext::lookup;
use crate::send::call::Call;
use crate::{Client, Error, types};

/// The tenant's API keys. Get one with [`Client::api_keys`]; it owns a cheap clone of the
/// client. API keys are tenant resources: no `ProjectUid` is ever sent.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::ext::NewApiKey;
/// use secrecy::ExposeSecret;
///
/// let keys = client.api_keys();
/// let ci = keys
///     .create(NewApiKey::new("ci", "64f0b1").expires_in(chrono::Duration::days(30)))
///     .await?;
/// store_in_vault(ci.key().expose_secret());
/// // A month later: a new key, and the old one revoked.
/// let next = keys
///     .rotate(ci.uid(), NewApiKey::new("ci-2", "64f0b1").expires_in(chrono::Duration::days(30)))
///     .await?;
/// # fn store_in_vault(_: &str) {}
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ApiKeys {
    client: Client,
}

impl Client {
    /// The tenant's API keys.
    pub fn api_keys(&self) -> ApiKeys {
        ApiKeys {
            client: self.tenant(),
        }
    }
}

/// An API key to create: its name, the user it acts for, and when it expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApiKey {
    name: String,
    user_uid: String,
    expiry: Option<DateTime<Utc>>,
}

impl NewApiKey {
    /// A key called `name` that acts as the user `user_uid`.
    pub fn new(name: impl Into<String>, user_uid: impl Into<String>) -> Self {
        NewApiKey {
            name: name.into(),
            user_uid: user_uid.into(),
            expiry: None,
        }
    }

    /// The key stops working at `when`.
    pub fn expires_at(mut self, when: DateTime<Utc>) -> Self {
        self.expiry = Some(when);
        self
    }

    /// The key stops working `after` from now (a duration too long to represent is the
    /// latest time chrono can hold).
    pub fn expires_in(mut self, after: chrono::Duration) -> Self {
        self.expiry = Some(
            Utc::now()
                .checked_add_signed(after)
                .unwrap_or(DateTime::<Utc>::MAX_UTC),
        );
        self
    }

    /// The request body Palette expects.
    pub fn into_entity(self) -> types::ApiKeyEntity {
        types::ApiKeyEntity {
            metadata: Some(types::ObjectMeta {
                name: Some(self.name),
                ..Default::default()
            }),
            spec: Some(types::ApiKeySpecEntity {
                expiry: self.expiry.map(types::Time),
                user_uid: Some(self.user_uid),
            }),
        }
    }
}

/// A key just created: its uid and its secret value, which Palette shows only once.
/// `Debug` never shows the secret.
#[derive(Clone)]
pub struct CreatedApiKey {
    uid: String,
    key: SecretString,
}

impl CreatedApiKey {
    /// The key's uid, for revoking or deleting it later.
    pub fn uid(&self) -> &str {
        &self.uid
    }

    /// The key itself, to send as the `ApiKey` header.
    pub fn key(&self) -> &SecretString {
        &self.key
    }
}

impl fmt::Debug for CreatedApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreatedApiKey")
            .field("uid", &self.uid)
            .field("key", &crate::codec::redact::Masked)
            .finish()
    }
}

impl ApiKeys {
    /// Every API key of the tenant, with its owner, expiry and whether it is active.
    pub async fn list(&self) -> Result<Vec<types::ApiKey>, Error> {
        Ok(self
            .client
            .api_keys_list()
            .send()
            .await?
            .items
            .unwrap_or_default())
    }

    /// The key named exactly `name`, if there is one; an error if several are.
    pub async fn find_by_name(&self, name: &str) -> Result<Option<types::ApiKey>, Error> {
        let named = self
            .list()
            .await?
            .into_iter()
            .filter(|key| lookup::name_of(&key.metadata) == Some(name))
            .map(|key| {
                (
                    lookup::uid_of(&key.metadata)
                        .unwrap_or_default()
                        .to_string(),
                    key,
                )
            });
        lookup::at_most_one_of(lookup::NameKind::API_KEY, name, named)
    }

    /// The key named exactly `name`: [`find_by_name`](Self::find_by_name), with none an error
    /// ([`Error::NameNotFound`], kind `API key`).
    pub async fn get_by_name(&self, name: &str) -> Result<types::ApiKey, Error> {
        lookup::required(
            lookup::NameKind::API_KEY,
            name,
            self.find_by_name(name).await?,
        )
    }

    /// One key, by uid.
    pub async fn get(&self, uid: &str) -> Result<types::ApiKey, Error> {
        self.client.api_keys_uid_get().uid(uid).send().await
    }

    /// Creates a key and returns it with its secret value, which Palette shows only here.
    pub async fn create(&self, key: NewApiKey) -> Result<CreatedApiKey, Error> {
        let created = self
            .client
            .api_keys_create()
            .body(key.into_entity())
            .send()
            .await?;
        match (created.uid, created.api_key) {
            (Some(uid), Some(key)) if !uid.is_empty() && !key.is_empty() => Ok(CreatedApiKey {
                uid,
                key: SecretString::from(key),
            }),
            _ => Err(Error::missing_field(
                <crate::builder::ApiKeysCreate<'_> as Call>::OPERATION,
                "apiKey",
            )),
        }
    }

    /// Stops the key from working; it can be re-activated.
    pub async fn revoke(&self, uid: &str) -> Result<(), Error> {
        self.set_active(uid, false).await
    }

    /// Lets a revoked key work again.
    pub async fn reactivate(&self, uid: &str) -> Result<(), Error> {
        self.set_active(uid, true).await
    }

    async fn set_active(&self, uid: &str, active: bool) -> Result<(), Error> {
        self.client
            .api_keys_uid_state()
            .uid(uid)
            .body(types::ApiKeyActiveState {
                is_active: Some(active),
            })
            .send()
            .await
    }

    /// Changes when a key expires.
    pub async fn set_expiry(&self, uid: &str, when: DateTime<Utc>) -> Result<(), Error> {
        let current = self.get(uid).await?;
        self.client
            .api_keys_uid_update()
            .uid(uid)
            .body(types::ApiKeyUpdate {
                metadata: current.metadata,
                spec: Some(types::ApiKeySpecUpdate {
                    expiry: Some(types::Time(when)),
                }),
            })
            .send()
            .await
    }

    /// Deletes a key for good.
    pub async fn delete(&self, uid: &str) -> Result<(), Error> {
        self.client.api_keys_uid_delete().uid(uid).send().await
    }

    /// Replaces the key `old_uid` by a new one: creates `replacement`, then revokes the old
    /// key. Either both happen or neither does: if the old key cannot be revoked, the new one
    /// is deleted again and the error is returned.
    pub async fn rotate(
        &self,
        old_uid: &str,
        replacement: NewApiKey,
    ) -> Result<CreatedApiKey, Error> {
        // Fails early, before anything is created, when the old key does not exist.
        self.get(old_uid).await?;
        let created = self.create(replacement).await?;
        if let Err(e) = self.revoke(old_uid).await {
            if let Err(cleanup) = self.delete(created.uid()).await {
                tracing::warn!(error = %cleanup, "could not delete the new key after a failed rotation");
            }
            return Err(e);
        }
        Ok(created)
    }
}
