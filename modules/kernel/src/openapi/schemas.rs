//! JSON schemas of fields and parameters. A request schema gives the type a client should send (a string for a
//! string, an integer for an integer, a decimal as a string), as generators expect; what Django REST framework
//! also accepts and converts (numbers for strings, digit strings for integers, numbers for decimals) is listed
//! under [`ALSO_ACCEPTS`], so that the document still says exactly what the server takes. Response schemas say
//! what it returns. Every field carries an example made from its declaration.

use serde_json::Value;
use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::schema::{
    AnyOfBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type,
};

use super::examples::example;
use crate::fields::{Field, FieldKind};

/// The extension naming the other schemas a value may match, each converted by the server as Django REST
/// framework converts it: `{"type": "string", "x-also-accepts": [{"type": "number"}]}` takes `7` as `"7"`. The
/// schema with them folded in is `{"anyOf": [the schema, ...the listed ones]}` (`.ci/schemathesis_hooks.py`).
pub const ALSO_ACCEPTS: &str = "x-also-accepts";

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Use {
    Response,
    Request,
    Patch,
}

pub(super) fn object_schema(fields: &[Field], usage: Use) -> Schema {
    let mut object = ObjectBuilder::new().schema_type(Type::Object);
    for field in fields {
        let shown = match usage {
            Use::Response => field.readable(),
            Use::Request | Use::Patch => field.writable(),
        };
        if !shown {
            continue;
        }
        let schema = match usage {
            Use::Response => response_schema(field),
            Use::Request | Use::Patch => request_schema(field),
        };
        object = object.property(field.name, schema);
        let required = match usage {
            Use::Response => true,
            Use::Request => field.required,
            Use::Patch => false,
        };
        if required {
            object = object.required(field.name);
        }
    }
    object.build().into()
}

fn request_schema(field: &Field) -> Schema {
    let (schema, also) = match field.kind {
        FieldKind::Integer => (
            integer(field),
            // "7" is read as 7: a digit string of a value within the bounds.
            vec![ObjectBuilder::new().schema_type(Type::String).pattern(Some(
                super::range::integer_pattern(
                    field.min_value.unwrap_or(-999_999_999_999_999_999),
                    field.max_value.unwrap_or(999_999_999_999_999_999),
                ),
            ))],
        ),
        // A number is stored as its text (at most some 24 characters, within every declared max length here).
        FieldKind::String => (
            string_request(field),
            vec![ObjectBuilder::new().schema_type(Type::Number)],
        ),
        FieldKind::Decimal { max_digits, places } => {
            let whole = max_digits - places;
            let largest = 10f64.powi(whole as i32) - 10f64.powi(-(places as i32));
            let smallest = if field.min_value.is_some_and(|m| m >= 0) {
                0.0
            } else {
                -largest
            };
            (
                decimal_string(field, whole, places),
                vec![ObjectBuilder::new()
                    .schema_type(Type::Number)
                    .minimum(Some(smallest))
                    .maximum(Some(largest))
                    .multiple_of(Some(10f64.powi(-(places as i32))))],
            )
        }
        FieldKind::Boolean => (
            ObjectBuilder::new().schema_type(Type::Boolean),
            // As Django REST framework's BooleanField: these strings, and the integers 1 and 0.
            vec![
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some([
                        "true", "false", "True", "False", "yes", "no", "on", "off", "1", "0",
                    ])),
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .enum_values(Some([1, 0])),
            ],
        ),
        FieldKind::DateTime => (
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime))),
            vec![],
        ),
        FieldKind::Date => (
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
            vec![],
        ),
        // An id (whether its row exists is for the server to say); its digits are read as it.
        FieldKind::Relation => (
            ObjectBuilder::new().schema_type(Type::Integer),
            vec![ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some("^[0-9]{1,18}$"))],
        ),
        FieldKind::Choice(choices) => (
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(choices.iter().map(|(value, _)| *value))),
            vec![],
        ),
    };
    let mut schema = schema.examples([example(field)]);
    if field.allow_null {
        schema = nullable(schema, field);
    }
    if !also.is_empty() {
        schema = schema.extensions(Some(also_accepts(also)));
    }
    schema.build().into()
}

/// The [`ALSO_ACCEPTS`] extension listing `schemas`.
pub(super) fn also_accepts(
    schemas: impl IntoIterator<Item = ObjectBuilder>,
) -> utoipa::openapi::extensions::Extensions {
    let listed: Vec<Value> = schemas
        .into_iter()
        .map(|s| serde_json::to_value(s.build()).expect("a schema serializes"))
        .collect();
    ExtensionsBuilder::new()
        .add(ALSO_ACCEPTS, Value::Array(listed))
        .build()
}

fn response_schema(field: &Field) -> Schema {
    let mut schema = match field.kind {
        FieldKind::Integer => integer(field),
        FieldKind::String => ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(field.max_length),
        FieldKind::Decimal { max_digits, places } => {
            decimal_string(field, max_digits - places, places)
        }
        FieldKind::Choice(choices) => ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(choices.iter().map(|(value, _)| *value))),
        FieldKind::DateTime => ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime))),
        FieldKind::Date => ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        FieldKind::Boolean => ObjectBuilder::new().schema_type(Type::Boolean),
        FieldKind::Relation => ObjectBuilder::new().schema_type(Type::Integer),
    };
    if field.allow_null {
        schema = nullable(schema, field);
    }
    schema
        .title(Some(field.label))
        .read_only(field.read_only)
        .examples([example(field)])
        .build()
        .into()
}

/// `null` admitted besides the field's own type (and among its choices).
fn nullable(schema: ObjectBuilder, field: &Field) -> ObjectBuilder {
    let kind = match field.kind {
        FieldKind::Integer | FieldKind::Relation => Type::Integer,
        FieldKind::Boolean => Type::Boolean,
        _ => Type::String,
    };
    let schema = schema.schema_type(SchemaType::Array(vec![kind, Type::Null]));
    match field.kind {
        FieldKind::Choice(choices) => schema.enum_values(Some(
            choices
                .iter()
                .map(|(value, _)| Value::from(*value))
                .chain([Value::Null]),
        )),
        _ => schema,
    }
}

fn integer(field: &Field) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(field.min_value)
        .maximum(field.max_value)
}

fn string_request(field: &Field) -> ObjectBuilder {
    let s = ObjectBuilder::new()
        .schema_type(Type::String)
        .max_length(field.max_length);
    if field.allow_blank {
        s.pattern(Some("^[^\\u0000]*$"))
    } else {
        // Leading and trailing white space is trimmed, so another character is needed; NUL is refused.
        s.min_length(Some(1))
            .pattern(Some("^[^\\u0000]*\\S[^\\u0000]*$"))
    }
}

fn decimal_string(field: &Field, whole: u32, places: u32) -> ObjectBuilder {
    let sign = if field.min_value.is_some_and(|m| m >= 0) {
        ""
    } else {
        "-?"
    };
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::Custom("decimal".into())))
        .pattern(Some(format!(
            "^{sign}\\d{{1,{whole}}}(?:\\.\\d{{1,{places}}})?$"
        )))
}

/// `?page=`: a number from 1 or `last`; also empty (page 1).
pub(super) fn page() -> Schema {
    Schema::AnyOf(
        AnyOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1)),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["last"])),
            )
            .extensions(Some(also_accepts([ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some([""]))])))
            .build(),
    )
}

/// `?page_size=`: a number; any other value is ignored, so any string is accepted too.
pub(super) fn page_size() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .extensions(Some(also_accepts([
            ObjectBuilder::new().schema_type(Type::String)
        ])))
        .build()
        .into()
}

/// An exact filter's value: any text without NUL characters.
pub(super) fn filter_value() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some("^[^\\u0000]*$"))
        .build()
        .into()
}

pub(super) fn plain_string() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .build()
        .into()
}
