//! MySQL/MariaDB's search index ([`crate::search_index`]): a side table of every distinct trigram of each row's
//! searched columns, their ASCII letters lower-cased exactly as the search's `LIKE` folds them (the same 26
//! `REPLACE()`s), so that the term's trigrams, folded in Rust, are looked up as they are. Two procedures add and
//! remove the trigrams of one text; triggers call them in the same transaction as every insert, update and
//! delete. MariaDB has no n-gram full-text parser, and MySQL's `ngram` parser folds case by the collation.

use std::fmt::Write;

use super::state::TableState;
use crate::search_index::search_table;
use crate::sql::{FOLD_CLOSE, FOLD_OPEN};

/// A text is read this many characters at a time: `SUBSTRING` counts characters from the start of its string,
/// so that each trigram read from a whole long text would cost as much as its position.
const PART: usize = 500;

/// The text type of the procedures' strings: the tables' own, whatever the database's default character set.
const TEXT: &str = "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin";

/// A procedure `<side>_<name>(p_id, p_text)` that runs `statement` on each part of the folded text (`part`, the
/// part's trigrams numbered `n.k` by a `JSON_TABLE` over as many zeros, `SUBSTRING(part, n.k, 3)`).
fn procedure(side: &str, name: &str, statement: &str) -> String {
    let numbers = "JSON_TABLE(CONCAT('[', REPEAT('0,', CHAR_LENGTH(part) - 3), '0]'), \
                   '$[*]' COLUMNS (k FOR ORDINALITY)) AS n";
    let statement = statement.replace("{numbers}", numbers);
    format!(
        "CREATE PROCEDURE {side}_{name}(p_id BIGINT, p_text LONGTEXT {TEXT})\n\
         BEGIN\n    \
         DECLARE rest LONGTEXT {TEXT} DEFAULT {FOLD_OPEN}p_text{FOLD_CLOSE};\n    \
         DECLARE part VARCHAR({width}) {TEXT};\n    \
         WHILE CHAR_LENGTH(rest) >= 3 DO\n        \
         SET part = LEFT(rest, {width});\n        \
         {statement};\n        \
         SET rest = SUBSTRING(rest, {next});\n    \
         END WHILE;\n\
         END;\n",
        width = PART + 2,
        next = PART + 1,
    )
}

/// The procedures, the triggers, and the trigrams of the rows already there; written so that a run stopped
/// half-way (MySQL commits each statement) can simply be run again.
pub(super) fn mysql_create(table: &TableState) -> String {
    let (name, id) = (&table.name, table.id_column());
    let side = search_table(name);
    let calls = |procedure: &str, row: &str| -> String {
        table
            .search
            .iter()
            .map(|c| format!("CALL {side}_{procedure}({row}.{id}, {row}.{c}); "))
            .collect()
    };
    let changed = table
        .search
        .iter()
        .map(|c| format!("NOT (CAST(OLD.{c} AS BINARY) <=> CAST(NEW.{c} AS BINARY))"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let mut sql = format!(
        "-- A trigram index of the searched columns: each distinct 3-character substring of a row's texts, ASCII\n\
         -- letters lower-cased, beside its id. ?search= looks a term of 3 or more characters up in it, and LIKE\n\
         -- decides on the rows it finds. Kept by triggers in the same transaction as every insert, update and\n\
         -- delete; written so that a run stopped half-way (MySQL commits each statement) can simply be run again.\n\
         CREATE TABLE IF NOT EXISTS {side} (gram VARBINARY(12) NOT NULL, id BIGINT NOT NULL, \
         PRIMARY KEY (gram, id)) ENGINE=InnoDB;\n"
    );
    sql.push_str(&mysql_drop_machinery(&side));
    writeln!(sql, "TRUNCATE TABLE {side};").unwrap();
    sql.push_str(&procedure(
        &side,
        "add",
        &format!("INSERT IGNORE INTO {side} (gram, id) SELECT SUBSTRING(part, n.k, 3), p_id FROM {{numbers}}"),
    ));
    sql.push_str(&procedure(
        &side,
        "remove",
        &format!(
            "DELETE g FROM {side} AS g JOIN {{numbers}} ON g.gram = SUBSTRING(part, n.k, 3) WHERE g.id = p_id"
        ),
    ));
    writeln!(
        sql,
        "CREATE TRIGGER {side}_insert AFTER INSERT ON {name} FOR EACH ROW\n    BEGIN {}END;",
        calls("add", "NEW")
    )
    .unwrap();
    writeln!(
        sql,
        "CREATE TRIGGER {side}_update AFTER UPDATE ON {name} FOR EACH ROW\n    \
         IF {changed} THEN {}{}END IF;",
        calls("remove", "OLD"),
        calls("add", "NEW")
    )
    .unwrap();
    writeln!(
        sql,
        "CREATE TRIGGER {side}_delete AFTER DELETE ON {name} FOR EACH ROW\n    BEGIN {}END;",
        calls("remove", "OLD")
    )
    .unwrap();
    sql.push_str(&fill(table, &side));
    sql
}

/// A procedure run once that adds the trigrams of every row already there, in one transaction.
fn fill(table: &TableState, side: &str) -> String {
    let (name, id) = (&table.name, table.id_column());
    let mut declare = String::new();
    let (mut values, mut calls) = (Vec::new(), String::new());
    for i in 0..table.search.len() {
        writeln!(declare, "    DECLARE v{i} LONGTEXT {TEXT};").unwrap();
        values.push(format!("v{i}"));
        write!(calls, "CALL {side}_add(row_id, v{i}); ").unwrap();
    }
    format!(
        "CREATE PROCEDURE {side}_fill()\n\
         BEGIN\n    \
         DECLARE done BOOLEAN DEFAULT FALSE;\n    \
         DECLARE row_id BIGINT;\n\
         {declare}    \
         DECLARE rows_there CURSOR FOR SELECT {id}, {columns} FROM {name};\n    \
         DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;\n    \
         START TRANSACTION;\n    \
         OPEN rows_there;\n    \
         each_row: LOOP\n        \
         FETCH rows_there INTO row_id, {values};\n        \
         IF done THEN LEAVE each_row; END IF;\n        \
         {calls}\n    \
         END LOOP;\n    \
         CLOSE rows_there;\n    \
         COMMIT;\n\
         END;\n\
         CALL {side}_fill();\n\
         DROP PROCEDURE {side}_fill;\n",
        columns = table.search.join(", "),
        values = values.join(", "),
        calls = calls.trim_end(),
    )
}

/// The triggers and the procedures (the triggers would go with their table, the procedures would not).
fn mysql_drop_machinery(side: &str) -> String {
    let mut sql = String::new();
    for trigger in ["insert", "update", "delete"] {
        writeln!(sql, "DROP TRIGGER IF EXISTS {side}_{trigger};").unwrap();
    }
    for procedure in ["add", "remove", "fill"] {
        writeln!(sql, "DROP PROCEDURE IF EXISTS {side}_{procedure};").unwrap();
    }
    sql
}

/// Everything [`mysql_create`] makes; nothing fails if it was never made (a table of an older kernel's).
pub(super) fn mysql_drop(table: &TableState) -> String {
    let side = search_table(&table.name);
    format!(
        "{}DROP TABLE IF EXISTS {side};\n",
        mysql_drop_machinery(&side)
    )
}
