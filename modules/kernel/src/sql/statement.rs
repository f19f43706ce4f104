//! One SQL statement built at run time from a resource's declaration: text, quoted identifiers and bound values.
//! Diesel writes each backend's placeholders and quotes, so the same statement runs on SQLite, PostgreSQL and
//! MySQL, and prepares and caches it by its text.

use std::borrow::Cow;

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Untyped};
use diesel::{QueryResult, RunQueryDsl};

use crate::db::{AnyBackend, AnyConnection};

/// A column of the statement's table, or of a table it joins under an alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Col {
    pub table: Cow<'static, str>,
    pub column: &'static str,
}

/// The SQL dialect of a connection: what differs is written once here and in the statements' builders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
    Mysql,
}

impl Dialect {
    /// The dialect a module's database URL selects.
    pub fn of_url(url: &crate::db::DatabaseUrl) -> Self {
        match url {
            crate::db::DatabaseUrl::Sqlite(_) => Dialect::Sqlite,
            crate::db::DatabaseUrl::Postgres(_) => Dialect::Postgres,
            crate::db::DatabaseUrl::Mysql(_) => Dialect::Mysql,
        }
    }

    pub fn of(conn: &AnyConnection) -> Self {
        match conn {
            AnyConnection::Sqlite(_) => Dialect::Sqlite,
            AnyConnection::Postgresql(_) => Dialect::Postgres,
            #[cfg(feature = "mysql")]
            AnyConnection::Mysql(_) => Dialect::Mysql,
        }
    }

    /// Whether `INSERT`/`UPDATE ... RETURNING` exists (MySQL has none).
    pub fn returns(self) -> bool {
        self != Dialect::Mysql
    }

    /// The type a sum is cast back to: PostgreSQL sums a `BIGINT` as `NUMERIC` and MySQL as `DECIMAL`.
    pub fn integer(self) -> &'static str {
        match self {
            Dialect::Mysql => "SIGNED",
            _ => "BIGINT",
        }
    }
}

/// A value bound to a placeholder, with its SQL type; `None` binds `NULL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bound {
    Int(Option<i64>),
    Text(Option<String>),
    Bool(Option<bool>),
}

#[derive(Debug, Clone)]
enum Part {
    Sql(Cow<'static, str>),
    Ident(Cow<'static, str>),
    Bind(Bound),
}

/// Statements with more bound values than this are not kept prepared: their number of variants (one per count of
/// search terms, say) is the client's to choose.
const CACHED_BINDS: usize = 32;

/// A statement under construction.
#[derive(Debug, Clone, Default)]
pub struct Statement {
    parts: Vec<Part>,
    binds: usize,
    /// Planned for its values each time it runs, never kept prepared ([`Statement::plan_each_time`]).
    each_time: bool,
}

static NULL_INT: Option<i64> = None;
static NULL_BOOL: Option<bool> = None;
static NULL_TEXT: Option<&str> = None;

impl Statement {
    pub fn new() -> Self {
        Statement::default()
    }

    /// SQL text, as it is.
    pub fn sql(&mut self, text: impl Into<Cow<'static, str>>) -> &mut Self {
        self.parts.push(Part::Sql(text.into()));
        self
    }

    /// A table or column name, quoted as the backend quotes names.
    pub fn ident(&mut self, name: impl Into<Cow<'static, str>>) -> &mut Self {
        self.parts.push(Part::Ident(name.into()));
        self
    }

    /// `table.column`.
    pub fn column(&mut self, table: &'static str, column: &'static str) -> &mut Self {
        self.ident(table).sql(".").ident(column)
    }

    /// A column of a table or of a joined table's alias.
    pub fn col(&mut self, col: &Col) -> &mut Self {
        self.ident(col.table.clone()).sql(".").ident(col.column)
    }

    /// Another statement's parts, after this one's.
    pub fn append(&mut self, other: Statement) -> &mut Self {
        self.binds += other.binds;
        self.each_time |= other.each_time;
        self.parts.extend(other.parts);
        self
    }

    /// ` LIMIT <limit>` and, when given, ` OFFSET <offset>`, both bound. SQLite's are written
    /// `CAST(? AS INTEGER)`: its planner reads a bare bound `LIMIT`, so binding one would make SQLite prepare
    /// the statement again on every run (3.5x; `sqlite3ExprIsInteger`), which cost a list a third of its time.
    pub fn limit(&mut self, dialect: Dialect, limit: i64, offset: Option<i64>) -> &mut Self {
        let (open, close) = match dialect {
            Dialect::Sqlite => ("CAST(", " AS INTEGER)"),
            _ => ("", ""),
        };
        self.sql(" LIMIT ")
            .sql(open)
            .bind(Bound::Int(Some(limit)))
            .sql(close);
        if let Some(offset) = offset {
            self.sql(" OFFSET ")
                .sql(open)
                .bind(Bound::Int(Some(offset)))
                .sql(close);
        }
        self
    }

    /// Not kept prepared, so that the database plans it for its bound values each time: PostgreSQL switches a
    /// prepared statement to a plan made for any value after five runs, and a plan for any `LIKE` pattern cannot
    /// use a trigram index (a search at 300,000 rows went from 0.3 ms to 240 ms on the sixth run).
    pub fn plan_each_time(&mut self) -> &mut Self {
        self.each_time = true;
        self
    }

    /// Whether [`Statement::plan_each_time`] was asked for, here or in an appended statement.
    pub fn planned_each_time(&self) -> bool {
        self.each_time
    }

    pub fn bind(&mut self, value: Bound) -> &mut Self {
        self.binds += 1;
        self.parts.push(Part::Bind(value));
        self
    }

    /// Bound values separated by commas (an `IN` list).
    pub fn binds(&mut self, values: impl IntoIterator<Item = Bound>) -> &mut Self {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.sql(", ");
            }
            self.bind(value);
        }
        self
    }

    /// Identifiers separated by commas.
    pub fn idents(&mut self, names: impl IntoIterator<Item = &'static str>) -> &mut Self {
        for (i, name) in names.into_iter().enumerate() {
            if i > 0 {
                self.sql(", ");
            }
            self.ident(name);
        }
        self
    }

    /// Runs the statement; the number of rows it changed.
    pub fn run(self, conn: &mut AnyConnection) -> QueryResult<usize> {
        self.execute(conn)
    }

    /// The statement as text with `?` placeholders and double-quoted names, for tests and logs.
    pub fn debug_sql(&self) -> String {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Sql(text) => text.to_string(),
                Part::Ident(name) => format!("\"{name}\""),
                Part::Bind(_) => "?".to_owned(),
            })
            .collect()
    }

    /// The bound values, in order.
    pub fn debug_binds(&self) -> Vec<Bound> {
        self.parts
            .iter()
            .filter_map(|part| match part {
                Part::Bind(value) => Some(value.clone()),
                _ => None,
            })
            .collect()
    }
}

impl QueryFragment<AnyBackend> for Statement {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, AnyBackend>) -> QueryResult<()> {
        if self.binds > CACHED_BINDS || self.each_time {
            out.unsafe_to_cache_prepared();
        }
        for part in &self.parts {
            match part {
                Part::Sql(text) => out.push_sql(text),
                Part::Ident(name) => out.push_identifier(name)?,
                Part::Bind(value) => bind(&mut out, value)?,
            }
        }
        Ok(())
    }
}

fn bind<'b, DB>(out: &mut AstPass<'_, 'b, DB>, value: &'b Bound) -> QueryResult<()>
where
    DB: Backend
        + diesel::sql_types::HasSqlType<BigInt>
        + diesel::sql_types::HasSqlType<Text>
        + diesel::sql_types::HasSqlType<Bool>,
    i64: diesel::serialize::ToSql<BigInt, DB>,
    str: diesel::serialize::ToSql<Text, DB>,
    bool: diesel::serialize::ToSql<Bool, DB>,
    Option<i64>: diesel::serialize::ToSql<Nullable<BigInt>, DB>,
    Option<&'static str>: diesel::serialize::ToSql<Nullable<Text>, DB>,
    Option<bool>: diesel::serialize::ToSql<Nullable<Bool>, DB>,
{
    match value {
        Bound::Int(Some(v)) => out.push_bind_param::<BigInt, i64>(v),
        Bound::Text(Some(v)) => out.push_bind_param::<Text, str>(v.as_str()),
        Bound::Bool(Some(v)) => out.push_bind_param::<Bool, bool>(v),
        Bound::Int(None) => out.push_bind_param::<Nullable<BigInt>, Option<i64>>(&NULL_INT),
        Bound::Text(None) => out.push_bind_param::<Nullable<Text>, Option<&str>>(&NULL_TEXT),
        Bound::Bool(None) => out.push_bind_param::<Nullable<Bool>, Option<bool>>(&NULL_BOOL),
    }
}

/// The SQL differs from one statement to the next: no static query id (diesel caches it by its text instead).
impl QueryId for Statement {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

/// Rows come back untyped and are read by column name (`QueryableByName`).
impl Query for Statement {
    type SqlType = Untyped;
}

impl RunQueryDsl<AnyConnection> for Statement {}
