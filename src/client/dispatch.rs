//! The end of every generated request: through the client's hooks, then the reply read for its documented status.
//!
//! progenitor writes these lines into each operation's `send`; the codegen moves the building
//! of the request into a plain function and makes `send` return the future of one function
//! here, shared by every operation with the same reply type: no operation has an async state
//! machine of its own, which keeps the compiled code of the whole API's 1,182 operations within
//! reach of a laptop.

use progenitor_client::{ClientHooks, OperationInfo};

use crate::Client;
use crate::client::generated::{ByteStream, Error, ResponseValue};
use crate::types;

/// Sends `request` (or fails with the error that kept it from being built) as the operation
/// `operation_id` through the hooks (scope, credentials, operation timeout, rate limit,
/// retries, session renewal, tracing), and returns the reply if it has the `success` status;
/// a 4xx or 5xx reply is Palette's error.
async fn exchange(
    client: &Client,
    request: Result<reqwest::Request, Error<types::ApiError>>,
    operation_id: &'static str,
    success: u16,
) -> Result<reqwest::Response, Error<types::ApiError>> {
    let mut request = request?;
    let info = OperationInfo { operation_id };
    client.pre(&mut request, &info).await?;
    let result = client.exec(request, &info).await;
    client.post(&result, &info).await?;
    let response = result?;
    match response.status().as_u16() {
        status if status == success => Ok(response),
        400..=599 => Err(Error::ErrorResponse(
            ResponseValue::from_response(response).await?,
        )),
        _ => Err(Error::UnexpectedResponse(response)),
    }
}

/// An operation whose success reply is JSON of `T`.
pub(crate) async fn json<T: serde::de::DeserializeOwned>(
    client: &Client,
    request: Result<reqwest::Request, Error<types::ApiError>>,
    operation_id: &'static str,
    success: u16,
) -> Result<ResponseValue<T>, Error<types::ApiError>> {
    let response = exchange(client, request, operation_id, success).await?;
    ResponseValue::from_response(response).await
}

/// An operation whose success reply has no body.
#[allow(dead_code)]
pub(crate) async fn empty(
    client: &Client,
    request: Result<reqwest::Request, Error<types::ApiError>>,
    operation_id: &'static str,
    success: u16,
) -> Result<ResponseValue<()>, Error<types::ApiError>> {
    let response = exchange(client, request, operation_id, success).await?;
    Ok(ResponseValue::empty(response))
}

/// An operation whose success reply is a file.
#[allow(dead_code)]
pub(crate) async fn stream(
    client: &Client,
    request: Result<reqwest::Request, Error<types::ApiError>>,
    operation_id: &'static str,
    success: u16,
) -> Result<ResponseValue<ByteStream>, Error<types::ApiError>> {
    let response = exchange(client, request, operation_id, success).await?;
    Ok(ResponseValue::stream(response))
}
