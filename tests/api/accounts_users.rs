//! Users in the API, staff only, as a DRF `UserViewSet` exposes them (issue 16, finding 6): list (`?username=`),
//! retrieve, `PATCH` of `is_active` and `is_staff`, `DELETE`; and tokens that die with their account.

use actix_web::http::StatusCode;
use serde_json::json;

use crate::helpers::{spawn_app, Backend, STAFF_ID};

crate::on_both_backends!(
    staff_list_filter_retrieve_patch_and_delete_users,
    only_staff_see_users_and_only_some_methods_exist,
    a_deleted_deactivated_or_demoted_users_token_stops_working_at_once,
);

async fn login(app: &crate::helpers::TestApp, username: &str, password: &str) -> String {
    let pair = app
        .post("/api/accounts/token/")
        .anonymous()
        .json(&json!({"username": username, "password": password}))
        .await;
    assert_eq!(pair.status, StatusCode::OK, "{}", pair.text());
    pair.json()["access"].as_str().unwrap().to_owned()
}

async fn staff_list_filter_retrieve_patch_and_delete_users(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let alice = app.create_user("alice", "pw-alice", false);
    app.create_user("bob", "pw-bob", true);
    let list = app.get("/api/accounts/users/").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text());
    assert_eq!(
        list.json()["count"],
        3,
        "the app's own staff user, alice and bob"
    );
    let filtered = app.get("/api/accounts/users/?username=alice").await.json();
    assert_eq!(filtered["count"], 1);
    let user = &filtered["results"][0];
    assert_eq!(
        user.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["id", "username", "is_staff", "is_active", "date_joined"],
        "never the password hash"
    );
    assert_eq!(
        (
            user["id"].clone(),
            user["username"].clone(),
            user["is_staff"].clone(),
            user["is_active"].clone()
        ),
        (json!(alice), json!("alice"), json!(false), json!(true))
    );
    let path = format!("/api/accounts/users/{alice}/");
    assert_eq!(app.get(&path).await.json(), *user);
    let patched = app
        .patch(&path)
        .json(&json!({"is_staff": true, "is_active": false, "username": "mallory", "id": 99}))
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text());
    let body = patched.json();
    assert_eq!(
        (
            body["username"].clone(),
            body["id"].clone(),
            body["is_staff"].clone(),
            body["is_active"].clone()
        ),
        (json!("alice"), json!(alice), json!(true), json!(false)),
        "username and id are read-only"
    );
    let invalid = app
        .patch(&path)
        .json(&json!({"is_active": "perhaps"}))
        .await;
    assert_eq!(
        invalid.text(),
        r#"{"is_active":["Must be a valid boolean."]}"#
    );
    let deleted = app.delete(&path).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&path).await.text(),
        r#"{"detail":"No User matches the given query."}"#
    );
    assert_eq!(
        app.count("accounts", "SELECT COUNT(*) AS n FROM accounts_users"),
        2
    );
}

async fn only_staff_see_users_and_only_some_methods_exist(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let user = app.token_for(5, false);
    let anonymous = app.get("/api/accounts/users/").anonymous().await;
    anonymous.assert_credentials_missing();
    for path in ["/api/accounts/users/", "/api/accounts/users/5/"] {
        let refused = app.get(path).bearer(&user).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(
            refused.text(),
            r#"{"detail":"You do not have permission to perform this action."}"#
        );
        let patch = app
            .patch(path)
            .bearer(&user)
            .json(&json!({"is_staff": true}))
            .await;
        assert_eq!(
            patch.status,
            StatusCode::FORBIDDEN,
            "a user cannot make themself staff"
        );
    }
    let create = app
        .post("/api/accounts/users/")
        .json(&json!({"username": "x", "password_hash": "x"}))
        .await;
    assert_eq!(create.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        create.text(),
        r#"{"detail":"Method \"POST\" not allowed."}"#
    );
    assert_eq!(
        create.header("allow").as_deref(),
        Some("GET, HEAD, OPTIONS")
    );
    let put = app
        .put(&format!("/api/accounts/users/{STAFF_ID}/"))
        .json(&json!({"is_staff": true, "is_active": true}))
        .await;
    assert_eq!(put.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        put.header("allow").as_deref(),
        Some("GET, PATCH, DELETE, HEAD, OPTIONS")
    );
    let list_options = app.options("/api/accounts/users/").await;
    assert_eq!(list_options.status, StatusCode::OK);
    assert_eq!(list_options.json()["name"], "User List");
    assert!(
        list_options.json().get("actions").is_none(),
        "no POST, so no actions"
    );
    let detail_options = app
        .options(&format!("/api/accounts/users/{STAFF_ID}/"))
        .await
        .json();
    assert!(
        detail_options.get("actions").is_none(),
        "no PUT, so no actions"
    );
    let root = app.get("/api/").await.json();
    assert_eq!(
        root["accounts/users"],
        json!(app.url("/api/accounts/users/"))
    );
    let document = app.get("/api-docs/openapi.json").await.json();
    let detail = &document["paths"]["/api/accounts/users/{id}/"];
    let mut methods: Vec<&String> = detail.as_object().unwrap().keys().collect();
    methods.sort();
    assert_eq!(methods, ["delete", "get", "patch"]);
    let list = &document["paths"]["/api/accounts/users/"];
    assert_eq!(
        list.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["get"]
    );
}

async fn a_deleted_deactivated_or_demoted_users_token_stops_working_at_once(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let alice = app.create_user("alice", "pw-alice", false);
    let carol = app.create_user("carol", "pw-carol", true);
    let alice_token = login(&app, "alice", "pw-alice").await;
    let carol_token = login(&app, "carol", "pw-carol").await;
    assert_eq!(
        app.get("/api/orders/").bearer(&alice_token).await.status,
        StatusCode::OK
    );
    let product = json!({"sku": "S-1", "name": "Staff made", "price": "1.00"});
    let created = app
        .post("/api/catalog/products/")
        .bearer(&carol_token)
        .json(&product)
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());

    app.patch(&format!("/api/accounts/users/{alice}/"))
        .json(&json!({"is_active": false}))
        .await;
    let inactive = app.get("/api/orders/").bearer(&alice_token).await;
    assert_eq!(inactive.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        inactive.text(),
        r#"{"detail":"User is inactive","code":"user_inactive"}"#
    );
    assert_eq!(
        inactive.header("www-authenticate").as_deref(),
        Some("Bearer realm=\"api\"")
    );
    app.patch(&format!("/api/accounts/users/{alice}/"))
        .json(&json!({"is_active": true}))
        .await;
    assert_eq!(
        app.get("/api/orders/").bearer(&alice_token).await.status,
        StatusCode::OK
    );

    app.patch(&format!("/api/accounts/users/{carol}/"))
        .json(&json!({"is_staff": false}))
        .await;
    let demoted = app
        .post("/api/catalog/products/")
        .bearer(&carol_token)
        .json(&json!({"sku": "S-2", "name": "Not any more", "price": "1.00"}))
        .await;
    assert_eq!(
        demoted.status,
        StatusCode::FORBIDDEN,
        "the token still says is_staff"
    );

    app.delete(&format!("/api/accounts/users/{alice}/")).await;
    let gone = app.get("/api/orders/").bearer(&alice_token).await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        gone.text(),
        r#"{"detail":"User not found","code":"user_not_found"}"#
    );
    let root = app.get("/api/").bearer(&alice_token).await;
    assert_eq!(
        root.status,
        StatusCode::UNAUTHORIZED,
        "the API root authenticates too"
    );
}
