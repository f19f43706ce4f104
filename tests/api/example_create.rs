//! `example`'s create, body for body: 201 with the stored object in field order, trimmed strings, form data,
//! Unicode and long text stored whole; on every backend.

use actix_web::http::StatusCode;
use serde_json::json;

use crate::helpers::{spawn_app, Backend};

crate::on_both_backends!(
    create_returns_201_with_the_stored_object_in_field_order,
    create_trims_strings_keeps_numbers_as_text_and_ignores_read_only_and_unknown_keys,
    create_accepts_form_data,
    unicode_is_stored_and_returned_unescaped,
    long_text_is_stored_whole,
);

async fn create_returns_201_with_the_stored_object_in_field_order(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let response = app
        .post("/api/example/")
        .json(&json!({"description": "first", "name": "alpha"}))
        .await;
    assert_eq!(response.status, StatusCode::CREATED);
    assert_eq!(
        response.header("content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(
        response.text(),
        r#"{"id":1,"name":"alpha","description":"first"}"#
    );
    assert_eq!(
        app.count(
            "example",
            "SELECT COUNT(*) AS n FROM example_models WHERE name = 'alpha'"
        ),
        1
    );
}

async fn create_trims_strings_keeps_numbers_as_text_and_ignores_read_only_and_unknown_keys(
    backend: Backend,
) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let response = app
        .post("/api/example/")
        .json(&json!({"id": 99, "name": "  padded\t", "description": 12345, "colour": "red"}))
        .await;
    assert_eq!(response.status, StatusCode::CREATED);
    assert_eq!(
        response.json(),
        json!({"id": 1, "name": "padded", "description": "12345"})
    );
    let fetched = app.get("/api/example/1/").await;
    assert_eq!(fetched.json(), response.json());
}

async fn create_accepts_form_data(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let response = app
        .post("/api/example/")
        .body(
            "application/x-www-form-urlencoded",
            b"name=from+a+form&description=caf%C3%A9",
        )
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    assert_eq!(
        response.json(),
        json!({"id": 1, "name": "from a form", "description": "café"})
    );
    let blank = app
        .post("/api/example/")
        .body("application/x-www-form-urlencoded", b"name=&x=1")
        .await;
    assert_eq!(blank.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        blank.text(),
        r#"{"name":["This field may not be blank."],"description":["This field is required."]}"#
    );
}

async fn unicode_is_stored_and_returned_unescaped(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let response = app
        .post("/api/example/")
        .json(&json!({"name": "Zürich – 東京 🚀", "description": "ok"}))
        .await;
    assert_eq!(response.status, StatusCode::CREATED);
    assert!(
        response.text().contains("\"Zürich – 東京 🚀\""),
        "{}",
        response.text()
    );
    let exactly_100 = "é".repeat(100);
    let response = app
        .post("/api/example/")
        .json(&json!({"name": exactly_100, "description": "ok"}))
        .await;
    assert_eq!(
        response.status,
        StatusCode::CREATED,
        "100 characters, 200 bytes, fit"
    );
}

/// A text field without a maximum length takes whatever fits in a request body, on every backend (MySQL's `TEXT`
/// would stop at 64 KiB).
async fn long_text_is_stored_whole(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let long = "ab€d".repeat(40_000);
    let created = app
        .post("/api/example/")
        .json(&json!({"name": "long", "description": long}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let id = created.json()["id"].as_i64().unwrap();
    let read = app.get(&format!("/api/example/{id}/")).await.json();
    assert_eq!(read["description"].as_str().unwrap().len(), long.len());
    assert_eq!(read["description"], json!(long));
    let patched = app
        .patch(&format!("/api/example/{id}/"))
        .json(&json!({"description": format!("{long}!")}))
        .await;
    assert_eq!(patched.status, StatusCode::OK);
    assert!(patched.json()["description"]
        .as_str()
        .unwrap()
        .ends_with("d!"));
}
