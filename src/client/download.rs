//! File replies (kubeconfigs, logs, manifests, pack content, images) read whole, as bytes.

use bytes::{Bytes, BytesMut};
use futures_util::TryStreamExt;

use crate::client::generated::{ByteStream, Error as GeneratedError, ResponseValue};
use crate::types;

/// Reads a file reply whole, keeping its status and headers. The client's `exec` hook already
/// read the body within the attempt (so a cut-off download is retried like any reply), so this
/// joins what is in memory; a failure is the body error it would be for a JSON reply.
///
/// A reply without a file (a 204, or a 200 with an empty body) is a decode error: Palette
/// documents a file there, and an empty one would pass for a kubeconfig or a log that is not.
// Only the categories with file replies use it.
#[allow(dead_code)]
pub(crate) async fn collect(
    reply: Result<ResponseValue<ByteStream>, GeneratedError<types::ApiError>>,
) -> Result<ResponseValue<Bytes>, GeneratedError<types::ApiError>> {
    let reply = reply?;
    let status = reply.status();
    let headers = reply.headers().clone();
    let mut stream = reply.into_inner().into_inner();
    let mut body = BytesMut::new();
    while let Some(chunk) = stream
        .try_next()
        .await
        .map_err(GeneratedError::ResponseBodyError)?
    {
        body.extend_from_slice(&chunk);
    }
    if body.is_empty() {
        let error = <serde_json::Error as serde::de::Error>::custom(
            "the reply holds no file (an empty body, or 204 No Content) where one is documented",
        );
        return Err(GeneratedError::InvalidResponsePayload(body.freeze(), error));
    }
    Ok(ResponseValue::new(body.freeze(), status, headers))
}
