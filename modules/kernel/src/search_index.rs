//! The trigram index behind `?search=`, derived from a resource's declared search fields as its other indexes
//! are: the migrations make it (SQLite: an FTS5 `trigram` table kept by triggers; PostgreSQL: a `pg_trgm` GIN
//! index per column; MySQL/MariaDB: a side table of each row's trigrams, kept by triggers), and the list query
//! uses it to pre-filter the rows a term can match.
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

/// The table beside a table that indexes its searched columns: SQLite's FTS5 table, MySQL's trigram table.
pub fn search_table(table: &str) -> String {
    format!("{table}_search")
}

/// The FTS5 query finding `term` as a substring: one quoted phrase (embedded quotes doubled, so that nothing in
/// it is query syntax), or `None` for a term too short for trigrams.
pub fn fts_phrase(term: &str) -> Option<String> {
    (term.chars().count() >= MIN_TERM_CHARS).then(|| format!("\"{}\"", term.replace('"', "\"\"")))
}

/// At most this many of a term's trigrams are looked up on MySQL (each is one more join, which the optimizer
/// orders by how many rows it finds): any of them is a valid pre-filter, and a few spread over the term keep
/// the rare ones of most terms.
pub const MAX_TERM_GRAMS: usize = 6;

/// The trigrams MySQL's side table is looked up with for `term`: its distinct 3-character substrings, ASCII
/// letters lower-cased as the side table's are (and as the search's `LIKE` folds them), at most
/// [`MAX_TERM_GRAMS`] spread from its start to its end; none for a term too short for trigrams.
pub fn trigrams(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut grams: Vec<String> = Vec::new();
    for window in chars.windows(MIN_TERM_CHARS) {
        let gram: String = window.iter().collect();
        if !grams.contains(&gram) {
            grams.push(gram);
        }
    }
    if grams.len() > MAX_TERM_GRAMS {
        let last = grams.len() - 1;
        grams = (0..MAX_TERM_GRAMS)
            .map(|i| grams[i * last / (MAX_TERM_GRAMS - 1)].clone())
            .collect();
    }
    grams
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
    fn trigrams_fold_ascii_only_and_keep_a_few_spread_over_the_term() {
        assert!(trigrams("ab").is_empty());
        assert!(trigrams("éé").is_empty());
        assert_eq!(trigrams("ÉcLA"), ["Écl", "cla"]);
        assert_eq!(trigrams("aaaa"), ["aaa"]);
        assert_eq!(trigrams("a%_\\"), ["a%_", "%_\\"]);
        assert_eq!(trigrams("Quetzal"), ["que", "uet", "etz", "tza", "zal"]);
        let long = trigrams("row 42 of the benchmark");
        assert_eq!(long.len(), MAX_TERM_GRAMS);
        assert_eq!(long.first().map(String::as_str), Some("row"));
        assert_eq!(long.last().map(String::as_str), Some("ark"));
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
