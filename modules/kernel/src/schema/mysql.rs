//! MySQL/MariaDB's migration SQL. Text compares by code point without padding (`utf8mb4_nopad_bin` on MariaDB,
//! in its version comment; the table default `utf8mb4_bin` on MySQL); unbounded text is `LONGTEXT` (`TEXT` stops
//! at 64 KiB); `MODIFY COLUMN` always restates the whole column, since what it leaves out (`NOT NULL`, the
//! default, the collation) is lost.

use std::fmt::Write;

use super::state::{ColumnState, ColumnType, IndexState, TableState};
use super::{check, column_pairs, index_changes, Change};

const NOPAD: &str = " /*M!100202 COLLATE utf8mb4_nopad_bin */";

/// MySQL counts every `VARCHAR`'s largest size (4 bytes a character) against a 65,535-byte row: text longer than
/// this is `LONGTEXT`, its maximum length checked by validation as on the other backends.
const LONGEST_VARCHAR: u64 = 255;

fn is_longtext(column: &ColumnState) -> bool {
    column.kind == ColumnType::Text && column.max_length.is_none_or(|n| n > LONGEST_VARCHAR)
}

fn column_def(column: &ColumnState) -> String {
    let name = &column.name;
    let (ty, text) = match (column.kind, column.max_length) {
        (ColumnType::Id, _) => return format!("{name} BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY"),
        (ColumnType::Integer, _) => ("BIGINT".to_owned(), false),
        (ColumnType::Boolean, _) => ("BOOLEAN".to_owned(), false),
        (ColumnType::Text, Some(n)) if n <= LONGEST_VARCHAR => (format!("VARCHAR({n})"), true),
        (ColumnType::Text, _) => ("LONGTEXT".to_owned(), true),
    };
    let mut def = format!("{name} {ty}{}", if text { NOPAD } else { "" });
    def.push_str(if column.nullable {
        " NULL"
    } else {
        " NOT NULL"
    });
    if let Some(default) = &column.default {
        // LONGTEXT takes an expression default only.
        if is_longtext(column) {
            write!(def, " DEFAULT ({})", default.literal()).unwrap();
        } else {
            write!(def, " DEFAULT {}", default.literal()).unwrap();
        }
    }
    if let Some(check) = check(column) {
        write!(def, " CHECK ({check})").unwrap();
    }
    def
}

/// The indexed part of a column: all of it, or for `LONGTEXT` (which cannot be indexed whole) a prefix.
fn key_part(table: &TableState, column: &str) -> String {
    match table.column(column) {
        Some(c) if is_longtext(c) => format!("{column}({LONGEST_VARCHAR})"),
        _ => column.to_owned(),
    }
}

/// `INDEX name (column)`, and for an ordering field `INDEX name_desc (column DESC, id)`.
fn index_defs(table: &TableState, index: &IndexState) -> Vec<String> {
    let part = key_part(table, &index.column);
    let mut defs = vec![format!("INDEX {} ({part})", index.name)];
    if index.ordered {
        defs.push(format!(
            "INDEX {}_desc ({part} DESC, {})",
            index.name,
            table.id_column()
        ));
    }
    defs
}

fn drop_index(table: &str, index: &IndexState, sql: &mut String) {
    writeln!(sql, "DROP INDEX {} ON {table};", index.name).unwrap();
    if index.ordered {
        writeln!(sql, "DROP INDEX {}_desc ON {table};", index.name).unwrap();
    }
}

fn count(table: &str) -> String {
    format!(
        "-- The row count of {table} for unfiltered lists, kept in the same transaction as every insert and delete,\n\
         -- split over 8 rows (one per connection id modulo 8, read as their sum) so that concurrent inserts do not\n\
         -- queue. Written so that a run stopped half-way (MySQL commits each statement) can simply be run again.\n\
         CREATE TABLE IF NOT EXISTS {table}_count (slot INT NOT NULL PRIMARY KEY, n BIGINT NOT NULL) ENGINE=InnoDB;\n\
         DROP TRIGGER IF EXISTS {table}_count_insert;\n\
         DROP TRIGGER IF EXISTS {table}_count_delete;\n\
         REPLACE INTO {table}_count (slot, n) VALUES (0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0);\n\
         UPDATE {table}_count SET n = (SELECT COUNT(*) FROM {table}) WHERE slot = 0;\n\
         CREATE TRIGGER {table}_count_insert AFTER INSERT ON {table} FOR EACH ROW\n    \
         UPDATE {table}_count SET n = n + 1 WHERE slot = CONNECTION_ID() % 8;\n\
         CREATE TRIGGER {table}_count_delete AFTER DELETE ON {table} FOR EACH ROW\n    \
         UPDATE {table}_count SET n = n - 1 WHERE slot = CONNECTION_ID() % 8;\n"
    )
}

fn drop_count(table: &str) -> String {
    format!(
        "DROP TRIGGER IF EXISTS {table}_count_insert;\nDROP TRIGGER IF EXISTS {table}_count_delete;\n\
         DROP TABLE IF EXISTS {table}_count;\n"
    )
}

fn create(table: &TableState) -> String {
    let mut lines: Vec<String> = table.columns.iter().map(column_def).collect();
    for column in table.columns.iter().filter(|c| c.unique) {
        lines.push(format!(
            "CONSTRAINT {}_{}_key UNIQUE ({})",
            table.name,
            column.name,
            key_part(table, &column.name)
        ));
    }
    for index in &table.indexes {
        lines.extend(index_defs(table, index));
    }
    let mut sql = format!(
        "CREATE TABLE {} (\n    {}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;\n",
        table.name,
        lines.join(",\n    ")
    );
    if table.counted {
        sql.push_str(&count(&table.name));
    }
    sql
}

fn drop(table: &TableState) -> String {
    let mut sql = String::new();
    if table.counted {
        sql.push_str(&drop_count(&table.name));
    }
    writeln!(sql, "DROP TABLE {};", table.name).unwrap();
    sql
}

fn alter(old: &TableState, new: &TableState) -> String {
    let table = &new.name;
    let mut sql = String::new();
    let retyped = |column: &str| {
        let shape = |t: &TableState| t.column(column).map(is_longtext);
        shape(old) != shape(new)
    };
    // Indexes of a column whose type changes are made again: LONGTEXT is indexed by a prefix.
    let (gone, added) = index_changes(old, new);
    let remade: Vec<&IndexState> = new
        .indexes
        .iter()
        .filter(|i| !added.contains(i) && retyped(&i.column))
        .collect();
    for index in gone.iter().copied().chain(remade.iter().copied()) {
        drop_index(table, index, &mut sql);
    }
    for pair in column_pairs(old, new) {
        match pair {
            (None, Some(column)) => {
                if !column.nullable && column.default.is_none() {
                    let mut filled = column.clone();
                    filled.default = Some(column.fill());
                    writeln!(
                        sql,
                        "ALTER TABLE {table} ADD COLUMN {};",
                        column_def(&filled)
                    )
                    .unwrap();
                    writeln!(
                        sql,
                        "ALTER TABLE {table} ALTER COLUMN {} DROP DEFAULT;",
                        column.name
                    )
                    .unwrap();
                } else {
                    writeln!(
                        sql,
                        "ALTER TABLE {table} ADD COLUMN {};",
                        column_def(column)
                    )
                    .unwrap();
                }
                if column.unique {
                    writeln!(
                        sql,
                        "ALTER TABLE {table} ADD CONSTRAINT {table}_{}_key UNIQUE ({});",
                        column.name,
                        key_part(new, &column.name)
                    )
                    .unwrap();
                }
            }
            (Some(column), None) => {
                writeln!(sql, "ALTER TABLE {table} DROP COLUMN {};", column.name).unwrap();
            }
            (Some(before), Some(after)) if before != after => {
                let name = &after.name;
                if before.unique && (!after.unique || retyped(name)) {
                    writeln!(sql, "ALTER TABLE {table} DROP INDEX {table}_{name}_key;").unwrap();
                }
                if before.nullable && !after.nullable {
                    writeln!(
                        sql,
                        "UPDATE {table} SET {name} = {} WHERE {name} IS NULL;",
                        after.fill().literal()
                    )
                    .unwrap();
                }
                writeln!(
                    sql,
                    "ALTER TABLE {table} MODIFY COLUMN {};",
                    column_def(after)
                )
                .unwrap();
                if after.unique && (!before.unique || retyped(name)) {
                    writeln!(
                        sql,
                        "ALTER TABLE {table} ADD CONSTRAINT {table}_{name}_key UNIQUE ({});",
                        key_part(new, name)
                    )
                    .unwrap();
                }
            }
            _ => {}
        }
    }
    for index in added.iter().copied().chain(remade.iter().copied()) {
        let defs = index_defs(new, index);
        for def in defs {
            writeln!(sql, "ALTER TABLE {table} ADD {def};").unwrap();
        }
    }
    match (old.counted, new.counted) {
        (false, true) => sql.push_str(&count(table)),
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
