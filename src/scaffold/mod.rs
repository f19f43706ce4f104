//! `tessera new-module`: writes a module crate (its declaration), its test, and its registration, from the
//! template files in `templates/`. `tessera makemigrations <module>` then writes its migrations.

mod args;
mod declaration;
mod filters;
mod kind;
mod model;
mod register;
mod samples;
mod spec;
mod template;
mod test_file;

#[cfg(test)]
mod tests;

use std::fs;
use std::path::{Path, PathBuf};

pub use args::NewModuleArgs;
pub use filters::{FilterSpec, Filters};
pub use model::ModelSpec;
use spec::is_identifier;
pub use spec::FieldSpec;
use template::{fill, Context};

const CARGO_TOML: &str = include_str!("templates/Cargo.toml.tmpl");

/// The permissions `--permission` names.
const PERMISSIONS: &[&str] = &[
    "allow_any",
    "authenticated",
    "authenticated_or_read_only",
    "staff_or_read_only",
];

impl NewModuleArgs {
    /// Writes the module into the repository at `root`.
    pub fn write(&self, root: &Path) -> Result<Vec<PathBuf>, String> {
        new_module(root, &self.name, &self.models, self.permission.as_deref())
    }
}

/// Writes the module `name`, serving `models`, into the repository at `root`. Refuses a name that is not an
/// identifier or exists, and models whose choices name no field (see [`model::check`]).
pub fn new_module(
    root: &Path,
    name: &str,
    models: &[ModelSpec],
    permission: Option<&str>,
) -> Result<Vec<PathBuf>, String> {
    if !is_identifier(name) {
        return Err(format!(
            "\"{name}\" is not a module name: a lowercase identifier (a-z, 0-9, _)"
        ));
    }
    let crate_dir = root.join("modules").join(name);
    if crate_dir.exists() || crate::modules::MODULES.iter().any(|m| m.name() == name) {
        return Err(format!("a module named \"{name}\" exists"));
    }
    let permission = permission.unwrap_or("allow_any");
    if !PERMISSIONS.contains(&permission) {
        return Err(format!(
            "--permission {permission}: one of {}",
            PERMISSIONS.join(", ")
        ));
    }
    let models = model::check(name, models)?;
    let names: Vec<&str> = models.iter().map(|m| m.name.as_str()).collect();
    let mut module = Context::default();
    module.set("module", name).set("model", names.join(", "));
    let lib = declaration::lib_rs(name, &models, &declaration::camel(permission))?;
    let test = test_file::test_rs(name, &models)?;
    let mut written = Vec::new();
    let mut write = |path: PathBuf, text: String| -> Result<(), String> {
        fs::create_dir_all(path.parent().unwrap()).map_err(|e| e.to_string())?;
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path);
        Ok(())
    };
    write(crate_dir.join("Cargo.toml"), fill(CARGO_TOML, &module)?)?;
    write(crate_dir.join("src/lib.rs"), lib)?;
    write(root.join("tests/api").join(format!("{name}.rs")), test)?;
    register::register(root, name)?;
    register::format_rust(&written);
    Ok(written)
}
