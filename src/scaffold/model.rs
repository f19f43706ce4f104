//! The models of a generated module, as the command line gives them, checked against each other: a module's
//! name, fields, lookups, search and ordering that name fields, and foreign keys to models declared before.

use super::filters::{applies, FilterSpec};
use super::spec::{is_model_name, FieldSpec, Kind};

/// One model: `--model` and the `--field`, `--filter`, `--search` and `--ordering` after it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModelSpec {
    /// `Task`; by default (a module of one model) the module's name in CamelCase without a plural `s`.
    pub name: Option<String>,
    pub fields: Vec<FieldSpec>,
    pub filters: Vec<FilterSpec>,
    pub search: Vec<String>,
    pub ordering: Vec<String>,
}

/// A model whose names all resolve.
#[derive(Debug)]
pub struct Model<'a> {
    pub name: String,
    /// Its path below the module's scope: none for a module's only model, else `widgets` for `Widget`.
    pub path: String,
    pub spec: &'a ModelSpec,
    pub filters: Vec<(&'a FieldSpec, &'a FilterSpec)>,
    pub search: Vec<&'a FieldSpec>,
    pub ordering: Vec<&'a FieldSpec>,
    /// Each `source:FK.FIELD` field with its foreign key and the target's field.
    pub sources: Vec<Source<'a>>,
}

#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub field: &'a FieldSpec,
    pub foreign_key: &'a FieldSpec,
    pub target: &'a FieldSpec,
}

/// `CiWidget` -> `ci_widget`.
pub fn snake(model: &str) -> String {
    let mut words = String::new();
    for (i, c) in model.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            words.push('_');
        }
        words.extend(c.to_lowercase());
    }
    words
}

fn camel(name: &str) -> String {
    name.split('_')
        .filter(|p| !p.is_empty())
        .map(|p| p[..1].to_uppercase() + &p[1..])
        .collect()
}

/// Checks the module's models against each other.
pub fn check<'a>(module: &str, specs: &'a [ModelSpec]) -> Result<Vec<Model<'a>>, String> {
    if specs.is_empty() {
        return Err("give a model: --model Name --field name:type".into());
    }
    let mut models: Vec<Model<'a>> = Vec::new();
    for spec in specs {
        let name = match &spec.name {
            Some(name) if is_model_name(name) => name.clone(),
            Some(name) => {
                return Err(format!(
                    "--model {name}: a model is a CamelCase name (Widget)"
                ))
            }
            None => camel(module.strip_suffix('s').unwrap_or(module)),
        };
        let fail = |why: String| format!("model {name}: {why}");
        if models.iter().any(|m| m.name == name) {
            return Err(fail("declared twice".into()));
        }
        if !spec.fields.iter().any(FieldSpec::writable) {
            return Err(fail(
                "give at least one writable --field name:type (timestamps are set by the server)"
                    .into(),
            ));
        }
        for (i, f) in spec.fields.iter().enumerate() {
            if spec.fields[..i].iter().any(|g| g.name == f.name) {
                return Err(fail(format!("field \"{}\" is declared twice", f.name)));
            }
            if let Some(target) = f.target() {
                if !models.iter().any(|m| m.name == target) {
                    return Err(fail(format!(
                        "field \"{}\": fk:{target} names no model declared before {name} (declare it first \
                         with --model {target})",
                        f.name
                    )));
                }
            }
        }
        let mut sources = Vec::new();
        for f in &spec.fields {
            let Kind::Source(key, name) = &f.kind else {
                continue;
            };
            let foreign_key = field(spec, key)
                .filter(|k| k.target().is_some())
                .ok_or_else(|| fail(format!("field \"{}\": {key} is no fk field", f.name)))?;
            if foreign_key.rules.null {
                // The kernel types a related field as its target's field, which a missing row's NULL does not fit.
                return Err(fail(format!(
                    "field \"{}\": a source reads through a foreign key that is not null",
                    f.name
                )));
            }
            let target_model = models
                .iter()
                .find(|m| Some(m.name.as_str()) == foreign_key.target());
            let target = target_model
                .and_then(|m| field(m.spec, name))
                .filter(|t| !matches!(t.kind, Kind::Source(..)))
                .ok_or_else(|| {
                    fail(format!(
                        "field \"{}\": the model {key} refers to has no field {name}",
                        f.name
                    ))
                })?;
            sources.push(Source {
                field: f,
                foreign_key,
                target,
            });
        }
        let find = |list: &'a [String], what: &str| -> Result<Vec<&'a FieldSpec>, String> {
            list.iter()
                .filter(|n| n.as_str() != "id")
                .map(|n| field(spec, n).ok_or_else(|| fail(format!("--{what} {n}: no such field"))))
                .collect()
        };
        let mut filters = Vec::new();
        for filter in spec.filters.iter().filter(|f| f.field != "id") {
            let f = field(spec, &filter.field)
                .ok_or_else(|| fail(format!("--filter {}: no such field", filter.field)))?;
            if let Some(bad) = filter.lookups.iter().find(|l| !applies(f, l)) {
                return Err(fail(format!(
                    "--filter {}: {bad} does not apply to this field",
                    f.name
                )));
            }
            filters.push((f, filter));
        }
        let (search, ordering) = (
            find(&spec.search, "search")?,
            find(&spec.ordering, "ordering")?,
        );
        if let Some(f) = ordering.iter().find(|f| matches!(f.kind, Kind::Source(..))) {
            return Err(fail(format!(
                "--ordering {}: a source field is read through its foreign key",
                f.name
            )));
        }
        if let Some(f) = search.iter().find(|f| !f.is_text()) {
            return Err(fail(format!(
                "--search {}: search looks in string and text fields",
                f.name
            )));
        }
        let path = if specs.len() == 1 {
            String::new()
        } else {
            format!("{}s", snake(&name))
        };
        models.push(Model {
            name,
            path,
            spec,
            filters,
            search,
            ordering,
            sources,
        });
    }
    Ok(models)
}

fn field<'a>(spec: &'a ModelSpec, name: &str) -> Option<&'a FieldSpec> {
    spec.fields.iter().find(|f| f.name == name)
}
