//! How MySQL/MariaDB's search reads its trigram side table: it keeps exactly the rows the scan keeps, the API
//! reads it for a term with a rare trigram and scans for the others, and the plan starts from its key.

use diesel::{QueryableByName, RunQueryDsl};
use tessera_example::ExampleModel;
use tessera_kernel::db::AnyConnection;
use tessera_kernel::search_index::trigrams;
use tessera_kernel::sql::{like, prefilter, Col, Dialect, Statement};
use tessera_kernel::{Match, Resource};

use crate::helpers::{spawn_app, Backend};
use crate::search_index::{expected, found, seed, TERMS};
use crate::search_index_mysql::long_text;

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
