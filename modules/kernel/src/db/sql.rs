//! SQL helpers that behave the same on every backend.

use diesel::backend::Backend;
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::Text;
use diesel::QueryResult;

use super::connection::AnyConnection;
use super::url::DatabaseUrl;

/// The id the connection's last `INSERT` generated, for backends without `RETURNING` (MySQL/MariaDB). Each backend
/// keeps it per connection, so concurrent inserts on other connections do not change it.
pub fn last_insert_id(conn: &mut AnyConnection) -> QueryResult<i64> {
    use diesel::dsl::sql;
    use diesel::sql_types::BigInt;
    use diesel::RunQueryDsl;
    match conn {
        AnyConnection::Sqlite(c) => {
            diesel::select(sql::<BigInt>("last_insert_rowid()")).get_result(c)
        }
        AnyConnection::Postgresql(c) => diesel::select(sql::<BigInt>("lastval()")).get_result(c),
        // LAST_INSERT_ID() is unsigned; the ids are BIGINT.
        #[cfg(feature = "mysql")]
        AnyConnection::Mysql(c) => {
            diesel::select(sql::<BigInt>("CAST(LAST_INSERT_ID() AS SIGNED)")).get_result(c)
        }
    }
}

/// The escape character used with [`contains_pattern`]. `LIKE ... ESCAPE` takes it as a bound value, so MySQL's
/// backslash rules for SQL text do not apply.
pub const LIKE_ESCAPE: char = '\\';

/// A `LIKE` pattern matching `term` anywhere, ASCII letters lower-cased, with `%`, `_` and `\` taken literally.
/// Compare it as `fold_case(column, fold).like(pattern).escape(LIKE_ESCAPE)`: the column's ASCII letters are
/// folded the same way, and no other character is, on every backend. (Folding the term in SQL would use the
/// server's collation, which folds more on PostgreSQL and MySQL.)
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

/// How a backend makes a text column's ASCII letters lower case, and only those, for a `LIKE` comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseFold {
    /// SQLite: `LIKE` ignores ASCII case by itself.
    #[default]
    LikeIgnoresCase,
    /// PostgreSQL: `lower()` of a `COLLATE "C"` column folds ASCII letters only.
    Lower,
    /// MySQL/MariaDB: the columns compare as binary, and `LOWER()` would fold every letter of Unicode; a
    /// `REPLACE()` per ASCII letter folds exactly those.
    ReplaceAscii,
}

impl CaseFold {
    pub fn of(url: &DatabaseUrl) -> Self {
        match url {
            DatabaseUrl::Sqlite(_) => CaseFold::LikeIgnoresCase,
            DatabaseUrl::Postgres(_) => CaseFold::Lower,
            DatabaseUrl::Mysql(_) => CaseFold::ReplaceAscii,
        }
    }
}

/// A text expression with its ASCII letters folded to lower case the backend's way: see [`CaseFold`].
pub fn fold_case<E>(expr: E, fold: CaseFold) -> Folded<E>
where
    E: Expression<SqlType = Text>,
{
    Folded { expr, fold }
}

/// The expression [`fold_case`] builds.
#[derive(Debug, Clone, Copy)]
pub struct Folded<E> {
    expr: E,
    fold: CaseFold,
}

impl<E: Expression<SqlType = Text>> Expression for Folded<E> {
    type SqlType = Text;
}

impl<E, QS> AppearsOnTable<QS> for Folded<E> where E: AppearsOnTable<QS> + Expression<SqlType = Text>
{}

impl<E, QS> SelectableExpression<QS> for Folded<E> where
    E: SelectableExpression<QS> + Expression<SqlType = Text>
{
}

impl<E: ValidGrouping<GB>, GB> ValidGrouping<GB> for Folded<E> {
    type IsAggregate = E::IsAggregate;
}

/// The SQL depends on the fold, which is known only at run time: no static query id.
impl<E> QueryId for Folded<E> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<E: QueryFragment<DB>, DB: Backend> QueryFragment<DB> for Folded<E> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        match self.fold {
            CaseFold::LikeIgnoresCase => self.expr.walk_ast(out.reborrow()),
            CaseFold::Lower => {
                out.push_sql("lower(");
                self.expr.walk_ast(out.reborrow())?;
                out.push_sql(")");
                Ok(())
            }
            CaseFold::ReplaceAscii => {
                out.push_sql(&"REPLACE(".repeat(26));
                self.expr.walk_ast(out.reborrow())?;
                for upper in b'A'..=b'Z' {
                    let (upper, lower) = (upper as char, upper.to_ascii_lowercase() as char);
                    out.push_sql(&format!(", '{upper}', '{lower}')"));
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{contains_pattern, fold_case, CaseFold};

    #[test]
    fn wildcards_are_escaped() {
        assert_eq!(contains_pattern("AbÉ"), "%abÉ%");
        assert_eq!(contains_pattern("50%_\\"), "%50\\%\\_\\\\%");
    }

    #[test]
    fn each_backend_folds_its_own_way() {
        use diesel::dsl::sql;
        use diesel::sql_types::Text;
        let render = |fold| {
            diesel::debug_query::<diesel::pg::Pg, _>(&fold_case(sql::<Text>("name"), fold))
                .to_string()
        };
        assert!(render(CaseFold::LikeIgnoresCase).starts_with("name"));
        assert!(render(CaseFold::Lower).starts_with("lower(name)"));
        let replaced = render(CaseFold::ReplaceAscii);
        assert!(
            replaced.starts_with("REPLACE(REPLACE(")
                && replaced.contains("name, 'A', 'a'), 'B', 'b')"),
            "{replaced}"
        );
        assert_eq!(replaced.matches("REPLACE(").count(), 26);
        assert!(replaced.contains(", 'Z', 'z')"));
    }
}
