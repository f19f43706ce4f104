//! `--filter`: `status` or `title,status` (each an exact match), or `price:gte,lte,range` (one field with
//! django-filter's lookups); and, for the generated test, the queries each lookup answers and the values it
//! refuses.

use serde_json::Value;

use super::samples;
use super::spec::{FieldSpec, Kind};

pub const LOOKUPS: &[&str] = &[
    "exact",
    "in",
    "gt",
    "gte",
    "lt",
    "lte",
    "range",
    "icontains",
    "istartswith",
    "isnull",
];

/// One field's filter and its lookups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterSpec {
    pub field: String,
    pub lookups: Vec<String>,
}

/// The filters one `--filter` gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filters(pub Vec<FilterSpec>);

impl std::str::FromStr for Filters {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let exact = |field: &str| FilterSpec {
            field: field.trim().to_owned(),
            lookups: vec!["exact".into()],
        };
        let Some((field, lookups)) = text.split_once(':') else {
            return Ok(Filters(text.split(',').map(exact).collect()));
        };
        if field.contains(',') {
            return Err(format!(
                "--filter {text}: a filter with lookups names one field (--filter price:gte,lte)"
            ));
        }
        let lookups: Vec<String> = lookups.split(',').map(|l| l.trim().to_owned()).collect();
        if let Some(bad) = lookups.iter().find(|l| !LOOKUPS.contains(&l.as_str())) {
            return Err(format!(
                "--filter {text}: unknown lookup \"{bad}\" (one of {})",
                LOOKUPS.join(", ")
            ));
        }
        Ok(Filters(vec![FilterSpec {
            field: field.trim().to_owned(),
            lookups,
        }]))
    }
}

/// Whether `lookup` applies to the field: text lookups to text, comparisons to what orders, none to
/// a boolean but exact and isnull, and a foreign key's id only to exact, in and isnull.
/// A source field is filtered through its foreign key (`widget__title`), which the generator does not write.
pub fn applies(field: &FieldSpec, lookup: &str) -> bool {
    if matches!(field.kind, Kind::Source(..)) {
        return false;
    }
    match lookup {
        "exact" | "isnull" => true,
        "icontains" | "istartswith" => field.is_text(),
        "in" => field.kind != Kind::Bool,
        _ => !matches!(field.kind, Kind::Bool | Kind::ForeignKey(_)),
    }
}

/// The query parameter of a lookup: `price__gte`, `status` for exact.
pub fn param(field: &str, lookup: &str) -> String {
    if lookup == "exact" {
        field.to_owned()
    } else {
        format!("{field}__{lookup}")
    }
}

/// A query and the rows it selects of the sample's and the other's: `{first}` and `{second}` in its value stand
/// for the field's value in each.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub value: String,
    pub first: bool,
    pub second: bool,
}

/// Queries for a lookup, each selecting one of the two rows where the values allow it.
pub fn queries(field: &FieldSpec, lookup: &str) -> Vec<Query> {
    let query = |value: &str, first, second| Query {
        value: value.to_owned(),
        first,
        second,
    };
    // A foreign key's rows are created in order, so the sample's id is the smaller.
    let (low, high) = match field.kind {
        Kind::ForeignKey(_) => (Value::from(1), Value::from(2)),
        _ => (
            samples::value(field, false).1,
            samples::value(field, true).1,
        ),
    };
    let order = samples::compare(field, &low, &high);
    let (lt, eq) = (order.is_lt(), order.is_eq());
    let text = |v: &Value| v.as_str().unwrap_or_default().to_lowercase();
    match lookup {
        "exact" if field.kind == Kind::Bool => {
            vec![query("{first}", true, false), query("maybe", true, true)]
        }
        "exact" | "in" => vec![query("{first}", true, eq)],
        "gt" => vec![query("{first}", false, lt)],
        "gte" => vec![query("{second}", !lt, true)],
        "lt" => vec![query("{second}", lt, false)],
        "lte" => vec![query("{first}", true, !lt)],
        "range" => vec![query("{first},{first}", true, eq)],
        "icontains" => vec![query(
            &text(&low).to_uppercase(),
            true,
            text(&high).contains(&text(&low)),
        )],
        "istartswith" => {
            vec![query(
                &text(&low).to_uppercase(),
                true,
                text(&high).starts_with(&text(&low)),
            )]
        }
        _ => vec![
            query("false", true, true),
            query("true", false, false),
            query("maybe", true, true),
        ],
    }
}

/// (value, django-filter's message) that a lookup refuses.
pub fn refused(field: &FieldSpec, lookup: &str) -> Vec<(String, String)> {
    let mut refused = Vec::new();
    if lookup == "range" {
        refused.push(("1".to_owned(), "Range query expects two values.".to_owned()));
    }
    if matches!(lookup, "icontains" | "istartswith" | "isnull") {
        return refused;
    }
    let message = match field.kind {
        _ if !field.rules.choices.is_empty() => {
            "Select a valid choice. x is not one of the available choices."
        }
        Kind::Int | Kind::Decimal(..) => "Enter a number.",
        Kind::Date => "Enter a valid date.",
        Kind::DateTime => "Enter a valid date/time.",
        Kind::ForeignKey(_) => {
            "Select a valid choice. That choice is not one of the available choices."
        }
        _ => return refused,
    };
    let value = if lookup == "range" { "x,x" } else { "x" };
    refused.push((value.to_owned(), message.to_owned()));
    refused
}
