#![doc = include_str!("../README.md")]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth;
pub mod call;
pub mod config;
mod deadline;
mod dispatch;
mod download;
pub mod error;
pub mod ext;
mod failures;
#[doc(hidden)]
pub mod fuzzing;
#[allow(missing_docs, clippy::all)]
mod generated;
/// Operations progenitor cannot generate, written by hand: file uploads and the activation of
/// a self-hosted Palette. Their builders come from [`Client`] methods named after their
/// operationIds, like generated ones.
pub mod hand_written;
mod hooks;
mod json_path;
#[cfg(feature = "mock")]
#[allow(missing_docs, clippy::all)]
pub mod mock;
#[cfg(feature = "mock")]
mod mock_reply;
#[cfg(feature = "mock")]
mod mock_request;
mod open_enum;
pub mod operation;
pub mod pagination;
mod path;
// Used by the generated code of the categories that have comma-joined query arrays.
#[allow(dead_code)]
mod query;
mod ratelimit;
mod redact;
mod reply;
mod resource;
mod retry;
mod scope;
mod setter;
pub mod state;
mod struct_fields;
#[cfg(feature = "testing")]
pub mod testing;
mod tls;
pub mod wait;

pub use auth::{LoginCredentials, SessionPolicy};
pub use call::Call;
pub use config::{ClientBuilder, ConfigError, EnvConfig};
pub use error::{
    ApiError, DecodeError, Error, NameKind, RequestError, SessionError, TimeoutError,
    TransportError, TransportKind,
};
pub use generated::prelude::*;
pub use generated::{ResponseValue, builder, enums, types};
pub use ratelimit::RateLimit;
pub use resource::Resource;
pub use retry::{RetryPolicy, is_retryable_status};
pub use scope::{ProjectUid, Scope};

/// The client, the per-area operation traits, [`Call`], [`Resource`] and
/// [`Paged`](pagination::Paged), for
/// `use palette_sdk::prelude::*`.
pub mod prelude {
    pub use crate::Call;
    pub use crate::Resource;
    pub use crate::generated::prelude::*;
    pub use crate::pagination::Paged;
}
