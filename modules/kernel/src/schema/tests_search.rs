//! The search index in migrations: made with its table, kept by triggers (SQLite, MySQL) or matching the
//! search's expression (PostgreSQL), dropped and made again whole when its columns change, remade by SQLite
//! rebuilds, and made on MySQL for the tables of an older kernel, which had none there.

use super::tests::{state, ITEMS};
use super::*;

#[test]
fn a_new_table_gets_its_search_index() {
    let table = state(&ITEMS).tables[0].clone();
    assert_eq!(table.search, ["name"]);
    let m = migration(&ModuleState::default(), &state(&ITEMS)).unwrap();
    let sqlite = &m.sqlite.up;
    assert!(
        sqlite.contains(
            "CREATE VIRTUAL TABLE shop_items_search USING fts5(name, content='shop_items', \
             content_rowid='id', tokenize='trigram');\n\
             INSERT INTO shop_items_search (shop_items_search) VALUES ('rebuild');"
        ),
        "{sqlite}"
    );
    assert!(sqlite.contains(
        "CREATE TRIGGER shop_items_search_update AFTER UPDATE OF name ON shop_items BEGIN \
         INSERT INTO shop_items_search (shop_items_search, rowid, name) VALUES ('delete', old.id, old.name); \
         INSERT INTO shop_items_search (rowid, name) VALUES (new.id, new.name); END;"
    ));
    assert!(sqlite.contains("CREATE TRIGGER shop_items_search_insert AFTER INSERT"));
    assert!(sqlite.contains("CREATE TRIGGER shop_items_search_delete AFTER DELETE"));
    let down = &m.sqlite.down;
    assert!(
        down.find("DROP TABLE shop_items_search;") < down.find("DROP TABLE shop_items;"),
        "{down}"
    );
    let pg = &m.postgres.up;
    assert!(
        pg.contains("CREATE EXTENSION IF NOT EXISTS pg_trgm;"),
        "{pg}"
    );
    assert!(pg.contains(
        "CREATE INDEX shop_items_name_trgm ON shop_items USING gin (lower(name) gin_trgm_ops);"
    ));
    let my = &m.mysql.up;
    assert!(
        my.contains(
            "CREATE TABLE IF NOT EXISTS shop_items_search (gram VARBINARY(12) NOT NULL, id BIGINT NOT NULL, \
             PRIMARY KEY (gram, id)) ENGINE=InnoDB;"
        ),
        "{my}"
    );
    assert!(my.contains(
        "CREATE TRIGGER shop_items_search_insert AFTER INSERT ON shop_items FOR EACH ROW\n    \
         BEGIN CALL shop_items_search_add(NEW.id, NEW.name); END;"
    ));
    assert!(my.contains(
        "CREATE TRIGGER shop_items_search_update AFTER UPDATE ON shop_items FOR EACH ROW\n    \
         IF NOT (CAST(OLD.name AS BINARY) <=> CAST(NEW.name AS BINARY)) THEN \
         CALL shop_items_search_remove(OLD.id, OLD.name); CALL shop_items_search_add(NEW.id, NEW.name); END IF;"
    ));
    assert!(my.contains(
        "CREATE TRIGGER shop_items_search_delete AFTER DELETE ON shop_items FOR EACH ROW\n    \
         BEGIN CALL shop_items_search_remove(OLD.id, OLD.name); END;"
    ));
    let down = &m.mysql.down;
    assert!(
        down.find("DROP PROCEDURE IF EXISTS shop_items_search_add;")
            < down.find("DROP TABLE IF EXISTS shop_items_search;")
            && down.find("DROP TABLE IF EXISTS shop_items_search;")
                < down.find("DROP TABLE shop_items;"),
        "{down}"
    );
}

/// The MySQL procedures fold ASCII letters as the search's `LIKE` does, read a text a part at a time, and the
/// rows already there are indexed after the triggers exist (so that a write meanwhile is not missed).
#[test]
fn mysql_folds_as_the_search_does_and_indexes_the_rows_there() {
    let m = migration(&ModuleState::default(), &state(&ITEMS)).unwrap();
    let my = &m.mysql.up;
    let add = &my[my.find("CREATE PROCEDURE shop_items_search_add").unwrap()..];
    let add = &add[..add.find("END;\n").unwrap()];
    assert!(
        add.contains(&format!(
            "DECLARE rest LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT {}p_text{};",
            crate::sql::FOLD_OPEN,
            crate::sql::FOLD_CLOSE
        )),
        "{add}"
    );
    assert!(add.contains(
        "SET part = LEFT(rest, 502);\n        \
         INSERT IGNORE INTO shop_items_search (gram, id) SELECT SUBSTRING(part, n.k, 3), p_id FROM \
         JSON_TABLE(CONCAT('[', REPEAT('0,', CHAR_LENGTH(part) - 3), '0]'), '$[*]' COLUMNS (k FOR ORDINALITY)) AS n;\n        \
         SET rest = SUBSTRING(rest, 501);"
    ));
    assert!(my.contains(
        "DELETE g FROM shop_items_search AS g JOIN JSON_TABLE(CONCAT('[', REPEAT('0,', CHAR_LENGTH(part) - 3), \
         '0]'), '$[*]' COLUMNS (k FOR ORDINALITY)) AS n ON g.gram = SUBSTRING(part, n.k, 3) WHERE g.id = p_id;"
    ));
    let at = |what: &str| my.find(what).unwrap_or_else(|| panic!("{what}: {my}"));
    assert!(
        at("TRUNCATE TABLE shop_items_search;") < at("CREATE TRIGGER shop_items_search_insert")
    );
    assert!(at("CREATE TRIGGER shop_items_search_delete") < at("CALL shop_items_search_fill();"));
    assert!(my.contains("DECLARE rows_there CURSOR FOR SELECT id, name FROM shop_items;"));
    assert!(my.contains("CALL shop_items_search_add(row_id, v0);"));
    assert!(at("CALL shop_items_search_fill();") < at("DROP PROCEDURE shop_items_search_fill;"));
}

/// MySQL commits each statement: run again after stopping anywhere, the migration must not fail on what the
/// first run made, nor keep trigrams of rows changed since.
#[test]
fn the_mysql_index_can_be_made_again_over_a_half_made_one() {
    let my = migration(&ModuleState::default(), &state(&ITEMS))
        .unwrap()
        .mysql
        .up;
    let search = &my[my
        .find("CREATE TABLE IF NOT EXISTS shop_items_search")
        .unwrap()..];
    for made in ["TRIGGER", "PROCEDURE"] {
        for line in search
            .lines()
            .filter(|l| l.starts_with(&format!("CREATE {made} ")))
        {
            let name = line.split([' ', '(']).nth(2).unwrap();
            let dropped = format!("DROP {made} IF EXISTS {name};");
            assert!(
                search
                    .find(&dropped)
                    .is_some_and(|at| at < search.find(line).unwrap()),
                "{dropped} before {line}"
            );
        }
    }
    assert!(
        search.find("TRUNCATE TABLE shop_items_search;")
            < search.find("CALL shop_items_search_fill();")
    );
}

/// A table an older kernel made has no index on MySQL: the newer machinery makes it there, filled from the
/// rows already there, and changes nothing on the other backends.
#[test]
fn an_older_kernels_table_gets_its_mysql_index() {
    let mut old = state(&ITEMS);
    old.tables[0].machinery = 1;
    let m = migration(&old, &state(&ITEMS)).unwrap();
    assert_eq!(m.name, "shop_items_machinery");
    let my = &m.mysql.up;
    assert!(
        my.find("DROP TABLE IF EXISTS shop_items_search;")
            < my.find("CREATE TABLE IF NOT EXISTS shop_items_search"),
        "{my}"
    );
    assert!(my.contains("CALL shop_items_search_fill();"));
    assert!(!my.contains("shop_items_count"), "the count stays: {my}");
    for sql in [&m.sqlite.up, &m.postgres.up, &m.mysql.down] {
        assert!(sql.contains("-- Nothing changes on this backend."), "{sql}");
    }
    let mut current = state(&ITEMS);
    current.tables[0].machinery = 2;
    assert!(migration(&current, &state(&ITEMS)).is_none());
}

#[test]
fn changed_search_fields_remake_the_index() {
    let mut new = state(&ITEMS);
    new.tables[0].search.push("notes".into());
    let m = migration(&state(&ITEMS), &new).unwrap();
    assert_eq!(m.name, "shop_items_search");
    assert!(m.sqlite.run_in_transaction);
    let sqlite = &m.sqlite.up;
    assert!(
        sqlite.contains("DROP TRIGGER shop_items_search_insert;"),
        "{sqlite}"
    );
    assert!(sqlite.contains("USING fts5(name, notes,"));
    assert!(m.sqlite.down.contains("USING fts5(name, content="));
    let pg = &m.postgres.up;
    assert!(
        pg.find("DROP INDEX shop_items_name_trgm;") < pg.find("CREATE INDEX shop_items_name_trgm"),
        "{pg}"
    );
    assert!(pg.contains("CREATE INDEX shop_items_notes_trgm"));
    assert!(m
        .postgres
        .down
        .contains("DROP INDEX shop_items_notes_trgm;"));
    let my = &m.mysql.up;
    assert!(
        my.find("DROP TABLE IF EXISTS shop_items_search;")
            < my.find("CREATE TABLE IF NOT EXISTS shop_items_search")
            && my.contains("CALL shop_items_search_add(NEW.id, NEW.notes);"),
        "{my}"
    );
    assert!(!m.mysql.down.contains("NEW.notes"));
}

#[test]
fn a_rebuild_remakes_the_index_from_the_new_table() {
    let mut new = state(&ITEMS);
    new.tables[0].columns.retain(|c| c.name != "notes");
    let sqlite = migration(&state(&ITEMS), &new).unwrap().sqlite.up;
    let at = |what: &str| {
        sqlite
            .find(what)
            .unwrap_or_else(|| panic!("{what}: {sqlite}"))
    };
    assert!(at("DROP TABLE shop_items_search;") < at("CREATE TABLE shop_items__new"));
    assert!(
        at("ALTER TABLE shop_items__new RENAME TO shop_items;")
            < at("CREATE VIRTUAL TABLE shop_items_search")
    );
    assert!(
        at("CREATE VIRTUAL TABLE shop_items_search")
            < at("CREATE TRIGGER shop_items_search_update")
    );
}

#[test]
fn an_index_no_longer_declared_is_dropped() {
    let mut new = state(&ITEMS);
    new.tables[0].search.clear();
    let m = migration(&state(&ITEMS), &new).unwrap();
    assert!(m.postgres.up.contains("DROP INDEX shop_items_name_trgm;"));
    assert!(!m.postgres.up.contains("CREATE INDEX shop_items_name_trgm"));
    assert!(m.sqlite.up.contains("DROP TABLE shop_items_search;"));
}
