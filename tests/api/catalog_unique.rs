//! `catalog/products`' unique sku, decided by the database's constraint: a field error on create and update, and
//! one 201 among racing creates; on every backend.

use actix_web::http::StatusCode;
use serde_json::json;

use crate::catalog_fields::{create, PRODUCTS};
use crate::concurrent::futures_join_all;
use crate::helpers::{spawn_app, Backend};

crate::on_both_backends!(
    a_duplicate_sku_is_a_field_error_on_create_and_update,
    racing_creates_of_one_sku_give_one_201_and_field_errors,
);

async fn a_duplicate_sku_is_a_field_error_on_create_and_update(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    create(&app, json!({"sku": "DUP", "name": "One", "price": "1"})).await;
    create(&app, json!({"sku": "OTHER", "name": "Two", "price": "2"})).await;
    let expected = r#"{"sku":["product with this sku already exists."]}"#;
    let again = app
        .post(PRODUCTS)
        .json(&json!({"sku": "DUP", "name": "Again", "price": "3"}))
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(again.text(), expected);
    let patched = app
        .patch("/api/catalog/products/2/")
        .json(&json!({"sku": " DUP "}))
        .await;
    assert_eq!(patched.status, StatusCode::BAD_REQUEST);
    assert_eq!(patched.text(), expected);
    let put = app
        .put("/api/catalog/products/2/")
        .json(&json!({"sku": "DUP", "name": "Two", "price": "2"}))
        .await;
    assert_eq!(put.text(), expected);
    let own = app
        .patch("/api/catalog/products/1/")
        .json(&json!({"sku": "DUP"}))
        .await;
    assert_eq!(own.status, StatusCode::OK, "a row keeps its own sku");
    assert_eq!(
        app.count(
            "catalog",
            "SELECT COUNT(*) AS n FROM catalog_products WHERE sku = 'DUP'"
        ),
        1
    );
}

async fn racing_creates_of_one_sku_give_one_201_and_field_errors(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let body = json!({"sku": "RACE", "name": "Racer", "price": "1.00"});
    let attempts = (0..16).map(|_| app.post(PRODUCTS).json(&body).send());
    let responses = futures_join_all(attempts).await;
    let created = responses
        .iter()
        .filter(|r| r.status == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1);
    for refused in responses.iter().filter(|r| r.status != StatusCode::CREATED) {
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{}",
            refused.text()
        );
        assert_eq!(
            refused.text(),
            r#"{"sku":["product with this sku already exists."]}"#
        );
    }
    assert_eq!(
        app.count("catalog", "SELECT COUNT(*) AS n FROM catalog_products"),
        1
    );
}
