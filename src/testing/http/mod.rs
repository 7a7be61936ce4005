//! The HTTP layer: serving handlers (the request a handler sees, who is calling, replies shaped like Go's), the route table with its 501s for operations the fake does not serve, and the faults a test schedules; it uses the model and the plain helpers, never the rules across areas or the handlers.

pub(crate) mod coverage;
pub(crate) mod faults;
mod serve;

// The handlers' toolkit; a build without some categories leaves some of it unused.
#[allow(unused_imports)]
pub(crate) use serve::{
    Reply, Req, Served, Shared, State, body, flag, json, no_content, serve, status_only,
};
