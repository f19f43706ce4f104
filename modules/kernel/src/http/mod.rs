//! Everything HTTP that resources share.

pub mod access;
pub mod body;
pub mod call;
pub mod endpoint;
pub mod hosts;
pub mod metadata;
pub mod multipart;
pub mod negotiate;
pub mod origin;
pub mod page_body;
pub mod panics;
pub mod request_id;
pub mod routes;
pub mod throttle;
pub mod views;
pub mod written;
