//! `catalog/products`: decimals, integers with bounds, defaults, read-only timestamps, a unique sku decided by the
//! constraint, filters, search and ordering; on SQLite, PostgreSQL and behind the gateway.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, Backend, TestApp};

crate::on_both_backends!(
    create_applies_defaults_and_formats_price_and_timestamps,
    decimal_and_integer_errors_use_drf_texts,
    a_duplicate_sku_is_a_field_error_on_create_and_update,
    racing_creates_of_one_sku_give_one_201_and_field_errors,
    update_changes_updated_at_only,
    filters_search_and_ordering,
    metadata_lists_decimal_and_read_only_fields,
);

const PRODUCTS: &str = "/api/catalog/products/";

async fn create(app: &TestApp, body: Value) -> Value {
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

/// Polls every future to completion concurrently (no extra dependency for `join_all`).
pub async fn futures_join_all<F: std::future::Future>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output> {
    let handles: Vec<_> = futures.map(Box::pin).collect();
    let mut results = Vec::with_capacity(handles.len());
    let mut pending: Vec<_> = handles.into_iter().map(Some).collect();
    let mut outputs: Vec<Option<F::Output>> = (0..pending.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut done = true;
        for (slot, output) in pending.iter_mut().zip(outputs.iter_mut()) {
            if let Some(future) = slot {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => {
                        *output = Some(value);
                        *slot = None;
                    }
                    std::task::Poll::Pending => done = false,
                }
            }
        }
        if done {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    results.extend(outputs.into_iter().map(Option::unwrap));
    results
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

async fn filters_search_and_ordering(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    for (sku, name, description, price) in [
        ("A-1", "Anvil", "heavy iron", "120.00"),
        ("B-2", "bolt", "steel, small", "0.25"),
        ("C-3", "Crate", "wooden box for anvils", "15.5"),
        ("D-4", "anvil", "light", "99.99"),
    ] {
        create(
            &app,
            json!({"sku": sku, "name": name, "description": description, "price": price}),
        )
        .await;
    }
    let ids = |page: Value| -> Vec<i64> {
        page["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(
        ids(app.get("/api/catalog/products/?sku=B-2").await.json()),
        vec![2]
    );
    assert_eq!(
        ids(app.get("/api/catalog/products/?name=anvil").await.json()),
        vec![4],
        "exact, case-sensitive"
    );
    assert_eq!(
        ids(app.get("/api/catalog/products/?search=ANVIL").await.json()),
        vec![1, 3, 4]
    );
    assert_eq!(
        ids(app.get("/api/catalog/products/?search=c-3").await.json()),
        vec![3],
        "sku is searched"
    );
    assert_eq!(
        ids(app
            .get("/api/catalog/products/?ordering=price")
            .await
            .json()),
        vec![2, 3, 4, 1],
        "numeric order"
    );
    assert_eq!(
        ids(app
            .get("/api/catalog/products/?ordering=-price")
            .await
            .json()),
        vec![1, 4, 3, 2]
    );
    assert_eq!(
        ids(app
            .get("/api/catalog/products/?ordering=-created_at")
            .await
            .json()),
        vec![4, 3, 2, 1]
    );
    assert_eq!(
        ids(app.get("/api/catalog/products/?ordering=name").await.json()),
        vec![1, 3, 4, 2]
    );
    assert_eq!(
        ids(app
            .get("/api/catalog/products/?ordering=stock")
            .await
            .json()),
        vec![1, 2, 3, 4],
        "undeclared"
    );
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
