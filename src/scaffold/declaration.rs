//! The module's declaration: one `#[derive(Resource)]` struct per model, its choices' constants, and the
//! `module!` that serves them all.

use super::model::{snake, Model};
use super::spec::{FieldSpec, Kind};
use super::template::{fill, Context};

const LIB_RS: &str = include_str!("templates/lib.rs.tmpl");
const RESOURCE_RS: &str = include_str!("templates/resource.rs.tmpl");
const CHOICES_RS: &str = include_str!("templates/choices.rs.tmpl");
const FIELD_RS: &str = include_str!("templates/field.rs.tmpl");

pub fn camel(name: &str) -> String {
    name.split('_')
        .filter(|p| !p.is_empty())
        .map(|p| p[..1].to_uppercase() + &p[1..])
        .collect()
}

/// `lib.rs` of the module.
pub fn lib_rs(module: &str, models: &[Model], permission: &str) -> Result<String, String> {
    let mut choices = String::new();
    let mut resources = String::new();
    for model in models {
        choices.push_str(&choice_consts(model, models.len() > 1)?);
        let mut context = Context::default();
        context
            .set("model", model.name.clone())
            .set("verbose_name", snake(&model.name).replace('_', " "))
            .set("resource", resource_choices(model))
            .set("fields", field_lines(model, models.len() > 1)?);
        resources.push_str(&fill(RESOURCE_RS, &context)?);
    }
    let names: Vec<&str> = models.iter().map(|m| m.name.as_str()).collect();
    let summary = models
        .iter()
        .map(|m| {
            format!(
                "//! - {} objects at `/api/{module}/{}`\n",
                m.name,
                slash(&m.path)
            )
        })
        .collect::<String>();
    let mut context = Context::default();
    context
        .set("module", module)
        .set("summary", summary)
        .set("permission", permission)
        .set("choices", choices)
        .set("resources", resources)
        .set("models", names.join(", "));
    fill(LIB_RS, &context)
}

/// `widgets` -> `widgets/`, and nothing for a module's only model.
pub fn slash(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}/")
    }
}

fn resource_choices(model: &Model) -> String {
    let spec = model.spec;
    let filters: Vec<String> = spec
        .filters
        .iter()
        .map(|f| match &f.lookups[..] {
            [only] if only == "exact" => f.field.clone(),
            lookups => format!("{}({})", f.field, lookups.join(", ")),
        })
        .collect();
    let list = |key: &str, names: &[String]| {
        (!names.is_empty()).then(|| format!("{key}({})", names.join(", ")))
    };
    let path = (!model.path.is_empty()).then(|| format!("path = \"{}\"", model.path));
    let parts: Vec<String> = [
        path,
        list("filter", &filters),
        list("search", &spec.search),
        list("ordering", &spec.ordering),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        return String::new();
    }
    format!("#[resource({})]\n", parts.join(", "))
}

/// `STATUS_CHOICES`, or `TASK_STATUS_CHOICES` in a module of several models.
fn constant(model: &Model, field: &FieldSpec, several: bool) -> String {
    let name = if several {
        format!("{}_{}", snake(&model.name), field.name)
    } else {
        field.name.clone()
    };
    format!("{}_CHOICES", name.to_uppercase())
}

fn choice_consts(model: &Model, several: bool) -> Result<String, String> {
    let mut text = String::new();
    for field in model
        .spec
        .fields
        .iter()
        .filter(|f| !f.rules.choices.is_empty())
    {
        let pairs: Vec<String> = field
            .rules
            .choices
            .iter()
            .map(|c| format!("(\"{c}\", \"{}\")", camel(c)))
            .collect();
        let mut context = Context::default();
        context
            .set("field", field.name.clone())
            .set("constant", constant(model, field, several))
            .set("pairs", pairs.join(", "));
        text.push_str(&fill(CHOICES_RS, &context)?);
    }
    Ok(text)
}

/// The Rust type of a field, and its default as Rust; the rules its type implies go to `rules`.
fn rust_type(field: &FieldSpec, rules: &mut Vec<String>) -> (String, Option<String>) {
    let r = &field.rules;
    let quoted = r.default.as_ref().map(|d| format!("{d:?}"));
    match &field.kind {
        Kind::String(n) => {
            rules.push(format!("max_length = {n}"));
            ("String".to_owned(), quoted)
        }
        Kind::Text => ("String".to_owned(), quoted),
        Kind::Int => ("i64".to_owned(), r.default.clone()),
        Kind::Bool => ("bool".to_owned(), r.default.clone()),
        Kind::Decimal(digits, places) => {
            rules.push(format!("max_digits = {digits}"));
            (format!("Fixed<{places}>"), quoted)
        }
        Kind::DateTime => ("Timestamp".to_owned(), None),
        Kind::Date => ("Date".to_owned(), None),
        Kind::ForeignKey(target) => {
            rules.push(format!("foreign_key = {target}"));
            ("i64".to_owned(), None)
        }
        Kind::Source(..) => (String::new(), None),
    }
}

/// The struct's field lines, each with its `#[field(..)]` rules.
fn field_lines(model: &Model, several: bool) -> Result<String, String> {
    let mut text = String::new();
    for field in &model.spec.fields {
        let r = &field.rules;
        let mut rules: Vec<String> = Vec::new();
        let (ty, default) = rust_type(field, &mut rules);
        let ty = match &field.kind {
            Kind::Source(key, name) => {
                rules.push(format!("source = \"{key}.{name}\""));
                let source = model.sources.iter().find(|s| s.field.name == field.name);
                let target = source.map(|s| s.target).ok_or("a source unchecked")?;
                let (ty, _) = rust_type(target, &mut Vec::new());
                if target.rules.null {
                    format!("Option<{ty}>")
                } else {
                    ty
                }
            }
            _ => ty,
        };
        if !r.choices.is_empty() {
            rules.push(format!("choices = {}", constant(model, field, several)));
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
