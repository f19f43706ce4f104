//! The search predicate: a term found anywhere in a text column, ignoring the case of ASCII letters and of
//! nothing else, with the same results on every backend.

use super::statement::{Bound, Col, Dialect, Statement};
use crate::resource::Match;

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
    // ` LIKE <open>?<close> ESCAPE ?`, the pattern bound.
    let like = |st: &mut Statement, open: &'static str, close: &'static str| {
        st.sql(" LIKE ")
            .sql(open)
            .bind(Bound::Text(Some(pattern.clone())))
            .sql(close)
            .sql(" ESCAPE ")
            .bind(Bound::Text(Some(LIKE_ESCAPE.to_owned())));
    };
    match dialect {
        Dialect::Sqlite => {
            // `LIKE ?` would make SQLite prepare the statement again on every run (a bound pattern might allow
            // an index, so binding it expires the plan); `+?` is the same value, and keeps it prepared.
            st.col(col);
            like(st, "+", "");
        }
        Dialect::Postgres => {
            // The trigram index serves only a plan made for this pattern.
            st.plan_each_time();
            st.sql("lower(").col(col).sql(")");
            like(st, "", "");
        }
        Dialect::Mysql => {
            st.sql("(LOWER(").col(col).sql(")");
            like(st, "LOWER(", ")");
            st.sql(" AND ").sql(FOLD_OPEN).col(col).sql(FOLD_CLOSE);
            like(st, "", "");
            st.sql(")");
        }
    }
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
