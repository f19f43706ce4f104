//! The query parameters of a list in the OpenAPI document: its pagination's, every declared filter with its
//! lookup (a schema of what the server reads there), search and ordering.

use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::Required;

use super::schemas::{also_accepts, filter_value, page, page_size, plain_string};
use crate::fields::FieldKind;
use crate::pagination::MAX_PAGE_SIZE;
use crate::resource::{FilterSpec, Lookup, Match, Pagination, ResourceSpec};

fn param(name: &str, description: &str, schema: Schema) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

/// A value, or nothing: an empty value is no filter.
fn or_empty(schema: ObjectBuilder) -> Schema {
    let empty = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some([""]));
    schema
        .extensions(Some(also_accepts([empty])))
        .build()
        .into()
}

/// Comma-separated numbers: `in`'s values, a range's two.
fn numbers(two: bool) -> Schema {
    let number = r"-?[0-9]+(\.[0-9]+)?";
    let pattern = if two {
        // Empty is no filter; otherwise both ends (either may be left out) and the comma between them.
        format!("^(({number})?,({number})?)?$")
    } else {
        format!("^({number})?(,({number})?)*$")
    };
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
        .build()
        .into()
}

fn formatted(format: KnownFormat) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(format)))
}

/// What the server reads as a filter's value.
fn filter_schema(spec: &ResourceSpec, filter: &FilterSpec) -> Schema {
    let kind = spec.resolve(filter.path).map(|(_, f)| f.kind);
    let numeric = matches!(
        kind,
        Some(FieldKind::Integer | FieldKind::Decimal { .. } | FieldKind::Relation)
    );
    match (filter.lookup, kind) {
        (Lookup::IContains | Lookup::IStartsWith | Lookup::IsNull, _)
        | (_, Some(FieldKind::Boolean)) => plain_string(),
        (Lookup::In, _) if numeric => numbers(false),
        (Lookup::Range, _) if numeric => numbers(true),
        (Lookup::In | Lookup::Range, _) => plain_string(),
        (_, Some(FieldKind::Date)) => or_empty(formatted(KnownFormat::Date)),
        (_, Some(FieldKind::DateTime)) => or_empty(formatted(KnownFormat::DateTime)),
        (_, Some(FieldKind::Choice(choices))) => ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(choices.iter().map(|(value, _)| *value).chain([""])))
            .build()
            .into(),
        _ if numeric => or_empty(
            ObjectBuilder::new()
                .schema_type(Type::Number)
                .build()
                .into(),
        ),
        _ => filter_value(),
    }
}

fn filter_help(filter: &FilterSpec) -> String {
    let path = filter.path.replace("__", ".");
    let what = match filter.lookup {
        Lookup::Exact => "is exactly this",
        Lookup::In => "is one of these (comma-separated)",
        Lookup::Gt => "is greater than this",
        Lookup::Gte => "is at least this",
        Lookup::Lt => "is less than this",
        Lookup::Lte => "is at most this",
        Lookup::Range => "is between these two (comma-separated, inclusive)",
        Lookup::IContains => "contains this, ignoring case",
        Lookup::IStartsWith => "starts with this, ignoring case",
        Lookup::IsNull => "is null (`true`) or not (`false`)",
    };
    format!("Only objects whose `{path}` {what} (an empty value is ignored).")
}

pub(super) fn parameters(spec: &ResourceSpec) -> Vec<Parameter> {
    let mut params = match spec.pagination {
        Pagination::PageNumber => vec![
            param(
                "page",
                "A page number within the paginated result set, or `last`; one out of range is a 404.",
                page(),
            ),
            param(
                "page_size",
                &format!("Results per page, at most {MAX_PAGE_SIZE}; a value that is not a positive number is ignored."),
                page_size(),
            ),
        ],
        Pagination::LimitOffset { default, max } => vec![
            param(
                "limit",
                &format!("Results to return, {default} by default, at most {max}; a value that is not a positive number is ignored."),
                page_size(),
            ),
            param(
                "offset",
                "The index of the first result; a value that is not a number from 0 is ignored.",
                page_size(),
            ),
        ],
        Pagination::Cursor { .. } => vec![param(
            "cursor",
            "The cursor of a page, from a `next` or `previous` link; one that does not decode is a 404.",
            plain_string(),
        )],
    };
    params.extend(filtering(spec));
    if !spec.ordering.is_empty() {
        let help = format!(
            "Comma-separated fields to order by, `-` for descending, among: {}; others are ignored.",
            spec.ordering.join(", ").replace("__", ".")
        );
        params.push(param("ordering", &help, plain_string()));
    }
    params
}

/// The declared filters with their lookups, and search: what selects a list's rows (and a list action's).
pub(super) fn filtering(spec: &ResourceSpec) -> Vec<Parameter> {
    let mut params = Vec::new();
    for filter in spec.filters {
        params.push(param(
            filter.param,
            &filter_help(filter),
            filter_schema(spec, filter),
        ));
    }
    if !spec.search.is_empty() {
        let fields: Vec<String> = spec
            .search
            .iter()
            .map(|s| {
                let how = match s.how {
                    Match::Contains => "contains",
                    Match::StartsWith => "starts with",
                    Match::Equals => "equals",
                };
                format!("{} ({how})", s.path.replace("__", "."))
            })
            .collect();
        let help = format!(
            "Terms, split on spaces and commas (a quoted phrase is one term), that must each match, ignoring case, \
             one of: {}.",
            fields.join(", ")
        );
        params.push(param("search", &help, plain_string()));
    }
    params
}
