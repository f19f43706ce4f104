//! Operating the events: a publication whose consumer keeps failing is retried with backoff, then kept as
//! `failed` and holds back the later events of its aggregate; `tessera events` lists it and `--resubmit` sends it
//! again; `/metrics` shows each outbox's backlog; `/health/ready` names no broker when there is none.

use std::process::Command;
use std::time::{Duration, Instant};

use diesel::RunQueryDsl;
use serde_json::json;

use crate::helpers::{spawn_app_with, Backend, TestApp};
use crate::ledger::wait_until_drained;

/// `tessera events` with the app's databases.
fn events_command(app: &TestApp, args: &[&str]) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tessera"));
    command.arg("events").args(args);
    for (module, url) in &app.database_urls {
        command.env(
            format!("APP__MODULES__{}__DATABASE_URL", module.to_uppercase()),
            url,
        );
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

async fn until(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < Duration::from_secs(20), "{what}");
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

#[actix_web::test]
async fn a_publication_that_keeps_failing_is_kept_listed_and_resubmitted() {
    let overrides = [
        ("events.poll_interval_ms", "50".to_owned()),
        ("events.retry_initial_ms", "10".to_owned()),
        ("events.max_attempts", "3".to_owned()),
        ("metrics.enabled", "true".to_owned()),
    ];
    let app = spawn_app_with(Backend::Sqlite, &overrides).await.unwrap();
    app.post("/api/catalog/products/")
        .json(&json!({"sku": "P", "name": "Pen", "price": "2.00", "stock": 5}))
        .await;
    // A publication catalog cannot read, about order 7, then a good one about the same order and one about order 8.
    let mut conn = app.connect("orders");
    for (id, aggregate, payload) in [
        (
            "00000000-0000-4000-8000-000000000001",
            "7",
            r#"{"order_id":"seven"}"#,
        ),
        (
            "00000000-0000-4000-8000-000000000002",
            "7",
            r#"{"order_id":7,"product_id":1,"quantity":1}"#,
        ),
        (
            "00000000-0000-4000-8000-000000000003",
            "8",
            r#"{"order_id":8,"product_id":1,"quantity":1}"#,
        ),
    ] {
        diesel::sql_query(format!(
            "INSERT INTO events_outbox (event_id, event_type, aggregate_id, payload, state, attempts, \
             next_attempt_at, last_error, created_at) VALUES ('{id}', 'orders.OrderPlaced', '{aggregate}', \
             '{payload}', 'pending', 0, 0, '', 0)"
        ))
        .execute(&mut conn)
        .unwrap();
    }
    until("the bad publication runs out of attempts", || {
        app.count(
            "orders",
            "SELECT COUNT(*) AS n FROM events_outbox WHERE state = 'failed'",
        ) == 1
    })
    .await;
    assert_eq!(
        app.count(
            "orders",
            "SELECT attempts AS n FROM events_outbox WHERE aggregate_id = '7' AND state = 'failed'"
        ),
        3
    );
    // Order 8 does not exist: catalog reserves, orders hears of it and gives the stock back.
    until("order 8's events are handled", || {
        app.count("catalog", "SELECT COUNT(*) AS n FROM events_inbox") == 2
            && app.count(
                "orders",
                "SELECT COUNT(*) AS n FROM events_outbox WHERE state = 'pending'",
            ) == 1
    })
    .await;
    assert_eq!(
        app.count("orders", "SELECT COUNT(*) AS n FROM events_outbox WHERE aggregate_id = '7' AND state = 'pending'"),
        1,
        "the later event of order 7 waits behind the failed one"
    );
    let metrics = app.get("/metrics").await.text();
    for line in [
        "tessera_events_outbox_pending{module=\"orders\"} 1",
        "tessera_events_outbox_failed{module=\"orders\"} 1",
        "tessera_events_outbox_oldest_pending_seconds{module=\"orders\"}",
        "tessera_events_outbox_pending{module=\"catalog\"}",
    ] {
        assert!(metrics.contains(line), "missing {line:?} in:\n{metrics}");
    }
    let listing = events_command(&app, &[]);
    assert!(listing.contains("orders: 1 pending, 1 failed"), "{listing}");
    assert!(
        listing.contains("failed orders.OrderPlaced 00000000-0000-4000-8000-000000000001")
            && listing.contains("cannot be read"),
        "{listing}"
    );
    // Repaired (a fixed consumer, here a fixed payload), then resubmitted: the relay delivers both, in order.
    diesel::sql_query(
        "UPDATE events_outbox SET payload = '{\"order_id\":7,\"product_id\":1,\"quantity\":2}' \
         WHERE event_id = '00000000-0000-4000-8000-000000000001'",
    )
    .execute(&mut conn)
    .unwrap();
    let resubmitted = events_command(&app, &["--resubmit"]);
    assert!(
        resubmitted.contains("orders: resubmitted 1 failed publication(s)"),
        "{resubmitted}"
    );
    until("every publication delivered", || {
        app.count(
            "orders",
            "SELECT COUNT(*) AS n FROM events_outbox WHERE state <> 'delivered'",
        ) == 0
    })
    .await;
    wait_until_drained(&|m: &str, s: &str| app.count(m, s), Duration::from_secs(20)).await;
    assert_eq!(
        app.count(
            "catalog",
            "SELECT COUNT(*) AS n FROM events_inbox WHERE event_type = 'orders.OrderPlaced'"
        ),
        3
    );
    assert_eq!(
        app.count(
            "catalog",
            "SELECT stock AS n FROM catalog_products WHERE id = 1"
        ),
        5,
        "orders 7 and 8 do not exist: what catalog reserved for them came back"
    );
    assert!(events_command(&app, &[]).contains("orders: 0 pending, 0 failed"));
}

#[actix_web::test]
async fn metrics_and_health_show_the_events() {
    let app = spawn_app_with(Backend::Sqlite, &[("metrics.enabled", "true".to_owned())])
        .await
        .unwrap();
    app.post("/api/catalog/products/")
        .json(&json!({"sku": "P", "name": "Pen", "price": "2.00", "stock": 5}))
        .await;
    app.post("/api/orders/")
        .json(&json!({"product_id": 1, "quantity": 2}))
        .await;
    wait_until_drained(&|m: &str, s: &str| app.count(m, s), Duration::from_secs(20)).await;
    let metrics = app.get("/metrics").await.text();
    for line in [
        "tessera_events_outbox_pending{module=\"orders\"} 0",
        "tessera_events_outbox_failed{module=\"catalog\"} 0",
        "tessera_events_outbox_oldest_pending_seconds{module=\"orders\"} 0",
    ] {
        assert!(metrics.contains(line), "missing {line:?} in:\n{metrics}");
    }
    let ready = app.get("/health/ready").await;
    assert_eq!(ready.status, 200);
    assert!(
        ready.json().get("broker").is_none(),
        "no broker: {}",
        ready.text()
    );
}
