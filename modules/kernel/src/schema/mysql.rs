//! MySQL/MariaDB's migration SQL. Text compares by code point without padding (`utf8mb4_nopad_bin` on MariaDB,
//! in its version comment; the table default `utf8mb4_bin` on MySQL); unbounded text is `LONGTEXT` (`TEXT` stops
//! at 64 KiB); `MODIFY COLUMN` always restates the whole column, since what it leaves out (`NOT NULL`, the
//! default, the collation) is lost.

use std::fmt::Write;

use super::render::{column_rules, Backend};
use super::state::{ColumnState, ColumnType, IndexState, TableState};

pub(super) struct Mysql;

const NOPAD: &str = " /*M!100202 COLLATE utf8mb4_nopad_bin */";

/// MySQL counts every `VARCHAR`'s largest size (4 bytes a character) against a 65,535-byte row: text longer than
/// this is `LONGTEXT`, its maximum length checked by validation as on the other backends.
const LONGEST_VARCHAR: u64 = 255;

fn is_longtext(column: &ColumnState) -> bool {
    column.kind == ColumnType::Text && column.max_length.is_none_or(|n| n > LONGEST_VARCHAR)
}

impl Backend for Mysql {
    fn column_def(&self, column: &ColumnState) -> String {
        let name = &column.name;
        let (ty, text) = match (column.kind, column.max_length) {
            (ColumnType::Id, _) => {
                return format!("{name} BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY")
            }
            (ColumnType::Integer, _) => ("BIGINT".to_owned(), false),
            (ColumnType::Boolean, _) => ("BOOLEAN".to_owned(), false),
            (ColumnType::Text, Some(n)) if n <= LONGEST_VARCHAR => (format!("VARCHAR({n})"), true),
            (ColumnType::Text, _) => ("LONGTEXT".to_owned(), true),
        };
        // LONGTEXT takes an expression default only.
        let rules = column_rules(column, is_longtext(column));
        format!("{name} {ty}{}{rules}", if text { NOPAD } else { "" })
    }

    /// `MODIFY COLUMN` with the whole new definition; NULLs filled first when the column becomes required; the
    /// unique index made again when the column's type changes between `VARCHAR` and `LONGTEXT`.
    fn alter_column(
        &self,
        table: &TableState,
        before: &ColumnState,
        after: &ColumnState,
    ) -> String {
        let (name, column) = (&table.name, &after.name);
        let retyped = is_longtext(before) != is_longtext(after);
        let mut sql = String::new();
        if before.unique && (!after.unique || retyped) {
            writeln!(sql, "ALTER TABLE {name} DROP INDEX {name}_{column}_key;").unwrap();
        }
        if before.nullable && !after.nullable {
            writeln!(
                sql,
                "UPDATE {name} SET {column} = {} WHERE {column} IS NULL;",
                after.fill().literal()
            )
            .unwrap();
        }
        writeln!(
            sql,
            "ALTER TABLE {name} MODIFY COLUMN {};",
            self.column_def(after)
        )
        .unwrap();
        if after.unique && (!before.unique || retyped) {
            let part = self.key_part(table, column);
            writeln!(
                sql,
                "ALTER TABLE {name} ADD CONSTRAINT {name}_{column}_key UNIQUE ({part});"
            )
            .unwrap();
        }
        sql
    }

    fn nothing(&self) -> &'static str {
        "DO 0;"
    }

    /// Split over 8 rows (one per connection id modulo 8, read as their sum) so that concurrent inserts do not
    /// queue on one; written so that a run stopped half-way (MySQL commits each statement) can simply be run again.
    fn create_count(&self, table: &str) -> String {
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

    fn drop_count(&self, table: &str) -> String {
        format!(
            "DROP TRIGGER IF EXISTS {table}_count_insert;\nDROP TRIGGER IF EXISTS {table}_count_delete;\n\
             DROP TABLE IF EXISTS {table}_count;\n"
        )
    }

    /// None before version 2.
    fn search_changed_since(&self, made: u32) -> bool {
        made < 2
    }

    fn create_search(&self, table: &TableState) -> String {
        super::search_mysql::mysql_create(table)
    }

    fn drop_search(&self, table: &TableState) -> String {
        super::search_mysql::mysql_drop(table)
    }

    /// All of a column, or for `LONGTEXT` (which cannot be indexed whole) a prefix.
    fn key_part(&self, table: &TableState, column: &str) -> String {
        match table.column(column) {
            Some(c) if is_longtext(c) => format!("{column}({LONGEST_VARCHAR})"),
            _ => column.to_owned(),
        }
    }

    fn inline_indexes(&self) -> bool {
        true
    }

    fn table_options(&self) -> &'static str {
        " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin"
    }

    /// A list ordered by a column descending is ordered by id ascending within ties; MySQL reads such an order
    /// from an index only if the index has that direction, hence `(column DESC, id)` for ordering fields.
    fn index_defs(&self, table: &TableState, index: &IndexState) -> Vec<(String, String)> {
        let part = self.key_part(table, &index.column);
        let mut defs = vec![(index.name.clone(), part.clone())];
        if index.ordered {
            defs.push((
                format!("{}_desc", index.name),
                format!("{part} DESC, {}", table.id_column()),
            ));
        }
        defs
    }

    fn drop_index(&self, table: &str, name: &str) -> String {
        format!("DROP INDEX {name} ON {table};\n")
    }

    fn drop_foreign_key(&self, table: &str, name: &str) -> String {
        format!("ALTER TABLE {table} DROP FOREIGN KEY {name};\n")
    }

    /// The indexes of a column whose type changes between `VARCHAR` and `LONGTEXT` (indexed by a prefix).
    fn remakes(&self, old: &TableState, new: &TableState, index: &IndexState) -> bool {
        let longtext = |t: &TableState| t.column(&index.column).map(is_longtext);
        longtext(old) != longtext(new)
    }
}
