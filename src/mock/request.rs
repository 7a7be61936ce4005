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

    /// Matches one path parameter: `pattern` is the operation's path with `{}` where the
    /// parameter goes (see [`path_with`]).
    pub(crate) fn path_param(self, pattern: &str, value: &str) -> Self {
        When::wrap(self.0.path_matches(path_with(pattern, value)))
    }
}

/// An operation whose request has a JSON body: [`When::body`] matches it.
pub trait JsonBody {
    /// The body's type.
    type Body: serde::Serialize;
}

impl<Op: JsonBody> When<Op> {
    /// Matches a request whose body is `value` (the operation's body type, or a reference to
    /// one) as JSON.
    pub fn body<V: std::borrow::Borrow<Op::Body>>(self, value: V) -> Self {
        When::wrap(self.0.json_body_obj(value.borrow()))
    }
}

/// An operation that takes Palette's `ProjectUid` header: its typed mock matches the header
/// with [`When::project_uid`].
pub trait ProjectScoped: Route {}

impl<Op: ProjectScoped> When<Op> {
    /// Matches the `ProjectUid` header: `Some(uid)` (or a `&str`) a request sent in that
    /// project, `None` a request sent without the header, in the tenant's scope.
    ///
    /// ```no_run
    /// # fn example(server: &httpmock::MockServer) {
    /// use palette_sdk::mock::MockServerExt;
    ///
    /// server.spectro_clusters_get(|when, then| {
    ///     when.uid("c1").project_uid("p1");
    ///     then.into_inner().status(200).body("{}");
    /// });
    /// # }
    /// ```
    pub fn project_uid<'a, T: Into<Option<&'a str>>>(self, value: T) -> Self {
        match value.into() {
            Some(project) => When::wrap(self.0.header("ProjectUid", project)),
            None => When::wrap(self.0.header_missing("ProjectUid")),
        }
    }
}

/// The pattern of a path parameter's matcher, with the parameter's place (`{}`) holding the
/// value as the client sends it: percent-encoded (`team a` is `team%20a`), then escaped, so that
/// no value is read as regex syntax.
pub(crate) fn path_with(pattern: &str, value: &str) -> regex::Regex {
    let sent = crate::codec::path::Segment(value).to_string();
    regex::Regex::new(&pattern.replacen("{}", &regex::escape(&sent), 1))
        .expect("a generated pattern with an escaped value is a valid regex")
}

#[cfg(test)]
mod tests {
    use super::path_with;

    #[test]
    fn a_value_matches_the_path_the_client_sends_for_it() {
        let pattern = "^/v1/teams/{}/roles$";
        for (value, sent) in [
            ("team a", "/v1/teams/team%20a/roles"),
            ("a+b", "/v1/teams/a%2Bb/roles"),
            ("a(b", "/v1/teams/a%28b/roles"),
            ("x.*", "/v1/teams/x.%2A/roles"),
            ("ü/..", "/v1/teams/%C3%BC%2F../roles"),
        ] {
            let re = path_with(pattern, value);
            assert!(re.is_match(sent), "{value:?} should match {sent}");
            assert!(
                !re.is_match("/v1/teams/other/roles"),
                "{value:?} matches only itself"
            );
        }
        // Regex syntax in a value is literal text, not a pattern.
        assert!(!path_with(pattern, "x.*").is_match("/v1/teams/xyz/roles"));
    }
}
