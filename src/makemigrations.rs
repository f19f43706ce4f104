//! `tessera makemigrations`: like Django's, it compares each module's declarations with the state its migration
//! folder records (`migrations/<module>/schema.json`) and writes the difference as the next migration for SQLite,
//! PostgreSQL and MySQL. It reads and writes the folder on disk and needs no database.

use std::fs;
use std::path::{Path, PathBuf};

use tessera_kernel::schema::{migration, ModuleState};
use tessera_kernel::types::Timestamp;
use tessera_kernel::Module;

const BACKENDS: [&str; 3] = ["sqlite", "postgres", "mysql"];

/// What to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only these modules (all when empty).
    pub modules: Vec<String>,
    /// Write nothing; fail naming the modules whose declarations have changes no migration holds.
    pub check: bool,
    /// Write an empty migration of this name (for SQL written by hand) for each named module.
    pub empty: Option<String>,
}

/// Runs the command from the repository at `root`; the lines to print, or why it failed.
pub fn run(
    root: &Path,
    modules: &[&'static dyn Module],
    options: &Options,
) -> Result<Vec<String>, String> {
    let selected = select(modules, &options.modules)?;
    let mut report = Vec::new();
    let mut pending = Vec::new();
    for module in selected {
        let folder = root.join("migrations").join(module.name());
        if let Some(name) = &options.empty {
            let written = write_empty(&folder, name)?;
            report.push(format!("{}: wrote {}", module.name(), written.display()));
            continue;
        }
        let recorded = read_state(&folder)?;
        let declared = ModuleState::declared(&module.tables());
        let Some(migration) = migration(&recorded, &declared) else {
            report.push(format!("{}: no changes", module.name()));
            continue;
        };
        if options.check {
            pending.push(module.name());
            continue;
        }
        let version = next_version(&folder);
        let folder_name = format!("{version}_{}", migration.name);
        for (backend, sql) in
            BACKENDS
                .iter()
                .zip([&migration.sqlite, &migration.postgres, &migration.mysql])
        {
            let dir = folder.join(backend).join(&folder_name);
            write(&dir.join("up.sql"), &sql.up)?;
            write(&dir.join("down.sql"), &sql.down)?;
            if !sql.run_in_transaction {
                write(
                    &dir.join("metadata.toml"),
                    "# The SQL opens and commits its own transaction (SQLite turns foreign keys off outside one).\n\
                     run_in_transaction = false\n",
                )?;
            }
        }
        let state = serde_json::to_string_pretty(&declared).map_err(|e| e.to_string())?;
        write(&folder.join("schema.json"), &format!("{state}\n"))?;
        report.push(format!(
            "{}: wrote {folder_name} for {}",
            module.name(),
            BACKENDS.join(", ")
        ));
        report.extend(migration.notes.iter().map(|note| format!("  note: {note}")));
    }
    if !pending.is_empty() {
        return Err(format!(
            "declarations have changes that no migration holds in module(s) {}: run `tessera makemigrations {}`",
            pending.join(", "),
            pending.join(" ")
        ));
    }
    Ok(report)
}

fn select(
    modules: &[&'static dyn Module],
    names: &[String],
) -> Result<Vec<&'static dyn Module>, String> {
    if let Some(unknown) = names
        .iter()
        .find(|n| !modules.iter().any(|m| m.name() == n.as_str()))
    {
        let known: Vec<&str> = modules.iter().map(|m| m.name()).collect();
        return Err(format!(
            "no module named \"{unknown}\" (modules: {})",
            known.join(", ")
        ));
    }
    Ok(modules
        .iter()
        .copied()
        .filter(|m| names.is_empty() || names.iter().any(|n| n == m.name()))
        .collect())
}

fn read_state(folder: &Path) -> Result<ModuleState, String> {
    let path = folder.join("schema.json");
    match fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ModuleState::default()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Now, as diesel names migrations (`2026-12-01-093512`), or just after the newest one there if the clock says
/// otherwise, so that versions only grow.
fn next_version(folder: &Path) -> String {
    let now = Timestamp::now().to_string();
    let digits = |s: &str| {
        s.chars()
            .filter(char::is_ascii_digit)
            .take(14)
            .collect::<String>()
    };
    let mut version: u64 = digits(&now).parse().unwrap_or(0);
    let newest = BACKENDS
        .iter()
        .flat_map(|b| fs::read_dir(folder.join(b)).into_iter().flatten())
        .filter_map(Result::ok)
        .filter_map(|e| {
            e.file_name()
                .to_string_lossy()
                .split('_')
                .next()
                .map(digits)
        })
        .filter_map(|d| d.parse::<u64>().ok())
        .max();
    if let Some(newest) = newest.filter(|n| *n >= version) {
        version = newest + 1;
    }
    let v = format!("{version:014}");
    format!("{}-{}-{}-{}", &v[..4], &v[4..6], &v[6..8], &v[8..])
}

/// Empty migration files for SQL written by hand (a data migration); the recorded state does not change.
fn write_empty(folder: &Path, name: &str) -> Result<PathBuf, String> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(format!(
            "\"{name}\" is not a migration name: lowercase letters, digits and _"
        ));
    }
    let folder_name = format!("{}_{name}", next_version(folder));
    for backend in BACKENDS {
        // A statement that does nothing, until one is written: MySQL refuses a query of comments alone.
        let nothing = if backend == "mysql" {
            "DO 0;"
        } else {
            "SELECT 1;"
        };
        let dir = folder.join(backend).join(&folder_name);
        write(
            &dir.join("up.sql"),
            &format!("-- Written by hand for {backend}: SQL that changes data or what declarations do not say.\n{nothing}\n"),
        )?;
        write(
            &dir.join("down.sql"),
            &format!("-- What undoes up.sql.\n{nothing}\n"),
        )?;
    }
    Ok(folder.join("*").join(folder_name))
}
