//! `send()`: send a generated request and get its body, or an [`Error`] that names the operation.

use std::future::Future;

use progenitor_client::{Error as GeneratedError, ResponseValue};

use crate::document::operation::Operation;
use crate::error::Error;
use crate::types;

/// Implemented by the request builder of every operation (generated from the document).
///
/// `send()` returns the body; `send_with_response()` also keeps the status and headers. Both
/// fail with an [`Error`] that names the operation, its status and Palette's error code.
///
/// ```no_run
/// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
/// use palette_sdk::prelude::*;
///
/// let me = client.users_info_get().send().await?;
/// println!("{:?} in {:?}", me.user_uid, me.org_name);
/// # Ok(()) }
/// ```
pub trait Call: Sized + Send {
    /// The success body: a type of `palette_sdk::types`, `()` for operations that reply 204,
    /// or [`bytes::Bytes`] for the ones that reply a file (kubeconfigs, logs, manifests,
    /// images).
    type Output: Send;

    /// The operation this builder sends.
    const OPERATION: &'static Operation;

    /// Sends the request through the generated code. Only the crate can call it: the argument
    /// is a type users cannot name.
    #[doc(hidden)]
    fn send_raw(
        self,
        _: Sealed,
    ) -> impl Future<Output = Result<ResponseValue<Self::Output>, GeneratedError<types::ApiError>>> + Send;

    /// Sends the request and returns the decoded body.
    fn send(self) -> impl Future<Output = Result<Self::Output, Error>> + Send {
        async move {
            self.send_raw(Sealed(()))
                .await
                .map(ResponseValue::into_inner)
                .map_err(|e| Error::from_generated(Self::OPERATION, e))
        }
    }

    /// Sends the request and returns the reply with its status and headers (such as `AuditUid`).
    ///
    /// ```no_run
    /// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
    /// use palette_sdk::prelude::*;
    ///
    /// let reply = client.workspaces_uid_get().uid("651aa2f7").send_with_response().await?;
    /// println!("{} audit {:?}", reply.status(), reply.headers().get("AuditUid"));
    /// let workspace = reply.into_inner();
    /// # Ok(()) }
    /// ```
    fn send_with_response(
        self,
    ) -> impl Future<Output = Result<ResponseValue<Self::Output>, Error>> + Send {
        async move {
            self.send_raw(Sealed(()))
                .await
                .map_err(|e| Error::from_generated(Self::OPERATION, e))
        }
    }

    /// Like [`send`](Self::send), with this call's own operation timeout instead of the
    /// handle's: all of the call (attempts, waits, rate-limit waits, a session renewal) must
    /// end within `timeout`, else it fails with [`Error::Timeout`]. `Duration::MAX` means no
    /// limit.
    ///
    /// ```no_run
    /// # async fn example(client: palette_sdk::Client) -> Result<(), palette_sdk::Error> {
    /// use std::time::Duration;
    /// use palette_sdk::prelude::*;
    ///
    /// let ws = client
    ///     .workspaces_uid_get()
    ///     .uid("651aa2f7")
    ///     .send_within(Duration::from_secs(10))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    fn send_within(
        self,
        timeout: std::time::Duration,
    ) -> impl Future<Output = Result<Self::Output, Error>> + Send {
        crate::send::deadline::within(timeout, self.send())
    }
}

/// Proof that a call of [`Call::send_raw`] comes from this crate.
#[doc(hidden)]
#[derive(Debug)]
pub struct Sealed(());

/// The operation a request builder sends, for naming it in an error before or after sending.
// Only the workflows of some features name an operation this way.
#[allow(dead_code)]
pub(crate) fn operation_of<C: Call>(_: &C) -> &'static Operation {
    C::OPERATION
}
