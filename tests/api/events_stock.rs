//! Stock kept by events between orders and catalog, in one process (or behind the gateway): an order takes stock
//! when there is enough and is cancelled when there is not, a cancelled, changed or deleted order gives back what it
//! held, a rolled-back transaction publishes nothing, and an event delivered again has no second effect; on every
//! backend.

use std::time::Duration;

use actix_web::http::StatusCode;
use diesel::Connection;
use serde_json::json;
use tessera_kernel::{sql, Resource, Valid, Written};
use tessera_orders::Order;

use crate::helpers::{spawn_app, spawn_app_with, Backend, TestApp};
use crate::ledger::{check_invariant, wait_until_drained, Told};

crate::on_both_backends!(
    orders_take_stock_and_give_it_back,
    a_rolled_back_transaction_publishes_nothing,
    an_event_delivered_again_has_no_second_effect,
);

async fn drain(app: &TestApp) {
    wait_until_drained(&|m: &str, s: &str| app.count(m, s), Duration::from_secs(30)).await;
}

fn stock(app: &TestApp) -> i64 {
    app.count(
        "catalog",
        "SELECT stock AS n FROM catalog_products WHERE id = 1",
    )
}

async fn orders_take_stock_and_give_it_back(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.post("/api/catalog/products/")
        .json(&json!({"sku": "P", "name": "Pen", "price": "2.00", "stock": 5}))
        .await;
    let first = app
        .post("/api/orders/")
        .json(&json!({"product_id": 1, "quantity": 2}))
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(
        first.json()["status"],
        "pending",
        "the answer does not wait for catalog"
    );
    drain(&app).await;
    assert_eq!(stock(&app), 3);
    let too_many = app
        .post("/api/orders/")
        .json(&json!({"product_id": 1, "quantity": 4}))
        .await;
    assert_eq!(too_many.status, StatusCode::CREATED);
    drain(&app).await;
    assert_eq!(stock(&app), 3, "a rejected order takes nothing");
    let rejected = app.get("/api/orders/2/").await.json();
    assert_eq!(rejected["status"], "cancelled", "{rejected}");
    assert_eq!(
        app.count(
            "orders",
            "SELECT COUNT(*) AS n FROM events_outbox WHERE event_type = 'orders.OrderCancelled'"
        ),
        0,
        "a rejected order is cancelled without giving back stock it never held"
    );
    let steps = [
        (json!({"status": "cancelled"}), 5),
        (json!({"status": "pending"}), 3),
        (json!({"quantity": 3}), 2),
        (json!({"status": "paid"}), 2),
    ];
    for (change, expected) in steps {
        let changed = app.patch("/api/orders/1/").json(&change).await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.text());
        drain(&app).await;
        assert_eq!(stock(&app), expected, "after {change}");
    }
    assert_eq!(
        app.delete("/api/orders/1/").await.status,
        StatusCode::NO_CONTENT
    );
    drain(&app).await;
    assert_eq!(stock(&app), 5, "a deleted order gives back what it held");
    let told = Told {
        created: vec![2],
        ..Told::default()
    };
    check_invariant(&|m: &str| app.connect(m), &[(1, 5)], &told);
}

async fn a_rolled_back_transaction_publishes_nothing(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.post("/api/catalog/products/")
        .json(&json!({"sku": "P", "name": "Pen", "price": "2.00", "stock": 5}))
        .await;
    let mut conn = app.connect("orders");
    let rolled_back = conn.transaction::<(), tessera_kernel::ApiError, _>(|conn| {
        let mut data = Valid::default();
        data.set(Order::PRODUCT_ID, 1);
        data.set(Order::QUANTITY, 4);
        let row = sql::insert::<Order>(conn, &data)?;
        Order::on_write(conn, Written::Created(&row))?;
        assert_eq!(
            tessera_kernel::events::outbox::stats(conn).unwrap().pending,
            1,
            "published in the transaction"
        );
        Err(tessera_kernel::ApiError::internal("rolled back on purpose"))
    });
    assert!(rolled_back.is_err());
    assert_eq!(
        app.count("orders", "SELECT COUNT(*) AS n FROM events_outbox"),
        0
    );
    assert_eq!(app.count("orders", "SELECT COUNT(*) AS n FROM orders"), 0);
    let order = app
        .post("/api/orders/")
        .json(&json!({"product_id": 1, "quantity": 1}))
        .await;
    assert_eq!(order.status, StatusCode::CREATED);
    drain(&app).await;
    assert_eq!(stock(&app), 4, "only the committed order took stock");
    assert_eq!(
        app.count("orders", "SELECT COUNT(*) AS n FROM events_outbox"),
        1
    );
    assert_eq!(
        app.count("catalog", "SELECT COUNT(*) AS n FROM events_inbox"),
        1
    );
}

async fn an_event_delivered_again_has_no_second_effect(backend: Backend) {
    let overrides = [("events.poll_interval_ms", "50".to_owned())];
    let Some(app) = spawn_app_with(backend, &overrides).await else {
        return;
    };
    app.post("/api/catalog/products/")
        .json(&json!({"sku": "P", "name": "Pen", "price": "2.00", "stock": 5}))
        .await;
    app.post("/api/orders/")
        .json(&json!({"product_id": 1, "quantity": 2}))
        .await;
    drain(&app).await;
    assert_eq!(stock(&app), 3);
    // As if the relay had crashed after catalog's commit and before marking the publication delivered.
    let mut conn = app.connect("orders");
    diesel::RunQueryDsl::execute(
        diesel::sql_query("UPDATE events_outbox SET state = 'pending', delivered_at = NULL"),
        &mut conn,
    )
    .unwrap();
    let started = std::time::Instant::now();
    while app.count(
        "catalog",
        "SELECT COALESCE(MAX(redeliveries), 0) AS n FROM events_inbox",
    ) == 0
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "delivered again"
        );
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    drain(&app).await;
    assert_eq!(stock(&app), 3, "no second effect");
    assert_eq!(
        app.count("catalog", "SELECT COUNT(*) AS n FROM events_inbox"),
        1
    );
    assert_eq!(
        app.count(
            "orders",
            "SELECT COUNT(*) AS n FROM events_outbox WHERE state = 'delivered'"
        ),
        1
    );
}
