//! Everything HTTP that resources share.

pub mod metadata;
pub mod negotiate;
pub mod origin;
pub mod routes;
pub mod views;
