//! What every test starts from: the app under test on a chosen backend (`app`), its backends and the
//! `on_both_backends!` macro (`backends`), fresh storage for it (`storage`), `tessera` processes of its own
//! (`remote`), and NATS servers for the events tests (`nats`).

mod app;
mod backends;
mod nats;
mod remote;
mod storage;

pub use app::{spawn_app, spawn_app_with, TestApp, STAFF_ID};
pub use backends::Backend;
pub use nats::{forget_namespace, nats_url, OwnNats};
pub use remote::RemoteProcess;
pub use storage::{
    connect_url, drop_test_database, ensure_user, fresh_data_dir, fresh_postgres_database,
    unique_name, OwnServer,
};
// For the tests that exist only with the `mysql` feature.
pub use storage::fresh_mysql_database;
#[cfg(feature = "mysql")]
pub use storage::MYSQL_ENV;

pub use crate::request::Response;
