//! Each module's migrations, embedded by the build script from `migrations/<module>/`, and the state they
//! produce, against which a module's declarations are checked.

use tessera_kernel::db::Migrations;
use tessera_kernel::schema::ModuleState;
use tessera_kernel::Module;

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// The module's migrations (none when it has no folder yet).
pub fn of(module: &str) -> Migrations {
    MIGRATIONS
        .iter()
        .find(|(name, _, _)| *name == module)
        .map(|(_, migrations, _)| *migrations)
        .unwrap_or_default()
}

/// The state the module's migrations produce, as recorded in its `schema.json` (empty without one).
pub fn recorded(module: &str) -> Result<ModuleState, String> {
    match MIGRATIONS.iter().find(|(name, _, _)| *name == module) {
        Some((_, _, Some(json))) => {
            serde_json::from_str(json).map_err(|e| format!("migrations/{module}/schema.json: {e}"))
        }
        _ => Ok(ModuleState::default()),
    }
}

/// Whether the module's declarations define the tables its migrations make; when they do not, what to run.
pub fn check(module: &dyn Module) -> Result<(), String> {
    let declared = ModuleState::declared(&module.tables());
    if recorded(module.name())? == declared {
        Ok(())
    } else {
        Err(format!(
            "module {}: its declarations differ from what its migrations make; run `tessera makemigrations {}`",
            module.name(),
            module.name()
        ))
    }
}
