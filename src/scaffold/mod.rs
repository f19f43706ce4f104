//! `tessera new-module`: writes a module crate (its declaration), its test, and its registration, from the
//! template files in `templates/`. `tessera makemigrations <module>` then writes its migrations.

mod samples;
mod spec;
mod template;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
pub use spec::FieldSpec;
use spec::{is_identifier, Kind};
use template::{fill, Context};

const CARGO_TOML: &str = include_str!("templates/Cargo.toml.tmpl");
const LIB_RS: &str = include_str!("templates/lib.rs.tmpl");
const CHOICES_RS: &str = include_str!("templates/choices.rs.tmpl");
const FIELD_RS: &str = include_str!("templates/field.rs.tmpl");
const TEST_RS: &str = include_str!("templates/test.rs.tmpl");

/// What the command line asks for besides the fields.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// The model's name (`Task`); by default the module's name in CamelCase without a plural `s`.
    pub model: Option<String>,
    pub filters: Vec<String>,
    pub search: Vec<String>,
    pub ordering: Vec<String>,
    /// `allow_any` (default), `authenticated`, `authenticated_or_read_only`, `staff_or_read_only`.
    pub permission: Option<String>,
}

fn camel(name: &str) -> String {
    name.split('_')
        .filter(|p| !p.is_empty())
        .map(|p| p[..1].to_uppercase() + &p[1..])
        .collect()
}

fn quoted(names: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    names
        .into_iter()
        .map(|n| format!("\"{}\"", n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes the module `name` into the repository at `root`. Refuses a name that is not an identifier or exists,
/// and list choices that name no field.
pub fn new_module(
    root: &Path,
    name: &str,
    fields: &[FieldSpec],
    choices: &Choices,
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
    if !fields.iter().any(FieldSpec::writable) {
        return Err(
            "give at least one writable --field name:type (timestamps are set by the server)"
                .into(),
        );
    }
    for (i, f) in fields.iter().enumerate() {
        if fields[..i].iter().any(|g| g.name == f.name) {
            return Err(format!("field \"{}\" is declared twice", f.name));
        }
    }
    let find = |list: &[String], what: &str| -> Result<Vec<&FieldSpec>, String> {
        list.iter()
            .filter(|n| n.as_str() != "id")
            .map(|n| {
                fields
                    .iter()
                    .find(|f| &f.name == n)
                    .ok_or_else(|| format!("--{what} {n}: no such field"))
            })
            .collect()
    };
    let (filters, search, ordering) = (
        find(&choices.filters, "filter")?,
        find(&choices.search, "search")?,
        find(&choices.ordering, "ordering")?,
    );
    if let Some(f) = search.iter().find(|f| !f.is_text()) {
        return Err(format!(
            "--search {}: search looks in string and text fields",
            f.name
        ));
    }
    let model = choices
        .model
        .clone()
        .unwrap_or_else(|| camel(name.strip_suffix('s').unwrap_or(name)));
    let permission = camel(choices.permission.as_deref().unwrap_or("allow_any"));
    let mut module = Context::default();
    module
        .set("module", name)
        .set("model", model.clone())
        .set("verbose_name", crate_words(&model))
        .set("permission", permission)
        .set(
            "resource",
            resource_choices(&choices.filters, &choices.search, &choices.ordering),
        )
        .set("choices", choice_consts(fields)?)
        .set("fields", field_lines(fields)?);
    let mut written = Vec::new();
    let mut write = |path: PathBuf, text: String| -> Result<(), String> {
        fs::create_dir_all(path.parent().unwrap()).map_err(|e| e.to_string())?;
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path);
        Ok(())
    };
    write(crate_dir.join("Cargo.toml"), fill(CARGO_TOML, &module)?)?;
    write(crate_dir.join("src/lib.rs"), fill(LIB_RS, &module)?)?;
    let test = test_context(name, &model, fields, &filters, &search, &ordering);
    write(
        root.join("tests/api").join(format!("{name}.rs")),
        fill(TEST_RS, &test)?,
    )?;
    register(root, name)?;
    format_rust(&written);
    Ok(written)
}

/// `Task` -> `task`, `CiWidget` -> `ci widget`.
fn crate_words(model: &str) -> String {
    let mut words = String::new();
    for (i, c) in model.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            words.push(' ');
        }
        words.extend(c.to_lowercase());
    }
    words
}

fn resource_choices(filters: &[String], search: &[String], ordering: &[String]) -> String {
    let list = |key: &str, names: &[String]| {
        (!names.is_empty()).then(|| format!("{key}({})", names.join(", ")))
    };
    let parts: Vec<String> = [
        list("filter", filters),
        list("search", search),
        list("ordering", ordering),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        return String::new();
    }
    format!("#[resource({})]\n", parts.join(", "))
}

fn choice_consts(fields: &[FieldSpec]) -> Result<String, String> {
    let mut text = String::new();
    for field in fields.iter().filter(|f| !f.rules.choices.is_empty()) {
        let pairs: Vec<String> = field
            .rules
            .choices
            .iter()
            .map(|c| format!("(\"{c}\", \"{}\")", camel(c)))
            .collect();
        let mut context = Context::default();
        context
            .set("field", field.name.clone())
            .set("constant", format!("{}_CHOICES", field.name.to_uppercase()))
            .set("pairs", pairs.join(", "));
        text.push_str(&fill(CHOICES_RS, &context)?);
    }
    Ok(text)
}

/// The struct's field lines, each with its `#[field(..)]` rules.
fn field_lines(fields: &[FieldSpec]) -> Result<String, String> {
    let mut text = String::new();
    for field in fields {
        let r = &field.rules;
        let mut rules: Vec<String> = Vec::new();
        let (ty, default) = match field.kind {
            Kind::String(n) => {
                rules.push(format!("max_length = {n}"));
                (
                    "String".to_owned(),
                    r.default.as_ref().map(|d| format!("{d:?}")),
                )
            }
            Kind::Text => (
                "String".to_owned(),
                r.default.as_ref().map(|d| format!("{d:?}")),
            ),
            Kind::Int => ("i64".to_owned(), r.default.clone()),
            Kind::Bool => ("bool".to_owned(), r.default.clone()),
            Kind::Decimal(digits, places) => {
                rules.push(format!("max_digits = {digits}"));
                (
                    format!("Fixed<{places}>"),
                    r.default.as_ref().map(|d| format!("{d:?}")),
                )
            }
            Kind::DateTime => ("Timestamp".to_owned(), None),
        };
        if !r.choices.is_empty() {
            rules.push(format!("choices = {}_CHOICES", field.name.to_uppercase()));
        }
        for (on, rule) in [
            (r.unique, "unique"),
            (r.blank, "blank"),
            (r.read_only, "read_only"),
            (r.optional, "optional"),
        ] {
            if on {
                rules.push(rule.into());
            }
        }
        rules.extend(r.auto.map(str::to_owned));
        rules.extend(r.min.map(|m| format!("min = {m}")));
        rules.extend(r.max.map(|m| format!("max = {m}")));
        rules.extend(default.map(|d| format!("default = {d}")));
        let mut context = Context::default();
        context
            .set("field", field.name.clone())
            .set("type", if r.null { format!("Option<{ty}>") } else { ty })
            .set(
                "attribute",
                if rules.is_empty() {
                    String::new()
                } else {
                    format!("    #[field({})]\n", rules.join(", "))
                },
            );
        text.push_str(&fill(FIELD_RS, &context)?);
    }
    Ok(text)
}

fn test_context(
    name: &str,
    model: &str,
    fields: &[FieldSpec],
    filters: &[&FieldSpec],
    search: &[&FieldSpec],
    ordering: &[&FieldSpec],
) -> Context {
    let writable: Vec<&FieldSpec> = fields.iter().filter(|f| f.writable()).collect();
    let body = |second: bool, stored: bool| {
        let map: Map<String, Value> = writable
            .iter()
            .map(|f| {
                let (sent, kept) = samples::value(f, second);
                (f.name.clone(), if stored { kept } else { sent })
            })
            .collect();
        Value::Object(map).to_string()
    };
    let refused: Vec<String> = writable
        .iter()
        .flat_map(|f| {
            samples::refused(f)
                .into_iter()
                .map(move |(value, message)| {
                    format!("(\"{}\", r#\"{value}\"#, {message:?})", f.name)
                })
        })
        .collect();
    let verbose = crate_words(model);
    let unique: Vec<String> = writable
        .iter()
        .filter(|f| f.rules.unique)
        .map(|f| {
            format!(
                "(\"{}\", \"{verbose} with this {} already exists.\")",
                f.name,
                f.name.replace('_', " ")
            )
        })
        .collect();
    let nullable: Vec<&str> = writable
        .iter()
        .filter(|f| f.rules.null)
        .map(|f| f.name.as_str())
        .collect();
    let nullable_ordering: Vec<&str> = ordering
        .iter()
        .filter(|f| f.rules.null)
        .map(|f| f.name.as_str())
        .collect();
    let ordering: Vec<String> = ordering
        .iter()
        .map(|f| format!("(\"{}\", {})", f.name, samples::sample_first(f)))
        .collect();
    let mut context = Context::default();
    context
        .set("module", name)
        .set("model", model)
        .set(
            "fields",
            quoted(std::iter::once("id").chain(fields.iter().map(|f| f.name.as_str()))),
        )
        .set("sample", body(false, false))
        .set("stored", body(false, true))
        .set("other", body(true, false))
        .set("other_stored", body(true, true))
        .set(
            "required",
            quoted(fields.iter().filter(|f| f.required()).map(|f| &f.name)),
        )
        .set("refused", refused.join(",\n    "))
        .set("unique", unique.join(", "))
        .set("nullable_fields", quoted(nullable.iter()))
        .flag("nullable", !nullable.is_empty())
        .set("nullable_ordering_fields", quoted(nullable_ordering.iter()))
        .flag("nullable_ordering", !nullable_ordering.is_empty())
        .set("filters", quoted(filters.iter().map(|f| &f.name)))
        .set("search", quoted(search.iter().map(|f| &f.name)))
        .set("ordering", ordering.join(", "));
    context
}

fn format_rust(files: &[PathBuf]) {
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
fn register(root: &Path, name: &str) -> Result<(), String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_exist_or_are_not_identifiers_are_refused() {
        let dir = std::env::temp_dir().join(format!("tessera-scaffold-{}", std::process::id()));
        let field = vec!["a:text".parse().unwrap()];
        let choices = Choices::default();
        for bad in ["catalog", "Bad", "9lives", "with-dash", "self", ""] {
            assert!(new_module(&dir, bad, &field, &choices).is_err(), "{bad}");
        }
        assert!(
            new_module(&dir, "fine", &[], &choices).is_err(),
            "no fields"
        );
        let searched = Choices {
            search: vec!["nope".into()],
            ..Choices::default()
        };
        assert!(new_module(&dir, "fine", &field, &searched).is_err());
    }

    #[test]
    fn the_declaration_says_each_rule_once() {
        let fields: Vec<FieldSpec> = [
            "title:string:200:unique",
            "notes:text:blank",
            "done:bool:default=false",
            "due:datetime:null",
            "priority:int:min=1:max=5:default=3",
            "status:string:16:choices=open|closed:default=open",
        ]
        .iter()
        .map(|f| f.parse().unwrap())
        .collect();
        let lines = field_lines(&fields).unwrap();
        assert!(
            lines.contains("#[field(max_length = 200, unique)]\n    pub title: String,"),
            "{lines}"
        );
        assert!(lines.contains("#[field(blank)]\n    pub notes: String,"));
        assert!(lines.contains("#[field(default = false)]\n    pub done: bool,"));
        assert!(lines.contains("    pub due: Option<Timestamp>,"));
        assert!(lines.contains("#[field(min = 1, max = 5, default = 3)]\n    pub priority: i64,"));
        assert!(lines.contains("choices = STATUS_CHOICES, default = \"open\")]"));
        let consts = choice_consts(&fields).unwrap();
        assert!(consts.contains("pub const STATUS_CHOICES: &[(&str, &str)] = &[(\"open\", \"Open\"), (\"closed\", \"Closed\")];"));
        let context = test_context("tasks", "Task", &fields, &[], &[], &[]);
        let test = fill(TEST_RS, &context).unwrap();
        assert!(
            test.contains(r#"const REQUIRED: &[&str] = &["title"];"#),
            "{test}"
        );
        assert!(test.contains(r#"const NULLABLE: &[&str] = &["due"];"#));
        assert!(test.contains(
            r##"("priority", r#"6"#, "Ensure this value is less than or equal to 5.")"##
        ));
        assert!(test.contains(r#"("title", "task with this title already exists.")"#));
    }
}
