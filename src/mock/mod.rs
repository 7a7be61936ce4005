//! progenitor's typed httpmock helpers for every operation, generated at build time (`mock` feature); this layer uses document/ and codec/ only.

mod reply;
mod request;

pub use reply::{CreatedReply, NoContentReply, OkReply, Then};
pub use request::{JsonBody, ProjectScoped, Route, When};

include!(concat!(env!("OUT_DIR"), "/mock.rs"));
