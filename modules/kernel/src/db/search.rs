//! The search predicate: a term found anywhere in a text column, ignoring the case of ASCII letters and of
//! nothing else, with the same results on every backend.

use diesel::backend::Backend;
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{Bool, HasSqlType, Text};
use diesel::QueryResult;

use super::url::DatabaseUrl;

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

/// How a backend makes a text column's ASCII letters lower case, and only those, for a `LIKE` comparison.
/// The default, `Lower`, ignores case on every backend; the list handler sets the backend's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseFold {
    /// SQLite: `LIKE` ignores ASCII case by itself.
    LikeIgnoresCase,
    /// PostgreSQL: `lower()` of a `COLLATE "C"` column folds ASCII letters only.
    #[default]
    Lower,
    /// MySQL/MariaDB: the columns compare as binary, and `LOWER()` folds every letter of Unicode; one
    /// `REPLACE()` per ASCII capital folds exactly those.
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

/// Whether `term` is found in `column`, ignoring ASCII case, the backend's way (see [`CaseFold`]).
pub fn contains<E>(column: E, term: &str, fold: CaseFold) -> Contains<E>
where
    E: Expression<SqlType = Text>,
{
    Contains {
        column,
        pattern: contains_pattern(term),
        fold,
    }
}

/// The predicate [`contains`] builds.
#[derive(Debug, Clone)]
pub struct Contains<E> {
    column: E,
    pattern: String,
    fold: CaseFold,
}

impl<E: Expression<SqlType = Text>> Expression for Contains<E> {
    type SqlType = Bool;
}

impl<E, QS> AppearsOnTable<QS> for Contains<E> where
    E: AppearsOnTable<QS> + Expression<SqlType = Text>
{
}

impl<E, QS> SelectableExpression<QS> for Contains<E> where
    E: SelectableExpression<QS> + Expression<SqlType = Text>
{
}

impl<E: ValidGrouping<GB>, GB> ValidGrouping<GB> for Contains<E> {
    type IsAggregate = E::IsAggregate;
}

/// The SQL depends on the fold, which is known only at run time: no static query id.
impl<E> QueryId for Contains<E> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<E, DB> QueryFragment<DB> for Contains<E>
where
    DB: Backend + HasSqlType<Text>,
    E: QueryFragment<DB>,
    str: ToSql<Text, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        match self.fold {
            CaseFold::LikeIgnoresCase => {
                self.column.walk_ast(out.reborrow())?;
                self.like(out.reborrow(), false)
            }
            CaseFold::Lower => {
                out.push_sql("lower(");
                self.column.walk_ast(out.reborrow())?;
                out.push_sql(")");
                self.like(out.reborrow(), false)
            }
            CaseFold::ReplaceAscii => {
                // LOWER() on both sides first: it matches every row the exact test matches and more, and costs a
                // third of the 26 REPLACE()s, which then run only on the rows it kept.
                out.push_sql("(LOWER(");
                self.column.walk_ast(out.reborrow())?;
                out.push_sql(")");
                self.like(out.reborrow(), true)?;
                out.push_sql(" AND ");
                out.push_sql(&"REPLACE(".repeat(26));
                self.column.walk_ast(out.reborrow())?;
                for upper in b'A'..=b'Z' {
                    let lower = upper.to_ascii_lowercase();
                    out.push_sql(&format!(", '{}', '{}')", upper as char, lower as char));
                }
                self.like(out.reborrow(), false)?;
                out.push_sql(")");
                Ok(())
            }
        }
    }
}

impl<E> Contains<E> {
    /// ` LIKE <pattern> ESCAPE <escape>`, the pattern lower-cased in SQL when `lower` is set.
    fn like<'b, DB>(&'b self, mut out: AstPass<'_, 'b, DB>, lower: bool) -> QueryResult<()>
    where
        DB: Backend + HasSqlType<Text>,
        str: ToSql<Text, DB>,
    {
        out.push_sql(if lower { " LIKE LOWER(" } else { " LIKE " });
        out.push_bind_param::<Text, str>(self.pattern.as_str())?;
        out.push_sql(if lower { ") ESCAPE " } else { " ESCAPE " });
        out.push_bind_param::<Text, str>(LIKE_ESCAPE)
    }
}

#[cfg(test)]
mod tests {
    use super::{contains, contains_pattern, CaseFold};

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
            diesel::debug_query::<diesel::pg::Pg, _>(&contains(sql::<Text>("name"), "Ab", fold))
                .to_string()
        };
        assert!(
            render(CaseFold::LikeIgnoresCase).starts_with("name LIKE $1 ESCAPE $2"),
            "{}",
            render(CaseFold::LikeIgnoresCase)
        );
        assert!(render(CaseFold::Lower).starts_with("lower(name) LIKE $1 ESCAPE $2"));
        let replaced = render(CaseFold::ReplaceAscii);
        assert!(
            replaced.starts_with("(LOWER(name) LIKE LOWER($1) ESCAPE $2 AND REPLACE(REPLACE(")
                && replaced.contains("name, 'A', 'a'), 'B', 'b')")
                && replaced.contains(", 'Z', 'z') LIKE $3 ESCAPE $4)"),
            "{replaced}"
        );
        assert_eq!(replaced.matches("REPLACE(").count(), 26);
        assert!(
            replaced.contains(r#"binds: ["%ab%", "\\", "%ab%", "\\"]"#),
            "{replaced}"
        );
    }
}
