//! MySQL/MariaDB's trigram side table: it holds exactly each row's trigrams through inserts, updates and deletes
//! (long texts and non-ASCII letters too), the search reads it and finds what the scan finds, and a migration
//! over rows already there (or stopped half-way) indexes them all. Run on MySQL only.

use std::collections::BTreeSet;

use diesel::{QueryableByName, RunQueryDsl};
use serde_json::json;
use tessera_example::ExampleModel;
use tessera_kernel::db::AnyConnection;
use tessera_kernel::search_index::trigrams;
use tessera_kernel::sql::{like, prefilter, Col, Dialect, Statement};
use tessera_kernel::{Match, Resource};

use crate::helpers::{spawn_app, spawn_app_with, Backend};
use crate::search_index::{expected, found, seed, TERMS};

/// A text longer than the part the triggers read at a time, with two-byte letters across the parts' edges.
fn long_text() -> String {
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

/// The search's own predicate for `terms` (each term's pre-filter, if `indexed`, and its `LIKE`s).
fn predicate(terms: &[&str], indexed: bool, explain: bool) -> Statement {
    let spec = &ExampleModel::SPEC;
    let mut st = Statement::new();
    st.sql(if explain { "EXPLAIN " } else { "" })
        .sql("SELECT id AS n FROM example_models WHERE 1 = 1");
    for term in terms {
        st.sql(" AND ");
        if indexed {
            prefilter(&mut st, Dialect::Mysql, spec, term, &trigrams(term));
        }
        st.sql("(");
        for (i, column) in ["name", "description"].into_iter().enumerate() {
            st.sql(if i > 0 { " OR " } else { "" });
            let col = Col {
                table: "example_models".into(),
                column,
            };
            like(&mut st, Dialect::Mysql, &col, term, Match::Contains);
        }
        st.sql(")");
    }
    st.sql(if explain { "" } else { " ORDER BY id" });
    st
}

fn ids(conn: &mut AnyConnection, st: Statement) -> Vec<i64> {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let found: Vec<Id> = st.load(conn).unwrap();
    found.into_iter().map(|id| id.n).collect()
}

/// Through the side table the search keeps exactly the rows the scan keeps, for every kind of term alone and
/// for several at once; the API's search reads the side table for a term with a rare trigram (a row whose
/// trigrams are taken out of it is no longer found), and the table itself for a short term or one whose
/// trigrams are all in more rows than the look-ups would pay for.
#[actix_web::test]
async fn the_search_reads_the_side_table_and_finds_what_the_scan_finds() {
    let Some(app) = spawn_app(Backend::Mysql).await else {
        return;
    };
    let mut rows = seed(&app).await;
    let long = app.create_example("long", &long_text()).await;
    rows.push((long["id"].as_i64().unwrap(), "long".into(), long_text()));
    let mut conn = app.connect("example");
    let long_terms = ["0É1", "É399É", "123é", "row 42 of the benchmark, quetzal"];
    for term in TERMS.iter().chain(&long_terms) {
        let scanned = ids(&mut conn, predicate(&[term], false, false));
        assert_eq!(scanned, expected(&rows, term), "the scan: {term:?}");
        let indexed = ids(&mut conn, predicate(&[term], true, false));
        assert_eq!(indexed, scanned, "through the side table: {term:?}");
    }
    let both = |a: &str, b: &str| -> Vec<i64> {
        let b = expected(&rows, b);
        expected(&rows, a)
            .into_iter()
            .filter(|id| b.contains(id))
            .collect()
    };
    for (search, a, b) in [
        ("quetzal%20row", "quetzal", "row"),
        ("ECL,%C3%A9c", "ecl", "éc"),
        ("%22row%2042%22%20benchmark", "row 42", "benchmark"),
    ] {
        let page = app
            .get(&format!("/api/example/?search={search}"))
            .await
            .json();
        let found: Vec<i64> = page["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["id"].as_i64().unwrap())
            .collect();
        assert_eq!(found, both(a, b), "{search}");
    }

    // A row whose trigrams are taken out of the side table: 13 rows are scanned whatever it holds.
    let quetzal = expected(&rows, "quetzal");
    diesel::sql_query(format!(
        "DELETE FROM example_models_search WHERE id = {}",
        quetzal[0]
    ))
    .execute(&mut conn)
    .unwrap();
    assert_eq!(
        found(&app, "quetzal").await,
        quetzal,
        "a small table: the scan"
    );
    let filler: Vec<String> = (0..1500)
        .map(|i| format!("('filler', 'row {i}')"))
        .collect();
    let statement = format!(
        "INSERT INTO example_models (name, description) VALUES {}",
        filler.join(", ")
    );
    diesel::sql_query(statement).execute(&mut conn).unwrap();
    let some_filler = app.count("example", "SELECT MAX(id) AS n FROM example_models");
    diesel::sql_query(format!(
        "DELETE FROM example_models_search WHERE id = {some_filler}"
    ))
    .execute(&mut conn)
    .unwrap();
    let common = app.get("/api/example/?search=filler").await.json();
    assert_eq!(common["count"], 1500, "common trigrams only: the scan");
    assert!(
        found(&app, "quetzal").await.is_empty(),
        "a rare trigram: the side table"
    );
    assert!(
        found(&app, "qu").await.contains(&quetzal[0]),
        "a short term: the scan"
    );
}

/// With more rows than a scan would be chosen for, the plan starts from the side table's primary key.
#[actix_web::test]
async fn the_plan_looks_the_trigrams_up_in_the_side_tables_key() {
    #[derive(QueryableByName)]
    struct Plan {
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
        table: Option<String>,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
        key: Option<String>,
    }
    let Some(app) = spawn_app(Backend::Mysql).await else {
        return;
    };
    let mut conn = app.connect("example");
    let values: Vec<String> = (0..2000)
        .map(|i| {
            format!(
                "('delta-{i:05}', 'row {i} of the benchmark{}')",
                if i % 100 == 0 { ", quetzal" } else { "" }
            )
        })
        .collect();
    for statement in [
        format!(
            "INSERT INTO example_models (name, description) VALUES {}",
            values.join(", ")
        ),
        "ANALYZE TABLE example_models, example_models_search".to_owned(),
    ] {
        diesel::sql_query(statement).execute(&mut conn).unwrap();
    }
    let plan: Vec<Plan> = predicate(&["quetzal"], true, true).load(&mut conn).unwrap();
    let first = &plan[0];
    assert!(
        first.table.as_deref().is_some_and(|t| t.starts_with('g'))
            && first.key.as_deref() == Some("PRIMARY"),
        "{:?}",
        plan.iter().map(|p| (&p.table, &p.key)).collect::<Vec<_>>()
    );
    assert_eq!(found(&app, "QUETZAL").await.len(), 20);
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
