//! progenitor's typed httpmock helpers for every operation, generated at build time (`mock` feature).

pub use crate::mock_reply::Then;

include!(concat!(env!("OUT_DIR"), "/mock.rs"));
