//! Content negotiation and methods as DRF answers them: Accept headers JSON cannot satisfy (406), wrong methods
//! (405 with Allow), and OPTIONS describing the fields.

use actix_web::http::{Method, StatusCode};

use crate::helpers::{spawn_app, Backend};

crate::on_both_backends!(
    accept_headers_that_json_cannot_satisfy_get_406,
    wrong_methods_get_405_with_allow,
    options_describes_the_fields,
);

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
