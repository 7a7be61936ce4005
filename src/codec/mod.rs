//! How values cross the wire and show in text: open enums, optional-field structs, setter conversion, path and query encoding, secret masking. Uses nothing else in the crate.

pub(crate) mod open_enum;
pub(crate) mod path;
// Used by the generated code of the categories that have comma-joined query arrays.
#[allow(dead_code)]
pub(crate) mod query;
pub(crate) mod redact;
pub(crate) mod setter;
pub(crate) mod struct_fields;
