//! Everything HTTP that resources share.

pub mod access;
pub mod call;
pub mod endpoint;
pub mod metadata;
pub mod negotiate;
pub mod origin;
pub mod panics;
pub mod request_id;
pub mod routes;
pub mod throttle;
pub mod views;
