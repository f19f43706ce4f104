//! `example`'s detail routes, body for body: retrieve or the model's 404, PUT, PATCH, the missing object reported
//! before a bad body, and delete (ids never reused); on every backend.

use actix_web::http::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app, Backend};

crate::on_both_backends!(
    retrieve_returns_the_object_or_the_models_404,
    put_replaces_every_writable_field_and_requires_them,
    patch_changes_only_given_fields_and_empty_patch_returns_the_object,
    missing_object_is_reported_before_a_bad_body,
    delete_returns_204_with_no_body_and_the_row_is_gone,
    ids_are_never_reused_after_a_delete,
);

async fn retrieve_returns_the_object_or_the_models_404(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.create_example("alpha", "first").await;
    let found = app.get("/api/example/1/").await;
    assert_eq!(found.status, StatusCode::OK);
    assert_eq!(
        found.text(),
        r#"{"id":1,"name":"alpha","description":"first"}"#
    );
    let leading_zero = app.get("/api/example/01/").await;
    assert_eq!(leading_zero.status, StatusCode::OK);
    for missing in ["/api/example/2/", "/api/example/-1/", "/api/example/0/"] {
        let response = app.get(missing).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{missing}");
        assert_eq!(
            response.text(),
            r#"{"detail":"No ExampleModel matches the given query."}"#
        );
    }
    for not_a_number in [
        "/api/example/abc/",
        "/api/example/1e3/",
        "/api/example/99999999999999999999/",
    ] {
        let response = app.get(not_a_number).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{not_a_number}");
        assert_eq!(response.text(), r#"{"detail":"Not found."}"#);
    }
}

async fn put_replaces_every_writable_field_and_requires_them(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.create_example("alpha", "first").await;
    let partial = app
        .put("/api/example/1/")
        .json(&json!({"name": "beta"}))
        .await;
    assert_eq!(partial.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        partial.text(),
        r#"{"description":["This field is required."]}"#
    );
    let full = app
        .put("/api/example/1/")
        .json(&json!({"name": "beta", "description": "second", "id": 7}))
        .await;
    assert_eq!(full.status, StatusCode::OK);
    assert_eq!(
        full.text(),
        r#"{"id":1,"name":"beta","description":"second"}"#
    );
    assert_eq!(app.get("/api/example/1/").await.json(), full.json());
}

async fn patch_changes_only_given_fields_and_empty_patch_returns_the_object(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.create_example("alpha", "first").await;
    let patched = app
        .patch("/api/example/1/")
        .json(&json!({"description": " changed "}))
        .await;
    assert_eq!(patched.status, StatusCode::OK);
    assert_eq!(
        patched.json(),
        json!({"id": 1, "name": "alpha", "description": "changed"})
    );
    let empty = app.patch("/api/example/1/").json(&json!({})).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert_eq!(empty.json(), patched.json());
    let invalid = app
        .patch("/api/example/1/")
        .json(&json!({"name": ""}))
        .await;
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        invalid.text(),
        r#"{"name":["This field may not be blank."]}"#
    );
    assert_eq!(app.get("/api/example/1/").await.json(), patched.json());
}

async fn missing_object_is_reported_before_a_bad_body(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    for method in [Method::PUT, Method::PATCH] {
        let response = app
            .request(method.clone(), "/api/example/5/")
            .body("text/plain", b"nonsense")
            .await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{method}");
        assert_eq!(
            response.text(),
            r#"{"detail":"No ExampleModel matches the given query."}"#
        );
        let valid = app
            .request(method.clone(), "/api/example/5/")
            .json(&json!({"name": "a", "description": "b"}))
            .await;
        assert_eq!(valid.status, StatusCode::NOT_FOUND, "{method}");
    }
    assert_eq!(
        app.count("example", "SELECT COUNT(*) AS n FROM example_models"),
        0
    );
}

async fn delete_returns_204_with_no_body_and_the_row_is_gone(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.create_example("alpha", "first").await;
    let deleted = app.delete("/api/example/1/").await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert!(deleted.body.is_empty());
    assert_eq!(deleted.header("content-type"), None);
    assert_eq!(
        app.count("example", "SELECT COUNT(*) AS n FROM example_models"),
        0
    );
    let again = app.delete("/api/example/1/").await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(
        again.text(),
        r#"{"detail":"No ExampleModel matches the given query."}"#
    );
    assert_eq!(
        app.get("/api/example/1/").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn ids_are_never_reused_after_a_delete(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.create_example("a", "1").await;
    app.create_example("b", "2").await;
    let deleted = app.delete("/api/example/2/").await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(app.create_example("c", "3").await["id"], 3);
}
