//! Activating a self-hosted Palette with its key: two success replies, 200 with no body or 201 with a uid.

use super::{request, send_json};
use crate::client::generated::{Error as GeneratedError, ResponseValue};
use crate::document::operation::Operation;
use crate::send::call::{Call, Sealed};
use crate::{Client, types};

/// Activates a self-hosted Palette installation with its activation key (`systemActivate`):
/// `POST /v1/system/activate`. Palette answers 201 with a uid when it activates the
/// installation, or 200 without a body; [`send`](Call::send) returns `Some(uid)` or `None`.
/// `Debug` never shows the key.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::prelude::*;
///
/// let activated = client.system_activate().activation_key("ACT-1234-5678").send().await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[cfg_attr(docsrs, doc(cfg(feature = "system")))]
pub struct SystemActivate<'a> {
    client: &'a Client,
    body: Option<types::SystemActivateRequest>,
}

impl<'a> SystemActivate<'a> {
    /// The installation's activation key.
    pub fn activation_key(mut self, key: impl Into<String>) -> Self {
        self.body = Some(types::SystemActivateRequest {
            activation_key: key.into(),
        });
        self
    }

    /// The whole request body.
    pub fn body(mut self, body: types::SystemActivateRequest) -> Self {
        self.body = Some(body);
        self
    }
}

impl Client {
    /// Activates a self-hosted Palette installation (`systemActivate`); see [`SystemActivate`].
    #[cfg_attr(docsrs, doc(cfg(feature = "system")))]
    pub fn system_activate(&self) -> SystemActivate<'_> {
        SystemActivate {
            client: self,
            body: None,
        }
    }
}

impl Call for SystemActivate<'_> {
    /// The new activation's uid (201), or `None` (200 without a body).
    type Output = Option<types::Uid>;
    const OPERATION: &'static Operation = crate::client::operations::hand_written::SYSTEM_ACTIVATE;

    async fn send_raw(
        self,
        _: Sealed,
    ) -> Result<ResponseValue<Option<types::Uid>>, GeneratedError<types::ApiError>> {
        let body = self
            .body
            .ok_or_else(|| GeneratedError::InvalidRequest("`activation_key` was not set".into()))?;
        let built = request(self.client, Self::OPERATION, "/v1/system/activate")
            .json(&body)
            .build();
        // The operation table documents the 201; the client's `exec` hook reads a 200
        // without a body as that status with a `null` body, which is `None` here.
        send_json(self.client, Self::OPERATION, built).await
    }
}
