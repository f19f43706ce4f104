//! The integration tests: one binary, one file per module or concern.

mod helpers;
mod request;

// Small helpers that several test files share.
mod concurrent;
mod introspect;
mod ledger;
mod library_seed;
mod list_pages;

mod accounts_users;
mod auth_bearer;
mod auth_cors;
mod auth_permissions;
mod auth_tokens;
mod boundaries;
mod catalog_fields;
mod catalog_listing;
mod catalog_unique;
mod commands;
mod contract_negotiation;
mod contract_ordering;
mod contract_pagination;
mod contract_parsing;
mod contract_routing;
mod contract_search;
mod contract_validation;
mod docs;
mod events_crashes;
mod events_nats;
mod events_operations;
mod events_stock;
mod example_create;
mod example_detail;
mod faults_load;
mod faults_outage;
mod faults_shutdown;
mod library_actions;
mod library_filters;
mod library_nested;
mod library_pages;
mod library_resources;
mod library_validation;
#[cfg(feature = "mysql")]
mod mariadb_server;
mod metrics;
mod openapi;
mod openapi_clients;
mod orders;
mod pg_server;
mod request_ids;
mod schema_changes;
mod schema_regenerated;
mod search_index;
mod search_index_merge;
#[cfg(feature = "mysql")]
mod search_index_mysql;
#[cfg(feature = "mysql")]
mod search_index_mysql_reads;
mod search_index_postgres;
mod security_hosts;
mod security_memory;
mod security_requests;
mod security_split;
mod security_startup;
mod security_throttle;
mod split;
mod startup_migrations;
mod startup_settings;
