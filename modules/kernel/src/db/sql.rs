//! SQL helpers that behave the same on every backend.

use diesel::sql_types::Text;

diesel::define_sql_function! {
    /// SQL `lower()`: with `LIKE` it gives the same case-insensitive match on SQLite and PostgreSQL.
    fn lower(x: Text) -> Text;
}

/// The escape character used with [`contains_pattern`].
pub const LIKE_ESCAPE: char = '\\';

/// A `LIKE` pattern matching `term` anywhere, with `%`, `_` and `\` taken literally. Compare it as
/// `lower(column).like(lower(pattern)).escape(LIKE_ESCAPE)`: both sides are then folded by the same database.
pub fn contains_pattern(term: &str) -> String {
    let mut pattern = String::with_capacity(term.len() + 2);
    pattern.push('%');
    for c in term.chars() {
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
        assert_eq!(contains_pattern("Ab"), "%Ab%");
        assert_eq!(contains_pattern("50%_\\"), "%50\\%\\_\\\\%");
    }
}
