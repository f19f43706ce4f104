//! JSON schemas of fields and parameters. Request schemas say exactly what the server accepts, as Django REST
//! framework does: numbers for strings, digit strings for integers, numbers or strings for decimals; response
//! schemas say what it returns.

use utoipa::openapi::schema::{
    AnyOfBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, SchemaType, Type,
};

use crate::fields::{Field, FieldKind};

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
        object = object.property(field.name, field_schema(field, usage));
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

fn field_schema(field: &Field, usage: Use) -> Schema {
    if usage == Use::Response {
        return response_schema(field);
    }
    let schema = request_value_schema(field);
    if !field.allow_null {
        return schema;
    }
    // A nullable field takes `null` as well (and leaving it out is not the same).
    let null = ObjectBuilder::new().schema_type(Type::Null).build();
    match schema {
        Schema::AnyOf(mut any) => {
            any.items.push(null.into());
            Schema::AnyOf(any)
        }
        other => Schema::AnyOf(AnyOfBuilder::new().item(other).item(null).build()),
    }
}

/// What a request may send for a field that is not `null`.
fn request_value_schema(field: &Field) -> Schema {
    match field.kind {
        FieldKind::Integer => any_of(
            integer(field),
            // "7" is read as 7: a digit string of a value within the bounds.
            ObjectBuilder::new().schema_type(Type::String).pattern(Some(
                super::range::integer_pattern(
                    field.min_value.unwrap_or(-999_999_999_999_999_999),
                    field.max_value.unwrap_or(999_999_999_999_999_999),
                ),
            )),
        ),
        // A number is stored as its text (at most some 24 characters, within every declared max length here).
        FieldKind::String => any_of(
            string_request(field),
            ObjectBuilder::new().schema_type(Type::Number),
        ),
        FieldKind::Decimal { max_digits, places } => {
            let whole = max_digits - places;
            let largest = 10f64.powi(whole as i32) - 10f64.powi(-(places as i32));
            let smallest = if field.min_value.is_some_and(|m| m >= 0) {
                0.0
            } else {
                -largest
            };
            any_of(
                decimal_string(field, whole, places),
                ObjectBuilder::new()
                    .schema_type(Type::Number)
                    .minimum(Some(smallest))
                    .maximum(Some(largest))
                    .multiple_of(Some(10f64.powi(-(places as i32)))),
            )
        }
        FieldKind::Boolean => any_of(
            ObjectBuilder::new().schema_type(Type::Boolean),
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some([
                    "true", "false", "True", "False", "yes", "no", "on", "off", "1", "0",
                ])),
        ),
        FieldKind::DateTime => ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
            .build()
            .into(),
        FieldKind::Date => ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
            .build()
            .into(),
        // An id, as a number or its digits (whether the row exists is for the server to say).
        FieldKind::Relation => any_of(
            ObjectBuilder::new().schema_type(Type::Integer),
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some("^[0-9]{1,18}$")),
        ),
        FieldKind::Choice(_) => response_schema(field),
    }
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
        let kind = match field.kind {
            FieldKind::Integer | FieldKind::Relation => Type::Integer,
            FieldKind::Boolean => Type::Boolean,
            _ => Type::String,
        };
        schema = schema.schema_type(SchemaType::Array(vec![kind, Type::Null]));
    }
    schema
        .title(Some(field.label))
        .read_only(field.read_only)
        .build()
        .into()
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

fn any_of(a: ObjectBuilder, b: ObjectBuilder) -> Schema {
    Schema::AnyOf(AnyOfBuilder::new().item(a.build()).item(b.build()).build())
}

pub(super) fn any_of_schemas(schemas: Vec<Schema>) -> Schema {
    let mut any = AnyOfBuilder::new();
    for schema in schemas {
        any = any.item(schema);
    }
    Schema::AnyOf(any.build())
}

/// `?page=`: a number from 1, `last`, or empty (page 1).
pub(super) fn page() -> Schema {
    any_of(
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(1)),
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(["last", ""])),
    )
}

/// A parameter whose invalid values are ignored: any string or number.
pub(super) fn any_scalar() -> Schema {
    any_of(
        ObjectBuilder::new().schema_type(Type::Integer),
        ObjectBuilder::new().schema_type(Type::String),
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    fn json(schema: Schema) -> serde_json::Value {
        serde_json::to_value(schema).unwrap()
    }

    #[test]
    fn nullable_fields_take_null_in_requests_and_say_so_in_responses() {
        let due = Field::new("due", "Due", FieldKind::DateTime).nullable();
        let request = json(field_schema(&due, Use::Request));
        assert_eq!(
            request["anyOf"],
            serde_json::json!([{"type": "string", "format": "date-time"}, {"type": "null"}])
        );
        let done = Field::new("done", "Done", FieldKind::Boolean).nullable();
        assert_eq!(
            json(field_schema(&done, Use::Response))["type"],
            serde_json::json!(["boolean", "null"])
        );
        let text = Field::text("notes", "Notes").nullable();
        let request = json(field_schema(&text, Use::Request));
        assert_eq!(request["anyOf"].as_array().unwrap().len(), 3, "{request}");
        assert_eq!(request["anyOf"][2], serde_json::json!({"type": "null"}));
    }
}
