//! What the fake serves: its route table, for a documented operation it does not serve a 501 that names the operation, and in front of everything the faults a test scheduled.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;

use super::serve::{Reply, Shared};
use crate::client::table as operation;
use crate::document::operation::Operation;
use crate::testing::refusal::{Refusal, refuse};

/// The fake's routes, with the path templates they serve.
pub(crate) struct Routes {
    router: Router<Arc<Shared>>,
    templates: BTreeSet<String>,
}

impl Routes {
    pub(crate) fn new() -> Self {
        Routes {
            router: Router::new(),
            templates: BTreeSet::new(),
        }
    }

    /// Serves `path` (a template such as `/v1/users/{uid}`) with `method_router`.
    pub(crate) fn route(mut self, path: &str, method_router: MethodRouter<Arc<Shared>>) -> Self {
        self.templates.insert(shape(path));
        self.router = self.router.route(path, method_router);
        self
    }

    /// Serves `other`'s routes too.
    pub(crate) fn merge(mut self, other: Routes) -> Self {
        self.templates.extend(other.templates);
        self.router = self.router.merge(other.router);
        self
    }

    /// The router: a documented operation the fake does not serve answers 501
    /// `NotImplementedByFake` naming it, even where a route with a parameter would take its
    /// path (`GET /v1/users/meta` beside `GET /v1/users/{uid}`); a path no operation has is
    /// Palette's 404 `ResourceNotFound`.
    pub(crate) fn into_router(self) -> Router<Arc<Shared>> {
        let served = Arc::new(self.templates);
        let for_fallback = Arc::clone(&served);
        let unrouted = move |method: Method, uri: Uri| {
            let served = Arc::clone(&for_fallback);
            async move { unrouted(&served, &method, uri.path()) }
        };
        self.router
            .method_not_allowed_fallback(unrouted.clone())
            .route_layer(middleware::from_fn_with_state(served, shadowed))
            .fallback(unrouted)
    }
}

/// A template with its parameters' names left out: `/v1/users/{uid}` becomes `/v1/users/{}`.
fn shape(template: &str) -> String {
    template
        .split('/')
        .map(|segment| if is_parameter(segment) { "{}" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
}

fn is_parameter(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// Whether `template` matches `path`, and how closely: for each segment, `true` where the
/// template has a literal and `false` where it has a parameter. Compared as a whole, the
/// larger is the closer match (a literal beats a parameter, earlier segments first), which is
/// how the router chooses between routes.
fn closeness(template: &str, path: &str) -> Option<Vec<bool>> {
    let template: Vec<&str> = template.split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    if template.len() != path.len() {
        return None;
    }
    template
        .iter()
        .zip(&path)
        .map(|(t, p)| {
            if is_parameter(t) {
                (!p.is_empty()).then_some(false)
            } else {
                (t == p).then_some(true)
            }
        })
        .collect()
}

/// The documented operation a request is for: the closest match of those with its method.
fn operation_for(method: &Method, path: &str) -> Option<(&'static Operation, Vec<bool>)> {
    operation::all()
        .iter()
        .filter(|op| op.method == method.as_str())
        .filter_map(|op| closeness(op.path, path).map(|close| (op, close)))
        .max_by(|a, b| a.1.cmp(&b.1))
}

/// How closely the route the fake picks for `path` matches it, if any route does.
fn route_for(served: &BTreeSet<String>, path: &str) -> Option<Vec<bool>> {
    served.iter().filter_map(|t| closeness(t, path)).max()
}

fn not_implemented(op: &Operation) -> Refusal {
    refuse(
        501,
        "NotImplementedByFake",
        format!(
            "the fake Palette does not implement {} ({} {})",
            op.id, op.method, op.path
        ),
    )
}

/// In front of every route: a documented operation closer to the request than the route the
/// fake picked is one the fake does not serve.
async fn shadowed(
    State(served): State<Arc<BTreeSet<String>>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if let Some((op, close)) = operation_for(request.method(), path)
        && route_for(&served, path).is_none_or(|route| close > route)
    {
        return not_implemented(op).into_response();
    }
    next.run(request).await
}

/// No route, or none for the method: a documented operation gets a 501 naming it, unless a
/// closer route took the path (405); anything else gets Palette's 404.
fn unrouted(served: &BTreeSet<String>, method: &Method, path: &str) -> Reply {
    match operation_for(method, path) {
        Some((op, close)) if route_for(served, path).is_none_or(|route| close >= route) => {
            Err(not_implemented(op))
        }
        Some(_) => Err(refuse(
            405,
            "MethodNotAllowed",
            format!("{method} is not allowed on {path}"),
        )),
        None => Err(refuse(
            404,
            "ResourceNotFound",
            format!("the fake has no operation at {method} {path}"),
        )),
    }
}

/// In front of everything: a call a test scheduled to fail answers its status.
pub(crate) async fn scheduled_faults(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    if let Some((op, _)) = operation_for(request.method(), request.uri().path()) {
        let due = shared
            .faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .on_call(op);
        if let Some(refusal) = due {
            return refusal.into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_by_segment_and_literals_are_closer() {
        let param = closeness("/v1/users/{uid}", "/v1/users/meta").unwrap();
        let literal = closeness("/v1/users/meta", "/v1/users/meta").unwrap();
        assert!(literal > param);
        assert_eq!(closeness("/v1/users/{uid}", "/v1/users/"), None);
        assert_eq!(closeness("/v1/users/{uid}", "/v1/users/a/b"), None);
        assert_eq!(shape("/v1/users/{uid}/projects"), "/v1/users/{}/projects");
    }

    #[test]
    fn a_request_maps_to_its_documented_operation() {
        let (op, _) = operation_for(&Method::GET, "/v1/workspaces/abc").unwrap();
        assert_eq!(op.id, "workspacesUidGet");
        let (op, _) = operation_for(&Method::GET, "/v1/workspaces/validate/name").unwrap();
        assert_eq!(op.id, "workspacesValidateName");
        assert!(operation_for(&Method::GET, "/v1/nothing/here").is_none());
    }

    #[test]
    fn unserved_operations_are_501_and_unknown_paths_404() {
        let served: BTreeSet<String> = [shape("/v1/workspaces/{uid}")].into();
        let err = unrouted(&served, &Method::PUT, "/v1/workspaces/abc/meta").unwrap_err();
        assert_eq!((err.status, err.code), (501, "NotImplementedByFake"));
        assert!(
            err.message.contains("workspacesUidMetaUpdate"),
            "{}",
            err.message
        );
        let err = unrouted(&served, &Method::GET, "/v1/nothing").unwrap_err();
        assert_eq!((err.status, err.code), (404, "ResourceNotFound"));
    }
}
