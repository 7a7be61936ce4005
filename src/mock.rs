//! progenitor's typed httpmock helpers for every operation, generated at build time (`mock` feature).

pub use crate::mock_reply::Then;
pub use crate::mock_request::{Route, When};

include!(concat!(env!("OUT_DIR"), "/mock.rs"));
