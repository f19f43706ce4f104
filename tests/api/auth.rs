//! Authentication and permissions: simplejwt's token endpoints, bearer tokens verified with the secret alone,
//! per-module permissions, users seeing only their own orders, CORS, and the same across a split.

use actix_web::http::{Method, StatusCode};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use tessera_kernel::auth::{Claims, TokenKind};

use crate::helpers::{fresh_data_dir, spawn_app, spawn_app_with, Backend, RemoteProcess, TestApp};

crate::on_both_backends!(
    token_pair_for_valid_credentials,
    wrong_or_missing_credentials,
    refresh_gives_a_new_access_token_and_refuses_bad_ones,
    bearer_header_rules,
    module_permissions_from_settings,
    users_see_and_change_only_their_own_orders,
);

fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

async fn login(app: &TestApp, username: &str, password: &str) -> crate::helpers::Response {
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
            let header = format!("Bearer {token}");
            let response = app.get(path).header("Authorization", header.as_str()).await;
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
    let health = app
        .get("/health/live")
        .header("Authorization", "Bearer junk")
        .await;
    assert_eq!(
        health.status,
        StatusCode::OK,
        "health is outside the API's authentication"
    );
}

async fn module_permissions_from_settings(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let product = json!({"sku": "P", "name": "Pen", "price": "1"});
    let body = serde_json::to_vec(&product).unwrap();
    let anonymous_read = app.get("/api/catalog/products/").anonymous().await;
    assert_eq!(
        anonymous_read.status,
        StatusCode::OK,
        "catalog: staff_or_read_only"
    );
    let anonymous = app
        .post("/api/catalog/products/")
        .body("application/json", &body)
        .anonymous()
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        anonymous.text(),
        r#"{"detail":"Authentication credentials were not provided."}"#
    );
    assert_eq!(
        anonymous.header("www-authenticate").as_deref(),
        Some("Bearer realm=\"api\"")
    );
    let user = format!("Bearer {}", app.token_for(5, false));
    let forbidden = app
        .post("/api/catalog/products/")
        .body("application/json", &body)
        .header("Authorization", user.as_str())
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert_eq!(
        forbidden.text(),
        r#"{"detail":"You do not have permission to perform this action."}"#
    );
    assert_eq!(
        forbidden.header("www-authenticate"),
        None,
        "403s carry no WWW-Authenticate"
    );
    assert_eq!(
        app.count("catalog", "SELECT COUNT(*) AS n FROM catalog_products"),
        0
    );
    assert_eq!(
        app.post("/api/catalog/products/")
            .json(&product)
            .await
            .status,
        StatusCode::CREATED,
        "staff may write"
    );
    let orders = app.get("/api/orders/").anonymous().await;
    assert_eq!(
        orders.status,
        StatusCode::UNAUTHORIZED,
        "orders: authenticated"
    );
    let example = app
        .post("/api/example/")
        .body("application/json", br#"{"name":"a","description":"b"}"#)
        .anonymous()
        .await;
    assert_eq!(example.status, StatusCode::CREATED, "example: allow_any");
}

async fn users_see_and_change_only_their_own_orders(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.post("/api/catalog/products/")
        .json(&json!({"sku": "P", "name": "Pen", "price": "1.50"}))
        .await;
    let (alice, bob) = (
        format!("Bearer {}", app.token_for(11, false)),
        format!("Bearer {}", app.token_for(12, false)),
    );
    let order = serde_json::to_vec(&json!({"product_id": 1, "quantity": 2})).unwrap();
    let send = |method: Method, path: &'static str, who: String, body: Vec<u8>| {
        let app = &app;
        async move {
            let headers = [("Authorization", who.as_str())];
            app.request(method, path)
                .body("application/json", &body)
                .headers(&headers)
                .await
        }
    };
    let created = send(Method::POST, "/api/orders/", alice.clone(), order.clone()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    assert_eq!(created.json()["owner"], 11);
    send(Method::POST, "/api/orders/", bob.clone(), order.clone()).await;
    let alices = send(Method::GET, "/api/orders/", alice.clone(), Vec::new())
        .await
        .json();
    assert_eq!(alices["count"], 1);
    assert_eq!(alices["results"][0]["owner"], 11);
    for (method, body) in [
        (Method::GET, Vec::new()),
        (Method::PATCH, br#"{"status":"paid"}"#.to_vec()),
        (Method::DELETE, Vec::new()),
    ] {
        let response = send(method.clone(), "/api/orders/2/", alice.clone(), body).await;
        assert_eq!(
            response.status,
            StatusCode::NOT_FOUND,
            "{method} on bob's order"
        );
        assert_eq!(
            response.text(),
            r#"{"detail":"No Order matches the given query."}"#
        );
    }
    assert_eq!(
        app.count(
            "orders",
            "SELECT COUNT(*) AS n FROM orders WHERE status = 'pending'"
        ),
        2
    );
    let staff = app.get("/api/orders/").await.json();
    assert_eq!(staff["count"], 2, "staff see every order");
    let own = send(
        Method::PATCH,
        "/api/orders/1/",
        alice.clone(),
        br#"{"status":"paid"}"#.to_vec(),
    )
    .await;
    assert_eq!(own.status, StatusCode::OK);
}

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

#[test]
fn createuser_reads_the_password_from_stdin_and_production_needs_a_secret() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = fresh_data_dir();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(["createuser", "erin", "--staff"])
        .env("APP__DATA_DIR", &dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"pa55word\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains("created user erin") && !text.contains("pa55word"),
        "{text}"
    );
    let url = format!("sqlite://{}/accounts.db", dir.display());
    let mut conn = tessera_kernel::db::ConnectionManager::new(
        tessera_kernel::db::DatabaseUrl::parse(&url).unwrap(),
    )
    .connect()
    .unwrap();
    let user = tessera_accounts::users::by_username(&mut conn, "erin")
        .unwrap()
        .unwrap();
    assert!(user.is_staff && tessera_accounts::passwords::verify("pa55word", &user.password_hash));
    let again = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(["createuser", "erin"])
        .env("APP__DATA_DIR", &dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!again.status.success());
    let production = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .env("APP_ENV", "production")
        .env("APP__AUTH__SECRET", "short")
        .output()
        .unwrap();
    assert!(!production.status.success());
    assert!(String::from_utf8_lossy(&production.stderr).contains("auth.secret"));
}
