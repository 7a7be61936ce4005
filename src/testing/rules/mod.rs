//! The rules across areas: operations on the whole `Model` that need several areas' state at once (a cluster's backups need the cluster and the clock, an edge host its project); it uses the model and the plain helpers, never the HTTP layer or the handlers.

#[cfg(any(feature = "projects", feature = "users", feature = "teams"))]
mod admin;
mod cluster_backups;
#[cfg(feature = "edgehosts")]
mod edge;
