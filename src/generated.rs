//! The client progenitor generates from the document under openapi/ at build time; nothing hand-written.

include!(concat!(env!("OUT_DIR"), "/client.rs"));
include!(concat!(env!("OUT_DIR"), "/operations.rs"));

/// Open enums for every string enum of the document: the values this version knows as
/// variants, and anything a newer Palette sends as `Unknown(String)`, kept as sent.
pub mod enums {
    include!(concat!(env!("OUT_DIR"), "/enums.rs"));
}
