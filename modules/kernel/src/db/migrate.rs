//! Running one module's migrations on that module's own database.

use diesel_migrations::{EmbeddedMigrations, MigrationHarness};

use super::connection::AnyConnection;

/// A module's migrations, written once per backend. `embed_migrations!` gives a value that cannot be copied, so a
/// module hands over functions that return its constants. The MySQL ones are embedded in every build and run only
/// by a binary built with the `mysql` feature.
#[derive(Clone, Copy)]
pub struct Migrations {
    pub sqlite: fn() -> EmbeddedMigrations,
    pub postgres: fn() -> EmbeddedMigrations,
    pub mysql: fn() -> EmbeddedMigrations,
}

/// Applies the pending migrations that fit the connection's backend; returns the versions applied.
pub fn run_pending(
    conn: &mut AnyConnection,
    migrations: Migrations,
) -> Result<Vec<String>, String> {
    let applied = match conn {
        AnyConnection::Sqlite(c) => c.run_pending_migrations((migrations.sqlite)()),
        AnyConnection::Postgresql(c) => c.run_pending_migrations((migrations.postgres)()),
        #[cfg(feature = "mysql")]
        AnyConnection::Mysql(c) => c.run_pending_migrations((migrations.mysql)()),
    }
    .map_err(|e| e.to_string())?;
    Ok(applied.iter().map(ToString::to_string).collect())
}
