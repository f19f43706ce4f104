//! URLs: trailing-slash redirects, format suffixes, HEAD, the API root, unknown paths, forwarded hosts.

use actix_web::http::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app, spawn_app_with, Backend};

crate::on_both_backends!(
    paths_without_a_trailing_slash_redirect_with_their_query,
    format_suffixes_and_format_parameter,
    head_gives_get_status_and_headers_without_a_body,
    api_root_lists_every_resource_with_absolute_urls,
    unknown_paths_are_json_404s,
    absolute_urls_follow_trusted_forwarding_headers,
    every_response_carries_security_headers,
);

async fn paths_without_a_trailing_slash_redirect_with_their_query(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.create_example("a", "b").await;
    let cases = [
        (
            Method::GET,
            "/api/example?page=2&x=%20",
            "/api/example/?page=2&x=%20",
        ),
        (Method::POST, "/api/example", "/api/example/"),
        (Method::DELETE, "/api/example/1", "/api/example/1/"),
        (Method::PUT, "/api/example/1?a=b", "/api/example/1/?a=b"),
        (Method::GET, "/api", "/api/"),
    ];
    for (method, path, location) in cases {
        let response = app
            .request(method.clone(), path)
            .body("application/json", b"{}")
            .await;
        assert_eq!(
            response.status,
            StatusCode::MOVED_PERMANENTLY,
            "{method} {path}"
        );
        assert_eq!(response.header("location").as_deref(), Some(location));
        assert!(response.body.is_empty());
    }
    assert_eq!(
        app.count("example", "SELECT COUNT(*) AS n FROM example_models"),
        1,
        "nothing was written"
    );
    let swagger = app.get("/swagger-ui").await;
    assert_eq!(swagger.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(swagger.header("location").as_deref(), Some("/swagger-ui/"));
}

async fn format_suffixes_and_format_parameter(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.create_example("a", "b").await;
    let list = app.get("/api/example/").await.json();
    assert_eq!(app.get("/api/example.json").await.json(), list);
    assert_eq!(app.get("/api/example.json/").await.json(), list);
    assert_eq!(app.get("/api/example/?format=json").await.json(), list);
    let one = app.get("/api/example/1/").await.json();
    assert_eq!(app.get("/api/example/1.json").await.json(), one);
    assert_eq!(app.get("/api/example/1/?format=json").await.json(), one);
    assert_eq!(
        app.get("/api/.json").await.json(),
        app.get("/api/").await.json()
    );
    for path in [
        "/api/example.xml",
        "/api/example/?format=xml",
        "/api/example/1.api",
        "/api/example/1/?format=api",
        "/api/?format=yaml",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(response.text(), r#"{"detail":"Not found."}"#);
    }
    let created = app
        .post("/api/example.json")
        .body("application/json", br#"{"name":"s","description":"t"}"#)
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let paged = app.get("/api/example.json?page_size=1").await.json();
    assert_eq!(
        paged["next"],
        json!(app.url("/api/example.json?page=2&page_size=1")),
        "links keep the suffix"
    );
}

async fn head_gives_get_status_and_headers_without_a_body(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.create_example("a", "b").await;
    for (path, status) in [
        ("/api/example/", 200),
        ("/api/example/1/", 200),
        ("/api/", 200),
        ("/api/example/2/", 404),
    ] {
        let get = app.get(path).await;
        let head = app.head(path).await;
        assert_eq!(head.status.as_u16(), status, "{path}");
        assert_eq!(head.status, get.status);
        assert!(head.body.is_empty(), "{path}");
        assert_eq!(head.header("content-type"), get.header("content-type"));
        assert_eq!(head.header("allow"), get.header("allow"));
        assert_eq!(
            head.header("content-length"),
            get.header("content-length"),
            "{path}: the GET's length"
        );
    }
}

async fn api_root_lists_every_resource_with_absolute_urls(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let root = app.get("/api/").await;
    assert_eq!(root.status, StatusCode::OK);
    assert_eq!(root.header("allow").as_deref(), Some("GET, HEAD, OPTIONS"));
    let body = root.json();
    assert_eq!(body["example"], json!(app.url("/api/example/")));
    for module in tessera::modules::MODULES {
        for mount in module.resources() {
            let path = mount.api_path(module.name());
            let url = body[&path]
                .as_str()
                .unwrap_or_else(|| panic!("{path} missing from the root"));
            let list = app.get(url.trim_start_matches(&app.address)).await;
            assert_eq!(list.status, StatusCode::OK, "{url}");
        }
    }
}

async fn unknown_paths_are_json_404s(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    for path in [
        "/nope",
        "/api/nope/",
        "/api/nope",
        "/api/example/1/extra/",
        "/api/example//",
        "/",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            response.header("content-type").as_deref(),
            Some("application/json")
        );
        assert_eq!(response.text(), r#"{"detail":"Not found."}"#, "{path}");
    }
}

async fn absolute_urls_follow_trusted_forwarding_headers(backend: Backend) {
    // Only hosts in server.allowed_hosts are answered (crate::security_hosts); these tests name two more.
    let hosts = [(
        "server.allowed_hosts",
        "127.0.0.1,gateway.example,api.example.org".to_owned(),
    )];
    let Some(app) = spawn_app_with(backend, &hosts).await else {
        return;
    };
    let forwarded = [
        ("X-Forwarded-Host", "gateway.example:8443"),
        ("X-Forwarded-Proto", "https"),
    ];
    let root = app.get("/api/").headers(&forwarded).await.json();
    assert_eq!(root["example"], "https://gateway.example:8443/api/example/");
    let host_only = app
        .get("/api/")
        .header("Host", "api.example.org")
        .await
        .json();
    assert_eq!(host_only["example"], "http://api.example.org/api/example/");
    let hostile = app
        .get("/api/")
        .header("X-Forwarded-Host", "evil/path?")
        .await;
    assert_eq!(
        (hostile.status, hostile.text()),
        (
            StatusCode::BAD_REQUEST,
            r#"{"detail":"Invalid host header."}"#.to_owned()
        ),
        "a host that would break URLs is refused"
    );
}

async fn every_response_carries_security_headers(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    for path in [
        "/api/",
        "/api/example/",
        "/api/example/5/",
        "/nope",
        "/api-docs/openapi.json",
        "/health/live",
    ] {
        let response = app.get(path).await;
        assert_eq!(
            response.header("x-content-type-options").as_deref(),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            response.header("x-frame-options").as_deref(),
            Some("DENY"),
            "{path}"
        );
        assert_eq!(
            response.header("referrer-policy").as_deref(),
            Some("same-origin"),
            "{path}"
        );
    }
}
