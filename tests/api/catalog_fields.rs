//! `catalog/products`' fields: defaults, a decimal price and an integer stock with bounds and DRF's error texts,
//! read-only timestamps, and their OPTIONS metadata; on every backend.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, Backend, TestApp};

crate::on_both_backends!(
    create_applies_defaults_and_formats_price_and_timestamps,
    decimal_and_integer_errors_use_drf_texts,
    update_changes_updated_at_only,
    metadata_lists_decimal_and_read_only_fields,
);

pub const PRODUCTS: &str = "/api/catalog/products/";

pub async fn create(app: &TestApp, body: Value) -> Value {
    let response = app.post(PRODUCTS).json(&body).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

fn is_iso_utc(value: &Value) -> bool {
    let s = value.as_str().unwrap_or("");
    s.len() >= 20 && s.ends_with('Z') && s.as_bytes()[10] == b'T' && s.starts_with("20")
}

async fn create_applies_defaults_and_formats_price_and_timestamps(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let product = create(
        &app,
        json!({"sku": "W-1", "name": "Widget", "price": 19.99}),
    )
    .await;
    let keys: Vec<&str> = product
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "sku",
            "name",
            "description",
            "price",
            "stock",
            "created_at",
            "updated_at"
        ]
    );
    assert_eq!(product["description"], "");
    assert_eq!(product["price"], "19.99");
    assert_eq!(product["stock"], 0);
    assert!(
        is_iso_utc(&product["created_at"]),
        "{}",
        product["created_at"]
    );
    assert_eq!(product["created_at"], product["updated_at"]);
    let five = create(&app, json!({"sku": "W-2", "name": "Five", "price": "5", "stock": "7", "created_at": "1999-01-01T00:00:00Z"})).await;
    assert_eq!(five["price"], "5.00");
    assert_eq!(five["stock"], 7);
    assert_ne!(five["created_at"], "1999-01-01T00:00:00Z", "read-only");
    assert_eq!(app.get("/api/catalog/products/2/").await.json(), five);
    assert_eq!(
        app.count(
            "catalog",
            "SELECT price_cents AS n FROM catalog_products WHERE sku = 'W-2'"
        ),
        500
    );
}

async fn decimal_and_integer_errors_use_drf_texts(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let cases = [
        (json!("abc"), "A valid number is required."),
        (json!(true), "A valid number is required."),
        (json!(""), "A valid number is required."),
        (
            json!("1.234"),
            "Ensure that there are no more than 2 decimal places.",
        ),
        (
            json!("12345678901"),
            "Ensure that there are no more than 10 digits in total.",
        ),
        (
            json!("123456789.5"),
            "Ensure that there are no more than 8 digits before the decimal point.",
        ),
        (
            json!("-0.01"),
            "Ensure this value is greater than or equal to 0.",
        ),
        (json!(null), "This field may not be null."),
    ];
    for (price, message) in cases {
        let response = app
            .post(PRODUCTS)
            .json(&json!({"sku": "S", "name": "N", "price": price}))
            .await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{price}");
        assert_eq!(response.json(), json!({"price": [message]}), "{price}");
    }
    for (stock, message) in [
        (json!("x"), "A valid integer is required."),
        (json!(1.5), "A valid integer is required."),
        (
            json!(-1),
            "Ensure this value is greater than or equal to 0.",
        ),
        (
            json!(2_147_483_648_i64),
            "Ensure this value is less than or equal to 2147483647.",
        ),
    ] {
        let response = app
            .post(PRODUCTS)
            .json(&json!({"sku": "S", "name": "N", "price": "1", "stock": stock}))
            .await;
        assert_eq!(response.json(), json!({"stock": [message]}), "{stock}");
    }
    let missing = app.post(PRODUCTS).json(&json!({})).await;
    assert_eq!(
        missing.text(),
        r#"{"sku":["This field is required."],"name":["This field is required."],"price":["This field is required."]}"#
    );
    let long = app
        .post(PRODUCTS)
        .json(&json!({"sku": "x".repeat(33), "name": "n".repeat(201), "price": "1"}))
        .await;
    assert_eq!(
        long.text(),
        r#"{"sku":["Ensure this field has no more than 32 characters."],"name":["Ensure this field has no more than 200 characters."]}"#
    );
    assert_eq!(
        app.count("catalog", "SELECT COUNT(*) AS n FROM catalog_products"),
        0
    );
}

async fn update_changes_updated_at_only(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let before = create(&app, json!({"sku": "T", "name": "Timed", "price": "1"})).await;
    actix_web::rt::time::sleep(std::time::Duration::from_millis(5)).await;
    let after = app
        .patch("/api/catalog/products/1/")
        .json(&json!({"stock": 3}))
        .await
        .json();
    assert_eq!(after["stock"], 3);
    assert_eq!(after["created_at"], before["created_at"]);
    assert_ne!(after["updated_at"], before["updated_at"]);
    assert!(after["updated_at"].as_str() > before["updated_at"].as_str());
}

async fn metadata_lists_decimal_and_read_only_fields(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let options = app.options(PRODUCTS).await.json();
    assert_eq!(options["name"], "Product List");
    let post = &options["actions"]["POST"];
    assert_eq!(
        post["price"],
        json!({"type": "decimal", "required": true, "read_only": false, "label": "Price", "min_value": 0, "max_digits": 10, "decimal_places": 2})
    );
    assert_eq!(
        post["created_at"],
        json!({"type": "datetime", "required": false, "read_only": true, "label": "Created at"})
    );
    assert_eq!(post["description"]["required"], false);
    let missing = app.get("/api/catalog/products/9/").await;
    assert_eq!(
        missing.text(),
        r#"{"detail":"No Product matches the given query."}"#
    );
}
