//! The list parameters a resource's query functions apply: exact filters, search terms and ordering, read from the
//! query string against the resource's declaration (django-filter, `SearchFilter`, `OrderingFilter`).

use crate::error::ApiError;
use crate::params::QueryParams;
use crate::resource::ResourceSpec;

/// One ordering term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    pub field: &'static str,
    pub descending: bool,
}

/// What a list request asks of a resource's rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Declared field → exact value.
    pub filters: Vec<(&'static str, String)>,
    /// Every term must be found, ignoring case, in at least one search field.
    pub search: Vec<String>,
    /// Declared fields to order by; always ends with `id` so that ties and pages are stable.
    pub ordering: Vec<Order>,
    /// Only rows whose owner field is this user's id (a resource with an `owner_field`, a user who is not staff).
    pub owner: Option<i64>,
    /// How the backend folds ASCII case for search.
    pub case_fold: crate::db::search::CaseFold,
}

impl ListQuery {
    pub fn from_params(spec: &ResourceSpec, params: &QueryParams) -> Result<Self, ApiError> {
        let mut filters = Vec::new();
        for &name in spec.filters {
            match params.get(name) {
                None | Some("") => {}
                Some(value) if value.contains('\0') => {
                    return Err(ApiError::field(name, "Null characters are not allowed."))
                }
                Some(value) => filters.push((name, value.to_owned())),
            }
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
            case_fold: Default::default(),
        })
    }

    /// Whether every row is asked for: no filter, search or owner.
    pub fn is_unfiltered(&self) -> bool {
        self.filters.is_empty() && self.search.is_empty() && self.owner.is_none()
    }

    /// The value of an exact filter, if the request gave one.
    pub fn filter(&self, field: &str) -> Option<&str> {
        self.filters
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, value)| value.as_str())
    }
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
        path: "",
        fields: &[Field::id(), Field::string("name", "Name", 10)],
        filters: &["name"],
        search: &["name"],
        ordering: &["id", "name"],
        owner_field: None,
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
        assert_eq!(query("name=").unwrap().filter("name"), None);
        assert_eq!(query("name=a&name=b").unwrap().filter("name"), Some("b"));
        assert_eq!(query("description=x").unwrap().filters.len(), 0);
        assert!(matches!(query("name=a%00"), Err(ApiError::Validation(_))));
    }
}
