//! Error bodies and statuses, character for character as Django REST framework gives them.

use actix_web::http::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app, spawn_app_with, Backend};

crate::on_both_backends!(
    field_errors_are_listed_per_field_in_field_order,
    bodies_that_are_not_objects_are_non_field_errors,
    malformed_json_is_a_parse_error,
    media_types_and_empty_bodies,
    accept_headers_that_json_cannot_satisfy_get_406,
    wrong_methods_get_405_with_allow,
    options_describes_the_fields,
    bodies_over_the_limit_get_413,
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

async fn accept_headers_that_json_cannot_satisfy_get_406(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.create_example("a", "b").await;
    for path in ["/api/", "/api/example/", "/api/example/1/"] {
        for accept in ["application/xml", "text/html"] {
            let response = app.get(path).header("Accept", accept).await;
            assert_eq!(
                response.status,
                StatusCode::NOT_ACCEPTABLE,
                "{path} {accept}"
            );
            assert_eq!(
                response.text(),
                r#"{"detail":"Could not satisfy the request Accept header."}"#
            );
        }
        for accept in [
            "*/*",
            "application/json",
            "application/*",
            "text/html, application/json;q=0.8",
        ] {
            let response = app.get(path).header("Accept", accept).await;
            assert_eq!(response.status, StatusCode::OK, "{path} {accept}");
        }
    }
    let refused_write = app
        .post("/api/example/")
        .body("application/json", br#"{"name":"n","description":"d"}"#)
        .header("Accept", "application/xml")
        .await;
    assert_eq!(refused_write.status, StatusCode::NOT_ACCEPTABLE);
    assert_eq!(
        app.count("example", "SELECT COUNT(*) AS n FROM example_models"),
        1
    );
}

async fn wrong_methods_get_405_with_allow(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.create_example("a", "b").await;
    let cases = [
        (Method::PUT, "/api/example/", "GET, POST, HEAD, OPTIONS"),
        (Method::DELETE, "/api/example/", "GET, POST, HEAD, OPTIONS"),
        (Method::PATCH, "/api/example/", "GET, POST, HEAD, OPTIONS"),
        (
            Method::POST,
            "/api/example/1/",
            "GET, PUT, PATCH, DELETE, HEAD, OPTIONS",
        ),
        (
            Method::POST,
            "/api/example/999/",
            "GET, PUT, PATCH, DELETE, HEAD, OPTIONS",
        ),
        (Method::POST, "/api/", "GET, HEAD, OPTIONS"),
        (
            Method::from_bytes(b"TRACE").unwrap(),
            "/api/example/",
            "GET, POST, HEAD, OPTIONS",
        ),
    ];
    for (method, path, allow) in cases {
        let response = app.request(method.clone(), path).await;
        assert_eq!(
            response.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert_eq!(
            response.text(),
            format!(r#"{{"detail":"Method \"{method}\" not allowed."}}"#)
        );
        assert_eq!(response.header("allow").as_deref(), Some(allow));
    }
}

async fn options_describes_the_fields(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let fields = r#"{"id":{"type":"integer","required":false,"read_only":true,"label":"ID"},"name":{"type":"string","required":true,"read_only":false,"label":"Name","max_length":100},"description":{"type":"string","required":true,"read_only":false,"label":"Description"}}"#;
    let head = r#""description":"","renders":["application/json"],"parses":["application/json","application/x-www-form-urlencoded","multipart/form-data"]"#;
    let list = app.options("/api/example/").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(
        list.text(),
        format!(r#"{{"name":"Example Model List",{head},"actions":{{"POST":{fields}}}}}"#)
    );
    app.create_example("a", "b").await;
    let detail = app.options("/api/example/1/").await;
    assert_eq!(
        detail.text(),
        format!(r#"{{"name":"Example Model Instance",{head},"actions":{{"PUT":{fields}}}}}"#)
    );
    assert_eq!(
        detail.header("allow").as_deref(),
        Some("GET, PUT, PATCH, DELETE, HEAD, OPTIONS")
    );
    let missing = app.options("/api/example/9/").await;
    assert_eq!(missing.status, StatusCode::OK);
    assert_eq!(
        missing.text(),
        format!(r#"{{"name":"Example Model Instance",{head}}}"#)
    );
    let root = app.options("/api/").await;
    assert_eq!(root.json()["name"], "Api Root");
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
