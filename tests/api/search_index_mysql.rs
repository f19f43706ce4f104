//! MySQL/MariaDB's trigram side table: it holds exactly each row's trigrams through inserts, updates and deletes
//! (long texts and non-ASCII letters too), and a migration over rows already there (or stopped half-way)
//! indexes them all (how the search reads it: `search_index_mysql_reads`). Run on MySQL only.

use std::collections::BTreeSet;

use diesel::{QueryableByName, RunQueryDsl};
use serde_json::json;
use tessera_kernel::db::AnyConnection;

use crate::helpers::{spawn_app, spawn_app_with, Backend};
use crate::search_index::{found, seed};

/// A text longer than the part the triggers read at a time, with two-byte letters across the parts' edges.
pub fn long_text() -> String {
    (0..400).map(|i| format!("{i:03}É")).collect()
}

/// The trigrams a row's texts must have in the side table: ASCII letters lower-cased, nothing else folded.
fn trigrams_of(id: i64, texts: &[&str]) -> BTreeSet<(i64, String)> {
    let mut grams = BTreeSet::new();
    for text in texts {
        let chars: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
        for window in chars.windows(3) {
            grams.insert((id, window.iter().collect()));
        }
    }
    grams
}

/// Every row of the side table.
fn side_table(conn: &mut AnyConnection) -> BTreeSet<(i64, String)> {
    #[derive(QueryableByName)]
    struct Gram {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
        #[diesel(sql_type = diesel::sql_types::Text)]
        gram: String,
    }
    let grams: Vec<Gram> = diesel::sql_query(
        "SELECT id, CAST(gram AS CHAR CHARACTER SET utf8mb4) AS gram FROM example_models_search",
    )
    .load(conn)
    .unwrap();
    grams.into_iter().map(|g| (g.id, g.gram)).collect()
}

/// What the side table must hold for these rows.
fn all_trigrams(rows: &[(i64, String, String)]) -> BTreeSet<(i64, String)> {
    rows.iter()
        .flat_map(|(id, name, description)| trigrams_of(*id, &[name, description]))
        .collect()
}

#[actix_web::test]
async fn the_side_table_follows_inserts_updates_and_deletes_exactly() {
    let Some(app) = spawn_app(Backend::Mysql).await else {
        return;
    };
    let mut rows = seed(&app).await;
    let long = app.create_example("long", &long_text()).await;
    rows.push((long["id"].as_i64().unwrap(), "long".into(), long_text()));
    let mut conn = app.connect("example");
    assert_eq!(side_table(&mut conn), all_trigrams(&rows), "created");

    let (first, second, last) = (rows[0].0, rows[1].0, rows[rows.len() - 1].0);
    for (id, body) in [
        (
            first,
            json!({"name": "Quetzalcoatl", "description": "no pastry"}),
        ),
        (second, json!({"description": "ÉCLAIR upper, changed"})),
        (second, json!({"description": "ÉCLAIR upper, changed"})),
    ] {
        let patched = app.patch(&format!("/api/example/{id}/")).json(&body).await;
        assert_eq!(patched.status, 200, "{}", patched.text());
    }
    rows[0].1 = "Quetzalcoatl".into();
    rows[0].2 = "no pastry".into();
    rows[1].2 = "ÉCLAIR upper, changed".into();
    assert_eq!(
        app.delete(&format!("/api/example/{last}/")).await.status,
        204
    );
    rows.pop();
    assert_eq!(
        side_table(&mut conn),
        all_trigrams(&rows),
        "updated and deleted"
    );
    assert!(!side_table(&mut conn).iter().any(|(id, _)| *id == last));
}

/// An older kernel made no side table: rows written then are indexed by the migration that makes it, which also
/// finishes after a run stopped half-way (its table made and holding stale trigrams, no triggers yet).
#[actix_web::test]
async fn the_migration_indexes_the_rows_already_there_and_runs_again() {
    let Some(first) = spawn_app(Backend::Mysql).await else {
        return;
    };
    let mut rows = seed(&first).await;
    let url = first.database_url("example").to_owned();
    let mut conn = first.connect("example");
    for statement in [
        "DROP TRIGGER example_models_search_insert",
        "DROP TRIGGER example_models_search_update",
        "DROP TRIGGER example_models_search_delete",
        "DELETE FROM example_models_search WHERE id % 2 = 0",
        "INSERT INTO example_models_search (gram, id) VALUES ('zzz', 1), ('qqq', 99)",
        "DELETE FROM __diesel_schema_migrations ORDER BY version DESC LIMIT 1",
    ] {
        diesel::sql_query(statement).execute(&mut conn).unwrap();
    }
    let written = format!(
        "INSERT INTO example_models (name, description) VALUES ('written meanwhile', '{}')",
        long_text()
    );
    diesel::sql_query(written).execute(&mut conn).unwrap();
    let id = first.count("example", "SELECT MAX(id) AS n FROM example_models");
    rows.push((id, "written meanwhile".into(), long_text()));
    assert_ne!(side_table(&mut conn), all_trigrams(&rows), "stale before");

    let second = spawn_app_with(Backend::Sqlite, &[("modules.example.database_url", url)])
        .await
        .expect("the migration runs again");
    assert_eq!(
        side_table(&mut conn),
        all_trigrams(&rows),
        "rows already there"
    );
    assert_eq!(found(&second, "meanwhile").await, vec![id]);
    second
        .create_example("after", "the triggers are back")
        .await;
    assert_eq!(found(&second, "triggers").await.len(), 1);
    let folders = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/migrations/example/mysql"
    ))
    .unwrap()
    .count();
    assert_eq!(
        second.count(
            "example",
            "SELECT COUNT(*) AS n FROM __diesel_schema_migrations"
        ),
        folders as i64,
        "every migration recorded once"
    );
}
