//! progenitor's typed httpmock helpers for every operation, generated at build time (`mock` feature).

pub use crate::mock_reply::{CreatedReply, NoContentReply, OkReply, Then};
pub use crate::mock_request::{JsonBody, ProjectScoped, Route, When};

include!(concat!(env!("OUT_DIR"), "/mock.rs"));
