#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod auth;
pub mod call;
pub mod config;
mod deadline;
pub mod enums;
pub mod error;
pub mod ext;
mod failures;
#[doc(hidden)]
pub mod fuzzing;
#[allow(missing_docs, clippy::all)]
mod generated;
mod hooks;
#[cfg(feature = "mock")]
#[allow(missing_docs, clippy::all)]
pub mod mock;
pub mod operation;
pub mod pagination;
mod path;
mod ratelimit;
mod redact;
mod reply;
mod retry;
mod scope;
pub mod state;
#[cfg(feature = "testing")]
pub mod testing;
mod tls;
pub mod wait;

pub use auth::{LoginCredentials, SessionPolicy};
pub use call::Call;
pub use config::{ClientBuilder, ConfigError, EnvConfig};
pub use error::{
    ApiError, DecodeError, Error, RequestError, SessionError, TimeoutError, TransportError,
    TransportKind,
};
pub use generated::{
    Client, ClientAuthExt, ClientDashboardExt, ClientUsersExt, ClientWorkspacesExt, ResponseValue,
    builder, types,
};
pub use ratelimit::RateLimit;
pub use retry::{RetryPolicy, is_retryable_status};
pub use scope::{ProjectUid, Scope};

/// The client, the per-area operation traits and [`Call`], for `use palette_sdk::prelude::*`.
pub mod prelude {
    pub use crate::Call;
    pub use crate::generated::prelude::*;
}
