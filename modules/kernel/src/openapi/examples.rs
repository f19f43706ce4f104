//! An example value per field, made from its declaration (kind, length, places, bounds, choices), so that Swagger
//! UI pre-fills bodies with values the server accepts instead of strings generated from regular expressions.

use serde_json::Value;

use crate::fields::{Field, FieldKind};

/// What the field's examples show, in requests and responses alike.
pub(super) fn example(field: &Field) -> Value {
    match field.kind {
        FieldKind::Integer => Value::from(within(1, field.min_value, field.max_value)),
        FieldKind::String => Value::from(text(field)),
        FieldKind::Decimal { max_digits, places } => {
            Value::from(decimal(field, max_digits, places))
        }
        FieldKind::Choice(choices) => Value::from(choices.first().map_or("", |(value, _)| *value)),
        FieldKind::DateTime => Value::from("2026-01-01T12:00:00Z"),
        FieldKind::Date => Value::from("2026-01-01"),
        FieldKind::Boolean => Value::Bool(true),
        FieldKind::Relation => Value::from(1),
    }
}

/// `n` moved into the field's bounds: an id of 1, a quantity of at least its minimum.
fn within(n: i64, min: Option<i64>, max: Option<i64>) -> i64 {
    let n = min.map_or(n, |min| n.max(min));
    max.map_or(n, |max| n.min(max))
}

/// The field's label (`Sku`, `Description`), cut to its maximum length.
fn text(field: &Field) -> String {
    let label = if field.label.trim().is_empty() {
        field.name
    } else {
        field.label
    };
    match field.max_length {
        Some(max) => label.chars().take(max.max(1)).collect(),
        None => label.to_owned(),
    }
}

/// Nines in the units and every declared place (`9.99` for two places, `0.999` when all digits are places),
/// moved into the declared bounds.
fn decimal(field: &Field, max_digits: u32, places: u32) -> String {
    let whole = if max_digits > places { "9" } else { "0" };
    let fraction = "9".repeat(places as usize);
    let nines = |units: &str| match places {
        0 => units.to_owned(),
        _ => format!("{units}.{fraction}"),
    };
    let zeros = |units: i64| match places {
        0 => units.to_string(),
        _ => format!("{units}.{}", "0".repeat(places as usize)),
    };
    let value: f64 = nines(whole).parse().unwrap_or(0.0);
    match (field.min_value, field.max_value) {
        (Some(min), _) if (min as f64) > value => zeros(min),
        (_, Some(max)) if (max as f64) < value => zeros(max),
        _ => nines(whole),
    }
}

#[cfg(test)]
mod tests {
    use super::example;
    use crate::fields::Field;
    use serde_json::json;

    #[test]
    fn examples_follow_the_declaration() {
        assert_eq!(example(&Field::id()), json!(1));
        assert_eq!(example(&Field::integer("n", "N").min_value(5)), json!(5));
        assert_eq!(example(&Field::integer("n", "N").max_value(-3)), json!(-3));
        assert_eq!(example(&Field::string("sku", "Sku", 32)), json!("Sku"));
        assert_eq!(
            example(&Field::string("description", "Description", 4)),
            json!("Desc")
        );
        assert_eq!(example(&Field::decimal("p", "P", 10, 2)), json!("9.99"));
        assert_eq!(example(&Field::decimal("p", "P", 3, 3)), json!("0.999"));
        assert_eq!(example(&Field::decimal("p", "P", 5, 0)), json!("9"));
        assert_eq!(
            example(&Field::decimal("p", "P", 6, 2).min_value(100)),
            json!("100.00")
        );
        assert_eq!(
            example(&Field::decimal("p", "P", 6, 2).max_value(5)),
            json!("5.00")
        );
        const CHOICES: &[(&str, &str)] = &[("pending", "Pending"), ("paid", "Paid")];
        assert_eq!(
            example(&Field::choice("status", "Status", CHOICES)),
            json!("pending")
        );
    }
}
