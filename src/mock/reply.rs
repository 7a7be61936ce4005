//! The reply half of every operation's httpmock helper: what the mock answers, and Palette's error replies, written once for all operations.

use std::borrow::Borrow;
use std::marker::PhantomData;

use crate::mock::request::When;
use crate::types;

/// Sets up a mock on `server` for one operation: `when` (the operation's `XWhen::new`) sets
/// its method and path, then `config` its request and reply. Every operation's
/// `MockServerExt` method calls this, so there is one closure for all of them.
pub(crate) fn mock<'a, W, Op, F>(
    server: &'a httpmock::MockServer,
    when: fn(httpmock::When) -> W,
    config: F,
) -> httpmock::Mock<'a>
where
    F: FnOnce(W, Then<Op>),
{
    server.mock(|w, t| config(when(w), Then::new(t)))
}

/// What a mocked operation answers, for the operation `Op` (its `...When` type).
///
/// Each operation's `mock::operations::XThen` is this type, with the replies that operation
/// documents (`ok`, `created`, `no_content`, ...) added; the error replies and the way back
/// to httpmock's own [`Then`](httpmock::Then) are here, for all of them.
///
/// ```no_run
/// # fn example(server: &httpmock::MockServer) {
/// use palette_sdk::mock::MockServerExt;
/// use palette_sdk::types;
///
/// server.workspaces_uid_get(|when, then| {
///     when.uid("651aa2f7");
///     then.client_error(404, types::ApiError {
///         code: Some("WorkspaceNotFound".into()),
///         ..Default::default()
///     });
/// });
/// # }
/// ```
pub struct Then<Op>(pub(crate) httpmock::Then, PhantomData<fn() -> Op>);

impl<Op> Then<Op> {
    /// Wraps httpmock's `Then`.
    pub fn new(inner: httpmock::Then) -> Self {
        Then(inner, PhantomData)
    }

    /// httpmock's `Then`, to answer what the typed helpers cannot (another status, a
    /// malformed body, a delay).
    pub fn into_inner(self) -> httpmock::Then {
        self.0
    }

    /// Answers a 4xx `status` with Palette's error body.
    ///
    /// # Panics
    ///
    /// If `status` is not a 4xx status: a mistake in the test that sets the mock up.
    pub fn client_error<V: Borrow<types::ApiError>>(self, status: u16, value: V) -> Self {
        assert!(
            (400..500).contains(&status),
            "client_error answers a 4xx status, not {status}"
        );
        self.json(status, value.borrow())
    }

    /// Answers a 5xx `status` with Palette's error body.
    ///
    /// # Panics
    ///
    /// If `status` is not a 5xx status: a mistake in the test that sets the mock up.
    pub fn server_error<V: Borrow<types::ApiError>>(self, status: u16, value: V) -> Self {
        assert!(
            (500..600).contains(&status),
            "server_error answers a 5xx status, not {status}"
        );
        self.json(status, value.borrow())
    }

    /// Answers `status` with `value` as JSON: what every operation's typed replies do.
    pub(crate) fn json<T: serde::Serialize>(self, status: u16, value: &T) -> Self {
        Then::new(
            self.0
                .status(status)
                .header("content-type", "application/json")
                .json_body_obj(value),
        )
    }
}

/// An operation whose success reply is 200 with a JSON body: [`Then::ok`] answers it.
pub trait OkReply {
    /// The body's type.
    type Ok: serde::Serialize;
}

/// An operation whose success reply is 201 with a JSON body: [`Then::created`] answers it.
pub trait CreatedReply {
    /// The body's type.
    type Created: serde::Serialize;
}

/// An operation whose success reply is 204 with no body: [`Then::no_content`] answers it.
pub trait NoContentReply {}

impl<Op: OkReply> Then<When<Op>> {
    /// Answers 200 with `value` (the operation's reply type, or a reference to one) as JSON.
    pub fn ok<V: Borrow<Op::Ok>>(self, value: V) -> Self {
        self.json(200, value.borrow())
    }
}

impl<Op: CreatedReply> Then<When<Op>> {
    /// Answers 201 with `value` (the operation's reply type, or a reference to one) as JSON.
    pub fn created<V: Borrow<Op::Created>>(self, value: V) -> Self {
        self.json(201, value.borrow())
    }
}

impl<Op: NoContentReply> Then<When<Op>> {
    /// Answers 204 with no body.
    pub fn no_content(self) -> Self {
        Then::new(self.0.status(204))
    }
}
