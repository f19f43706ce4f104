//! What a list request asks of a resource's rows: the declared filters with their lookups (django-filter), the
//! search terms (`SearchFilter`) and the ordering (`OrderingFilter`), read from the query string against the
//! declaration. A filter on a foreign key checks that the rows it names exist, so reading one needs the module's
//! database.

use serde_json::{json, Value};

use crate::db::AnyConnection;
use crate::decimal::Rounding;
use crate::error::{ApiError, FieldErrors};
use crate::fields::{Field, FieldKind};
use crate::params::{parse_int, QueryParams};
use crate::resource::{Lookup, Match, ResourceSpec};
use crate::sql::Bound;
use crate::value::{FieldType, Key};

pub use crate::search_terms::search_terms;

/// One ordering term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    pub field: &'static str,
    pub descending: bool,
}

/// How a condition compares the field at its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    Equals(Bound),
    In(Vec<Bound>),
    /// `>`, `>=`, `<` or `<=`.
    Compare(&'static str, Bound),
    Between(Bound, Bound),
    Like(Match, String),
    IsNull(bool),
    /// A value the field can never hold (`?stock=1.5`): nothing matches.
    Nothing,
}

/// A filter the request gave, read as its field's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub path: &'static str,
    pub op: Op,
}

/// What a list request asks of a resource's rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub conditions: Vec<Condition>,
    /// Every term must match at least one search field.
    pub search: Vec<String>,
    /// For each term, the trigrams MySQL's search index is read with, rarest first; none: the term is found by
    /// reading the table ([`crate::sql::rare_trigrams`]).
    pub search_grams: Vec<Vec<String>>,
    /// Declared fields to order by; always ends with `id` so that ties and pages are stable.
    pub ordering: Vec<Order>,
    /// Only rows whose owner field is this user's id (a resource with an `owner_field`, a user who is not staff).
    pub owner: Option<i64>,
    /// Only rows whose foreign key (the field named) holds this id: a nested route's parent.
    pub parent: Option<(&'static str, i64)>,
}

const CHOICE: &str = "Select a valid choice. That choice is not one of the available choices.";

/// Why one parameter's value cannot be read; `Ignore` drops the parameter (a boolean that is neither).
enum Refusal {
    Message(String),
    Ignore,
}

impl From<&str> for Refusal {
    fn from(message: &str) -> Self {
        Refusal::Message(message.to_owned())
    }
}

impl ListQuery {
    /// Reads the declared filters, search and ordering. Bad filter values are reported together, one key per
    /// parameter in declaration order, as django-filter reports them; empty values are no filter; a foreign key
    /// filter's ids must name existing rows.
    pub fn from_params(
        spec: &ResourceSpec,
        params: &QueryParams,
        conn: &mut AnyConnection,
    ) -> Result<Self, ApiError> {
        let mut conditions = Vec::new();
        let mut errors = FieldErrors::new();
        for filter in spec.filters {
            let Some((_, field)) = spec.resolve(filter.path) else {
                continue;
            };
            let raw = match params.get(filter.param) {
                None | Some("") => continue,
                Some(raw) => raw,
            };
            match condition(field, filter.lookup, raw, conn) {
                Ok(op) => conditions.push(Condition {
                    path: filter.path,
                    op,
                }),
                Err(Refusal::Ignore) => {}
                Err(Refusal::Message(message)) => {
                    errors.insert(filter.param.into(), json!([message]));
                }
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let search = if spec.search.is_empty() {
            Vec::new()
        } else {
            search_terms(params.get("search").unwrap_or(""))
        };
        let search_grams = crate::sql::rare_trigrams(conn, spec, &search)?;
        Ok(ListQuery {
            conditions,
            search,
            search_grams,
            ordering: ordering(spec, params.get("ordering")),
            owner: None,
            parent: None,
        })
    }

    /// Narrows the query to rows whose field `key` equals `value` (a list action's own condition).
    pub fn only<T: FieldType>(&mut self, key: Key<T>, value: T) {
        let bound = match value.to_json() {
            Value::String(text) => Bound::Text(Some(text)),
            Value::Bool(b) => Bound::Bool(Some(b)),
            other => Bound::Int(other.as_i64()),
        };
        self.conditions.push(Condition {
            path: key.name,
            op: Op::Equals(bound),
        });
    }

    /// Whether every row is asked for: no filter, search, owner or parent.
    pub fn is_unfiltered(&self) -> bool {
        self.conditions.is_empty()
            && self.search.is_empty()
            && self.owner.is_none()
            && self.parent.is_none()
    }
}

fn condition(
    field: &Field,
    lookup: Lookup,
    raw: &str,
    conn: &mut AnyConnection,
) -> Result<Op, Refusal> {
    if raw.contains('\0') {
        return Err("Null characters are not allowed.".into());
    }
    let one = |text: &str, conn: &mut AnyConnection| value(field, text, Rounding::Exact, conn);
    Ok(match lookup {
        Lookup::Exact => one(raw, conn)?.map_or(Op::Nothing, Op::Equals),
        Lookup::Gt | Lookup::Gte | Lookup::Lt | Lookup::Lte => {
            // A number between two stored values compares as the one that keeps the answer (`pages <= 183.5`
            // is `pages <= 183`).
            let (op, rounding) = match lookup {
                Lookup::Gt => (">", Rounding::Floor),
                Lookup::Gte => (">=", Rounding::Ceiling),
                Lookup::Lt => ("<", Rounding::Ceiling),
                _ => ("<=", Rounding::Floor),
            };
            value(field, raw, rounding, conn)?.map_or(Op::Nothing, |v| Op::Compare(op, v))
        }
        Lookup::In => {
            let mut values = Vec::new();
            for part in raw.split(',').filter(|p| !p.is_empty()) {
                values.extend(one(part, conn)?);
            }
            Op::In(values)
        }
        Lookup::Range => {
            let parts: Vec<&str> = raw.split(',').collect();
            let [low, high] = parts[..] else {
                return Err("Range query expects two values.".into());
            };
            let low = bounded(field, low, Rounding::Ceiling, conn)?;
            let high = bounded(field, high, Rounding::Floor, conn)?;
            match (low, high) {
                (Some(low), Some(high)) => Op::Between(low, high),
                _ => Op::Nothing,
            }
        }
        Lookup::IContains => Op::Like(Match::Contains, raw.to_owned()),
        Lookup::IStartsWith => Op::Like(Match::StartsWith, raw.to_owned()),
        Lookup::IsNull => Op::IsNull(boolean(raw).ok_or(Refusal::Ignore)?),
    })
}

/// One side of a range: an empty one compares with nothing, so nothing matches.
fn bounded(
    field: &Field,
    text: &str,
    rounding: Rounding,
    conn: &mut AnyConnection,
) -> Result<Option<Bound>, Refusal> {
    if text.is_empty() {
        return Ok(None);
    }
    value(field, text, rounding, conn)
}

/// `true`/`false`/`1`/`0`, any case, as django-filter's `BooleanFilter` reads them.
fn boolean(raw: &str) -> Option<bool> {
    match raw.to_ascii_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// A filter's value as its field's kind, with django-filter's texts: `Ok(None)` is a value no row can hold.
fn value(
    field: &Field,
    raw: &str,
    rounding: Rounding,
    conn: &mut AnyConnection,
) -> Result<Option<Bound>, Refusal> {
    let number = |places| {
        crate::decimal::scaled(raw, places, rounding).map_err(|()| Refusal::from("Enter a number."))
    };
    Ok(match field.kind {
        FieldKind::String => Some(Bound::Text(Some(raw.to_owned()))),
        FieldKind::Choice(choices) => {
            if !choices.iter().any(|(value, _)| *value == raw) {
                return Err(Refusal::Message(format!(
                    "Select a valid choice. {raw} is not one of the available choices."
                )));
            }
            Some(Bound::Text(Some(raw.to_owned())))
        }
        FieldKind::Integer => number(0)?.map(|n| Bound::Int(Some(n))),
        FieldKind::Decimal { places, .. } => number(places)?.map(|n| Bound::Int(Some(n))),
        FieldKind::Boolean => Some(Bound::Bool(Some(boolean(raw).ok_or(Refusal::Ignore)?))),
        FieldKind::DateTime => match crate::types::Timestamp::parse(raw) {
            Some(moment) => Some(Bound::Int(Some(moment.0))),
            None => return Err("Enter a valid date/time.".into()),
        },
        FieldKind::Date => match crate::types::Date::parse(raw.trim()) {
            Some(date) => Some(Bound::Int(Some(date.0))),
            None => return Err("Enter a valid date.".into()),
        },
        FieldKind::Relation => {
            // django-filter's ModelChoiceFilter: an id of an existing row, or the choice error.
            let id = parse_int(raw).ok_or(Refusal::from(CHOICE))?;
            let target = field.source.target().ok_or(Refusal::from(CHOICE))?;
            let exists =
                crate::sql::existing_ids(conn, target, &[id]).map_err(|_| Refusal::from(CHOICE))?;
            if exists.is_empty() {
                return Err(CHOICE.into());
            }
            Some(Bound::Int(Some(id)))
        }
    })
}

/// Declared fields of `?ordering=a,-b`; others are ignored; `id` breaks ties.
fn ordering(spec: &ResourceSpec, raw: Option<&str>) -> Vec<Order> {
    let mut terms: Vec<Order> = raw
        .unwrap_or("")
        .split(',')
        .filter_map(|term| {
            let term = term.trim();
            let (name, descending) = match term.strip_prefix('-') {
                Some(name) => (name, true),
                None => (term, false),
            };
            spec.ordering
                .iter()
                .find(|f| **f == name)
                .map(|&field| Order { field, descending })
        })
        .collect();
    if !terms.iter().any(|o| o.field == "id") {
        terms.push(Order {
            field: "id",
            descending: false,
        });
    }
    terms
}

#[cfg(test)]
#[path = "listing_tests.rs"]
mod tests;
