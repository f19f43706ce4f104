//! `tessera new-module`: writes a module crate like the existing ones (schema, models, serializers, views, urls),
//! its migrations for SQLite and PostgreSQL, its settings section, its registration and an integration test.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// A declared field: `name:string:100`, `name:text`, `name:int`, `name:bool`, `name:decimal:10,2`,
/// `name:datetime` (ISO 8601), `name:timestamp` (read-only, set on create).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: String,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    String(usize),
    Text,
    Int,
    Bool,
    Decimal(u32, u32),
    DateTime,
    Timestamp,
}

const RESERVED: &[&str] = &[
    "id", "kernel", "api", "self", "super", "crate", "type", "fn", "mod", "struct", "enum", "impl",
    "use", "match", "loop", "move", "ref", "static", "const", "trait", "where", "async", "await",
    "dyn", "box", "in", "for", "if", "else", "while", "return", "let", "mut", "pub", "true",
    "false", "as", "break", "continue", "extern", "unsafe",
];

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !RESERVED.contains(&name)
        && name.len() <= 40
}

impl std::str::FromStr for FieldSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let mut parts = text.splitn(3, ':');
        let name = parts.next().unwrap_or("").to_owned();
        if !is_identifier(&name) {
            return Err(format!(
                "field \"{name}\": a field is a lowercase identifier other than id"
            ));
        }
        let kind = match (parts.next(), parts.next()) {
            (Some("string"), Some(n)) => Kind::String(n.parse().ok().filter(|n| *n > 0).ok_or("string:N needs N > 0")?),
            (Some("string"), None) => Kind::String(255),
            (Some("text"), None) => Kind::Text,
            (Some("int" | "integer"), None) => Kind::Int,
            (Some("bool" | "boolean"), None) => Kind::Bool,
            (Some("decimal"), Some(spec)) => {
                let (digits, places) = spec.split_once(',').ok_or("decimal:DIGITS,PLACES")?;
                let digits: u32 = digits.parse().map_err(|_| "decimal:DIGITS,PLACES")?;
                let places: u32 = places.parse().map_err(|_| "decimal:DIGITS,PLACES")?;
                if digits == 0 || digits > 18 || places > digits {
                    return Err("decimal digits are 1 to 18, places at most the digits".into());
                }
                Kind::Decimal(digits, places)
            }
            (Some("datetime"), None) => Kind::DateTime,
            (Some("timestamp"), None) => Kind::Timestamp,
            (kind, _) => return Err(format!("field \"{name}\": unknown type {kind:?} (string:N, text, int, bool, decimal:D,P, datetime, timestamp)")),
        };
        Ok(FieldSpec { name, kind })
    }
}

fn camel(name: &str) -> String {
    name.split('_')
        .filter(|p| !p.is_empty())
        .map(|p| p[..1].to_uppercase() + &p[1..])
        .collect()
}

fn label(name: &str) -> String {
    let words = name.replace('_', " ");
    words[..1].to_uppercase() + &words[1..]
}

/// Writes the module `name` into the repository at `root`. Refuses a name that is not an identifier or exists.
pub fn new_module(root: &Path, name: &str, fields: &[FieldSpec]) -> Result<Vec<PathBuf>, String> {
    if !is_identifier(name) {
        return Err(format!(
            "\"{name}\" is not a module name: a lowercase identifier (a-z, 0-9, _)"
        ));
    }
    let crate_dir = root.join("modules").join(name);
    if crate_dir.exists() || crate::modules::MODULES.iter().any(|m| m.name() == name) {
        return Err(format!("a module named \"{name}\" exists"));
    }
    if fields.iter().all(|f| f.kind == Kind::Timestamp) {
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
    let model = camel(name);
    let mut written = Vec::new();
    let mut write = |path: PathBuf, text: String| -> Result<(), String> {
        fs::create_dir_all(path.parent().unwrap()).map_err(|e| e.to_string())?;
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path);
        Ok(())
    };
    write(crate_dir.join("Cargo.toml"), cargo_toml(name))?;
    write(crate_dir.join("build.rs"), format!("// embed_migrations! does not make cargo rebuild when a migration is added or changed.\nfn main() {{\n    println!(\"cargo:rerun-if-changed=../../migrations/{name}\");\n}}\n"))?;
    write(crate_dir.join("src/lib.rs"), lib_rs(name, &model))?;
    write(crate_dir.join("src/schema.rs"), schema_rs(name, fields))?;
    write(
        crate_dir.join("src/models.rs"),
        models_rs(name, &model, fields),
    )?;
    write(crate_dir.join("src/serializers.rs"), serializers_rs(fields))?;
    write(
        crate_dir.join("src/views.rs"),
        views_rs(name, &model, fields),
    )?;
    write(crate_dir.join("src/urls.rs"), urls_rs(name, &model))?;
    let version = "2026-01-01-000001";
    for backend in ["sqlite", "postgres", "mysql"] {
        let dir = root
            .join("migrations")
            .join(name)
            .join(backend)
            .join(format!("{version}_create_{name}"));
        write(dir.join("up.sql"), up_sql(name, fields, backend))?;
        write(dir.join("down.sql"), format!("DROP TABLE {name};\n"))?;
    }
    write(
        root.join("tests/api").join(format!("{name}.rs")),
        test_rs(name, &model, fields),
    )?;
    register(root, name)?;
    format_rust(&written);
    Ok(written)
}

/// Formats the generated Rust files as `cargo fmt` would, so that the project's checks stay clean.
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

fn cargo_toml(name: &str) -> String {
    format!(
        "[package]\nname = \"tessera-{name}\"\ndescription = \"{name}: generated by tessera new-module\"\nedition.workspace = true\nversion.workspace = true\nlicense.workspace = true\npublish.workspace = true\n\n[lints]\nworkspace = true\n\n[dependencies]\ndiesel.workspace = true\ndiesel_migrations.workspace = true\nserde.workspace = true\ntessera-kernel.workspace = true\n"
    )
}

fn lib_rs(name: &str, model: &str) -> String {
    format!("//! `{name}`: {model} objects at `/api/{name}/`.\n\npub mod models;\npub mod schema;\npub mod serializers;\npub mod urls;\npub mod views;\n\npub use urls::{model}Module;\n\n/// The module, as the application's module list names it.\npub static MODULE: {model}Module = {model}Module;\n")
}

fn diesel_type(kind: &Kind) -> &'static str {
    match kind {
        Kind::String(_) | Kind::Text => "Text",
        Kind::Bool => "Bool",
        Kind::Int | Kind::Decimal(..) | Kind::DateTime | Kind::Timestamp => "BigInt",
    }
}

fn schema_rs(name: &str, fields: &[FieldSpec]) -> String {
    let mut columns = String::from("        id -> BigInt,\n");
    for f in fields {
        let _ = writeln!(columns, "        {} -> {},", f.name, diesel_type(&f.kind));
    }
    format!("//! The module's tables, as diesel sees them. Decimals are scaled integers; timestamps microseconds, UTC.\n\ndiesel::table! {{\n    {name} (id) {{\n{columns}    }}\n}}\n")
}

fn rust_type(kind: &Kind) -> String {
    match kind {
        Kind::String(_) | Kind::Text => "String".into(),
        Kind::Int => "i64".into(),
        Kind::Bool => "bool".into(),
        Kind::Decimal(_, places) => format!("Fixed<{places}>"),
        Kind::DateTime | Kind::Timestamp => "Timestamp".into(),
    }
}

fn models_rs(name: &str, model: &str, fields: &[FieldSpec]) -> String {
    let mut row = String::from("    pub id: i64,\n");
    let mut new = String::new();
    let mut new_values = String::new();
    let mut changes = String::new();
    let mut change_values = String::new();
    for f in fields {
        let n = &f.name;
        if matches!(f.kind, Kind::Decimal(..) | Kind::DateTime | Kind::Timestamp) {
            row.push_str("    #[diesel(deserialize_as = i64)]\n");
        }
        let _ = writeln!(row, "    pub {n}: {},", rust_type(&f.kind));
        let (column, getter) = match f.kind {
            Kind::String(_) | Kind::Text => ("&'a str", "str"),
            Kind::Bool => ("bool", "bool"),
            _ => ("i64", "i64"),
        };
        let _ = writeln!(new, "    pub {n}: {column},");
        if f.kind == Kind::Timestamp {
            let _ = writeln!(new_values, "            {n}: now.0,");
            continue;
        }
        let _ = writeln!(
            new_values,
            "            {n}: data.{getter}(\"{n}\").unwrap_or_default(),"
        );
        let _ = writeln!(changes, "    pub {n}: Option<{column}>,");
        let _ = writeln!(change_values, "            {n}: data.{getter}(\"{n}\"),");
    }
    let changes_struct = if changes.is_empty() {
        String::new()
    } else {
        format!("\n/// The fields a PUT or PATCH gave; `None` leaves the column as it is.\n#[derive(AsChangeset)]\n#[diesel(table_name = {name})]\npub struct {model}Changes<'a> {{\n{changes}    #[diesel(skip_update)]\n    pub _row: std::marker::PhantomData<&'a ()>,\n}}\n\nimpl<'a> From<&'a Valid> for {model}Changes<'a> {{\n    fn from(data: &'a Valid) -> Self {{\n        {model}Changes {{\n{change_values}            _row: std::marker::PhantomData,\n        }}\n    }}\n}}\n")
    };
    format!(
        "//! Rows of `{name}`: as read, as inserted and as changed.\n\nuse diesel::prelude::*;\nuse serde::Serialize;\nuse tessera_kernel::prelude::*;\n\nuse crate::schema::{name};\n\n/// `{model}`, serialized in field order.\n#[derive(Debug, Clone, PartialEq, Queryable, Serialize)]\npub struct {model} {{\n{row}}}\n\n#[derive(Insertable)]\n#[diesel(table_name = {name})]\npub struct New{model}<'a> {{\n{new}    #[diesel(skip_insertion)]\n    pub _row: std::marker::PhantomData<&'a ()>,\n}}\n\nimpl<'a> From<&'a Valid> for New{model}<'a> {{\n    fn from(data: &'a Valid) -> Self {{\n        let now = Timestamp::now();\n        let _ = now;\n        New{model} {{\n{new_values}            _row: std::marker::PhantomData,\n        }}\n    }}\n}}\n{changes_struct}"
    )
}

fn serializers_rs(fields: &[FieldSpec]) -> String {
    let mut list = String::from("    Field::id(),\n");
    for f in fields {
        let (n, l) = (&f.name, label(&f.name));
        let _ = match &f.kind {
            Kind::String(max) => writeln!(list, "    Field::string(\"{n}\", \"{l}\", {max}),"),
            Kind::Text => writeln!(list, "    Field::text(\"{n}\", \"{l}\"),"),
            Kind::Int => writeln!(list, "    Field::integer(\"{n}\", \"{l}\"),"),
            Kind::Bool => writeln!(list, "    Field::boolean(\"{n}\", \"{l}\"),"),
            Kind::Decimal(d, p) => {
                writeln!(list, "    Field::decimal(\"{n}\", \"{l}\", {d}, {p}),")
            }
            Kind::DateTime => writeln!(list, "    Field::datetime(\"{n}\", \"{l}\"),"),
            Kind::Timestamp => writeln!(list, "    Field::timestamp(\"{n}\", \"{l}\"),"),
        };
    }
    format!("//! The serializer: fields in body order, with what the model allows.\n\nuse tessera_kernel::Field;\n\npub const FIELDS: &[Field] = &[\n{list}];\n")
}

fn views_rs(name: &str, model: &str, fields: &[FieldSpec]) -> String {
    let strings: Vec<&str> = fields
        .iter()
        .filter(|f| matches!(f.kind, Kind::String(_) | Kind::Text))
        .map(|f| f.name.as_str())
        .collect();
    let exact: Vec<&str> = fields
        .iter()
        .filter(|f| matches!(f.kind, Kind::String(_)))
        .map(|f| f.name.as_str())
        .collect();
    let orderable: Vec<&str> = std::iter::once("id")
        .chain(
            fields
                .iter()
                .filter(|f| !matches!(f.kind, Kind::Text))
                .map(|f| f.name.as_str()),
        )
        .collect();
    let quoted = |names: &[&str]| {
        names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut filters = String::new();
    for n in &exact {
        let _ = write!(filters, "    if let Some(value) = query.filter(\"{n}\") {{\n        rows = rows.filter(dsl::{n}.eq(value.to_owned()));\n    }}\n");
    }
    let search = if strings.is_empty() {
        "    rows".to_owned()
    } else {
        format!(
            "    apply_search!(rows, query, [{}])",
            strings
                .iter()
                .map(|n| format!("dsl::{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let ordering = orderable
        .iter()
        .map(|n| format!("\"{n}\" => dsl::{n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let search_import = if strings.is_empty() {
        ""
    } else {
        "apply_search, "
    };
    let mut_rows = if exact.is_empty() { "" } else { "mut " };
    format!(
        "//! The viewset: what `{name}` filters, searches and orders by, and its queries over its own table.\n\nuse diesel::prelude::*;\nuse tessera_kernel::prelude::*;\nuse tessera_kernel::{{{search_import}apply_ordering, row_queries}};\n\nuse crate::models::{{New{model}, {model}, {model}Changes}};\nuse crate::schema::{name}::{{self, dsl}};\nuse crate::serializers::FIELDS;\n\npub struct {model}ViewSet;\n\ntype Query = {name}::BoxedQuery<'static, AnyBackend>;\n\nfn filtered(query: &ListQuery) -> Query {{\n    let {mut_rows}rows = {name}::table.into_boxed();\n{filters}{search}\n}}\n\nimpl Resource for {model}ViewSet {{\n    const SPEC: ResourceSpec = ResourceSpec {{\n        model_name: \"{model}\",\n        verbose_name: \"{verbose}\",\n        view_name: \"{view}\",\n        path: \"\",\n        fields: FIELDS,\n        filters: &[{filters_list}],\n        search: &[{search_list}],\n        ordering: &[{ordering_list}],\n        owner_field: None,\n    }};\n\n    type Row = {model};\n\n    fn count(conn: &mut AnyConnection, query: &ListQuery) -> QueryResult<i64> {{\n        filtered(query).count().get_result(conn)\n    }}\n\n    fn page(conn: &mut AnyConnection, query: &ListQuery, limit: i64, offset: i64) -> QueryResult<Vec<{model}>> {{\n        apply_ordering!(filtered(query), &query.ordering, {{ {ordering} }})\n            .limit(limit)\n            .offset(offset)\n            .load(conn)\n    }}\n\n    row_queries!({name}, {model}, new: New{model}::from, changes: {model}Changes::from);\n}}\n",
        verbose = name.replace('_', " "),
        view = label(name),
        filters_list = quoted(&exact),
        search_list = quoted(&strings),
        ordering_list = quoted(&orderable),
    )
}

fn urls_rs(name: &str, model: &str) -> String {
    format!("//! The module as the application mounts it: its name, its migrations and its resources.\n\nuse diesel_migrations::{{embed_migrations, EmbeddedMigrations}};\nuse tessera_kernel::prelude::*;\n\nuse crate::views::{model}ViewSet;\n\nconst SQLITE: EmbeddedMigrations = embed_migrations!(\"../../migrations/{name}/sqlite\");\nconst POSTGRES: EmbeddedMigrations = embed_migrations!(\"../../migrations/{name}/postgres\");\nconst MYSQL: EmbeddedMigrations = embed_migrations!(\"../../migrations/{name}/mysql\");\n\npub struct {model}Module;\n\nimpl Module for {model}Module {{\n    fn name(&self) -> &'static str {{\n        \"{name}\"\n    }}\n\n    fn migrations(&self) -> Migrations {{\n        Migrations {{\n            sqlite: || SQLITE,\n            postgres: || POSTGRES,\n            mysql: || MYSQL,\n        }}\n    }}\n\n    fn resources(&self) -> Vec<Mount> {{\n        vec![Mount::of::<{model}ViewSet>()]\n    }}\n}}\n")
}

/// The table for one backend (`sqlite`, `postgres` or `mysql`), its text ordered by code point on each.
fn up_sql(name: &str, fields: &[FieldSpec], backend: &str) -> String {
    let mut sql = format!("-- Generated by tessera new-module. Decimals are scaled integers; timestamps microseconds since 1970, UTC.\nCREATE TABLE {name} (\n");
    sql.push_str(match backend {
        "postgres" => "    id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
        "mysql" => "    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY",
        _ => "    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL",
    });
    let collate = match backend {
        "postgres" => " COLLATE \"C\"",
        "mysql" => " /*M!100202 COLLATE utf8mb4_nopad_bin */",
        _ => "",
    };
    for f in fields {
        let column = match f.kind {
            // MySQL counts every VARCHAR's largest size (4 bytes a character) against a 65,535-byte row; a long
            // string is LONGTEXT there, its maximum length checked by validation as on the other backends.
            Kind::String(max) if backend == "mysql" && max > 255 => {
                format!("LONGTEXT{collate} NOT NULL")
            }
            Kind::String(max) => format!("VARCHAR({max}){collate} NOT NULL"),
            // MySQL's TEXT holds 64 KiB; LONGTEXT is unbounded as TEXT is on the other backends.
            Kind::Text if backend == "mysql" => format!("LONGTEXT{collate} NOT NULL"),
            Kind::Text => format!("TEXT{collate} NOT NULL"),
            Kind::Bool => "BOOLEAN NOT NULL DEFAULT FALSE".into(),
            Kind::Int | Kind::Decimal(..) | Kind::DateTime | Kind::Timestamp => {
                "BIGINT NOT NULL".into()
            }
        };
        let _ = write!(sql, ",\n    {} {column}", f.name);
    }
    sql.push_str(if backend == "mysql" {
        "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;\n"
    } else {
        "\n);\n"
    });
    sql
}

fn sample(kind: &Kind) -> &'static str {
    match kind {
        Kind::String(_) | Kind::Text => "\"x\"",
        Kind::Int => "7",
        Kind::Bool => "true",
        Kind::Decimal(..) => "\"1\"",
        Kind::DateTime => "\"2026-11-27T09:41:07Z\"",
        Kind::Timestamp => "null",
    }
}

fn test_rs(name: &str, model: &str, fields: &[FieldSpec]) -> String {
    let body: Vec<String> = fields
        .iter()
        .filter(|f| f.kind != Kind::Timestamp)
        .map(|f| format!("\"{}\": {}", f.name, sample(&f.kind)))
        .collect();
    let required: Vec<String> = fields
        .iter()
        .filter(|f| !matches!(f.kind, Kind::Timestamp | Kind::Bool))
        .map(|f| format!("\"{}\":[\"This field is required.\"]", f.name))
        .collect();
    format!(
        "//! `{name}`, generated by tessera new-module: the contract holds on both backends and behind the gateway.\n\nuse actix_web::http::{{Method, StatusCode}};\nuse serde_json::json;\n\nuse crate::helpers::{{spawn_app, Backend}};\n\ncrate::on_both_backends!(crud_follows_the_contract);\n\nasync fn crud_follows_the_contract(backend: Backend) {{\n    let Some(app) = spawn_app(backend).await else {{ return }};\n    let created = app.post(\"/api/{name}/\", &json!({{{body}}})).await;\n    assert_eq!(created.status, StatusCode::CREATED, \"{{}}\", created.text());\n    assert_eq!(created.json()[\"id\"], 1);\n    let missing = app.post(\"/api/{name}/\", &json!({{}})).await;\n    assert_eq!(missing.status, StatusCode::BAD_REQUEST);\n    assert_eq!(missing.text(), r#\"{{{required}}}\"#);\n    let list = app.get(\"/api/{name}/\").await.json();\n    assert_eq!(list[\"count\"], 1);\n    assert_eq!(app.get(\"/api/{name}/1/\").await.json(), created.json());\n    let root = app.get(\"/api/\").await.json();\n    assert_eq!(root[\"{name}\"], json!(app.url(\"/api/{name}/\")));\n    let gone = app.send(Method::DELETE, \"/api/{name}/1/\", None, b\"\", &[]).await;\n    assert_eq!(gone.status, StatusCode::NO_CONTENT);\n    let after = app.get(\"/api/{name}/1/\").await;\n    assert_eq!(after.text(), r#\"{{\"detail\":\"No {model} matches the given query.\"}}\"#);\n}}\n",
        body = body.join(", "),
        required = required.join(","),
    )
}

/// Adds the module to the workspace, the binary's dependencies, the module list, the settings and the tests.
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
    )?;
    let config = root.join("config/default.toml");
    let mut text = fs::read_to_string(&config).map_err(|e| e.to_string())?;
    let _ = write!(text, "\n[modules.{name}]\ndatabase_url = \"\"\npool_size = 0\nremote_url = \"\"\npermission = \"allow_any\"\nthrottle_anon = \"\"\nthrottle_user = \"\"\n");
    fs::write(config, text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mysql_tables_fit_mysql_limits_and_order_text_by_code_point() {
        let fields: Vec<FieldSpec> = ["code:string:20", "essay:string:20000", "notes:text"]
            .iter()
            .map(|f| f.parse().unwrap())
            .collect();
        let sql = up_sql("things", &fields, "mysql");
        let nopad = "/*M!100202 COLLATE utf8mb4_nopad_bin */";
        assert!(
            sql.contains("id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY"),
            "{sql}"
        );
        assert!(
            sql.contains(&format!("code VARCHAR(20) {nopad} NOT NULL")),
            "{sql}"
        );
        assert!(
            sql.contains(&format!("essay LONGTEXT {nopad} NOT NULL")),
            "{sql}"
        );
        assert!(
            sql.contains(&format!("notes LONGTEXT {nopad} NOT NULL")),
            "{sql}"
        );
        assert!(sql.ends_with(") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;\n"));
        let postgres = up_sql("things", &fields, "postgres");
        assert!(
            postgres.contains("essay VARCHAR(20000) COLLATE \"C\" NOT NULL"),
            "{postgres}"
        );
    }

    #[test]
    fn field_specs() {
        assert_eq!(
            "title:string:80".parse(),
            Ok(FieldSpec {
                name: "title".into(),
                kind: Kind::String(80)
            })
        );
        assert_eq!(
            "price:decimal:10,2".parse::<FieldSpec>().unwrap().kind,
            Kind::Decimal(10, 2)
        );
        assert_eq!("stock:int".parse::<FieldSpec>().unwrap().kind, Kind::Int);
        assert_eq!(
            "seen_at:datetime".parse::<FieldSpec>().unwrap().kind,
            Kind::DateTime
        );
        assert_eq!(
            "made_at:timestamp".parse::<FieldSpec>().unwrap().kind,
            Kind::Timestamp
        );
        for bad in [
            "Title:text",
            "id:int",
            "x:float",
            "p:decimal:10",
            "s:string:0",
            "fn:text",
        ] {
            assert!(bad.parse::<FieldSpec>().is_err(), "{bad}");
        }
    }

    #[test]
    fn names_that_exist_or_are_not_identifiers_are_refused() {
        let dir = std::env::temp_dir().join(format!("tessera-scaffold-{}", std::process::id()));
        let field = vec!["a:text".parse().unwrap()];
        for bad in ["catalog", "Bad", "9lives", "with-dash", "self", ""] {
            assert!(new_module(&dir, bad, &field).is_err(), "{bad}");
        }
        assert!(new_module(&dir, "fine", &[]).is_err(), "no fields");
    }
}
