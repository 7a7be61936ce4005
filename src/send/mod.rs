//! The mechanics of calls, whichever client sends them: the `Call` trait, the operation timeout, the retry policy, the rate limit, pagination and waits. Uses error/, document/ and codec/.

pub mod call;
pub(crate) mod deadline;
pub mod pagination;
pub(crate) mod ratelimit;
pub(crate) mod retry;
pub mod wait;
