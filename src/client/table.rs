//! Lookups over the generated operation table (by operationId, by method name, by feature), and what an operation's facts decide: its feature, how its reply decodes.

use crate::document::operation::Operation;
use crate::error::DecodeError;

impl Operation {
    /// The cargo feature of the operation's category, such as `workspaces` (see
    /// [`feature_of`]).
    pub fn feature(&self) -> &'static str {
        feature_of(self.id).unwrap_or_default()
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
    ) -> Result<T, DecodeError> {
        serde_json::from_slice(body).map_err(|e| {
            let status = reqwest::StatusCode::from_u16(self.success_status)
                .unwrap_or(reqwest::StatusCode::OK);
            DecodeError::new(self, status, body, &e)
        })
    }
}

/// Every operation the client can send, sorted by operationId.
pub fn all() -> &'static [Operation] {
    &super::operations::OPERATIONS
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
    let every = super::operations::EVERY_OPERATION;
    every
        .binary_search_by(|(op, _)| (*op).cmp(id))
        .ok()
        .map(|i| every[i].1)
}

/// How many operations Palette API V1 has, whatever this build's features (1,182).
pub fn count_in_api() -> usize {
    super::operations::EVERY_OPERATION.len()
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
    super::operations::find(fn_name)
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
