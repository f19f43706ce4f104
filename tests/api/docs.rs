//! The configuration reference cannot drift: every key of `config/default.toml` is documented in
//! `docs/configuration.md` with its environment variable.

fn default_keys() -> Vec<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config/default.toml"))
        .unwrap();
    let mut section = String::new();
    let mut keys = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            // Every module section documents the same keys, as modules.<name>.
            section = if name.starts_with("modules.") {
                "modules.<name>".into()
            } else {
                name.to_owned()
            };
            continue;
        }
        if let Some((key, _)) = line.split_once('=') {
            let key = key.trim();
            keys.push(if section.is_empty() {
                key.to_owned()
            } else {
                format!("{section}.{key}")
            });
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

fn env_var(key: &str) -> String {
    format!(
        "APP__{}",
        key.replace("<name>", "<NAME>")
            .replace('.', "__")
            .to_uppercase()
    )
}

#[test]
fn every_setting_is_documented_with_its_environment_variable() {
    let docs = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/configuration.md"
    ))
    .unwrap();
    let keys = default_keys();
    assert!(keys.len() > 20, "{keys:?}");
    for key in keys {
        let row = docs
            .lines()
            .find(|l| l.starts_with(&format!("| `{key}` |")))
            .unwrap_or_else(|| panic!("docs/configuration.md has no row for `{key}`"));
        assert!(
            row.contains(&format!("`{}`", env_var(&key))),
            "the row of `{key}` names {}",
            env_var(&key)
        );
    }
}

#[test]
fn documented_settings_exist() {
    let docs = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/configuration.md"
    ))
    .unwrap();
    let keys = default_keys();
    for row in docs.lines().filter(|l| l.starts_with("| `")) {
        let key = row.split('`').nth(1).unwrap();
        // The table of environment variables (APP_ENV, RUST_LOG) names no settings.
        if key.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
            continue;
        }
        assert!(
            keys.iter().any(|k| k == key),
            "docs/configuration.md documents `{key}`, which config/default.toml lacks"
        );
    }
}
