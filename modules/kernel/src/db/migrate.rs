//! Running one module's migrations on that module's own database. The binary embeds every module's migration
//! folders (`migrations/<module>/<backend>/<version>_<name>/`); diesel's harness applies the pending ones and
//! records them in the database's own `__diesel_schema_migrations`.

use diesel::backend::Backend;
use diesel::connection::BoxableConnection;
use diesel::migration::{
    Migration, MigrationMetadata, MigrationName, MigrationSource, MigrationVersion,
};
use diesel_migrations::MigrationHarness;

use super::connection::AnyConnection;

/// One migration folder as the binary embeds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Embedded {
    /// The folder's name: `2026-11-27-000001_create_example_models`.
    pub name: &'static str,
    /// Its version, the name's date part without dashes, as diesel records it: `20261127000001`.
    pub version: &'static str,
    pub up: &'static str,
    pub down: Option<&'static str>,
    /// `false` when its `metadata.toml` says `run_in_transaction = false` (the SQL then manages its own).
    pub run_in_transaction: bool,
}

/// A module's migrations, once per backend, in version order.
#[derive(Debug, Clone, Copy, Default)]
pub struct Migrations {
    pub sqlite: &'static [Embedded],
    pub postgres: &'static [Embedded],
    pub mysql: &'static [Embedded],
}

struct Source(&'static [Embedded]);

impl<DB: Backend> MigrationSource<DB> for Source {
    fn migrations(&self) -> diesel::migration::Result<Vec<Box<dyn Migration<DB>>>> {
        Ok(self
            .0
            .iter()
            .map(|m| Box::new(Step(m)) as Box<dyn Migration<DB>>)
            .collect())
    }
}

struct Step(&'static Embedded);

impl<DB: Backend> Migration<DB> for Step {
    fn run(&self, conn: &mut dyn BoxableConnection<DB>) -> diesel::migration::Result<()> {
        conn.batch_execute(self.0.up)
            .map_err(|e| format!("migration {}: {e}", self.0.name).into())
    }

    fn revert(&self, conn: &mut dyn BoxableConnection<DB>) -> diesel::migration::Result<()> {
        let down = self
            .0
            .down
            .ok_or_else(|| format!("migration {} has no down.sql", self.0.name))?;
        conn.batch_execute(down)
            .map_err(|e| format!("reverting {}: {e}", self.0.name).into())
    }

    fn metadata(&self) -> &dyn MigrationMetadata {
        self
    }

    fn name(&self) -> &dyn MigrationName {
        self
    }
}

impl MigrationMetadata for Step {
    fn run_in_transaction(&self) -> bool {
        self.0.run_in_transaction
    }
}

impl MigrationName for Step {
    fn version(&self) -> MigrationVersion<'_> {
        MigrationVersion::from(self.0.version)
    }
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.name)
    }
}

/// Applies the pending migrations that fit the connection's backend; returns the versions applied.
pub fn run_pending(
    conn: &mut AnyConnection,
    migrations: Migrations,
) -> Result<Vec<String>, String> {
    let applied = match conn {
        AnyConnection::Sqlite(c) => c.run_pending_migrations(Source(migrations.sqlite)),
        AnyConnection::Postgresql(c) => c.run_pending_migrations(Source(migrations.postgres)),
        #[cfg(feature = "mysql")]
        AnyConnection::Mysql(c) => c.run_pending_migrations(Source(migrations.mysql)),
    }
    .map_err(|e| e.to_string())?;
    Ok(applied.iter().map(ToString::to_string).collect())
}
