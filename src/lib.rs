#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The layers, bottom to top; each uses only the ones listed before it (checked by
// `cargo xtask layers`). The public paths are the re-exports below.
mod client;
mod codec;
pub mod config;
mod document;
pub mod error;
pub mod ext;
#[doc(hidden)]
pub mod fuzzing;
/// Operations progenitor cannot generate, written by hand: file uploads and the activation of
/// a self-hosted Palette. Their builders come from [`Client`] methods named after their
/// operationIds, like generated ones.
pub mod hand_written;
#[cfg(feature = "mock")]
#[allow(missing_docs, clippy::all)]
pub mod mock;
mod send;
pub mod state;
#[cfg(feature = "testing")]
pub mod testing;

pub use client::generated::prelude::*;
pub use client::generated::{ResponseValue, builder};
pub use config::{ClientBuilder, ConfigError, EnvConfig};
pub use document::resource::Resource;
pub use document::{enums, types};
pub use error::retryable::is_retryable_status;
pub use error::{
    ApiError, DecodeError, Error, NameKind, RequestError, SessionError, TimeoutError,
    TransportError, TransportKind,
};
#[doc(no_inline)]
pub use send::call::Call;
pub use send::ratelimit::RateLimit;
pub use send::retry::RetryPolicy;
pub use send::{call, pagination, wait};
pub use state::credentials::{LoginCredentials, SessionPolicy};
pub use state::scope::{ProjectUid, Scope};

/// Static facts about each operation of the document (method, path template, scope, success
/// code), and lookups over them.
pub mod operation {
    pub use crate::client::table::{all, count_in_api, feature_of, find};
    pub use crate::document::operation::Operation;
}

/// The client, the per-area operation traits, [`Call`], [`Resource`] and
/// [`Paged`](pagination::Paged), for
/// `use palette_sdk::prelude::*`.
pub mod prelude {
    #[doc(no_inline)]
    pub use crate::Call;
    pub use crate::Resource;
    pub use crate::client::generated::prelude::*;
    #[doc(no_inline)]
    pub use crate::pagination::Paged;
}
