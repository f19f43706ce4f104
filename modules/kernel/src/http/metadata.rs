//! OPTIONS responses: Django REST framework's `SimpleMetadata`, built from the resource's field declarations.

use serde_json::{json, Map, Value};

use crate::fields::{Field, FieldKind};
use crate::sql::Dialect;

/// Media types the API renders and parses.
pub const RENDERS: &[&str] = &["application/json"];
pub const PARSES: &[&str] = &[
    "application/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
];

/// The metadata of a list (`POST` action) or detail (`PUT` action) URL named `view_name`. `fields` is `None`
/// when the requester may not write, or for a detail URL whose object does not exist: DRF then leaves `actions`
/// out. A positive integer's maximum is the database's.
pub fn describe(
    view_name: &str,
    detail: bool,
    fields: Option<&[Field]>,
    dialect: Dialect,
) -> Value {
    let suffix = if detail { "Instance" } else { "List" };
    let action = if detail { "PUT" } else { "POST" };
    describe_view(
        &format!("{view_name} {suffix}"),
        "",
        fields.map(|fields| (action, fields)),
        Some(dialect),
    )
}

/// The metadata of any view: its name, description, and the fields of its write action if it has one (a
/// positive integer's maximum is the database's, when the view has one).
pub fn describe_view(
    name: &str,
    description: &str,
    action: Option<(&str, &[Field])>,
    dialect: Option<Dialect>,
) -> Value {
    let mut body = Map::new();
    body.insert("name".into(), json!(name));
    body.insert("description".into(), json!(description));
    body.insert("renders".into(), json!(RENDERS));
    body.insert("parses".into(), json!(PARSES));
    if let Some((action, fields)) = action {
        let fields: Map<String, Value> = fields
            .iter()
            .filter(|f| !f.hidden)
            .map(|f| {
                let max_value = dialect.map_or(f.max_value, |d| f.max_for(d));
                (f.name.to_owned(), field_info(&Field { max_value, ..*f }))
            })
            .collect();
        body.insert("actions".into(), json!({ action: fields }));
    }
    Value::Object(body)
}

fn field_info(field: &Field) -> Value {
    let mut info = Map::new();
    info.insert("type".into(), json!(field.kind.metadata_type()));
    info.insert("required".into(), json!(field.required));
    info.insert("read_only".into(), json!(field.read_only));
    info.insert("label".into(), json!(field.label));
    // A choice field's column has a length, which DRF's ChoiceField does not show.
    if let (Some(max), FieldKind::String) = (field.max_length, field.kind) {
        info.insert("max_length".into(), json!(max));
    }
    if let Some(min) = field.min_value {
        info.insert("min_value".into(), json!(min));
    }
    if let Some(max) = field.max_value {
        info.insert("max_value".into(), json!(max));
    }
    match field.kind {
        FieldKind::Decimal { max_digits, places } => {
            info.insert("max_digits".into(), json!(max_digits));
            info.insert("decimal_places".into(), json!(places));
        }
        FieldKind::Choice(choices) if !field.read_only => {
            let choices: Vec<Value> = choices
                .iter()
                .map(|(value, display)| json!({"value": value, "display_name": display}))
                .collect();
            info.insert("choices".into(), Value::Array(choices));
        }
        _ => {}
    }
    Value::Object(info)
}
