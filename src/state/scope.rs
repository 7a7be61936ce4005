//! Project or tenant scope: the `ProjectUid` header a client handle sends.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::error::config::ConfigError;

/// The header Palette reads the project scope from.
pub(crate) const PROJECT_UID: HeaderName = HeaderName::from_static("projectuid");

/// A project's uid, checked to be usable as a header value.
///
/// ```
/// use palette_sdk::ProjectUid;
/// assert!(ProjectUid::new("5f3c1a2b9e").is_ok());
/// assert!(ProjectUid::new("bad\nuid").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ProjectUid {
    header: HeaderValue,
}

impl ProjectUid {
    /// Checks `uid`: not empty, visible ASCII only (no spaces or line breaks).
    pub fn new(uid: impl AsRef<str>) -> Result<Self, ConfigError> {
        let uid = uid.as_ref();
        let visible = |b: u8| b.is_ascii_graphic();
        if uid.is_empty() || !uid.bytes().all(visible) {
            return Err(ConfigError::InvalidProjectUid {
                value: uid.escape_debug().to_string(),
            });
        }
        let header = HeaderValue::from_str(uid).map_err(|_| ConfigError::InvalidProjectUid {
            value: uid.escape_debug().to_string(),
        })?;
        Ok(ProjectUid { header })
    }

    /// The uid.
    pub fn as_str(&self) -> &str {
        // Built from a checked &str of visible ASCII, so this cannot fail.
        self.header.to_str().unwrap_or_default()
    }
}

impl fmt::Debug for ProjectUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for ProjectUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a client handle acts: in one project, or across the tenant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Scope {
    /// Tenant scope: no `ProjectUid` header.
    #[default]
    Tenant,
    /// Project scope: `ProjectUid: <uid>` on every operation that takes it.
    Project(ProjectUid),
}

impl Scope {
    /// Adds the scope's header unless the call set its own.
    pub(crate) fn apply(&self, headers: &mut HeaderMap) {
        if let Scope::Project(uid) = self
            && !headers.contains_key(PROJECT_UID)
        {
            headers.insert(PROJECT_UID, uid.header.clone());
        }
    }

    /// Checks a `ProjectUid` header the call set itself (the generated `project_uid(...)`)
    /// the way [`ProjectUid::new`] checks a handle's; the reason names the parameter.
    pub(crate) fn check_per_call(headers: &HeaderMap) -> Result<(), String> {
        for value in headers.get_all(PROJECT_UID) {
            let text = String::from_utf8_lossy(value.as_bytes());
            ProjectUid::new(&*text)
                .map_err(|e| format!("the ProjectUid parameter is refused: {e}"))?;
        }
        Ok(())
    }

    /// The project uid, under project scope.
    pub fn project_uid(&self) -> Option<&ProjectUid> {
        match self {
            Scope::Tenant => None,
            Scope::Project(uid) => Some(uid),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_scope_adds_its_header() {
        let scope = Scope::Project(ProjectUid::new("p-1").unwrap());
        let mut headers = HeaderMap::new();
        scope.apply(&mut headers);
        assert_eq!(headers["ProjectUid"], "p-1");
    }

    #[test]
    fn a_per_call_header_wins_over_the_scope() {
        let scope = Scope::Project(ProjectUid::new("p-1").unwrap());
        let mut headers = HeaderMap::new();
        headers.insert(PROJECT_UID, HeaderValue::from_static("p-2"));
        scope.apply(&mut headers);
        assert_eq!(headers["ProjectUid"], "p-2");
        assert_eq!(headers.get_all("ProjectUid").iter().count(), 1);
    }

    #[test]
    fn the_tenant_scope_adds_nothing() {
        let mut headers = HeaderMap::new();
        Scope::Tenant.apply(&mut headers);
        assert!(headers.is_empty());
    }

    #[test]
    fn a_per_call_uid_is_checked_like_the_handles() {
        let mut headers = HeaderMap::new();
        assert!(Scope::check_per_call(&headers).is_ok());
        headers.insert(PROJECT_UID, HeaderValue::from_static("p-2"));
        assert!(Scope::check_per_call(&headers).is_ok());
        for bad in ["", "a b", " p-2", "\tp"] {
            headers.insert(PROJECT_UID, HeaderValue::from_str(bad).unwrap());
            let reason = Scope::check_per_call(&headers).unwrap_err();
            assert!(reason.contains("ProjectUid"), "{reason}");
        }
        headers.insert(PROJECT_UID, HeaderValue::from_bytes(b"\xfc").unwrap());
        assert!(Scope::check_per_call(&headers).is_err(), "not ASCII");
    }

    #[test]
    fn uids_that_would_break_a_header_are_refused() {
        for bad in ["", "a b", "a\nb", "a\r\nInjected: 1", "ünï"] {
            let err = ProjectUid::new(bad).unwrap_err();
            assert!(
                matches!(err, ConfigError::InvalidProjectUid { .. }),
                "{bad:?}"
            );
        }
    }
}
