//! Permissions: each module's from settings (catalog staff or read-only, orders authenticated, example allow
//! any), and users who see and change only their own orders; on every backend.

use actix_web::http::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app, Backend};

crate::on_both_backends!(
    module_permissions_from_settings,
    users_see_and_change_only_their_own_orders,
);

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
    anonymous.assert_credentials_missing();
    let forbidden = app
        .post("/api/catalog/products/")
        .body("application/json", &body)
        .bearer(&app.token_for(5, false))
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
        .json(&json!({"sku": "P", "name": "Pen", "price": "1.50", "stock": 10}))
        .await;
    let (alice, bob) = (app.token_for(11, false), app.token_for(12, false));
    let order = serde_json::to_vec(&json!({"product_id": 1, "quantity": 2})).unwrap();
    let send = |method: Method, path: &'static str, who: String, body: Vec<u8>| {
        let app = &app;
        async move {
            app.request(method, path)
                .body("application/json", &body)
                .bearer(&who)
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
