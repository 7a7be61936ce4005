//! The client progenitor generates from openapi/palette.yaml at build time; nothing hand-written.

include!(concat!(env!("OUT_DIR"), "/client.rs"));
include!(concat!(env!("OUT_DIR"), "/operations.rs"));
