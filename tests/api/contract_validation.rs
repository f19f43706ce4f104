//! Validation errors character for character as DRF gives them: per field in field order, bodies that are not
//! objects, and NUL characters in fields and filters.

use actix_web::http::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app, Backend};

crate::on_both_backends!(
    field_errors_are_listed_per_field_in_field_order,
    bodies_that_are_not_objects_are_non_field_errors,
    nul_characters_are_refused_in_fields_and_filters,
);

async fn field_errors_are_listed_per_field_in_field_order(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let cases = [
        (
            json!({}),
            r#"{"name":["This field is required."],"description":["This field is required."]}"#,
        ),
        (
            json!({"description": "", "name": "   "}),
            r#"{"name":["This field may not be blank."],"description":["This field may not be blank."]}"#,
        ),
        (
            json!({"name": null, "description": "x"}),
            r#"{"name":["This field may not be null."]}"#,
        ),
        (
            json!({"name": true, "description": ["x"]}),
            r#"{"name":["Not a valid string."],"description":["Not a valid string."]}"#,
        ),
        (
            json!({"name": {"a": 1}, "description": "x"}),
            r#"{"name":["Not a valid string."]}"#,
        ),
        (
            json!({"name": "x".repeat(101), "description": "x"}),
            r#"{"name":["Ensure this field has no more than 100 characters."]}"#,
        ),
    ];
    for (body, expected) in cases {
        let response = app.post("/api/example/").json(&body).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(response.text(), expected, "{body}");
    }
    let trimmed_to_100 = app
        .post("/api/example/")
        .json(&json!({"name": format!("  {}  ", "x".repeat(100)), "description": "x"}))
        .await;
    assert_eq!(
        trimmed_to_100.status,
        StatusCode::CREATED,
        "the length is checked after trimming"
    );
    assert_eq!(
        app.count("example", "SELECT COUNT(*) AS n FROM example_models"),
        1
    );
}

async fn bodies_that_are_not_objects_are_non_field_errors(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    for (body, kind) in [
        ("[1,2]", "list"),
        ("\"text\"", "str"),
        ("12", "int"),
        ("1.5", "float"),
        ("true", "bool"),
    ] {
        for (method, path) in [
            (Method::POST, "/api/example/"),
            (Method::PATCH, "/api/example/1/"),
        ] {
            if method == Method::PATCH {
                app.create_example("a", "b").await;
            }
            let response = app
                .request(method.clone(), path)
                .body("application/json", body.as_bytes())
                .await;
            assert_eq!(response.status, StatusCode::BAD_REQUEST, "{method} {body}");
            assert_eq!(
                response.text(),
                format!(
                    r#"{{"non_field_errors":["Invalid data. Expected a dictionary, but got {kind}."]}}"#
                ),
            );
        }
    }
    let null = app
        .post("/api/example/")
        .body("application/json", b"null")
        .await;
    assert_eq!(null.status, StatusCode::BAD_REQUEST);
    assert_eq!(null.text(), r#"{"non_field_errors":["No data provided"]}"#);
}

async fn nul_characters_are_refused_in_fields_and_filters(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let response = app
        .post("/api/example/")
        .json(&json!({"name": "a\u{0}b", "description": "x"}))
        .await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        response.text(),
        r#"{"name":["Null characters are not allowed."]}"#
    );
    let filter = app.get("/api/example/?name=a%00b").await;
    assert_eq!(filter.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        filter.text(),
        r#"{"name":["Null characters are not allowed."]}"#
    );
    app.create_example("ab", "x").await;
    let search = app.get("/api/example/?search=a%00b").await;
    assert_eq!(search.status, StatusCode::OK);
    assert_eq!(search.json()["count"], 1);
}
