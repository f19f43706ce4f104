//! The integration tests: one binary, one file per module or concern.

mod helpers;
mod request;

mod accounts_users;
mod auth;
mod boundaries;
mod catalog;
mod contract_errors;
mod contract_listing;
mod contract_routing;
mod docs;
mod example_crud;
mod faults;
#[cfg(feature = "mysql")]
mod mariadb_server;
mod metrics;
mod openapi;
mod orders;
mod pg_server;
mod security_hosts;
mod security_memory;
mod security_requests;
mod security_split;
mod security_startup;
mod security_throttle;
mod split;
mod startup;
