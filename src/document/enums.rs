//! Open enums for every string enum of the document: the values this version knows as variants, and anything a newer Palette sends as `Unknown(String)`, kept as sent.
#![allow(missing_docs, clippy::all)]

include!(concat!(env!("OUT_DIR"), "/enums.rs"));
