//! Validation of a request body against a resource's fields, as a Django REST framework serializer does it: every
//! field is checked, every failure is reported under its field in field order, strings are trimmed, numbers given
//! for strings are kept as their text, unknown keys and read-only fields are ignored.

use serde_json::{json, Map, Value};

use crate::error::{ApiError, FieldErrors};
use crate::fields::{Default, Field, FieldKind};
use crate::sql::Dialect;
use crate::value::{FieldType, Key};

/// Field values that passed validation, by field name, in field order. A field that was not sent is absent; one
/// sent as `null` is present with `null`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Valid(Map<String, Value>);

impl Valid {
    /// The field's value: `None` when it was not sent (for a nullable field, `Some(None)` when it was `null`).
    pub fn get<T: FieldType>(&self, key: Key<T>) -> Option<T> {
        self.0.get(key.name).and_then(T::from_json)
    }

    /// Sets a value the server computes (a price copied from elsewhere).
    pub fn set<T: FieldType>(&mut self, key: Key<T>, value: T) {
        self.0.insert(key.name.to_owned(), value.to_json());
    }

    /// The value of a field by name, as validation left it.
    pub fn value(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// Sets a field by name (the kernel's own use: the owner from the token).
    pub fn set_value(&mut self, name: &str, value: Value) {
        self.0.insert(name.to_owned(), value);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Which fields a body must hold. Create and PUT both need every required field; only create fills in defaults
/// for the others, so a PUT that leaves out a field that is not required keeps its stored value, as a Django REST
/// framework `ModelSerializer` does. PATCH checks only the fields it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Create,
    Update,
    Partial,
}

pub const REQUIRED: &str = "This field is required.";
pub const NULL: &str = "This field may not be null.";
pub const BLANK: &str = "This field may not be blank.";

/// What validation made of a body: the values of the fields that passed, every failing field's messages, and
/// the foreign keys whose rows must exist (checked against the database, their errors reported with the others).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Draft {
    pub data: Valid,
    pub errors: FieldErrors,
    /// (field, id, the value as the client sent it).
    pub relations: Vec<(&'static str, i64, String)>,
}

impl Draft {
    /// Reports a field as failing (a check another module answered, say), with the others.
    pub fn reject<T>(&mut self, key: Key<T>, message: impl Into<String>) {
        self.data.0.remove(key.name);
        let entry = self
            .errors
            .entry(key.name.to_owned())
            .or_insert_with(|| json!([]));
        if let Value::Array(messages) = entry {
            messages.push(Value::from(message.into()));
        }
    }

    /// The data, or every error in the fields' order (and `non_field_errors` last), as DRF reports them.
    pub fn into_valid(self, fields: &[Field]) -> Result<Valid, ApiError> {
        if self.errors.is_empty() {
            return Ok(self.data);
        }
        let mut errors = self.errors;
        let mut ordered = FieldErrors::new();
        for field in fields {
            if let Some(messages) = errors.remove(field.name) {
                ordered.insert(field.name.into(), messages);
            }
        }
        ordered.extend(errors);
        Err(ApiError::Validation(ordered))
    }
}

/// Validates a parsed body and gives its valid data, or every error.
pub fn validate(fields: &[Field], body: &Value, mode: Mode) -> Result<Valid, ApiError> {
    check(fields, body, mode, None)?.into_valid(fields)
}

/// Validates a parsed body field by field, for a database of `dialect` (whose integer range bounds a positive
/// integer). The body must be a JSON object; anything else is a non-field error.
pub fn check(
    fields: &[Field],
    body: &Value,
    mode: Mode,
    dialect: Option<Dialect>,
) -> Result<Draft, ApiError> {
    let data = match body {
        Value::Object(map) => map,
        Value::Null => return Err(non_field_error("No data provided")),
        other => {
            return Err(non_field_error(&format!(
                "Invalid data. Expected a dictionary, but got {}.",
                python_type_name(other)
            )))
        }
    };
    let mut draft = Draft::default();
    for field in fields.iter().filter(|f| f.writable()) {
        match data.get(field.name) {
            None if mode == Mode::Partial => {}
            None if field.required => {
                draft.errors.insert(field.name.into(), json!([REQUIRED]));
            }
            None => {
                if let (Mode::Create, Some(default)) = (mode, field.default) {
                    draft
                        .data
                        .0
                        .insert(field.name.into(), default_value(default));
                }
            }
            Some(value) => match validate_value(field, value, dialect) {
                Ok(v) => {
                    if let (FieldKind::Relation, Some(id)) = (field.kind, v.as_i64()) {
                        draft.relations.push((field.name, id, shown(value)));
                    }
                    draft.data.0.insert(field.name.into(), v);
                }
                Err(messages) => {
                    draft.errors.insert(field.name.into(), json!(messages));
                }
            },
        }
    }
    Ok(draft)
}

/// A value as Python's `str()` shows it, for DRF's `Invalid pk "42"`.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn non_field_error(message: &str) -> ApiError {
    ApiError::field("non_field_errors", message)
}

/// The name Python gives the type of a JSON value, as DRF's message shows it.
fn python_type_name(value: &Value) -> &'static str {
    match value {
        Value::Array(_) => "list",
        Value::String(_) => "str",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::Null => "NoneType",
        Value::Object(_) => "dict",
    }
}

pub(crate) fn default_value(default: Default) -> Value {
    match default {
        Default::Str(s) => Value::from(s),
        Default::Int(i) => Value::from(i),
        Default::Bool(b) => Value::from(b),
    }
}

/// Checks one present value; on failure returns every message that applies.
pub fn validate_value(
    field: &Field,
    value: &Value,
    dialect: Option<Dialect>,
) -> Result<Value, Vec<String>> {
    if value.is_null() {
        return if field.allow_null {
            Ok(Value::Null)
        } else {
            Err(vec![NULL.into()])
        };
    }
    match field.kind {
        FieldKind::String => validate_string(field, value),
        FieldKind::Integer => validate_integer(field, value, dialect),
        FieldKind::Decimal { max_digits, places } => {
            validate_decimal(field, value, max_digits, places)
        }
        FieldKind::Choice(choices) => validate_choice(value, choices),
        FieldKind::DateTime => validate_datetime(value),
        FieldKind::Boolean => validate_boolean(value),
        FieldKind::Date => validate_date(value),
        FieldKind::Relation => validate_pk(value),
    }
}

/// DRF's `DateField`: an ISO date, kept as days since the epoch.
fn validate_date(value: &Value) -> Result<Value, Vec<String>> {
    value
        .as_str()
        .and_then(crate::types::Date::parse)
        .map(|d| Value::from(d.0))
        .ok_or_else(|| {
            vec!["Date has wrong format. Use one of these formats instead: YYYY-MM-DD.".into()]
        })
}

/// DRF's `PrimaryKeyRelatedField`: an id, as a number or the text of one (whether its row exists is the
/// database's to say).
fn validate_pk(value: &Value) -> Result<Value, Vec<String>> {
    let id = match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.abs() < 9e18)
                .map(|f| f as i64)
        }),
        Value::String(s) => crate::params::parse_int(s),
        _ => None,
    };
    id.map(Value::from).ok_or_else(|| {
        vec![format!(
            "Incorrect type. Expected pk value, received {}.",
            python_type_name(value)
        )]
    })
}

fn validate_string(field: &Field, value: &Value) -> Result<Value, Vec<String>> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return Err(vec!["Not a valid string.".into()]),
    };
    let text = text.trim();
    if text.is_empty() {
        return if field.allow_blank {
            Ok(Value::from(""))
        } else {
            Err(vec![BLANK.into()])
        };
    }
    let mut messages = Vec::new();
    if let Some(max) = field.max_length {
        if text.chars().count() > max {
            messages.push(format!(
                "Ensure this field has no more than {max} characters."
            ));
        }
    }
    if text.contains('\0') {
        messages.push("Null characters are not allowed.".into());
    }
    if messages.is_empty() {
        Ok(Value::from(text))
    } else {
        Err(messages)
    }
}

fn validate_integer(
    field: &Field,
    value: &Value,
    dialect: Option<Dialect>,
) -> Result<Value, Vec<String>> {
    const INVALID: &str = "A valid integer is required.";
    let number = match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9e15)
                .map(|f| f as i64)
        }),
        Value::String(s) if s.len() > 1000 => return Err(vec!["String value too large.".into()]),
        Value::String(s) => crate::params::parse_int(strip_zero_fraction(s)),
        _ => None,
    };
    let number = number.ok_or_else(|| vec![INVALID.to_owned()])?;
    let mut messages = Vec::new();
    let max = field.max_for(dialect.unwrap_or(Dialect::Sqlite));
    if let Some(max) = max.filter(|max| number > *max) {
        messages.push(format!("Ensure this value is less than or equal to {max}."));
    }
    if let Some(min) = field.min_value.filter(|min| number < *min) {
        messages.push(format!(
            "Ensure this value is greater than or equal to {min}."
        ));
    }
    if messages.is_empty() {
        Ok(Value::from(number))
    } else {
        Err(messages)
    }
}

/// DRF's `DateTimeField`: ISO 8601, kept as microseconds since the epoch, UTC.
fn validate_datetime(value: &Value) -> Result<Value, Vec<String>> {
    value
        .as_str()
        .and_then(crate::types::Timestamp::parse)
        .map(|t| Value::from(t.0))
        .ok_or_else(|| {
            vec![
                "Datetime has wrong format. Use one of these formats instead: \
                  YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
                    .into(),
            ]
        })
}

/// DRF's `BooleanField`: these texts and numbers, anything else is refused.
fn validate_boolean(value: &Value) -> Result<Value, Vec<String>> {
    const TRUE: &[&str] = &[
        "t", "T", "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "1",
    ];
    const FALSE: &[&str] = &[
        "f", "F", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "0",
    ];
    let parsed = match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) if n.as_f64() == Some(1.0) => Some(true),
        Value::Number(n) if n.as_f64() == Some(0.0) => Some(false),
        Value::String(s) if TRUE.contains(&s.as_str()) => Some(true),
        Value::String(s) if FALSE.contains(&s.as_str()) => Some(false),
        _ => None,
    };
    parsed
        .map(Value::from)
        .ok_or_else(|| vec!["Must be a valid boolean.".into()])
}

/// Decimals are kept as their value scaled by `10^places`, as modules store them.
fn validate_decimal(
    field: &Field,
    value: &Value,
    max_digits: u32,
    places: u32,
) -> Result<Value, Vec<String>> {
    let text = match value {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return Err(vec!["A valid number is required.".into()]),
    };
    let scaled = crate::decimal::parse_scaled(&text, max_digits, places).map_err(|m| vec![m])?;
    let scale = 10i64.pow(places);
    let mut messages = Vec::new();
    if let Some(max) = field
        .max_value
        .filter(|max| scaled > max.saturating_mul(scale))
    {
        messages.push(format!("Ensure this value is less than or equal to {max}."));
    }
    if let Some(min) = field
        .min_value
        .filter(|min| scaled < min.saturating_mul(scale))
    {
        messages.push(format!(
            "Ensure this value is greater than or equal to {min}."
        ));
    }
    if messages.is_empty() {
        Ok(Value::from(scaled))
    } else {
        Err(messages)
    }
}

/// The value as Python's `str()` shows it, compared with each choice's value.
fn validate_choice(value: &Value, choices: &[(&str, &str)]) -> Result<Value, Vec<String>> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        other => other.to_string(),
    };
    if choices.iter().any(|(choice, _)| *choice == text) {
        Ok(Value::from(text))
    } else {
        Err(vec![format!("\"{text}\" is not a valid choice.")])
    }
}

/// DRF accepts "7.0" and "7.00 " as 7: it strips a fraction of zeros before parsing.
fn strip_zero_fraction(s: &str) -> &str {
    let t = s.trim_end();
    match t.rfind('.') {
        Some(dot) if t[dot + 1..].bytes().all(|b| b == b'0') => &t[..dot],
        _ => s,
    }
}
