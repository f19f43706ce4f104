//! Embeds every module's migrations: each folder `migrations/<module>/<backend>/<version>_<name>/` with its
//! `up.sql`, `down.sql` and `metadata.toml`, and each module's `schema.json`, the state they produce. Cargo runs
//! this again whenever anything under `migrations/` changes, so a new migration is always built in.

use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};

const BACKENDS: [&str; 3] = ["sqlite", "postgres", "mysql"];

fn sorted_dirs(path: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(path)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

fn name_of(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// `Embedded { .. }` for one migration folder.
fn embedded(folder: &Path) -> String {
    let name = name_of(folder);
    let version = name.split('_').next().unwrap_or("").replace('-', "");
    assert!(
        !version.is_empty() && version.bytes().all(|b| b.is_ascii_digit()) && name.contains('_'),
        "migration folder {} is not named <YYYY-MM-DD-HHMMSS>_<name>",
        folder.display()
    );
    let up = folder.join("up.sql");
    assert!(up.is_file(), "{} has no up.sql", folder.display());
    let down = folder.join("down.sql");
    let down = if down.is_file() {
        format!("Some(include_str!({:?}))", down.display().to_string())
    } else {
        "None".into()
    };
    let metadata = fs::read_to_string(folder.join("metadata.toml")).unwrap_or_default();
    let in_transaction = !metadata
        .lines()
        .any(|l| l.split_whitespace().collect::<String>() == "run_in_transaction=false");
    format!(
        "tessera_kernel::db::Embedded {{ name: {name:?}, version: {version:?}, up: include_str!({:?}), \
         down: {down}, run_in_transaction: {in_transaction} }}",
        up.display().to_string()
    )
}

fn main() {
    println!("cargo:rerun-if-changed=migrations");
    let root = Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("migrations");
    let mut code =
        String::from("/// Every module's migrations and recorded state, by module name.\n");
    code.push_str(
        "pub static MIGRATIONS: &[(&str, tessera_kernel::db::Migrations, Option<&str>)] = &[\n",
    );
    for module in sorted_dirs(&root) {
        let folders: Vec<Vec<PathBuf>> = BACKENDS
            .iter()
            .map(|backend| sorted_dirs(&module.join(backend)))
            .collect();
        let names = |i: usize| folders[i].iter().map(|p| name_of(p)).collect::<Vec<_>>();
        for (i, backend) in BACKENDS.iter().enumerate().skip(1) {
            assert_eq!(
                names(0),
                names(i),
                "{}: every backend has the same migration folders ({} and {backend} differ)",
                module.display(),
                BACKENDS[0],
            );
        }
        let list = |i: usize| {
            let items: Vec<String> = folders[i].iter().map(|f| embedded(f)).collect();
            format!("&[{}]", items.join(", "))
        };
        let state = module.join("schema.json");
        let state = if state.is_file() {
            format!("Some(include_str!({:?}))", state.display().to_string())
        } else {
            "None".into()
        };
        writeln!(
            code,
            "    ({:?}, tessera_kernel::db::Migrations {{ sqlite: {}, postgres: {}, mysql: {} }}, {state}),",
            name_of(&module),
            list(0),
            list(1),
            list(2)
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("migrations.rs");
    fs::write(out, code).unwrap();
}
