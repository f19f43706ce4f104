//! simplejwt's token endpoints: a token pair for valid credentials, the same refusal for any wrong ones, and a
//! refresh that gives a new access token and refuses bad refresh tokens; on every backend.

use actix_web::http::StatusCode;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use tessera_kernel::auth::Claims;

use crate::helpers::{spawn_app, Backend, TestApp};

crate::on_both_backends!(
    token_pair_for_valid_credentials,
    wrong_or_missing_credentials,
    refresh_gives_a_new_access_token_and_refuses_bad_ones,
);

fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

pub async fn login(app: &TestApp, username: &str, password: &str) -> crate::helpers::Response {
    let body = serde_json::to_vec(&json!({"username": username, "password": password})).unwrap();
    app.post("/api/accounts/token/")
        .body("application/json", &body)
        .anonymous()
        .await
}

async fn token_pair_for_valid_credentials(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let id = app.create_user("alice", "correct horse", false);
    let response = login(&app, "alice", "correct horse").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    let body = response.json();
    assert_eq!(
        body.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["refresh", "access"]
    );
    let access = claims(body["access"].as_str().unwrap());
    assert_eq!(access["token_type"], "access");
    assert_eq!(access["user_id"], json!(id.to_string()));
    assert_eq!(
        access["exp"].as_i64().unwrap() - access["iat"].as_i64().unwrap(),
        300
    );
    assert!(access["jti"].as_str().unwrap().len() >= 16);
    let refresh = claims(body["refresh"].as_str().unwrap());
    assert_eq!(refresh["token_type"], "refresh");
    assert_eq!(
        refresh["exp"].as_i64().unwrap() - refresh["iat"].as_i64().unwrap(),
        86_400
    );
    let get = app.get("/api/accounts/token/").await;
    assert_eq!(get.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(get.header("allow").as_deref(), Some("POST, OPTIONS"));
    assert_eq!(get.text(), r#"{"detail":"Method \"GET\" not allowed."}"#);
}

async fn wrong_or_missing_credentials(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.create_user("bob", "right", false);
    for (user, password) in [("bob", "wrong"), ("nobody", "right"), ("BOB", "right")] {
        let response = login(&app, user, password).await;
        assert_eq!(
            response.status,
            StatusCode::UNAUTHORIZED,
            "{user}/{password}"
        );
        assert_eq!(
            response.text(),
            r#"{"detail":"No active account found with the given credentials"}"#
        );
        assert_eq!(
            response.header("www-authenticate").as_deref(),
            Some("Bearer realm=\"api\"")
        );
    }
    let missing = app
        .post("/api/accounts/token/")
        .json(&json!({"username": ""}))
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        missing.text(),
        r#"{"username":["This field may not be blank."],"password":["This field is required."]}"#
    );
}

async fn refresh_gives_a_new_access_token_and_refuses_bad_ones(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let id = app.create_user("carol", "pw", true);
    let pair = login(&app, "carol", "pw").await.json();
    let refreshed = app
        .post("/api/accounts/token/refresh/")
        .json(&json!({"refresh": pair["refresh"]}))
        .await;
    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.text());
    let body = refreshed.json();
    assert_eq!(
        body.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["access"]
    );
    let access = claims(body["access"].as_str().unwrap());
    assert_eq!(
        (access["user_id"].clone(), access["is_staff"].clone()),
        (json!(id.to_string()), json!(true))
    );
    let expired = app.signer.sign(&Claims {
        token_type: "refresh".into(),
        exp: 1,
        iat: 0,
        jti: "x".into(),
        user_id: id.to_string(),
        is_staff: false,
    });
    for (token, message) in [
        (json!("garbage"), "Token is invalid"),
        (pair["access"].clone(), "Token has wrong type"),
        (json!(expired), "Token is expired"),
    ] {
        let response = app
            .post("/api/accounts/token/refresh/")
            .json(&json!({"refresh": token}))
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{message}");
        assert_eq!(
            response.json(),
            json!({"detail": message, "code": "token_not_valid"})
        );
        assert_eq!(
            response.header("www-authenticate").as_deref(),
            Some("Bearer realm=\"api\"")
        );
    }
    let missing = app
        .post("/api/accounts/token/refresh/")
        .json(&json!({}))
        .await;
    assert_eq!(missing.text(), r#"{"refresh":["This field is required."]}"#);
}
