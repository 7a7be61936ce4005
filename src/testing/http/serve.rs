//! How handlers are served: the shared state, each request as a handler sees it (who is calling and in which scope, path, query, JSON body), and replies shaped like Go's.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::faults::Faults;
use crate::testing::model::Model;

use crate::testing::refusal::{Refusal, refuse};
use crate::testing::seed;

/// What every handler shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) model: Mutex<Model>,
    /// Calls a test scheduled to fail.
    pub(crate) faults: Mutex<Faults>,
}

pub(crate) type State = axum::extract::State<Arc<Shared>>;

impl Shared {
    pub(crate) fn model(&self) -> MutexGuard<'_, Model> {
        self.model.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A reply of the fake: a Palette error, or a body with a status.
pub(crate) type Reply = Result<Response, Refusal>;

/// One request as a handler sees it: the fake's state, the caller's headers, the path's
/// parameters in the template's order, the query and the body.
pub(crate) struct Req {
    pub(crate) state: State,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    params: Vec<String>,
    query: Option<String>,
}

impl Req {
    /// The fake's model, locked.
    pub(crate) fn model(&self) -> MutexGuard<'_, Model> {
        self.state.model()
    }

    /// Checks the caller's credentials (see [`authenticate`]).
    pub(crate) fn authenticate(&self) -> Result<(), Refusal> {
        authenticate(&self.state, &self.headers)
    }

    /// Checks the caller and reads the scope: a known project, or the tenant (see [`caller`]).
    pub(crate) fn caller(&self) -> Result<Option<String>, Refusal> {
        caller(&self.state, &self.headers)
    }

    /// The route's `N` path parameters, percent-decoded, in the template's order.
    pub(crate) fn path<const N: usize>(&self) -> Result<[String; N], Refusal> {
        <[String; N]>::try_from(self.params.clone()).map_err(|found| missing_param(N, found.len()))
    }

    /// The path parameter at `index`, in the template's order.
    #[cfg_attr(
        not(all(feature = "spectroclusters", feature = "cloudconfigs")),
        allow(dead_code)
    )]
    pub(crate) fn param(&self, index: usize) -> Result<&str, Refusal> {
        self.params
            .get(index)
            .map(String::as_str)
            .ok_or_else(|| missing_param(index + 1, self.params.len()))
    }

    /// Takes the first path parameter out, leaving the rest for the handler.
    #[cfg_attr(
        not(all(feature = "spectroclusters", feature = "cloudconfigs")),
        allow(dead_code)
    )]
    pub(crate) fn shift(&mut self) -> Result<String, Refusal> {
        if self.params.is_empty() {
            return Err(missing_param(1, 0));
        }
        Ok(self.params.remove(0))
    }

    /// The query's parameters; of a repeated name, the last value.
    pub(crate) fn query(&self) -> HashMap<String, String> {
        let query = self.query.as_deref().unwrap_or_default();
        url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect()
    }
}

/// A route whose handler reads more path parameters than the route has: a bug of the fake.
fn missing_param(wanted: usize, found: usize) -> Refusal {
    refuse(
        500,
        "InternalError",
        format!("the fake's route has {found} path parameter(s), its handler reads {wanted}"),
    )
}

/// A handler of the fake, made servable by [`serve`].
///
/// Handlers are plain functions of a [`Req`]: every route reaches them through this one type,
/// so axum's routing code is compiled once for the fake instead of once per handler.
#[derive(Clone)]
pub(crate) struct Served(Arc<dyn Fn(Req) -> Reply + Send + Sync>);

/// Serves `handler` on a route: `get(serve(read))`, `post(serve(move |req| create(req, cloud)))`.
pub(crate) fn serve(handler: impl Fn(Req) -> Reply + Send + Sync + 'static) -> Served {
    Served(Arc::new(handler))
}

/// Marks [`Served`]'s one way of being an axum handler.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ByReq {}

impl axum::handler::Handler<ByReq, Arc<Shared>> for Served {
    type Future = Pin<Box<dyn Future<Output = Response> + Send>>;

    fn call(self, request: Request, state: Arc<Shared>) -> Self::Future {
        Box::pin(async move {
            match read_request(request, &state).await {
                Ok(req) => (self.0)(req).into_response(),
                Err(rejected) => rejected,
            }
        })
    }
}

/// Reads what a [`Req`] holds, answering as axum's extractors would where a part is malformed.
async fn read_request(request: Request, state: &Arc<Shared>) -> Result<Req, Response> {
    let (mut parts, body) = request.into_parts();
    let params = match RawPathParams::from_request_parts(&mut parts, state).await {
        Ok(params) => params.iter().map(|(_, value)| value.to_owned()).collect(),
        Err(RawPathParamsRejection::MissingPathParams(_)) => Vec::new(),
        Err(rejected) => return Err(rejected.into_response()),
    };
    let headers = parts.headers.clone();
    let query = parts.uri.query().map(str::to_owned);
    let body = Bytes::from_request(Request::from_parts(parts, body), state)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(Req {
        state: axum::extract::State(Arc::clone(state)),
        headers,
        body,
        params,
        query,
    })
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        // Palette's API-key middleware answers a wrong key in plain text.
        if self.code == "Forbidden" {
            return with_audit((StatusCode::FORBIDDEN, "Forbidden").into_response());
        }
        let body = serde_json::json!({
            "code": self.code,
            "message": self.message,
            "ref": format!("fake-{}", self.status),
            "details": null,
        });
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        with_audit((status, json_headers(), body.to_string()).into_response())
    }
}

/// A JSON reply with Go's habits: empty lists are written as `null`.
pub(crate) fn json<T: Serialize>(status: u16, value: &T) -> Reply {
    let mut value = serde_json::to_value(value).map_err(|e| {
        refuse(
            500,
            "InternalError",
            format!("the fake could not encode its reply: {e}"),
        )
    })?;
    go_nulls(&mut value);
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    Ok(with_audit(
        (status, json_headers(), value.to_string()).into_response(),
    ))
}

/// A 204 reply.
pub(crate) fn no_content() -> Reply {
    status_only(204)
}

/// A reply with no body, such as a 202 for work started in the background.
pub(crate) fn status_only(status: u16) -> Reply {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::NO_CONTENT);
    Ok(with_audit(status.into_response()))
}

fn json_headers() -> [(header::HeaderName, &'static str); 1] {
    [(header::CONTENT_TYPE, "application/json")]
}

/// Every reply carries an `AuditUid`, as many of Palette's do.
fn with_audit(mut response: Response) -> Response {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    if let Ok(value) = HeaderValue::from_str(&format!("audit-{n:08}")) {
        response.headers_mut().insert("AuditUid", value);
    }
    response
}

/// Empty arrays become `null`, as Go writes nil slices.
fn go_nulls(value: &mut Value) {
    match value {
        Value::Array(items) if items.is_empty() => *value = Value::Null,
        Value::Array(items) => items.iter_mut().for_each(go_nulls),
        Value::Object(map) => map.values_mut().for_each(go_nulls),
        _ => {}
    }
}

/// Reads a JSON body, refusing a malformed one as Palette does.
pub(crate) fn body<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, Refusal> {
    serde_json::from_slice(bytes).map_err(|e| {
        refuse(
            400,
            "InvalidRequestBody",
            format!("the request body is not valid: {e}"),
        )
    })
}

/// A boolean query parameter: `true` or `false`, `default` when absent or empty; any other
/// value is refused with 400 `InvalidQueryParameter`, as Palette refuses it.
#[cfg_attr(
    not(any(
        feature = "clusterprofiles",
        feature = "registries",
        feature = "spectroclusters"
    )),
    allow(dead_code)
)]
pub(crate) fn flag(
    params: &std::collections::HashMap<String, String>,
    name: &str,
    default: bool,
) -> Result<bool, Refusal> {
    match params.get(name).map(String::as_str) {
        None | Some("") => Ok(default),
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        Some(other) => Err(refuse(
            400,
            "InvalidQueryParameter",
            format!("{name} '{other}' is not true or false"),
        )),
    }
}

/// Checks the caller's credentials: the seed API key or a created one that is active and
/// unexpired, or a live session token.
fn authenticate(shared: &Shared, headers: &HeaderMap) -> Result<(), Refusal> {
    if let Some(key) = headers.get("ApiKey") {
        let created = || {
            key.to_str()
                .is_ok_and(|key| shared.model().admin.api_key_valid(key))
        };
        return if key.as_bytes() == seed::API_KEY.as_bytes() || created() {
            Ok(())
        } else {
            Err(refuse(403, "Forbidden", "Forbidden"))
        };
    }
    match headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        Some(token) if shared.model().token_valid(token) => Ok(()),
        Some(_) => Err(refuse(
            401,
            "InvalidAuthToken",
            "the session token is invalid or has expired",
        )),
        None => Err(refuse(
            401,
            "Unauthorized",
            "send an ApiKey or Authorization header",
        )),
    }
}

/// Checks the caller and reads the scope: a known project, or the tenant.
fn caller(shared: &Shared, headers: &HeaderMap) -> Result<Option<String>, Refusal> {
    authenticate(shared, headers)?;
    let Some(project) = headers.get("ProjectUid") else {
        return Ok(None);
    };
    let project = project.to_str().unwrap_or_default();
    shared.model().admin.project(project)?;
    Ok(Some(project.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn empty_lists_are_written_as_null_at_any_depth() {
        let mut value = json!({"a": [], "b": {"c": [], "d": [1, []]}, "e": "x"});
        go_nulls(&mut value);
        assert_eq!(
            value,
            json!({"a": null, "b": {"c": null, "d": [1, null]}, "e": "x"})
        );
    }
}
