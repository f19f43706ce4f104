//! `server.allowed_hosts` (issue 16, finding 4): a `Host` that is not allowed never reaches a link.

use actix_web::http::StatusCode;

use crate::helpers::{spawn_app_with, Backend};

crate::on_both_backends!(a_host_that_is_not_allowed_gets_400_before_anything_else);

async fn a_host_that_is_not_allowed_gets_400_before_anything_else(backend: Backend) {
    let Some(app) = spawn_app_with(backend, &[]).await else {
        return;
    };
    for name in ["a", "b", "c"] {
        app.create_example(name, "x").await;
    }
    for path in [
        "/api/",
        "/api/example/?page_size=1",
        "/api/example/1/",
        "/health/live",
        "/nowhere",
    ] {
        let response = app.get(path).header("Host", "evil.com").await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(
            response.text(),
            r#"{"detail":"Invalid host header."}"#,
            "{path}"
        );
        assert_eq!(
            response.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
    }
    let forwarded = app
        .get("/api/example/?page_size=1")
        .header("X-Forwarded-Host", "evil.com")
        .await;
    assert_eq!(
        forwarded.status,
        StatusCode::BAD_REQUEST,
        "a trusted proxy's host is checked too"
    );
    let page = app
        .get("/api/example/?page_size=1")
        .header("Host", "localhost:9999")
        .await;
    assert_eq!(page.status, StatusCode::OK, "ports are ignored");
    assert_eq!(
        page.json()["next"],
        "http://localhost:9999/api/example/?page=2&page_size=1"
    );
}

#[actix_web::test]
async fn subdomain_patterns_and_the_wildcard() {
    let overrides = [("server.allowed_hosts", ".example.com,127.0.0.1".to_owned())];
    let app = spawn_app_with(Backend::Sqlite, &overrides).await.unwrap();
    let status = |host: &'static str| {
        let app = &app;
        async move { app.get("/api/").header("Host", host).await.status.as_u16() }
    };
    assert_eq!(status("example.com").await, 200);
    assert_eq!(status("API.example.com:443").await, 200);
    assert_eq!(status("example.com.evil.com").await, 400);
    assert_eq!(status("localhost").await, 400, "no longer listed");
    let any = spawn_app_with(Backend::Sqlite, &[("server.allowed_hosts", "*".to_owned())])
        .await
        .unwrap();
    let root = any.get("/api/").header("Host", "anything.test").await;
    assert_eq!(root.status, StatusCode::OK);
    assert_eq!(root.json()["example"], "http://anything.test/api/example/");
}
