//! Opening each module's own database and applying that module's migrations to it, and nothing else.

use tessera_kernel::db::{run_pending, Database, DatabaseUrl};
use tessera_kernel::Module;

use crate::error::StartupError;
use crate::settings::Settings;

/// A module with its open database.
#[derive(Clone)]
pub struct MountedModule {
    pub module: &'static dyn Module,
    pub database: Database,
}

/// Opens the database of every module in `modules`; applies pending migrations when `migrate` is set. Blocking.
/// Every URL is parsed before any database is touched, so that a URL this binary cannot serve (a `mysql://` one
/// without the feature) stops startup before another module's migrations have run.
pub fn open(
    settings: &Settings,
    modules: &[&'static dyn Module],
    migrate: bool,
) -> Result<Vec<MountedModule>, StartupError> {
    let urls = modules
        .iter()
        .map(|&module| {
            let name = module.name();
            DatabaseUrl::parse(&settings.database_url(name))
                .map(|url| (module, url))
                .map_err(|cause| StartupError::DatabaseUrl {
                    module: name,
                    cause,
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    urls.into_iter()
        .map(|(module, url)| {
            let name = module.name();
            let database = Database::open(name, url, settings.pool_options(name)).map_err(|e| {
                StartupError::Database {
                    module: name,
                    cause: e.to_string(),
                }
            })?;
            let applied = if migrate {
                migrate_one(module, &database)?
            } else {
                Vec::new()
            };
            // Django's warning: models with changes that no migration holds.
            if let Err(mismatch) = crate::migrations::check(module) {
                log::warn!("{mismatch}");
            }
            log::info!(
                "module {name}: {} database {} ({} migration(s) applied)",
                database.url().backend_name(),
                database.url(),
                applied.len()
            );
            Ok(MountedModule { module, database })
        })
        .collect()
}

fn migrate_one(
    module: &'static dyn Module,
    database: &Database,
) -> Result<Vec<String>, StartupError> {
    let name = module.name();
    let mut conn = database.get().map_err(|e| StartupError::Database {
        module: name,
        cause: e.to_string(),
    })?;
    run_pending(&mut conn, crate::migrations::of(name)).map_err(|cause| StartupError::Migration {
        module: name,
        cause,
    })
}
