//! The generated operation table, and each request builder's `Call` (and `Paged`) impl that sends it through the exchange; nothing hand-written.
#![allow(missing_docs, clippy::all)]

use super::generated::{Error, ResponseValue, builder};
use crate::types;

include!(concat!(env!("OUT_DIR"), "/operations.rs"));
