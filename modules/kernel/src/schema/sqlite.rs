//! SQLite's migration SQL. SQLite cannot change a column in place, so a changed table is rebuilt: a copy with the
//! new columns, the rows copied over (a column that becomes required filled in), the `AUTOINCREMENT` counter
//! carried over so that ids are never reused, the copy renamed, its indexes and triggers made again.

use std::fmt::Write;

use super::render::{
    alter_in_place, column_rules, count_change, create_index, create_table, Backend,
};
use super::state::{ColumnState, ColumnType, TableState};
use super::{column_pairs, Change};

pub(super) struct Sqlite;

fn count_triggers(table: &str) -> String {
    format!(
        "CREATE TRIGGER {table}_count_insert AFTER INSERT ON {table} BEGIN UPDATE {table}_count SET n = n + 1; END;\n\
         CREATE TRIGGER {table}_count_delete AFTER DELETE ON {table} BEGIN UPDATE {table}_count SET n = n - 1; END;\n"
    )
}

impl Backend for Sqlite {
    fn column_def(&self, column: &ColumnState) -> String {
        let ty = match (column.kind, column.max_length) {
            (ColumnType::Id, _) => {
                return format!("{} INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", column.name)
            }
            (ColumnType::Integer, _) => "BIGINT".to_owned(),
            (ColumnType::Boolean, _) => "BOOLEAN".to_owned(),
            (ColumnType::Text, Some(n)) => format!("VARCHAR({n})"),
            (ColumnType::Text, None) => "TEXT".to_owned(),
        };
        format!("{} {ty}{}", column.name, column_rules(column, false))
    }

    /// Never used: a changed column rebuilds the table (see [`Sqlite::alter`]).
    fn alter_column(
        &self,
        _table: &TableState,
        _before: &ColumnState,
        _after: &ColumnState,
    ) -> String {
        String::new()
    }

    fn create_count(&self, table: &str) -> String {
        format!(
            "-- The row count of {table} for unfiltered lists, kept in the same transaction as every insert and delete.\n\
             CREATE TABLE {table}_count (n BIGINT NOT NULL PRIMARY KEY);\n\
             INSERT INTO {table}_count (n) SELECT COUNT(*) FROM {table};\n{}",
            count_triggers(table)
        )
    }

    fn drop_count(&self, table: &str) -> String {
        format!("DROP TRIGGER {table}_count_insert;\nDROP TRIGGER {table}_count_delete;\nDROP TABLE {table}_count;\n")
    }

    fn create_search(&self, table: &TableState) -> String {
        super::search::sqlite_create(table)
    }

    fn drop_search(&self, table: &TableState) -> String {
        super::search::sqlite_drop(table)
    }

    fn alter(&self, old: &TableState, new: &TableState) -> String {
        if old.columns == new.columns {
            alter_in_place(self, old, new)
        } else {
            rebuild(old, new)
        }
    }
}

/// Whether a change rebuilds a table (its columns changed).
pub fn rebuilds(change: &Change) -> bool {
    matches!(change, Change::Alter { old, new } if old.columns != new.columns)
}

/// The SQL of a rebuild runs with foreign keys off, so that dropping the old table touches no row of another,
/// in a transaction of its own (SQLite ignores the pragma inside one).
pub fn without_foreign_keys(sql: &str) -> String {
    format!("PRAGMA foreign_keys = OFF;\nBEGIN;\n{sql}COMMIT;\nPRAGMA foreign_keys = ON;\n")
}

fn rebuild(old: &TableState, new: &TableState) -> String {
    let table = &new.name;
    let copy = format!("{table}__new");
    let mut columns = Vec::new();
    let mut values = Vec::new();
    for (before, after) in column_pairs(old, new) {
        let Some(after) = after else { continue };
        columns.push(after.name.clone());
        values.push(match before {
            None if after.nullable => "NULL".to_owned(),
            None => after.fill().literal(),
            Some(before) if before.nullable && !after.nullable => {
                format!("COALESCE({}, {})", before.name, after.fill().literal())
            }
            Some(before) => before.name.clone(),
        });
    }
    let mut sql =
        format!("-- {table}: rebuilt with its new columns; its rows and id counter are kept.\n");
    // The search index reads the old table's rows: it goes with it, and is made again from the new one's.
    if !old.search.is_empty() {
        sql.push_str(&Sqlite.drop_search(old));
    }
    sql.push_str(&create_table(&Sqlite, new, &copy));
    let (columns, values) = (columns.join(", "), values.join(", "));
    writeln!(
        sql,
        "INSERT INTO {copy} ({columns}) SELECT {values} FROM {table};"
    )
    .unwrap();
    writeln!(sql, "DELETE FROM sqlite_sequence WHERE name = '{copy}';").unwrap();
    writeln!(
        sql,
        "INSERT INTO sqlite_sequence (name, seq) SELECT '{copy}', seq FROM sqlite_sequence WHERE name = '{table}';"
    )
    .unwrap();
    writeln!(
        sql,
        "DROP TABLE {table};\nALTER TABLE {copy} RENAME TO {table};"
    )
    .unwrap();
    for index in &new.indexes {
        sql.push_str(&create_index(&Sqlite, new, index));
    }
    // The old table's triggers went with it; its count table stays, and so does its count.
    if old.counted && new.counted {
        sql.push_str(&count_triggers(table));
    } else if old.counted {
        writeln!(sql, "DROP TABLE {table}_count;").unwrap();
    } else {
        sql.push_str(&count_change(&Sqlite, old, new));
    }
    if !new.search.is_empty() {
        sql.push_str(&Sqlite.create_search(new));
    }
    sql
}
