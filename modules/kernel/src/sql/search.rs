//! The search predicate: a term found anywhere in a text column, ignoring the case of ASCII letters and of
//! nothing else, with the same results on every backend.

use super::statement::{Bound, Col, Dialect, Statement};
use crate::resource::{Match, ResourceSpec};
use crate::search_index::{fts_phrase, is_indexed, search_table};

/// The escape character of [`contains_pattern`]'s patterns. It is sent as a bound value, so MySQL's backslash
/// rules for SQL text do not apply.
pub const LIKE_ESCAPE: &str = "\\";

/// A `LIKE` pattern matching `term` anywhere, ASCII letters lower-cased, with `%`, `_` and `\` taken literally.
/// The column's ASCII letters are folded the same way in SQL, and no other character is. (Folding the term in
/// SQL would use the server's collation, which folds more on PostgreSQL and MySQL.)
pub fn contains_pattern(term: &str) -> String {
    pattern(term, Match::Contains)
}

/// The `LIKE` pattern of `term` for each way of matching: anywhere, at the start, or the whole text.
pub fn pattern(term: &str, how: Match) -> String {
    let mut pattern = String::with_capacity(term.len() + 2);
    if how == Match::Contains {
        pattern.push('%');
    }
    for c in term.chars().map(|c| c.to_ascii_lowercase()) {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push_str(LIKE_ESCAPE);
        }
        pattern.push(c);
    }
    if how != Match::Equals {
        pattern.push('%');
    }
    pattern
}

/// Appends whether `term` is found in `table.column` (`how`: anywhere, at its start, or as all of it), ignoring
/// ASCII case, the backend's way:
/// - SQLite: `LIKE` ignores ASCII case by itself (its pattern written `+?`, see below);
/// - PostgreSQL: `lower()` of a `COLLATE "C"` column folds ASCII letters only (the expression of the column's
///   trigram index, if it has one; the statement is planned for its pattern each time, to use it);
/// - MySQL/MariaDB: the columns compare as binary, and `LOWER()` folds every letter of Unicode; one `REPLACE()`
///   per ASCII capital folds exactly those, after a `LOWER()` pre-filter that keeps every row the exact test
///   keeps (and costs a third of the 26 `REPLACE()`s, which then run only on the rows it kept).
pub fn like(st: &mut Statement, dialect: Dialect, col: &Col, term: &str, how: Match) {
    let pattern = pattern(term, how);
    let like = |st: &mut Statement, pattern: &str, lower: bool| {
        st.sql(if lower { " LIKE LOWER(" } else { " LIKE " })
            .bind(Bound::Text(Some(pattern.to_owned())))
            .sql(if lower { ") ESCAPE " } else { " ESCAPE " })
            .bind(Bound::Text(Some(LIKE_ESCAPE.to_owned())));
    };
    match dialect {
        Dialect::Sqlite => {
            // `LIKE ?` would make SQLite prepare the statement again on every run (a bound pattern might allow
            // an index, so binding it expires the plan); `+?` is the same value, and keeps it prepared.
            st.col(col).sql(" LIKE +");
            st.bind(Bound::Text(Some(pattern)))
                .sql(" ESCAPE ")
                .bind(Bound::Text(Some(LIKE_ESCAPE.to_owned())));
        }
        Dialect::Postgres => {
            // The trigram index serves only a plan made for this pattern.
            st.plan_each_time();
            st.sql("lower(").col(col).sql(")");
            like(st, &pattern, false);
        }
        Dialect::Mysql => {
            st.sql("(LOWER(").col(col).sql(")");
            like(st, &pattern, true);
            st.sql(" AND ").sql(FOLD_OPEN).col(col).sql(FOLD_CLOSE);
            like(st, &pattern, false);
            st.sql(")");
        }
    }
}

/// When the resource has a search index and `term` is long enough for it, appends a pre-filter and ` AND `: the
/// rows that may hold the term in a searched column, a superset of those the `LIKE`s keep, which then decide.
/// PostgreSQL's index matches the `LIKE` itself, so it needs none.
/// - SQLite: `"t"."id" IN (SELECT rowid FROM "t_search" WHERE "t_search" MATCH ?)`, the rows holding the term's
///   trigrams (FTS5 folds the case of every letter, `LIKE` of ASCII ones only);
/// - MySQL/MariaDB: `"t"."id" IN (SELECT "g0".id FROM "t_search" AS "g0", "t_search" AS "g1" WHERE "g0".gram
///   = ? AND "g1".gram = ? AND "g1".id = "g0".id ...)`, the rows whose side table holds every one of `grams`
///   (one alias each; none, the term's trigrams are all too common: no pre-filter), those
///   [`super::rare_trigrams`] chose: the optimizer starts from the trigram with the fewest rows (it counts each
///   in the primary key `(gram, id)`) and looks the others up for each of its rows.
pub fn prefilter(
    st: &mut Statement,
    dialect: Dialect,
    spec: &ResourceSpec,
    term: &str,
    grams: &[String],
) {
    // Checked once per term on the list's path, so without building the column list.
    if !is_indexed(spec) {
        return;
    }
    let side = search_table(spec.table);
    match dialect {
        Dialect::Postgres => return,
        Dialect::Sqlite => {
            let Some(phrase) = fts_phrase(term) else {
                return;
            };
            st.ident(spec.table)
                .sql(".")
                .ident(spec.id_column())
                .sql(" IN (SELECT rowid FROM ")
                .ident(side.clone())
                .sql(" WHERE ")
                .ident(side)
                .sql(" MATCH ")
                .bind(Bound::Text(Some(phrase)));
        }
        Dialect::Mysql => {
            if grams.is_empty() {
                return;
            }
            let id = |st: &mut Statement, i: usize| {
                st.ident(format!("g{i}")).sql(".id");
            };
            st.ident(spec.table)
                .sql(".")
                .ident(spec.id_column())
                .sql(" IN (SELECT ");
            id(st, 0);
            st.sql(" FROM ");
            for i in 0..grams.len() {
                st.sql(if i > 0 { ", " } else { "" })
                    .ident(side.clone())
                    .sql(" AS ")
                    .ident(format!("g{i}"));
            }
            for (i, gram) in grams.iter().enumerate() {
                st.sql(if i > 0 { " AND " } else { " WHERE " })
                    .ident(format!("g{i}"))
                    .sql(".gram = ")
                    .bind(Bound::Text(Some(gram.clone())));
                if i > 0 {
                    st.sql(" AND ");
                    id(st, i);
                    st.sql(" = ");
                    id(st, 0);
                }
            }
        }
    }
    st.sql(") AND ");
}

/// `REPLACE(` 26 times, then each capital's replacement: folds ASCII letters only.
pub(crate) const FOLD_OPEN: &str = "REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(\
    REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(\
    REPLACE(REPLACE(REPLACE(";
pub(crate) const FOLD_CLOSE: &str = ", 'A', 'a'), 'B', 'b'), 'C', 'c'), 'D', 'd'), 'E', 'e'), 'F', 'f'), 'G', 'g'), \
    'H', 'h'), 'I', 'i'), 'J', 'j'), 'K', 'k'), 'L', 'l'), 'M', 'm'), 'N', 'n'), 'O', 'o'), 'P', 'p'), \
    'Q', 'q'), 'R', 'r'), 'S', 's'), 'T', 't'), 'U', 'u'), 'V', 'v'), 'W', 'w'), 'X', 'x'), 'Y', 'y'), \
    'Z', 'z')";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_are_escaped() {
        assert_eq!(contains_pattern("AbÉ"), "%abÉ%");
        assert_eq!(contains_pattern("50%_\\"), "%50\\%\\_\\\\%");
        assert_eq!(pattern("Ab_", Match::StartsWith), "ab\\_%");
        assert_eq!(pattern("Ab", Match::Equals), "ab");
    }

    fn render(dialect: Dialect) -> (String, Vec<Bound>) {
        let mut st = Statement::new();
        let col = Col {
            table: "t".into(),
            column: "name",
        };
        like(&mut st, dialect, &col, "Ab", Match::Contains);
        (st.debug_sql(), st.debug_binds())
    }

    #[test]
    fn sqlite_looks_long_terms_up_in_the_index_first() {
        use crate::search_index::tests::{field, spec};
        const INDEXED: &[crate::resource::SearchSpec] = &[field("name", Match::Contains)];
        const PREFIX: &[crate::resource::SearchSpec] = &[field("name", Match::StartsWith)];
        let render = |dialect, search, term| {
            let mut st = Statement::new();
            prefilter(&mut st, dialect, &spec(search), term, &[]);
            (st.debug_sql(), st.debug_binds())
        };
        assert_eq!(
            render(Dialect::Sqlite, INDEXED, "a\"bc"),
            (
                r#""items"."id" IN (SELECT rowid FROM "items_search" WHERE "items_search" MATCH ?) AND "#
                    .to_owned(),
                vec![Bound::Text(Some("\"a\"\"bc\"".into()))]
            )
        );
        assert_eq!(render(Dialect::Sqlite, INDEXED, "ab").0, "", "too short");
        assert_eq!(render(Dialect::Sqlite, PREFIX, "abc").0, "", "not indexed");
        assert_eq!(render(Dialect::Postgres, INDEXED, "abc").0, "");
    }

    #[test]
    fn mysql_looks_each_trigram_up_in_the_side_table() {
        use crate::search_index::tests::{field, spec};
        use crate::search_index::trigrams;
        const INDEXED: &[crate::resource::SearchSpec] = &[field("name", Match::Contains)];
        let render = |term| {
            let mut st = Statement::new();
            prefilter(
                &mut st,
                Dialect::Mysql,
                &spec(INDEXED),
                term,
                &trigrams(term),
            );
            (st.debug_sql(), st.debug_binds())
        };
        let text = |s: &str| Bound::Text(Some(s.into()));
        assert_eq!(
            render("AbcD"),
            (
                r#""items"."id" IN (SELECT "g0".id FROM "items_search" AS "g0", "items_search" AS "g1" WHERE "g0".gram = ? AND "g1".gram = ? AND "g1".id = "g0".id) AND "#
                    .to_owned(),
                vec![text("abc"), text("bcd")]
            )
        );
        assert_eq!(render("Ééé").1, vec![text("Ééé")], "only ASCII folds");
        assert_eq!(render("ab").0, "", "too short");
        const PREFIX: &[crate::resource::SearchSpec] = &[field("name", Match::StartsWith)];
        let mut st = Statement::new();
        prefilter(
            &mut st,
            Dialect::Mysql,
            &spec(PREFIX),
            "abc",
            &trigrams("abc"),
        );
        assert_eq!(st.debug_sql(), "", "not indexed");
        let mut st = Statement::new();
        prefilter(&mut st, Dialect::Mysql, &spec(INDEXED), "abc", &[]);
        assert_eq!(st.debug_sql(), "", "no rare trigram: the scan");
    }

    #[test]
    fn postgres_plans_a_search_for_its_pattern() {
        let col = Col {
            table: "t".into(),
            column: "name",
        };
        for (dialect, each_time) in [
            (Dialect::Postgres, true),
            (Dialect::Sqlite, false),
            (Dialect::Mysql, false),
        ] {
            let mut inner = Statement::new();
            like(&mut inner, dialect, &col, "Ab", Match::Contains);
            let mut st = Statement::new();
            st.sql("SELECT 1 WHERE ").append(inner);
            assert_eq!(st.planned_each_time(), each_time, "{dialect:?}");
        }
    }

    #[test]
    fn each_backend_folds_its_own_way() {
        assert_eq!(render(Dialect::Sqlite).0, r#""t"."name" LIKE +? ESCAPE ?"#);
        assert_eq!(
            render(Dialect::Postgres).0,
            r#"lower("t"."name") LIKE ? ESCAPE ?"#
        );
        let (replaced, binds) = render(Dialect::Mysql);
        assert!(
            replaced
                .starts_with(r#"(LOWER("t"."name") LIKE LOWER(?) ESCAPE ? AND REPLACE(REPLACE("#)
                && replaced.contains(r#""name", 'A', 'a'), 'B', 'b')"#)
                && replaced.ends_with(", 'Z', 'z') LIKE ? ESCAPE ?)"),
            "{replaced}"
        );
        assert_eq!(replaced.matches("REPLACE(").count(), 26);
        assert_eq!(replaced.matches("', '").count(), 26);
        let text = |s: &str| Bound::Text(Some(s.into()));
        assert_eq!(
            binds,
            vec![text("%ab%"), text("\\"), text("%ab%"), text("\\")]
        );
    }
}
