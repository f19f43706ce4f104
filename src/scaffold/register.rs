//! Where the generated files go: the module's registration in the workspace, the binary and the test binary,
//! and rustfmt over what was written.

use std::fs;
use std::path::{Path, PathBuf};

pub fn format_rust(files: &[PathBuf]) {
    let rust: Vec<&PathBuf> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    let formatted = std::process::Command::new("rustfmt")
        .args(["--edition", "2021"])
        .args(&rust)
        .status()
        .is_ok_and(|s| s.success());
    if !formatted {
        eprintln!("rustfmt did not run: run `cargo fmt` before committing");
    }
}

/// The module's one registration line in `src/modules.rs`, its crate in the workspace and the binary's
/// dependencies, and its test in the test binary.
pub fn register(root: &Path, name: &str) -> Result<(), String> {
    let edit = |relative: &str, anchor: &str, insert: &str, before: bool| -> Result<(), String> {
        let path = root.join(relative);
        let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let at = text
            .find(anchor)
            .ok_or_else(|| format!("{relative}: cannot find {anchor:?}"))?;
        let at = if before { at } else { at + anchor.len() };
        let updated = format!("{}{insert}{}", &text[..at], &text[at..]);
        fs::write(&path, updated).map_err(|e| e.to_string())
    };
    edit(
        "Cargo.toml",
        "tessera-kernel = { path = \"modules/kernel\" }\n",
        &format!("tessera-{name} = {{ path = \"modules/{name}\" }}\n"),
        false,
    )?;
    edit(
        "Cargo.toml",
        "tessera-kernel.workspace = true\n",
        &format!("tessera-{name}.workspace = true\n"),
        false,
    )?;
    edit(
        "src/modules.rs",
        "];\n",
        &format!("    &tessera_{name}::MODULE,\n"),
        true,
    )?;
    edit(
        "tests/api/main.rs",
        "mod helpers;\n",
        &format!("mod {name};\n"),
        false,
    )
}
