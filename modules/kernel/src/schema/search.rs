//! The SQL of the search index ([`crate::search_index`]) on SQLite and PostgreSQL: what makes and drops it
//! (MySQL's is in [`super::search_mysql`]). A changed index is dropped and made again whole.

use std::fmt::Write;

use super::state::TableState;
use crate::search_index::search_table;

/// SQLite: an FTS5 `trigram` table over the searched columns, its content read from the table itself (nothing
/// stored twice), filled from the rows already there and kept by triggers in the same transaction as every
/// insert, update and delete.
pub(super) fn sqlite_create(table: &TableState) -> String {
    let (name, id) = (&table.name, table.id_column());
    let fts = search_table(name);
    let columns = table.search.join(", ");
    let values = |row: &str| {
        table
            .search
            .iter()
            .map(|c| format!("{row}.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (new, old) = (values("new"), values("old"));
    let insert = format!("INSERT INTO {fts} (rowid, {columns}) VALUES (new.{id}, {new});");
    let delete =
        format!("INSERT INTO {fts} ({fts}, rowid, {columns}) VALUES ('delete', old.{id}, {old});");
    let mut sql = format!(
        "-- A trigram index of the searched columns: ?search= looks a term of 3 or more characters up in it,\n\
         -- and LIKE decides on the rows it finds.\n\
         CREATE VIRTUAL TABLE {fts} USING fts5({columns}, content='{name}', content_rowid='{id}', tokenize='trigram');\n\
         INSERT INTO {fts} ({fts}) VALUES ('rebuild');\n"
    );
    writeln!(
        sql,
        "CREATE TRIGGER {fts}_insert AFTER INSERT ON {name} BEGIN {insert} END;"
    )
    .unwrap();
    writeln!(
        sql,
        "CREATE TRIGGER {fts}_delete AFTER DELETE ON {name} BEGIN {delete} END;"
    )
    .unwrap();
    writeln!(
        sql,
        "CREATE TRIGGER {fts}_update AFTER UPDATE OF {columns} ON {name} BEGIN {delete} {insert} END;"
    )
    .unwrap();
    sql
}

/// The triggers go first: they name the FTS5 table.
pub(super) fn sqlite_drop(table: &TableState) -> String {
    let fts = search_table(&table.name);
    format!(
        "DROP TRIGGER {fts}_insert;\nDROP TRIGGER {fts}_delete;\nDROP TRIGGER {fts}_update;\nDROP TABLE {fts};\n"
    )
}

/// The index name of one searched column on PostgreSQL.
fn trgm_index(table: &str, column: &str) -> String {
    format!("{table}_{column}_trgm")
}

/// PostgreSQL: a `pg_trgm` GIN index per searched column on exactly the expression the search's `LIKE` reads,
/// `lower(column)` of the column's own `COLLATE "C"`, so that the planner uses it. `pg_trgm` is trusted: the
/// database's owner may create it, and it stays when the indexes go (other tables may use it).
pub(super) fn postgres_create(table: &TableState) -> String {
    let mut sql = String::from(
        "-- Trigram indexes of the searched columns: ?search= finds a term of 3 or more characters through them,\n\
         -- and LIKE decides on the rows they find.\n\
         CREATE EXTENSION IF NOT EXISTS pg_trgm;\n",
    );
    for column in &table.search {
        writeln!(
            sql,
            "CREATE INDEX {} ON {} USING gin (lower({column}) gin_trgm_ops);",
            trgm_index(&table.name, column),
            table.name
        )
        .unwrap();
    }
    sql
}

pub(super) fn postgres_drop(table: &TableState) -> String {
    table
        .search
        .iter()
        .map(|column| format!("DROP INDEX {};\n", trgm_index(&table.name, column)))
        .collect()
}
