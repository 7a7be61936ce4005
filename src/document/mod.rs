//! The API as the document under openapi/ describes it: the generated types and open enums, the facts of each operation, and the `Resource` trait those types implement. Uses codec/ only.

pub mod enums;
pub(crate) mod operation;
pub(crate) mod resource;
pub mod types;
