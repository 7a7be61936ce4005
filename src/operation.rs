//! Static facts about each operation of the document: method, path template, scope, success code.

use std::fmt;

/// One operation of the Palette API as the document describes it.
///
/// Errors, tracing spans and retry decisions use these facts instead of the request URL,
/// which may carry a session token (`GET /v1/auth/refresh/{token}`).
///
/// ```
/// let op = palette_sdk::operation::find("workspacesUidGet").unwrap();
/// assert_eq!(op.to_string(), "GET /v1/workspaces/{uid} (workspacesUidGet)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operation {
    /// The document's operationId, such as `workspacesUidGet`.
    pub id: &'static str,
    /// The client method that sends it, such as `workspaces_uid_get`.
    pub fn_name: &'static str,
    /// The HTTP method in upper case.
    pub method: &'static str,
    /// The path template, such as `/v1/workspaces/{uid}`.
    pub path: &'static str,
    /// The docs category (the document's one tag).
    pub tag: &'static str,
    /// The status code of a successful reply.
    pub success_status: u16,
    /// True when a successful reply has a body (it is not a 204).
    pub reply_body: bool,
    /// True when that body is a file (a kubeconfig, a log archive, an image), read as bytes
    /// instead of decoded as JSON.
    pub reply_file: bool,
    /// True for methods that are safe to send twice (GET, HEAD, PUT, DELETE, OPTIONS).
    pub idempotent: bool,
    /// True when the operation takes the `ProjectUid` header, so a handle's scope applies to it.
    pub scoped: bool,
}

impl Operation {
    /// The cargo feature of the operation's category, such as `workspaces` (see
    /// [`feature_of`]).
    pub fn feature(&self) -> &'static str {
        feature_of(self.id).unwrap_or_default()
    }

    /// The resource prefix Palette's rate limits are counted per, such as `/v1/workspaces`.
    pub fn resource_prefix(&self) -> &'static str {
        let mut slashes = 0;
        for (i, b) in self.path.bytes().enumerate() {
            if b == b'/' {
                slashes += 1;
                if slashes == 3 {
                    return &self.path[..i];
                }
            }
        }
        self.path
    }

    /// Decodes `body` as this operation's success reply of type `T`, the way the client
    /// would. Useful for checking recorded replies or test fixtures; the error names the JSON
    /// path of the first mismatch. To check replies of any operation by its facts alone,
    /// define a checker with [`reply_check!`](crate::reply_check).
    ///
    /// ```
    /// use palette_sdk::types::UserInfo;
    ///
    /// let op = palette_sdk::operation::find("usersInfoGet").unwrap();
    /// let me: UserInfo = op.decode_reply(br#"{"userUid": "u1", "orgName": null}"#).unwrap();
    /// assert_eq!(me.user_uid.as_deref(), Some("u1"));
    /// let err = op.decode_reply::<UserInfo>(br#"{"userUid": 5}"#).unwrap_err();
    /// assert_eq!(err.path, "userUid");
    /// ```
    pub fn decode_reply<T: serde::de::DeserializeOwned>(
        &'static self,
        body: &[u8],
    ) -> Result<T, crate::DecodeError> {
        serde_json::from_slice(body).map_err(|e| {
            let status = reqwest::StatusCode::from_u16(self.success_status)
                .unwrap_or(reqwest::StatusCode::OK);
            crate::DecodeError::new(self, status, body, &e)
        })
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.method, self.path, self.id)
    }
}

/// Every operation the client can send, sorted by operationId.
pub fn all() -> &'static [Operation] {
    &crate::generated::OPERATIONS
}

/// The cargo feature that brings an operation, by its operationId, in any build: what to turn
/// on for an operation this build does not have. `None` for an id Palette API V1 does not
/// have. The operations the client layer calls itself (`authenticate`, `authRefresh`,
/// `projectsMetadata`, `usersInfoGet`) are in every build whatever their feature, and a
/// category's workflows bring a few operations of other categories along
/// ([`find`] says what this build has).
///
/// ```
/// use palette_sdk::operation;
///
/// assert_eq!(operation::feature_of("clusterProfilesUidClone"), Some("clusterprofiles"));
/// assert_eq!(operation::feature_of("edgeTokensCreate"), Some("edgehosts"));
/// assert_eq!(operation::feature_of("noSuchOperation"), None);
/// ```
pub fn feature_of(id: &str) -> Option<&'static str> {
    let every = crate::generated::EVERY_OPERATION;
    every
        .binary_search_by(|(op, _)| (*op).cmp(id))
        .ok()
        .map(|i| every[i].1)
}

/// How many operations Palette API V1 has, whatever this build's features (1,182).
pub fn count_in_api() -> usize {
    crate::generated::EVERY_OPERATION.len()
}

/// Finds an operation by its operationId (`workspacesUidGet`).
pub fn find(id: &str) -> Option<&'static Operation> {
    all()
        .binary_search_by(|op| op.id.cmp(id))
        .ok()
        .map(|i| &all()[i])
}

/// Finds an operation by the name of its client method (`workspaces_uid_get`).
pub(crate) fn by_fn_name(fn_name: &str) -> Option<&'static Operation> {
    crate::generated::find(fn_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_found_by_id_and_by_method_name() {
        for op in all() {
            assert_eq!(find(op.id), Some(op));
            assert_eq!(by_fn_name(op.fn_name), Some(op));
        }
        assert_eq!(find("noSuchOperation"), None);
    }

    /// Palette API V1 has 1,182 operations (`palette-ref check --require all`), and every
    /// build knows the feature of each, its own operations' included.
    #[test]
    fn every_build_knows_the_feature_of_every_operation() {
        assert_eq!(count_in_api(), 1182);
        for op in all() {
            let feature = op.tag.to_ascii_lowercase().replace(' ', "_");
            assert_eq!(feature_of(op.id), Some(feature.as_str()), "{}", op.id);
        }
        assert_eq!(
            feature_of("spectroClustersAwsCreate"),
            Some("spectroclusters")
        );
    }

    #[test]
    fn the_resource_prefix_is_the_first_segment_after_the_version() {
        let get = find("workspacesUidGet").unwrap();
        assert_eq!(get.resource_prefix(), "/v1/workspaces");
        let info = find("usersInfoGet").unwrap();
        assert_eq!(info.resource_prefix(), "/v1/users");
    }
}
