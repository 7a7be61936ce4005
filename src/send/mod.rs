//! One call's mechanics, whichever client sends it: the `Call` trait, the operation timeout, the retry policy, the rate limit and pagination. Uses error/, document/ and codec/.

pub mod call;
pub(crate) mod deadline;
pub mod pagination;
pub(crate) mod ratelimit;
pub(crate) mod retry;
