//! progenitor's typed httpmock helpers for every operation, generated at build time (`mock` feature).

include!(concat!(env!("OUT_DIR"), "/mock.rs"));
