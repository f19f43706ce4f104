//! SQL that each backend writes its own way.

use diesel::QueryResult;

use super::connection::AnyConnection;

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

/// `LAST_INSERT_ID()` as an expression, so that MySQL reads the row an insert made in one statement:
/// `table.find(mysql_last_insert_id())`. MySQL only.
pub fn mysql_last_insert_id() -> diesel::expression::SqlLiteral<diesel::sql_types::BigInt> {
    diesel::dsl::sql("LAST_INSERT_ID()")
}
