//! `orders`: products checked and priced through catalog's published interface, choices, bounds; on SQLite,
//! PostgreSQL and behind the gateway.

use actix_web::http::StatusCode;
use serde_json::json;

use crate::helpers::{spawn_app, spawn_app_with, Backend};

crate::on_both_backends!(
    an_order_copies_the_products_price_when_created,
    unknown_products_and_invalid_fields_are_field_errors,
    status_changes_and_ordering,
    without_catalog_orders_answer_503_and_write_nothing,
);

async fn an_order_copies_the_products_price_when_created(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.post("/api/catalog/products/")
        .json(&json!({"sku": "P", "name": "Pen", "price": "2.50"}))
        .await;
    let order = app
        .post("/api/orders/")
        .json(&json!({"product_id": 1, "quantity": 4, "unit_price": "0.01", "owner": 9}))
        .await;
    assert_eq!(order.status, StatusCode::CREATED, "{}", order.text());
    let body = order.json();
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "product_id",
            "quantity",
            "unit_price",
            "status",
            "owner",
            "created_at"
        ]
    );
    assert_eq!(
        body["unit_price"], "2.50",
        "copied from the product, not taken from the body"
    );
    assert_eq!(body["status"], "pending");
    assert_eq!(
        body["owner"],
        json!(crate::helpers::STAFF_ID),
        "the creating user, not the body's"
    );
    app.patch("/api/catalog/products/1/")
        .json(&json!({"price": "3.00"}))
        .await;
    let kept = app.get("/api/orders/1/").await.json();
    assert_eq!(
        kept["unit_price"], "2.50",
        "an order keeps the price it was made at"
    );
    assert_eq!(
        app.count(
            "orders",
            "SELECT unit_price_cents AS n FROM orders WHERE id = 1"
        ),
        250
    );
}

async fn unknown_products_and_invalid_fields_are_field_errors(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let unknown = app
        .post("/api/orders/")
        .json(&json!({"product_id": 42, "quantity": 1}))
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        unknown.text(),
        r#"{"product_id":["Invalid pk \"42\" - object does not exist."]}"#
    );
    let together = app
        .post("/api/orders/")
        .json(&json!({"product_id": 42, "quantity": 0, "status": "shipped"}))
        .await;
    assert_eq!(
        together.text(),
        r#"{"product_id":["Invalid pk \"42\" - object does not exist."],"quantity":["Ensure this value is greater than or equal to 1."],"status":["\"shipped\" is not a valid choice."]}"#,
        "the cross-module check comes with the other fields' errors"
    );
    let invalid = app
        .post("/api/orders/")
        .json(&json!({"product_id": "x", "quantity": 0, "status": "shipped"}))
        .await;
    assert_eq!(
        invalid.text(),
        r#"{"product_id":["A valid integer is required."],"quantity":["Ensure this value is greater than or equal to 1."],"status":["\"shipped\" is not a valid choice."]}"#
    );
    let missing = app.post("/api/orders/").json(&json!({})).await;
    assert_eq!(
        missing.text(),
        r#"{"product_id":["This field is required."],"quantity":["This field is required."]}"#
    );
    assert_eq!(app.count("orders", "SELECT COUNT(*) AS n FROM orders"), 0);
}

async fn status_changes_and_ordering(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.post("/api/catalog/products/")
        .json(&json!({"sku": "P", "name": "Pen", "price": "1"}))
        .await;
    for _ in 0..3 {
        app.post("/api/orders/")
            .json(&json!({"product_id": 1, "quantity": 1}))
            .await;
    }
    let paid = app
        .patch("/api/orders/2/")
        .json(&json!({"status": "paid"}))
        .await;
    assert_eq!(paid.json()["status"], "paid");
    let bad = app
        .patch("/api/orders/2/")
        .json(&json!({"status": "x"}))
        .await;
    assert_eq!(bad.text(), r#"{"status":["\"x\" is not a valid choice."]}"#);
    let moved = app
        .patch("/api/orders/2/")
        .json(&json!({"product_id": 7}))
        .await;
    assert_eq!(
        moved.text(),
        r#"{"product_id":["Invalid pk \"7\" - object does not exist."]}"#
    );
    let newest_first = app.get("/api/orders/?ordering=-created_at").await.json();
    let ids: Vec<i64> = newest_first["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![3, 2, 1]);
    let options = app.options("/api/orders/").await.json();
    assert_eq!(
        options["actions"]["POST"]["status"]["choices"][2],
        json!({"value": "cancelled", "display_name": "Cancelled"})
    );
}

async fn without_catalog_orders_answer_503_and_write_nothing(backend: Backend) {
    if backend == Backend::Gateway {
        return; // the remote process serves catalog itself; crate::split covers a catalog that is down
    }
    let overrides = [("server.modules", "example,orders".to_owned())];
    let Some(app) = spawn_app_with(backend, &overrides).await else {
        return;
    };
    let response = app
        .post("/api/orders/")
        .json(&json!({"product_id": 1, "quantity": 1}))
        .await;
    assert_eq!(response.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.json()["detail"].is_string());
    assert_eq!(
        app.get("/api/catalog/products/").await.status,
        StatusCode::NOT_FOUND,
        "catalog is not served"
    );
    assert_eq!(app.count("orders", "SELECT COUNT(*) AS n FROM orders"), 0);
}
