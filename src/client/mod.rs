//! The client: progenitor's `Client` and request builders, the operation table, and the exchange every request goes through (hooks, dispatch, replies, files). Uses state/, send/, error/, document/ and codec/.

pub(crate) mod dispatch;
pub(crate) mod download;
pub(crate) mod generated;
mod hooks;
pub(crate) mod operations;
pub(crate) mod reply;
pub(crate) mod table;
