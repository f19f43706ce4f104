//! Bearer tokens: the `Authorization` header's rules, bad tokens refused even on open endpoints, and a split-out
//! module that verifies the monolith's tokens with the secret alone and logs no secret.

use actix_web::http::StatusCode;
use serde_json::json;
use tessera_kernel::auth::{Claims, TokenKind};

use crate::auth_tokens::login;
use crate::helpers::{fresh_data_dir, spawn_app, spawn_app_with, Backend, RemoteProcess};

crate::on_both_backends!(bearer_header_rules);

async fn bearer_header_rules(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    for value in ["Token abc", "bearer abc", "Basic dXNlcjpwYXNz"] {
        let response = app
            .get("/api/example/")
            .header("Authorization", value)
            .await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "{value} is another scheme: anonymous"
        );
    }
    for value in ["Bearer", "Bearer a b"] {
        let response = app
            .get("/api/example/")
            .header("Authorization", value)
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            response.text(),
            r#"{"detail":"Authorization header must contain two space-delimited values","code":"bad_authorization_header"}"#
        );
    }
    let refresh = app.signer.issue(TokenKind::Refresh, 1, false);
    let expired = app.signer.sign(&Claims {
        token_type: "access".into(),
        exp: 1,
        iat: 0,
        jti: "x".into(),
        user_id: "1".into(),
        is_staff: true,
    });
    for (token, message) in [
        ("not.a.token".to_owned(), "Token is invalid"),
        (refresh, "Token has wrong type"),
        (expired, "Token is expired"),
    ] {
        for path in ["/api/example/", "/api/", "/api/catalog/products/"] {
            let response = app.get(path).bearer(&token).await;
            assert_eq!(
                response.status,
                StatusCode::UNAUTHORIZED,
                "{path}: open endpoints refuse bad tokens too"
            );
            assert_eq!(
                response.header("www-authenticate").as_deref(),
                Some("Bearer realm=\"api\"")
            );
            assert_eq!(
                response.json(),
                json!({"detail": "Given token not valid for any token type", "code": "token_not_valid",
                       "messages": [{"token_class": "AccessToken", "token_type": "access", "message": message}]})
            );
        }
    }
    let health = app.get("/health/live").bearer("junk").await;
    assert_eq!(
        health.status,
        StatusCode::OK,
        "health is outside the API's authentication"
    );
}

#[actix_web::test]
async fn a_split_out_module_accepts_tokens_issued_by_the_monolith_and_logs_no_secrets() {
    let dir = fresh_data_dir();
    let settings = [
        ("server.port".to_owned(), "0".to_owned()),
        ("data_dir".to_owned(), dir.display().to_string()),
    ];
    let catalog = RemoteProcess::start(&settings, &["--modules", "catalog"]);
    let overrides = [("modules.catalog.remote_url", catalog.address.clone())];
    let app = spawn_app_with(Backend::Sqlite, &overrides).await.unwrap();
    app.create_user("dana", "hunter2-secret", true);
    let pair = login(&app, "dana", "hunter2-secret").await.json();
    let access = pair["access"].as_str().unwrap();
    let client = awc::Client::default();
    let direct = client
        .post(format!("{}/api/catalog/products/", catalog.address))
        .insert_header(("Authorization", format!("Bearer {access}")))
        .send_json(&json!({"sku": "S", "name": "Split", "price": "1"}))
        .await
        .unwrap();
    assert_eq!(
        direct.status(),
        StatusCode::CREATED,
        "the split process verifies the monolith's token"
    );
    let anonymous = client
        .post(format!("{}/api/catalog/products/", catalog.address))
        .send_json(&json!({"sku": "T", "name": "Split", "price": "1"}))
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let via_gateway = app
        .post("/api/catalog/products/")
        .body("application/json", br#"{"sku":"U","name":"n","price":"1"}"#)
        .bearer(&app.token_for(3, false))
        .await;
    assert_eq!(
        via_gateway.status,
        StatusCode::FORBIDDEN,
        "a non-staff token is refused through the gateway too"
    );
    std::thread::sleep(std::time::Duration::from_millis(100));
    let log = catalog.log.lock().unwrap().clone();
    assert!(
        log.contains("POST /api/catalog/products/"),
        "the access log is there: {log}"
    );
    for secret in [
        access,
        "hunter2-secret",
        tessera::settings::DEVELOPMENT_SECRET,
    ] {
        assert!(!log.contains(secret), "the log shows a secret: {log}");
    }
}
