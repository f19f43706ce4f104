//! The trigram index behind `?search=`, derived from a resource's declared search fields as its other indexes
//! are: the migrations make it (SQLite: an FTS5 `trigram` table kept by triggers; PostgreSQL: a `pg_trgm` GIN
//! index per column; MySQL/MariaDB: none), and the list query uses it to pre-filter the rows a term can match.
//! It never decides a match: the `LIKE` of [`crate::sql::like`] still runs on every row it keeps, so results are
//! exactly those of the plain substring scan.
//!
//! A resource is indexed only when every search field is a contains-type field of its own table: a term matches
//! a row when it matches any field, so a field the index does not cover (a related table's, or one searched by
//! `^` prefix or `=` equality) would need the scan anyway.

use crate::resource::{Match, ResourceSpec, SearchSpec};

/// A trigram index finds terms of three characters or more; shorter ones keep the plain scan.
pub const MIN_TERM_CHARS: usize = 3;

/// The column of the resource's own table a search field finds terms anywhere in, if it is one.
fn own_contains_column(spec: &ResourceSpec, search: &SearchSpec) -> Option<&'static str> {
    match spec.resolve(search.path) {
        Some((None, field)) if search.how == Match::Contains => Some(field.column_name()),
        _ => None,
    }
}

/// Whether the resource has a search index: it is searched, and only in contains-type fields of its own table.
pub fn is_indexed(spec: &ResourceSpec) -> bool {
    !spec.search.is_empty()
        && spec
            .search
            .iter()
            .all(|search| own_contains_column(spec, search).is_some())
}

/// The columns the search index covers, in declaration order (none when the resource is not indexed).
pub fn indexed_columns(spec: &ResourceSpec) -> Vec<&'static str> {
    if !is_indexed(spec) {
        return Vec::new();
    }
    let mut columns = Vec::new();
    for own in spec
        .search
        .iter()
        .filter_map(|s| own_contains_column(spec, s))
    {
        if !columns.contains(&own) {
            columns.push(own);
        }
    }
    columns
}

/// SQLite's FTS5 table of a table's searched columns.
pub fn fts_table(table: &str) -> String {
    format!("{table}_search")
}

/// The FTS5 query finding `term` as a substring: one quoted phrase (embedded quotes doubled, so that nothing in
/// it is query syntax), or `None` for a term too short for trigrams.
pub fn fts_phrase(term: &str) -> Option<String> {
    (term.chars().count() >= MIN_TERM_CHARS).then(|| format!("\"{}\"", term.replace('"', "\"\"")))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::fields::Field;
    use crate::resource::Pagination;

    const FIELDS: &[Field] = &[
        Field::id(),
        Field::string("name", "Name", 20),
        Field::text("notes", "Notes"),
    ];

    /// A resource `items` with a name and notes, searched as given.
    pub(crate) const fn spec(search: &'static [SearchSpec]) -> ResourceSpec {
        ResourceSpec {
            model_name: "Item",
            verbose_name: "item",
            view_name: "Item",
            table: "items",
            path: "",
            fields: FIELDS,
            filters: &[],
            search,
            ordering: &[],
            pagination: Pagination::PageNumber,
            owner_field: None,
            kept_count: false,
            permission: None,
            actions: crate::resource::Actions::ALL,
        }
    }

    pub(crate) const fn field(path: &'static str, how: Match) -> SearchSpec {
        SearchSpec { path, how }
    }

    #[test]
    fn only_resources_searched_in_their_own_text_are_indexed() {
        const BOTH: &[SearchSpec] = &[
            field("name", Match::Contains),
            field("notes", Match::Contains),
            field("name", Match::Contains),
        ];
        assert_eq!(indexed_columns(&spec(BOTH)), ["name", "notes"]);
        const PREFIX: &[SearchSpec] = &[
            field("name", Match::Contains),
            field("notes", Match::StartsWith),
        ];
        assert!(indexed_columns(&spec(PREFIX)).is_empty());
        const RELATED: &[SearchSpec] = &[field("owner__name", Match::Contains)];
        assert!(indexed_columns(&spec(RELATED)).is_empty());
        assert!(indexed_columns(&spec(&[])).is_empty());
    }

    #[test]
    fn phrases_quote_the_term_and_skip_short_ones() {
        assert_eq!(fts_phrase("ab"), None);
        assert_eq!(fts_phrase("éé"), None);
        assert_eq!(fts_phrase("ééé").as_deref(), Some("\"ééé\""));
        assert_eq!(
            fts_phrase("a\"b OR c*").as_deref(),
            Some("\"a\"\"b OR c*\"")
        );
    }
}
