//! Everything HTTP that resources share.

pub mod access;
pub mod endpoint;
pub mod metadata;
pub mod negotiate;
pub mod origin;
pub mod panics;
pub mod routes;
pub mod throttle;
pub mod views;
pub mod written;
