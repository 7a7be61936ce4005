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
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.method, self.path, self.id)
    }
}
