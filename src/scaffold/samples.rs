//! The values the generated test sends: a sample and another value for every writable field (the sample differs
//! from any default, so that a PUT that keeps it can be told from one that resets it; the other value sorts after
//! it), what each is stored as, and values each field refuses with Django REST framework's text. A foreign key's
//! values are the ids of rows the test creates first, so they have no sample here.

use serde_json::Value;

use super::spec::{FieldSpec, Kind};

/// Django's integer bounds, which a ModelSerializer validates.
const INT_MIN: i64 = -2_147_483_648;
const INT_MAX: i64 = 2_147_483_647;

/// (sent, stored) for the sample (`second` false) or the other value.
pub fn value(field: &FieldSpec, second: bool) -> (Value, Value) {
    let rules = &field.rules;
    match &field.kind {
        Kind::String(_) | Kind::Text if !rules.choices.is_empty() => {
            let mut choices = rules.choices.clone();
            choices.sort();
            let start =
                usize::from(choices.len() > 1 && rules.default.as_ref() == Some(&choices[0]));
            let pick = choices[(start + usize::from(second)).min(choices.len() - 1)].clone();
            (Value::from(pick.clone()), Value::from(pick))
        }
        Kind::String(_) | Kind::Text => {
            let mut text = format!(
                "{}{}",
                if second { 'b' } else { 'a' },
                field.name.replace('_', "")
            );
            text.truncate(field.max_length().unwrap_or(usize::MAX).max(1));
            (Value::from(text.clone()), Value::from(text))
        }
        Kind::Int => {
            let (min, max) = (rules.min.unwrap_or(INT_MIN), rules.max.unwrap_or(INT_MAX));
            let mut n = min.max(1).min(max);
            if rules.default.as_deref() == Some(n.to_string().as_str()) && n < max {
                n += 1;
            }
            if second && n < max {
                n += 1;
            }
            (Value::from(n), Value::from(n))
        }
        &Kind::Decimal(digits, places) => {
            let scale = 10i64.pow(places);
            let largest = 10i64.pow(digits) - 1;
            let lowest = rules.min.map_or(1, |m| (m * scale).max(1));
            let mut n = lowest.min(largest);
            let default = rules.default.as_deref().and_then(|d| d.parse::<f64>().ok());
            if default.is_some_and(|d| (d * scale as f64).round() as i64 == n) {
                n += 1;
            }
            n += i64::from(second);
            let text = fixed(n, places);
            (Value::from(text.clone()), Value::from(text))
        }
        Kind::Bool => {
            let sample = rules.default.as_deref() != Some("true");
            let b = sample != second;
            (Value::from(b), Value::from(b))
        }
        Kind::DateTime => {
            let moment = if second {
                "2026-06-07T08:09:10Z"
            } else {
                "2026-01-02T03:04:05Z"
            };
            (Value::from(moment), Value::from(moment))
        }
        Kind::Date => {
            let day = if second { "2026-06-07" } else { "2026-01-02" };
            (Value::from(day), Value::from(day))
        }
        Kind::ForeignKey(_) | Kind::Source(..) => (Value::Null, Value::Null),
    }
}

/// Whether the sample's value sorts before the other's.
pub fn sample_first(field: &FieldSpec) -> bool {
    match field.kind {
        Kind::Bool => !value(field, false).1.as_bool().unwrap_or(false),
        _ => true,
    }
}

/// How two of the field's values order in the database: numbers as numbers, text by code point.
pub fn compare(field: &FieldSpec, a: &Value, b: &Value) -> std::cmp::Ordering {
    let number = |v: &Value| {
        v.as_f64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
            .unwrap_or_default()
    };
    match field.kind {
        Kind::Int | Kind::Decimal(..) | Kind::ForeignKey(_) => number(a).total_cmp(&number(b)),
        Kind::Bool => a.as_bool().cmp(&b.as_bool()),
        _ => a.as_str().cmp(&b.as_str()),
    }
}

/// `1999` at 2 places is `19.99`.
fn fixed(scaled: i64, places: u32) -> String {
    if places == 0 {
        return scaled.to_string();
    }
    let scale = 10i64.pow(places);
    format!(
        "{}.{:0width$}",
        scaled / scale,
        scaled % scale,
        width = places as usize
    )
}

/// (value as JSON, message) that the field refuses.
pub fn refused(field: &FieldSpec) -> Vec<(String, String)> {
    let rules = &field.rules;
    let mut refused = Vec::new();
    let mut add = |value: Value, message: String| refused.push((value.to_string(), message));
    if !rules.null {
        add(Value::Null, "This field may not be null.".into());
    }
    match &field.kind {
        Kind::String(_) | Kind::Text if !rules.choices.is_empty() => {
            add(
                Value::from("nope!"),
                "\"nope!\" is not a valid choice.".into(),
            );
        }
        Kind::String(_) | Kind::Text => {
            if !rules.blank {
                add(Value::from(""), "This field may not be blank.".into());
            }
            if let Some(n) = field.max_length() {
                add(
                    Value::from("x".repeat(n + 1)),
                    format!("Ensure this field has no more than {n} characters."),
                );
            }
            add(Value::from(true), "Not a valid string.".into());
        }
        Kind::Int => {
            add(Value::from("x"), "A valid integer is required.".into());
            let (min, max) = (rules.min.unwrap_or(INT_MIN), rules.max.unwrap_or(INT_MAX));
            add(
                Value::from(max + 1),
                format!("Ensure this value is less than or equal to {max}."),
            );
            add(
                Value::from(min - 1),
                format!("Ensure this value is greater than or equal to {min}."),
            );
        }
        &Kind::Decimal(digits, places) => {
            add(Value::from("abc"), "A valid number is required.".into());
            add(
                Value::from(format!("0.{}", "1".repeat(places as usize + 1))),
                format!("Ensure that there are no more than {places} decimal places."),
            );
            add(
                Value::from("9".repeat(digits as usize + 1)),
                format!("Ensure that there are no more than {digits} digits in total."),
            );
            if let Some(min) = rules.min {
                add(
                    Value::from(format!("{}", min - 1)),
                    format!("Ensure this value is greater than or equal to {min}."),
                );
            }
        }
        Kind::Bool => add(Value::from("maybe"), "Must be a valid boolean.".into()),
        Kind::DateTime => add(
            Value::from("yesterday"),
            "Datetime has wrong format. Use one of these formats instead: \
             YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
                .into(),
        ),
        Kind::Date => add(
            Value::from("yesterday"),
            "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.".into(),
        ),
        Kind::ForeignKey(_) => {
            add(
                Value::from("abc"),
                "Incorrect type. Expected pk value, received str.".into(),
            );
            add(
                Value::from(999_999),
                "Invalid pk \"999999\" - object does not exist.".into(),
            );
        }
        Kind::Source(..) => {}
    }
    refused
}
