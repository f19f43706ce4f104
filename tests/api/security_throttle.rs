//! Throttling that a client cannot step around (issue 16, findings 1 and 7): its address is the rightmost
//! `X-Forwarded-For` entry no trusted proxy wrote, and password attempts are throttled per address by default.

use actix_web::http::StatusCode;
use serde_json::json;

use crate::helpers::{spawn_app_with, Backend};

crate::on_both_backends!(
    entries_a_client_puts_in_front_of_x_forwarded_for_do_not_change_its_address,
    password_attempts_are_throttled_per_client_address_and_refreshes_are_not,
);

/// The reviewer's attack: from loopback (a trusted proxy), eight requests whose `X-Forwarded-For` starts with a
/// different address each time, as nginx's `$proxy_add_x_forwarded_for` passes on what the client sent.
async fn entries_a_client_puts_in_front_of_x_forwarded_for_do_not_change_its_address(
    backend: Backend,
) {
    let overrides = [("modules.example.throttle_anon", "5/minute".to_owned())];
    let Some(app) = spawn_app_with(backend, &overrides).await else {
        return;
    };
    let mut statuses = Vec::new();
    for i in 0..8 {
        let response = app
            .get("/api/example/")
            .anonymous()
            .header("X-Forwarded-For", &format!("10.1.0.{i}, 203.0.113.7"))
            .await;
        statuses.push(response.status.as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 200, 200, 429, 429, 429]);
    let other = app
        .get("/api/example/")
        .anonymous()
        .header("X-Forwarded-For", "203.0.113.8")
        .await;
    assert_eq!(
        other.status,
        StatusCode::OK,
        "another client has its own count"
    );
}

async fn password_attempts_are_throttled_per_client_address_and_refreshes_are_not(
    backend: Backend,
) {
    let Some(app) = spawn_app_with(backend, &[]).await else {
        return;
    };
    app.create_user("erin", "the right one", false);
    let attempt = |password: &'static str, client: &'static str| {
        app.post("/api/accounts/token/")
            .anonymous()
            .header("X-Forwarded-For", client)
            .json(&json!({"username": "erin", "password": password}))
    };
    // The default is 10/minute.
    for _ in 0..9 {
        let wrong = attempt("wrong", "198.51.100.1").await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    let pair = attempt("the right one", "198.51.100.1").await;
    assert_eq!(pair.status, StatusCode::OK, "{}", pair.text());
    let refresh = pair.json()["refresh"].clone();
    let throttled = attempt("the right one", "198.51.100.1").await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = throttled.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(
        throttled.json(),
        json!({"detail": format!("Request was throttled. Expected available in {wait} second{}.", if wait == 1 { "" } else { "s" })})
    );
    for _ in 0..12 {
        let refreshed = app
            .post("/api/accounts/token/refresh/")
            .anonymous()
            .header("X-Forwarded-For", "198.51.100.1")
            .json(&json!({"refresh": refresh}))
            .await;
        assert_eq!(refreshed.status, StatusCode::OK, "refreshes do not count");
    }
    let elsewhere = attempt("the right one", "198.51.100.2").await;
    assert_eq!(elsewhere.status, StatusCode::OK, "per client address");
}

#[actix_web::test]
async fn the_login_rate_is_a_setting() {
    let overrides = [("modules.accounts.throttle_login", "2/minute".to_owned())];
    let app = spawn_app_with(Backend::Sqlite, &overrides).await.unwrap();
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let response = app
            .post("/api/accounts/token/")
            .anonymous()
            .json(&json!({"username": "nobody", "password": "x"}))
            .await;
        statuses.push(response.status.as_u16());
    }
    assert_eq!(statuses, [401, 401, 429]);
}
