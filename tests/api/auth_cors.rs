//! CORS: preflights and simple requests answered for configured origins only, none by default, and a wildcard
//! with credentials refused at start-up.

use actix_web::http::StatusCode;

use crate::helpers::{spawn_app, spawn_app_with, Backend};

#[actix_web::test]
async fn cors_answers_preflights_for_configured_origins_only() {
    let overrides = [("cors.allowed_origins", "https://app.example".to_owned())];
    let app = spawn_app_with(Backend::Sqlite, &overrides).await.unwrap();
    let preflight = |origin: &'static str| {
        let app = &app;
        async move {
            app.options("/api/catalog/products/")
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header(
                    "Access-Control-Request-Headers",
                    "authorization,content-type",
                )
                .await
        }
    };
    let allowed = preflight("https://app.example").await;
    assert_eq!(allowed.status, StatusCode::OK);
    assert_eq!(
        allowed.header("access-control-allow-origin").as_deref(),
        Some("https://app.example")
    );
    assert!(allowed
        .header("access-control-allow-methods")
        .unwrap()
        .contains("POST"));
    let other = preflight("https://evil.example").await;
    assert_eq!(other.header("access-control-allow-origin"), None);
    let simple = app
        .get("/api/example/")
        .header("Origin", "https://app.example")
        .await;
    assert_eq!(
        simple.header("access-control-allow-origin").as_deref(),
        Some("https://app.example")
    );
    let default = spawn_app(Backend::Sqlite).await.unwrap();
    let none = default
        .get("/api/example/")
        .header("Origin", "https://app.example")
        .await;
    assert_eq!(
        none.header("access-control-allow-origin"),
        None,
        "no origins are allowed by default"
    );
    let wildcard_with_credentials = tessera::Settings::load_with(&[
        ("cors.allowed_origins", "*".into()),
        ("cors.allow_credentials", "true".into()),
    ]);
    assert!(wildcard_with_credentials
        .unwrap_err()
        .to_string()
        .contains("cors.allowed_origins"));
}
