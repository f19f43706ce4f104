//! A database that goes away: the module answers 503 and recovers without a restart (PostgreSQL, MariaDB),
//! MySQL connections killed by the server are replaced, and readiness names each module.

use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use serde_json::json;

#[cfg(feature = "mysql")]
use crate::concurrent::futures_join_all;
use crate::helpers::{spawn_app_with, Backend, OwnServer};
use crate::pg_server::PgServer;

#[actix_web::test]
async fn a_module_whose_database_goes_away_answers_503_and_recovers_without_a_restart() {
    let Some(pg) = PgServer::start() else { return };
    database_goes_away_and_comes_back(&pg).await;
}

#[cfg(feature = "mysql")]
#[actix_web::test]
async fn a_module_whose_mariadb_goes_away_answers_503_and_recovers_without_a_restart() {
    let Some(server) = crate::mariadb_server::MariaServer::start() else {
        return;
    };
    database_goes_away_and_comes_back(&server).await;
}

async fn database_goes_away_and_comes_back(server: &impl OwnServer) {
    let overrides = [
        ("modules.example.database_url", server.url()),
        ("database.checkout_timeout_secs", "1".to_owned()),
    ];
    let app = spawn_app_with(Backend::Sqlite, &overrides).await.unwrap();
    app.create_example("before", "the outage").await;
    server.stop();
    let mut outcomes = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let response = app.get("/api/example/").await;
        outcomes.push(response.status);
        assert_eq!(
            response.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            response.text()
        );
        assert!(response.json()["detail"].is_string());
        let text = response.text().to_lowercase();
        assert!(
            !["postgres", "mysql", "maria", "127.0.0.1"]
                .iter()
                .any(|internal| text.contains(internal)),
            "no internals: {text}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "within the checkout timeout"
        );
    }
    let write = app
        .post("/api/example/")
        .json(&json!({"name": "during", "description": "outage"}))
        .await;
    assert_eq!(write.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        app.get("/api/catalog/products/").await.status,
        StatusCode::OK,
        "the other modules keep serving"
    );
    let ready = app.get("/health/ready").await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.json()["modules"]["example"]["status"], "down");
    assert_eq!(ready.json()["modules"]["catalog"]["status"], "up");
    server.resume();
    let deadline = Instant::now() + Duration::from_secs(15);
    let recovered = loop {
        let response = app.get("/api/example/").await;
        if response.status == StatusCode::OK || Instant::now() > deadline {
            break response;
        }
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(
        recovered.status,
        StatusCode::OK,
        "recovered with no restart"
    );
    assert_eq!(
        recovered.json()["count"],
        1,
        "the acknowledged write survived; the refused one was not made"
    );
    assert_eq!(app.get("/health/ready").await.status, StatusCode::OK);
    eprintln!("outage: {} requests during it, all 503", outcomes.len() + 1);
}

#[actix_web::test]
async fn readiness_names_each_module_and_liveness_needs_nothing() {
    let app = spawn_app_with(Backend::Sqlite, &[]).await.unwrap();
    let ready = app.get("/health/ready").anonymous().await;
    assert_eq!(ready.status, StatusCode::OK);
    let body = ready.json();
    for module in ["example", "catalog", "orders", "accounts"] {
        assert_eq!(
            body["modules"][module],
            json!({"backend": "sqlite", "status": "up"}),
            "{module}"
        );
    }
    let live = app.get("/health/live").anonymous().await;
    assert_eq!(live.text(), r#"{"status":"ok"}"#);
}

/// MySQL servers close connections they think idle (`wait_timeout`), and drop them all when they restart. Every
/// pooled connection of the module is killed from the server side: once they have sat idle, the checkout's ping
/// replaces them and no request fails; killed while in use, each costs at most one `503` (never a `500`), and is
/// not handed out again.
#[cfg(feature = "mysql")]
#[actix_web::test]
async fn mysql_connections_killed_by_the_server_are_replaced() {
    use diesel::RunQueryDsl;
    use tessera_kernel::db::{ConnectionManager, DatabaseUrl};
    let Some(app) = spawn_app_with(Backend::Mysql, &[]).await else {
        return;
    };
    let product = json!({"sku": "K-0", "name": "kept", "price": "1.00"});
    assert_eq!(
        app.post("/api/catalog/products/")
            .json(&product)
            .await
            .status,
        201
    );
    let database = app
        .database_url("catalog")
        .rsplit_once('/')
        .unwrap()
        .1
        .to_owned();
    let admin_url = std::env::var(crate::helpers::MYSQL_ENV).unwrap();
    let kill_all = || {
        #[derive(diesel::QueryableByName)]
        struct Id {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut admin = ConnectionManager::new(DatabaseUrl::parse(&admin_url).unwrap())
            .connect()
            .unwrap();
        let ids: Vec<Id> = diesel::sql_query(format!(
            "SELECT CAST(id AS SIGNED) AS n FROM information_schema.processlist WHERE db = '{database}'"
        ))
        .load(&mut admin)
        .unwrap();
        for id in &ids {
            diesel::sql_query(format!("KILL CONNECTION {}", id.n))
                .execute(&mut admin)
                .unwrap();
        }
        ids.len()
    };
    let warm = |n| futures_join_all((0..n).map(|_| app.get("/api/catalog/products/").send()));

    assert!(warm(6).await.iter().all(|r| r.status == 200));
    assert!(kill_all() > 0, "the app holds connections to {database}");
    std::thread::sleep(Duration::from_millis(1200));
    let mut count = 1;
    for _ in 0..10 {
        let list = app.get("/api/catalog/products/").await;
        assert_eq!(list.status, 200, "{}", list.text());
        assert_eq!(list.json()["count"], count);
        count += 1;
        let body = json!({"sku": format!("K-{count}"), "name": "after", "price": "2.00"});
        let created = app.post("/api/catalog/products/").json(&body).await;
        assert_eq!(created.status, 201, "{}", created.text());
    }

    assert!(warm(6).await.iter().all(|r| r.status == 200));
    let killed = kill_all();
    let mut failed = 0;
    for _ in 0..(killed + 10) {
        let list = app.get("/api/catalog/products/").await;
        match list.status.as_u16() {
            200 => assert_eq!(list.json()["count"], count),
            503 => failed += 1,
            other => panic!("{other}: {}", list.text()),
        }
    }
    assert!(
        failed <= killed,
        "{failed} failures for {killed} killed connections"
    );
    for _ in 0..10 {
        assert_eq!(app.get("/api/catalog/products/").await.status, 200);
    }
    assert_eq!(
        app.count("catalog", "SELECT COUNT(*) AS n FROM catalog_products"),
        count
    );
}
