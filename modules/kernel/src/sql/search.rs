//! The search predicate: a term found anywhere in a text column, ignoring the case of ASCII letters and of
//! nothing else, with the same results on every backend.

use super::statement::{Bound, Dialect, Statement};

/// The escape character of [`contains_pattern`]'s patterns. It is sent as a bound value, so MySQL's backslash
/// rules for SQL text do not apply.
pub const LIKE_ESCAPE: &str = "\\";

/// A `LIKE` pattern matching `term` anywhere, ASCII letters lower-cased, with `%`, `_` and `\` taken literally.
/// The column's ASCII letters are folded the same way in SQL, and no other character is. (Folding the term in
/// SQL would use the server's collation, which folds more on PostgreSQL and MySQL.)
pub fn contains_pattern(term: &str) -> String {
    let mut pattern = String::with_capacity(term.len() + 2);
    pattern.push('%');
    for c in term.chars().map(|c| c.to_ascii_lowercase()) {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push_str(LIKE_ESCAPE);
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Appends whether `term` is found in `table.column`, ignoring ASCII case, the backend's way:
/// - SQLite: `LIKE` ignores ASCII case by itself;
/// - PostgreSQL: `lower()` of a `COLLATE "C"` column folds ASCII letters only;
/// - MySQL/MariaDB: the columns compare as binary, and `LOWER()` folds every letter of Unicode; one `REPLACE()`
///   per ASCII capital folds exactly those, after a `LOWER()` pre-filter that keeps every row the exact test
///   keeps (and costs a third of the 26 `REPLACE()`s, which then run only on the rows it kept).
pub fn contains(
    st: &mut Statement,
    dialect: Dialect,
    table: &'static str,
    column: &'static str,
    term: &str,
) {
    let pattern = contains_pattern(term);
    let like = |st: &mut Statement, pattern: &str, lower: bool| {
        st.sql(if lower { " LIKE LOWER(" } else { " LIKE " })
            .bind(Bound::Text(Some(pattern.to_owned())))
            .sql(if lower { ") ESCAPE " } else { " ESCAPE " })
            .bind(Bound::Text(Some(LIKE_ESCAPE.to_owned())));
    };
    match dialect {
        Dialect::Sqlite => {
            st.column(table, column);
            like(st, &pattern, false);
        }
        Dialect::Postgres => {
            st.sql("lower(").column(table, column).sql(")");
            like(st, &pattern, false);
        }
        Dialect::Mysql => {
            st.sql("(LOWER(").column(table, column).sql(")");
            like(st, &pattern, true);
            st.sql(" AND ")
                .sql(FOLD_OPEN)
                .column(table, column)
                .sql(FOLD_CLOSE);
            like(st, &pattern, false);
            st.sql(")");
        }
    }
}

/// `REPLACE(` 26 times, then each capital's replacement: folds ASCII letters only.
const FOLD_OPEN: &str = "REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(\
    REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(\
    REPLACE(REPLACE(REPLACE(";
const FOLD_CLOSE: &str = ", 'A', 'a'), 'B', 'b'), 'C', 'c'), 'D', 'd'), 'E', 'e'), 'F', 'f'), 'G', 'g'), \
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
    }

    fn render(dialect: Dialect) -> (String, Vec<Bound>) {
        let mut st = Statement::new();
        contains(&mut st, dialect, "t", "name", "Ab");
        (st.debug_sql(), st.debug_binds())
    }

    #[test]
    fn each_backend_folds_its_own_way() {
        assert_eq!(render(Dialect::Sqlite).0, r#""t"."name" LIKE ? ESCAPE ?"#);
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
