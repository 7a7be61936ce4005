//! Operations progenitor cannot generate (file uploads, a call with two success replies), sent like generated ones; this layer uses client/ and the layers below it.
//!
//! Each goes through the same `ClientHooks` as a generated call (credentials and scope, the
//! operation timeout, rate limit, retries, session renewal, tracing and redaction), takes its
//! facts from the generated operation table, and implements [`Call`](crate::Call), so
//! `.send()` and `.send_with_response()` work and fail with the same [`Error`](crate::Error).

#[cfg(feature = "system")]
mod activate;
// The encoder serves the uploads of `clouds`, `clusterprofiles` and `spectroclusters`;
// `FilePart` is in every build.
#[cfg_attr(
    not(any(
        feature = "clouds",
        feature = "clusterprofiles",
        feature = "spectroclusters"
    )),
    allow(dead_code)
)]
mod multipart;
mod uploads;

#[cfg(feature = "system")]
pub use activate::SystemActivate;
pub use multipart::FilePart;
#[allow(unused_imports)]
pub use uploads::*;

use progenitor_client::{ClientHooks, OperationInfo};

use crate::client::generated::{Error as GeneratedError, ResponseValue};
use crate::document::operation::Operation;
use crate::{Client, types};

/// Sends a request built by hand through the client's hooks, as a generated `send` does, and
/// returns the reply when it has the documented success status (the `exec` hook rebuilds
/// other 2xx replies to that status); an error reply otherwise.
async fn exchange(
    client: &Client,
    operation: &'static Operation,
    request: Result<reqwest::Request, reqwest::Error>,
) -> Result<reqwest::Response, GeneratedError<types::ApiError>> {
    let mut request = request?;
    let info = OperationInfo {
        operation_id: operation.fn_name,
    };
    client.pre(&mut request, &info).await?;
    let result = client.exec(request, &info).await;
    client.post(&result, &info).await?;
    let response = result?;
    let status = response.status();
    if status.as_u16() == operation.success_status {
        return Ok(response);
    }
    if status.is_client_error() || status.is_server_error() {
        return Err(GeneratedError::ErrorResponse(
            ResponseValue::from_response(response).await?,
        ));
    }
    Err(GeneratedError::UnexpectedResponse(response))
}

/// [`exchange`] for an operation whose success reply has no body.
pub(crate) async fn send_empty(
    client: &Client,
    operation: &'static Operation,
    request: Result<reqwest::Request, reqwest::Error>,
) -> Result<ResponseValue<()>, GeneratedError<types::ApiError>> {
    let response = exchange(client, operation, request).await?;
    Ok(ResponseValue::empty(response))
}

/// [`exchange`] for an operation whose success reply is JSON of `T`.
pub(crate) async fn send_json<T: serde::de::DeserializeOwned>(
    client: &Client,
    operation: &'static Operation,
    request: Result<reqwest::Request, reqwest::Error>,
) -> Result<ResponseValue<T>, GeneratedError<types::ApiError>> {
    let response = exchange(client, operation, request).await?;
    ResponseValue::from_response(response).await
}

/// The request for `operation`, at `path` (already checked and encoded), with the JSON
/// `Accept` header every generated request has.
pub(crate) fn request(
    client: &Client,
    operation: &Operation,
    path: &str,
) -> reqwest::RequestBuilder {
    let method =
        reqwest::Method::from_bytes(operation.method.as_bytes()).unwrap_or(reqwest::Method::POST);
    client
        .client
        .request(method, format!("{}{path}", client.baseurl))
        .header(
            reqwest::header::ACCEPT,
            reqwest::header::HeaderValue::from_static("application/json"),
        )
}

/// A path parameter, checked and percent-encoded, or the request error naming it.
// The error is the generated code's, as large as `crate::codec::path::checked`'s.
#[allow(clippy::result_large_err)]
pub(crate) fn segment(
    name: &'static str,
    value: &str,
) -> Result<String, GeneratedError<types::ApiError>> {
    crate::codec::path::checked(name, value).map(|s| s.to_string())
}
