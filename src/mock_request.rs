//! The request half of every operation's httpmock helper: the operation's method and path, matched by one generic type for all operations.

use std::marker::PhantomData;

/// The method and path of one operation, for its typed mock. Each operation has a marker type
/// in `mock::operations` that implements it.
pub trait Route {
    /// The HTTP method.
    const METHOD: httpmock::Method;
    /// The path as an anchored regular expression; each path parameter matches one segment.
    const PATH: &'static str;
}

/// What a mocked operation matches, for the operation `Op` (its marker type).
///
/// Each operation's `mock::operations::XWhen` is this type, with the matchers that operation
/// documents (its path parameters, query parameters and body) added; the method and path,
/// and the way back to httpmock's own [`When`](httpmock::When), are here for all of them.
///
/// ```no_run
/// # fn example(server: &httpmock::MockServer) {
/// use palette_sdk::mock::MockServerExt;
///
/// server.workspaces_uid_get(|when, then| {
///     // Matches GET /v1/workspaces/651aa2f7, and only with this header too.
///     when.uid("651aa2f7").into_inner().header("ProjectUid", "p1");
///     then.into_inner().status(200).body("{}");
/// });
/// # }
/// ```
pub struct When<Op>(pub(crate) httpmock::When, PhantomData<fn() -> Op>);

impl<Op: Route> When<Op> {
    /// Wraps httpmock's `When`, matching the operation's method and path.
    pub fn new(inner: httpmock::When) -> Self {
        let path = regex::Regex::new(Op::PATH).expect("the generated path patterns are valid");
        When::wrap(inner.method(Op::METHOD).path_matches(path))
    }
}

impl<Op> When<Op> {
    /// httpmock's `When`, to match what the typed helpers cannot (a header, part of a body).
    pub fn into_inner(self) -> httpmock::When {
        self.0
    }

    /// Wraps a `When` that already matches the operation (what each matcher returns).
    pub(crate) fn wrap(inner: httpmock::When) -> Self {
        When(inner, PhantomData)
    }
}
