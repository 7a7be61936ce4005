//! The uid a create replies with (`{"uid": ...}`), required by the workflows that return it.

use std::future::Future;

use crate::{Call, Error, types};

/// A create whose reply is Palette's `Uid`. The reply's `uid` may be `null` as far as its type
/// goes (Go writes an unset required field that way), but a workflow that returns the new
/// object's uid needs one: a reply without it is an error naming the operation.
pub(crate) trait SendForUid: Call<Output = types::Uid> {
    /// Sends the create and returns the uid of what it made.
    fn send_for_uid(self) -> impl Future<Output = Result<String, Error>> + Send {
        async move {
            self.send()
                .await?
                .uid
                .filter(|uid| !uid.is_empty())
                .ok_or_else(|| Error::missing_field(Self::OPERATION, "uid"))
        }
    }
}

impl<C: Call<Output = types::Uid>> SendForUid for C {}
