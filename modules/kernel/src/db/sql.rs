//! SQL helpers that behave the same on every backend.

use diesel::sql_types::Text;

diesel::define_sql_function! {
    /// SQL `lower()`: with `LIKE` it gives the same case-insensitive match on SQLite and PostgreSQL.
    fn lower(x: Text) -> Text;
}

/// The escape character used with [`contains_pattern`].
pub const LIKE_ESCAPE: char = '\\';

/// A `LIKE` pattern matching `term` anywhere, ASCII letters lower-cased, with `%`, `_` and `\` taken literally.
/// Compare it as `lower(column).like(pattern).escape(LIKE_ESCAPE)`. SQLite's `lower()` and PostgreSQL's on a
/// `COLLATE "C"` column fold ASCII letters only; folding the term the same way here makes both backends give the
/// same results (folding it in SQL would use PostgreSQL's default collation, which folds more).
pub fn contains_pattern(term: &str) -> String {
    let mut pattern = String::with_capacity(term.len() + 2);
    pattern.push('%');
    for c in term.chars().map(|c| c.to_ascii_lowercase()) {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push(LIKE_ESCAPE);
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::contains_pattern;

    #[test]
    fn wildcards_are_escaped() {
        assert_eq!(contains_pattern("AbÉ"), "%abÉ%");
        assert_eq!(contains_pattern("50%_\\"), "%50\\%\\_\\\\%");
    }
}
