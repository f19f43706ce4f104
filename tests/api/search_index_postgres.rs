//! PostgreSQL's trigram indexes read, not merely present: with sequential scans off, the search's own predicate
//! keeps exactly the rows the substring match keeps, and its plan goes through each column's index.

use diesel::{QueryableByName, RunQueryDsl};
use tessera_kernel::sql::{like, Col, Dialect, Statement};
use tessera_kernel::Match;

use crate::helpers::{spawn_app, Backend};
use crate::search_index::{expected, seed, TERMS};

/// The search's own predicate over both fields, for the rows it keeps or (`explain`) for its plan.
fn predicate(term: &str, explain: bool) -> Statement {
    let mut st = Statement::new();
    st.sql(if explain { "EXPLAIN " } else { "" })
        .sql("SELECT id AS n FROM example_models WHERE ");
    for (i, column) in ["name", "description"].into_iter().enumerate() {
        st.sql(if i > 0 { " OR " } else { "" });
        let col = Col {
            table: "example_models".into(),
            column,
        };
        like(&mut st, Dialect::Postgres, &col, term, Match::Contains);
    }
    st.sql(if explain { "" } else { " ORDER BY id" });
    st
}

/// The API's answers could come from a scan of so small a table: here PostgreSQL must read the trigram
/// indexes, and they must lose no row the substring match keeps.
#[actix_web::test]
async fn postgres_reads_the_trigram_indexes_and_they_lose_no_row() {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    #[derive(QueryableByName)]
    struct Plan {
        #[diesel(sql_type = diesel::sql_types::Text, column_name = "QUERY PLAN")]
        line: String,
    }
    let Some(app) = spawn_app(Backend::Postgres).await else {
        return;
    };
    let rows = seed(&app).await;
    let mut conn = app.connect("example");
    diesel::sql_query("SET enable_seqscan = off")
        .execute(&mut conn)
        .unwrap();
    for term in TERMS {
        let ids: Vec<Id> = predicate(term, false).load(&mut conn).unwrap();
        let ids: Vec<i64> = ids.into_iter().map(|id| id.n).collect();
        assert_eq!(ids, expected(&rows, term), "through the index: {term:?}");
    }
    let plan: Vec<Plan> = predicate("quetzal", true).load(&mut conn).unwrap();
    let plan: Vec<String> = plan.into_iter().map(|p| p.line).collect();
    for index in [
        "example_models_name_trgm",
        "example_models_description_trgm",
    ] {
        assert!(
            plan.iter()
                .any(|line| line.contains(&format!("Bitmap Index Scan on {index}"))),
            "{plan:#?}"
        );
    }
}
