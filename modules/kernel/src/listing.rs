//! The list parameters the kernel's queries apply: exact filters, search terms and ordering, read from the query
//! string against the resource's declaration (django-filter, `SearchFilter`, `OrderingFilter`).

use serde_json::json;

use crate::error::{ApiError, FieldErrors};
use crate::fields::{Field, FieldKind};
use crate::params::QueryParams;
use crate::resource::ResourceSpec;
use crate::sql::Bound;

/// One ordering term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    pub field: &'static str,
    pub descending: bool,
}

/// An exact filter on a declared field, its value read as the field's kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub field: &'static Field,
    /// `None`: a value the field can never hold (`?stock=1.5`), so nothing matches.
    pub value: Option<Bound>,
}

/// What a list request asks of a resource's rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub filters: Vec<Filter>,
    /// Every term must be found, ignoring case, in at least one search field.
    pub search: Vec<String>,
    /// Declared fields to order by; always ends with `id` so that ties and pages are stable.
    pub ordering: Vec<Order>,
    /// Only rows whose owner field is this user's id (a resource with an `owner_field`, a user who is not staff).
    pub owner: Option<i64>,
}

impl ListQuery {
    /// Reads the declared filters, search and ordering. Bad filter values are reported together, one key per
    /// parameter in declaration order, as django-filter reports them; empty values are no filter.
    pub fn from_params(spec: &ResourceSpec, params: &QueryParams) -> Result<Self, ApiError> {
        let mut filters = Vec::new();
        let mut errors = FieldErrors::new();
        for &name in spec.filters {
            let Some(field) = spec.field(name) else {
                continue;
            };
            match params.get(name) {
                None | Some("") => {}
                Some(value) if value.contains('\0') => {
                    errors.insert(name.into(), json!(["Null characters are not allowed."]));
                }
                Some(value) => match filter_value(field, value) {
                    Ok(Some(value)) => filters.push(Filter { field, value }),
                    Ok(None) => {}
                    Err(message) => {
                        errors.insert(name.into(), json!([message]));
                    }
                },
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
        Ok(ListQuery {
            filters,
            search,
            ordering: ordering(spec, params.get("ordering")),
            owner: None,
        })
    }

    /// Whether every row is asked for: no filter, search or owner.
    pub fn is_unfiltered(&self) -> bool {
        self.filters.is_empty() && self.search.is_empty() && self.owner.is_none()
    }
}

/// A filter's value as its field's kind, with django-filter's texts: `Ok(None)` ignores the parameter (a boolean
/// that is neither true nor false), `Ok(Some(None))` matches nothing.
fn filter_value(field: &Field, raw: &str) -> Result<Option<Option<Bound>>, String> {
    let number = |places| {
        crate::decimal::scaled_exactly(raw, places).map_err(|()| "Enter a number.".to_owned())
    };
    let value = match field.kind {
        FieldKind::String => Some(Bound::Text(Some(raw.to_owned()))),
        FieldKind::Choice(choices) => {
            if !choices.iter().any(|(value, _)| *value == raw) {
                return Err(format!(
                    "Select a valid choice. {raw} is not one of the available choices."
                ));
            }
            Some(Bound::Text(Some(raw.to_owned())))
        }
        FieldKind::Integer => number(0)?.map(|n| Bound::Int(Some(n))),
        FieldKind::Decimal { places, .. } => number(places)?.map(|n| Bound::Int(Some(n))),
        FieldKind::Boolean => match raw.to_ascii_lowercase().as_str() {
            "true" | "1" => Some(Bound::Bool(Some(true))),
            "false" | "0" => Some(Bound::Bool(Some(false))),
            _ => return Ok(None),
        },
        FieldKind::DateTime => match crate::types::Timestamp::parse(raw) {
            Some(moment) => Some(Bound::Int(Some(moment.0))),
            None => return Err("Enter a valid date/time.".into()),
        },
    };
    Ok(Some(value))
}

/// Terms split on white space and commas; NUL characters are dropped, as Django REST framework does.
pub fn search_terms(raw: &str) -> Vec<String> {
    raw.replace('\0', "")
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
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
mod tests {
    use super::*;
    use crate::fields::Field;

    const SPEC: ResourceSpec = ResourceSpec {
        model_name: "Thing",
        verbose_name: "thing",
        view_name: "Thing",
        table: "things",
        path: "",
        fields: &[
            Field::id(),
            Field::string("name", "Name", 10),
            Field::integer("stock", "Stock"),
            Field::new("active", "Active", FieldKind::Boolean),
        ],
        filters: &["name", "stock", "active"],
        search: &["name"],
        ordering: &["id", "name"],
        owner_field: None,
        kept_count: false,
        permission: None,
        actions: crate::resource::Actions::ALL,
    };

    fn query(qs: &str) -> Result<ListQuery, ApiError> {
        ListQuery::from_params(&SPEC, &QueryParams::parse(qs))
    }

    #[test]
    fn ordering_keeps_declared_fields_and_ends_with_id() {
        let q = query("ordering=-name,bogus,,description").unwrap();
        assert_eq!(
            q.ordering,
            vec![
                Order {
                    field: "name",
                    descending: true
                },
                Order {
                    field: "id",
                    descending: false
                }
            ]
        );
        let q = query("ordering=-id,name").unwrap();
        assert_eq!(q.ordering.len(), 2);
        assert_eq!(query("ordering=--name").unwrap().ordering[0].field, "id");
    }

    #[test]
    fn search_splits_on_space_and_comma() {
        assert_eq!(search_terms(" a,b  c\u{0}d ,"), vec!["a", "b", "cd"]);
        assert!(query("search=").unwrap().search.is_empty());
    }

    #[test]
    fn filters_skip_empty_and_refuse_nul() {
        assert!(query("name=").unwrap().filters.is_empty());
        let q = query("name=a&name=b").unwrap();
        assert_eq!(q.filters[0].value, Some(Bound::Text(Some("b".into()))));
        assert_eq!(query("description=x").unwrap().filters.len(), 0);
        assert!(matches!(query("name=a%00"), Err(ApiError::Validation(_))));
    }

    #[test]
    fn filter_values_take_their_fields_kind() {
        let q = query("stock=7.0&active=True").unwrap();
        assert_eq!(q.filters[0].value, Some(Bound::Int(Some(7))));
        assert_eq!(q.filters[1].value, Some(Bound::Bool(Some(true))));
        assert_eq!(query("stock=7.5").unwrap().filters[0].value, None);
        assert!(query("active=maybe").unwrap().filters.is_empty());
        match query("stock=x&name=a%00") {
            Err(ApiError::Validation(errors)) => assert_eq!(
                serde_json::Value::Object(errors).to_string(),
                r#"{"name":["Null characters are not allowed."],"stock":["Enter a number."]}"#
            ),
            other => panic!("{other:?}"),
        }
    }
}
