//! Backup locations (the buckets Palette backs clusters up to): list, the default one, and lookups by name.

use crate::client::generated::ClientUsersExt;
use crate::enums::LocationType;
use crate::ext::lookup::{self, NameKind};
use crate::send::call::Call;
use crate::{Client, Error, types};

/// The backup locations of one client handle's scope. Get one with
/// [`Client::backup_locations`]; it owns a cheap clone of the client.
///
/// Backup locations live under `/v1/users/assets/` and follow the handle's scope: a tenant
/// handle lists the tenant's locations, a project handle what Palette shows that project.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::ext::BackupLocationKind;
///
/// let locations = client.backup_locations();
/// let s3 = locations.get_by_name("s3-backups").await?;
/// assert_eq!(s3.kind, Some(BackupLocationKind::S3));
/// for location in locations.list().await? {
///     println!("{} {:?} default={}", location.name, location.kind, location.is_default);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct BackupLocations {
    client: Client,
}

impl Client {
    /// The backup locations in this handle's scope.
    pub fn backup_locations(&self) -> BackupLocations {
        BackupLocations {
            client: self.clone(),
        }
    }
}

/// Where a backup location keeps its backups, as Palette reports it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BackupLocationKind {
    /// An Amazon S3 bucket.
    S3,
    /// A MinIO (S3-compatible) bucket.
    Minio,
    /// A Google Cloud Storage bucket.
    Gcp,
    /// An Azure Blob Storage container.
    Azure,
    /// A kind this SDK does not know, as Palette wrote it.
    Other(String),
}

impl BackupLocationKind {
    /// Reads a kind as Palette writes it (`s3` or `aws`, `minio`, `gcp`, `azure`; ASCII case
    /// ignored); `None` for an empty one.
    pub fn from_palette(kind: &str) -> Option<BackupLocationKind> {
        let is = |name: &str| kind.eq_ignore_ascii_case(name);
        Some(if kind.is_empty() {
            return None;
        } else if is("s3") || is("aws") {
            BackupLocationKind::S3
        } else if is("minio") {
            BackupLocationKind::Minio
        } else if is("gcp") {
            BackupLocationKind::Gcp
        } else if is("azure") {
            BackupLocationKind::Azure
        } else {
            BackupLocationKind::Other(kind.to_string())
        })
    }
}

/// One backup location.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BackupLocation {
    /// Its uid.
    pub uid: String,
    /// Its name.
    pub name: String,
    /// Where it keeps backups: read from the location's `storage` (`s3`, `gcp`, `minio`) and,
    /// when that says nothing the SDK knows, its `type` (`azure` among them); `None` when
    /// Palette reports neither.
    pub kind: Option<BackupLocationKind>,
    /// Whether it is the scope's default location.
    pub is_default: bool,
}

impl BackupLocation {
    fn read(location: types::UserAssetsLocation) -> BackupLocation {
        let spec = location.spec.unwrap_or_default();
        let storage = spec.storage.and_then(|s| match s {
            LocationType::S3 => Some(BackupLocationKind::S3),
            LocationType::Gcp => Some(BackupLocationKind::Gcp),
            LocationType::Minio => Some(BackupLocationKind::Minio),
            LocationType::Unknown(other) => BackupLocationKind::from_palette(&other),
        });
        let typed = spec
            .type_
            .as_deref()
            .and_then(BackupLocationKind::from_palette);
        let kind = match (storage, typed) {
            (Some(BackupLocationKind::Other(_)) | None, Some(typed)) => Some(typed),
            (storage, _) => storage,
        };
        BackupLocation {
            uid: lookup::uid_of(&location.metadata)
                .unwrap_or_default()
                .to_string(),
            name: lookup::name_of(&location.metadata)
                .unwrap_or_default()
                .to_string(),
            kind,
            is_default: spec.is_default.unwrap_or(false),
        }
    }
}

impl BackupLocations {
    /// Every backup location of the scope (`usersAssetsLocationGet`).
    pub async fn list(&self) -> Result<Vec<BackupLocation>, Error> {
        let list = self.client.users_assets_location_get().send().await?;
        Ok(list
            .items
            .unwrap_or_default()
            .into_iter()
            .map(BackupLocation::read)
            .collect())
    }

    /// The location named exactly `name`, if there is one; an error if several are
    /// ([`Error::AmbiguousName`]: a project sees the tenant's locations beside its own).
    pub async fn find_by_name(&self, name: &str) -> Result<Option<BackupLocation>, Error> {
        let found = self
            .list()
            .await?
            .into_iter()
            .filter(|l| l.name == name)
            .map(|l| (l.uid.clone(), l));
        lookup::at_most_one_of(NameKind::BACKUP_LOCATION, name, found)
    }

    /// The location named exactly `name`: [`find_by_name`](Self::find_by_name), with none an
    /// error ([`Error::NameNotFound`], kind `backup location`).
    pub async fn get_by_name(&self, name: &str) -> Result<BackupLocation, Error> {
        lookup::required(
            NameKind::BACKUP_LOCATION,
            name,
            self.find_by_name(name).await?,
        )
    }

    /// The scope's default location (the one Palette marks `isDefault`), if it has one.
    pub async fn find_default(&self) -> Result<Option<BackupLocation>, Error> {
        let mut found: Vec<BackupLocation> = self
            .list()
            .await?
            .into_iter()
            .filter(|l| l.is_default)
            .collect();
        // Palette keeps one default a scope, but a project may see the tenant's beside its own.
        if found.len() > 1 {
            return Err(Error::AmbiguousName {
                kind: NameKind::BACKUP_LOCATION,
                name: "(the default)".to_string(),
                uids: found.into_iter().map(|l| l.uid).collect(),
            });
        }
        Ok(found.pop())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn location(storage: Option<LocationType>, type_: Option<&str>) -> types::UserAssetsLocation {
        types::UserAssetsLocation {
            metadata: None,
            spec: Some(types::UserAssetsLocationSpec {
                is_default: None,
                storage,
                type_: type_.map(str::to_string),
            }),
        }
    }

    #[test]
    fn the_kind_is_read_from_storage_then_type() {
        let kind = |storage, type_| BackupLocation::read(location(storage, type_)).kind;
        assert_eq!(
            kind(Some(LocationType::S3), None),
            Some(BackupLocationKind::S3)
        );
        assert_eq!(
            kind(Some(LocationType::Minio), Some("s3")),
            Some(BackupLocationKind::Minio)
        );
        assert_eq!(kind(None, Some("azure")), Some(BackupLocationKind::Azure));
        assert_eq!(
            kind(Some(LocationType::Unknown("azure".into())), None),
            Some(BackupLocationKind::Azure)
        );
        assert_eq!(
            kind(Some(LocationType::Unknown("nfs".into())), Some("gcp")),
            Some(BackupLocationKind::Gcp)
        );
        assert_eq!(
            kind(Some(LocationType::Unknown("nfs".into())), None),
            Some(BackupLocationKind::Other("nfs".into()))
        );
        assert_eq!(kind(None, None), None);
        assert_eq!(kind(None, Some("")), None);
    }
}
