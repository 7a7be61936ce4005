//! Finding one object by name: none, one, or several, which is an error naming their uids.

use crate::{Error, Resource, types};

pub(crate) use crate::error::NameKind;

/// The one value among `matches`, `None` when there is none, and an error listing their uids
/// when there are several.
pub(crate) fn at_most_one_of<T>(
    kind: &'static str,
    name: &str,
    matches: impl IntoIterator<Item = (String, T)>,
) -> Result<Option<T>, Error> {
    let mut matches: Vec<(String, T)> = matches.into_iter().collect();
    match matches.len() {
        0 => Ok(None),
        1 => Ok(matches.pop().map(|(_, value)| value)),
        _ => Err(Error::AmbiguousName {
            kind,
            name: name.to_string(),
            uids: matches.into_iter().map(|(uid, _)| uid).collect(),
        }),
    }
}

/// The one uid among `uids`, as [`at_most_one_of`].
pub(crate) fn at_most_one(
    kind: &'static str,
    name: &str,
    uids: impl IntoIterator<Item = String>,
) -> Result<Option<String>, Error> {
    at_most_one_of(kind, name, uids.into_iter().map(|uid| (uid.clone(), uid)))
}

/// The value found, or an error saying no `kind` has that name.
pub(crate) fn required<T>(kind: &'static str, name: &str, found: Option<T>) -> Result<T, Error> {
    found.ok_or_else(|| Error::NameNotFound {
        kind,
        name: name.to_string(),
    })
}

/// The name in an object's metadata.
pub(crate) fn name_of(meta: &Option<types::ObjectMeta>) -> Option<&str> {
    meta.as_ref().and_then(|m| m.name.as_deref())
}

/// The uid in an object's metadata.
pub(crate) fn uid_of(meta: &Option<types::ObjectMeta>) -> Option<&str> {
    meta.as_ref().and_then(|m| m.uid.as_deref())
}

/// The one item of `items` called `name` (by its metadata), as [`at_most_one_of`].
pub(crate) fn named<T: Resource>(
    kind: &'static str,
    name: &str,
    items: impl IntoIterator<Item = T>,
) -> Result<Option<T>, Error> {
    let matches = items
        .into_iter()
        .filter(|item| item.name() == Some(name))
        .map(|item| (item.uid().unwrap_or_default().to_string(), item));
    at_most_one_of(kind, name, matches)
}
