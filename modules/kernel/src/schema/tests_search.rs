//! The search index in migrations: made with its table, kept by triggers (SQLite) or matching the search's
//! expression (PostgreSQL), dropped and made again whole when its columns change, remade by SQLite rebuilds.

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
    assert!(!m.mysql.up.contains("search") && !m.mysql.up.contains("trgm"));
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
    assert_eq!(m.mysql.up, m.mysql.down, "nothing on MySQL");
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
