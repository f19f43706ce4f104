//! The generated test, `tests/api/<module>.rs`: one module of tests per model (`templates/resource_test.rs.tmpl`)
//! with the values it sends, what they store, what each field and lookup refuses, and what each query selects.

use serde_json::{Map, Value};

use super::declaration::slash;
use super::filters::{param, queries, refused as refused_lookup};
use super::model::{snake, Model};
use super::samples;
use super::spec::FieldSpec;
use super::template::{fill, Context};

const TEST_RS: &str = include_str!("templates/test.rs.tmpl");
const RESOURCE_TEST_RS: &str = include_str!("templates/resource_test.rs.tmpl");

fn quoted(names: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    names
        .into_iter()
        .map(|n| format!("\"{}\"", n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn test_rs(module: &str, models: &[Model]) -> Result<String, String> {
    let mut resources = String::new();
    for model in models {
        resources.push_str(&fill(RESOURCE_TEST_RS, &context(module, model))?);
    }
    let mut context = Context::default();
    context.set("module", module).set("resources", resources);
    fill(TEST_RS, &context)
}

pub fn context(module: &str, model: &Model) -> Context {
    let fields = &model.spec.fields;
    let writable: Vec<&FieldSpec> = fields.iter().filter(|f| f.writable()).collect();
    // A foreign key's value is a row the test creates: `sample` adds it.
    let valued: Vec<&FieldSpec> = writable
        .iter()
        .copied()
        .filter(|f| f.target().is_none())
        .collect();
    let body = |second: bool, stored: bool| {
        let map: Map<String, Value> = valued
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
    let verbose = snake(&model.name).replace('_', " ");
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
    let names = |list: &[&FieldSpec]| quoted(list.iter().map(|f| &f.name));
    let nullable: Vec<&FieldSpec> = writable.iter().copied().filter(|f| f.rules.null).collect();
    let nullable_ordering: Vec<&FieldSpec> = model
        .ordering
        .iter()
        .copied()
        .filter(|f| f.rules.null)
        .collect();
    let ordering: Vec<String> = model
        .ordering
        .iter()
        .map(|f| format!("(\"{}\", {})", f.name, samples::sample_first(f)))
        .collect();
    let mut lookups = Vec::new();
    let mut refused_lookups = Vec::new();
    for (field, filter) in &model.filters {
        for lookup in &filter.lookups {
            let param = param(&field.name, lookup);
            for q in queries(field, lookup) {
                lookups.push(format!(
                    "(\"{param}\", {:?}, {}, {})",
                    q.value, q.first, q.second
                ));
            }
            for (value, message) in refused_lookup(field, lookup) {
                refused_lookups.push(format!("(\"{param}\", {value:?}, {message:?})"));
            }
        }
    }
    let (parents, parent_rows) = parents(model);
    let mut context = Context::default();
    context
        .set("model", model.name.clone())
        .set("snake", snake(&model.name))
        .set("list", format!("/api/{module}/{}", slash(&model.path)))
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
        .set("nullable_fields", names(&nullable))
        .flag("nullable", !nullable.is_empty())
        .set("nullable_ordering_fields", names(&nullable_ordering))
        .flag("nullable_ordering", !nullable_ordering.is_empty())
        .set("lookups", lookups.join(",\n    "))
        .set("refused_lookups", refused_lookups.join(",\n    "))
        .set("search", names(&model.search))
        .set("ordering", ordering.join(", "))
        .flag("fk", !parents.is_empty())
        .set("parents", parents.join(", "))
        .set("parent_rows", parent_rows)
        .set(
            "sources",
            model
                .sources
                .iter()
                .map(|s| format!("(\"{}\", \"{}\")", s.field.name, s.foreign_key.name))
                .collect::<Vec<_>>()
                .join(", "),
        );
    context
}

/// `("widget", super::widget::LIST)` for each foreign key, and the lines of `add_parents()` that find or create
/// the row each refers to, and read the fields read through it.
fn parents(model: &Model) -> (Vec<String>, String) {
    let keys: Vec<(&str, String)> = model
        .spec
        .fields
        .iter()
        .filter(|f| f.writable())
        .filter_map(|f| f.target().map(|t| (f.name.as_str(), snake(t))))
        .collect();
    let mut lines = String::new();
    for (field, target) in &keys {
        lines.push_str(&format!(
            "    let row = super::{target}::row(app, second, rows).await;\n    \
             body.insert(\"{field}\".into(), row[\"id\"].clone());\n    \
             stored.insert(\"{field}\".into(), row[\"id\"].clone());\n"
        ));
        for source in model
            .sources
            .iter()
            .filter(|s| s.foreign_key.name == *field)
        {
            lines.push_str(&format!(
                "    stored.insert(\"{}\".into(), row[\"{}\"].clone());\n",
                source.field.name, source.target.name
            ));
        }
    }
    let lists = keys
        .iter()
        .map(|(field, target)| format!("(\"{field}\", super::{target}::LIST)"))
        .collect();
    (lists, lines)
}
