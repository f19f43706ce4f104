//! SQLite's migration SQL. SQLite cannot change a column in place, so a changed table is rebuilt: a copy with the
//! new columns, the rows copied over (a column that becomes required filled in), the `AUTOINCREMENT` counter
//! carried over so that ids are never reused, the copy renamed, its indexes and triggers made again.

use std::fmt::Write;

use super::state::{ColumnState, ColumnType, TableState};
use super::{check, column_pairs, index_changes, Change};

fn column_def(column: &ColumnState) -> String {
    let mut def = format!("{} ", column.name);
    match (column.kind, column.max_length) {
        (ColumnType::Id, _) => {
            return format!("{} INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL", column.name)
        }
        (ColumnType::Integer, _) => def.push_str("BIGINT"),
        (ColumnType::Boolean, _) => def.push_str("BOOLEAN"),
        (ColumnType::Text, Some(n)) => write!(def, "VARCHAR({n})").unwrap(),
        (ColumnType::Text, None) => def.push_str("TEXT"),
    }
    def.push_str(if column.nullable {
        " NULL"
    } else {
        " NOT NULL"
    });
    if let Some(default) = &column.default {
        write!(def, " DEFAULT {}", default.literal()).unwrap();
    }
    if let Some(check) = check(column) {
        write!(def, " CHECK ({check})").unwrap();
    }
    def
}

fn create_table(table: &TableState, name: &str) -> String {
    let mut lines: Vec<String> = table.columns.iter().map(column_def).collect();
    for column in table.columns.iter().filter(|c| c.unique) {
        lines.push(format!(
            "CONSTRAINT {}_{}_key UNIQUE ({})",
            table.name, column.name, column.name
        ));
    }
    format!("CREATE TABLE {name} (\n    {}\n);\n", lines.join(",\n    "))
}

fn create_index(table: &str, index: &super::IndexState) -> String {
    format!(
        "CREATE INDEX {} ON {table} ({});\n",
        index.name, index.column
    )
}

fn count_triggers(table: &str) -> String {
    format!(
        "CREATE TRIGGER {table}_count_insert AFTER INSERT ON {table} BEGIN UPDATE {table}_count SET n = n + 1; END;\n\
         CREATE TRIGGER {table}_count_delete AFTER DELETE ON {table} BEGIN UPDATE {table}_count SET n = n - 1; END;\n"
    )
}

fn create_count(table: &str) -> String {
    format!(
        "-- The row count of {table} for unfiltered lists, kept in the same transaction as every insert and delete.\n\
         CREATE TABLE {table}_count (n BIGINT NOT NULL PRIMARY KEY);\n\
         INSERT INTO {table}_count (n) SELECT COUNT(*) FROM {table};\n{}",
        count_triggers(table)
    )
}

fn drop_count(table: &str) -> String {
    format!(
        "DROP TRIGGER {table}_count_insert;\nDROP TRIGGER {table}_count_delete;\nDROP TABLE {table}_count;\n"
    )
}

fn create(table: &TableState) -> String {
    let mut sql = create_table(table, &table.name);
    for index in &table.indexes {
        sql.push_str(&create_index(&table.name, index));
    }
    if table.counted {
        sql.push_str(&create_count(&table.name));
    }
    sql
}

fn drop(table: &TableState) -> String {
    let mut sql = String::new();
    if table.counted {
        sql.push_str(&drop_count(&table.name));
    }
    sql.push_str(&format!("DROP TABLE {};\n", table.name));
    sql
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
    sql.push_str(&create_table(new, &copy));
    writeln!(
        sql,
        "INSERT INTO {copy} ({}) SELECT {} FROM {table};",
        columns.join(", "),
        values.join(", ")
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
        sql.push_str(&create_index(table, index));
    }
    match (old.counted, new.counted) {
        (true, true) => sql.push_str(&count_triggers(table)),
        (false, true) => sql.push_str(&create_count(table)),
        (true, false) => writeln!(sql, "DROP TABLE {table}_count;").unwrap(),
        (false, false) => {}
    }
    sql
}

fn alter(old: &TableState, new: &TableState) -> String {
    if old.columns != new.columns {
        return rebuild(old, new);
    }
    let table = &new.name;
    let mut sql = String::new();
    let (gone, added) = index_changes(old, new);
    for index in gone {
        writeln!(sql, "DROP INDEX {};", index.name).unwrap();
    }
    for index in added {
        sql.push_str(&create_index(table, index));
    }
    match (old.counted, new.counted) {
        (false, true) => sql.push_str(&create_count(table)),
        (true, false) => sql.push_str(&drop_count(table)),
        _ => {}
    }
    sql
}

pub fn render(change: &Change) -> String {
    match change {
        Change::Create(table) => create(table),
        Change::Drop(table) => drop(table),
        Change::Alter { old, new } => alter(old, new),
    }
}
