//! The search index's pre-filter ([`crate::search_index`]): the rows a term may be in, read from the index
//! before the search's `LIKE`s decide on each of them.

use super::statement::{Bound, Dialect, Statement};
use crate::resource::ResourceSpec;
use crate::search_index::{fts_phrase, is_indexed, search_table};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::Match;

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
}
