//! Request bodies as DRF parses them: malformed JSON, unsupported or missing media types, empty bodies, and bodies
//! over the size limit.

use actix_web::http::StatusCode;
use serde_json::json;

use crate::helpers::{spawn_app, spawn_app_with, Backend};

crate::on_both_backends!(
    malformed_json_is_a_parse_error,
    media_types_and_empty_bodies,
    bodies_over_the_limit_get_413,
);

async fn malformed_json_is_a_parse_error(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    for body in [
        "{",
        "{\"name\": }",
        "{'name': 'x'}",
        "{\"a\":1} trailing",
        "\u{0}",
        "[1,",
    ] {
        let response = app
            .post("/api/example/")
            .body("application/json", body.as_bytes())
            .await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{body:?}");
        let detail = response.json()["detail"].as_str().unwrap().to_owned();
        assert!(detail.starts_with("JSON parse error - "), "{detail}");
    }
    let not_utf8 = app
        .post("/api/example/")
        .body("application/json", b"{\"name\":\"\xff\"}")
        .await;
    assert_eq!(not_utf8.status, StatusCode::BAD_REQUEST);
    assert!(not_utf8.json()["detail"]
        .as_str()
        .unwrap()
        .starts_with("JSON parse error - "));
    assert_eq!(
        app.count("example", "SELECT COUNT(*) AS n FROM example_models"),
        0
    );
}

async fn media_types_and_empty_bodies(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let plain = app
        .post("/api/example/")
        .body("text/plain", b"name=x")
        .await;
    assert_eq!(plain.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        plain.text(),
        r#"{"detail":"Unsupported media type \"text/plain\" in request."}"#
    );
    let none = app.post("/api/example/").raw(b"{\"name\":\"x\"}").await;
    assert_eq!(none.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        none.text(),
        r#"{"detail":"Unsupported media type \"\" in request."}"#
    );
    let with_charset = app
        .post("/api/example/")
        .body(
            "application/json; charset=utf-8",
            br#"{"name":"x","description":"y"}"#,
        )
        .await;
    assert_eq!(with_charset.status, StatusCode::CREATED);
    let empty = app
        .post("/api/example/")
        .body("application/json", b"")
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        empty.text(),
        r#"{"name":["This field is required."],"description":["This field is required."]}"#
    );
    let empty_patch = app
        .patch("/api/example/1/")
        .body("application/json", b"")
        .await;
    assert_eq!(empty_patch.status, StatusCode::OK);
    assert_eq!(
        empty_patch.json(),
        json!({"id": 1, "name": "x", "description": "y"})
    );
}

async fn bodies_over_the_limit_get_413(backend: Backend) {
    let Some(app) = spawn_app_with(backend, &[("server.max_body_bytes", "1000".into())]).await
    else {
        return;
    };
    let big = json!({"name": "n", "description": "x".repeat(2000)});
    let response = app.post("/api/example/").json(&big).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.json()["detail"].is_string());
    let small = app
        .post("/api/example/")
        .json(&json!({"name": "n", "description": "x".repeat(900)}))
        .await;
    assert_eq!(small.status, StatusCode::CREATED);
    assert_eq!(
        app.count("example", "SELECT COUNT(*) AS n FROM example_models"),
        1
    );
}
