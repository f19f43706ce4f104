//! Faults made to happen: a database that goes away and comes back, 64 concurrent SQLite writers, SIGTERM under
//! a write load, slow clients, throttling, readiness.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use serde_json::json;

use crate::catalog::futures_join_all;
use crate::helpers::{fresh_data_dir, spawn_app_with, Backend, OwnServer, RemoteProcess};
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
async fn sixty_four_concurrent_sqlite_clients_lose_nothing() {
    sixty_four_concurrent_clients_lose_nothing(Backend::Sqlite).await;
}

/// On MySQL the list count is split over several rows, one per connection: concurrent creates and deletes on
/// many connections still add up.
#[cfg(feature = "mysql")]
#[actix_web::test]
async fn sixty_four_concurrent_mysql_clients_lose_nothing() {
    sixty_four_concurrent_clients_lose_nothing(Backend::Mysql).await;
}

async fn sixty_four_concurrent_clients_lose_nothing(backend: Backend) {
    let Some(app) = spawn_app_with(backend, &[("server.workers", "2".to_owned())]).await else {
        return;
    };
    let client = |n: usize| {
        let app = &app;
        async move {
            let (mut created, mut deleted, mut failures) = (0i64, 0i64, Vec::new());
            for round in 0..6 {
                let response = app
                    .post("/api/example/")
                    .json(&json!({"name": format!("c{n}-{round}"), "description": "x"}))
                    .await;
                if response.status != StatusCode::CREATED {
                    failures.push(format!("create {}: {}", response.status, response.text()));
                    continue;
                }
                created += 1;
                let id = response.json()["id"].as_i64().unwrap();
                let patched = app
                    .patch(&format!("/api/example/{id}/"))
                    .json(&json!({"description": "y"}))
                    .await;
                if patched.status != StatusCode::OK {
                    failures.push(format!("patch {}: {}", patched.status, patched.text()));
                }
                if round % 2 == 0 {
                    let gone = app.delete(&format!("/api/example/{id}/")).await;
                    if gone.status == StatusCode::NO_CONTENT {
                        deleted += 1;
                    } else {
                        failures.push(format!("delete {}: {}", gone.status, gone.text()));
                    }
                }
            }
            (created, deleted, failures)
        }
    };
    let results = futures_join_all((0..64).map(client)).await;
    let failures: Vec<&String> = results.iter().flat_map(|r| &r.2).collect();
    assert!(
        failures.is_empty(),
        "{} failures, first: {:?}",
        failures.len(),
        failures.first()
    );
    let created: i64 = results.iter().map(|r| r.0).sum();
    let deleted: i64 = results.iter().map(|r| r.1).sum();
    assert_eq!((created, deleted), (384, 192));
    assert_eq!(
        app.count("example", "SELECT COUNT(*) AS n FROM example_models"),
        created - deleted
    );
    assert_eq!(
        app.get("/api/example/").await.json()["count"],
        created - deleted
    );
}

/// One request on a connection of its own (`Connection: close`), so that a refused connection can only mean the
/// server had stopped accepting, never a reset of a request it had accepted.
fn post_once(address: &str, body: &str) -> Result<(u16, String), String> {
    let host = address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).map_err(|e| format!("connect: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let request = format!(
        "POST /api/example/ HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("write: {e}"))?;
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .map_err(|e| format!("read after sending: {e}"))?;
    let status = response
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .ok_or(format!("no status in {response:?}"))?;
    let body = response.split("\r\n\r\n").nth(1).unwrap_or("").to_owned();
    Ok((status, body))
}

#[test]
fn sigterm_under_write_load_finishes_requests_in_flight_and_loses_no_write() {
    let dir = fresh_data_dir();
    let settings = [
        ("server.port".to_owned(), "0".to_owned()),
        ("data_dir".to_owned(), dir.display().to_string()),
    ];
    let mut server = RemoteProcess::start(&settings, &[]);
    let address = server.address.clone();
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let address = address.clone();
            std::thread::spawn(move || {
                let (mut acknowledged, mut refused, mut broken) = (Vec::new(), 0, Vec::new());
                for i in 0..100_000 {
                    match post_once(
                        &address,
                        &format!(r#"{{"name":"w{w}-{i}","description":"load"}}"#),
                    ) {
                        Ok((201, body)) => acknowledged.push(
                            serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"]
                                .as_i64()
                                .unwrap(),
                        ),
                        Ok((status, body)) => broken.push(format!("{status}: {body}")),
                        Err(e) if e.starts_with("connect") => {
                            refused += 1;
                            break;
                        }
                        Err(e) => broken.push(e),
                    }
                }
                (acknowledged, refused, broken)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(700));
    let pid = server.pid().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let status = server.wait();
    let results: Vec<_> = writers.into_iter().map(|w| w.join().unwrap()).collect();
    assert_eq!(status, Some(0), "exit code 0 after SIGTERM");
    let acknowledged: Vec<i64> = results.iter().flat_map(|r| r.0.iter().copied()).collect();
    let broken: Vec<&String> = results.iter().flat_map(|r| &r.2).collect();
    assert!(!acknowledged.is_empty(), "the load ran");
    assert!(
        broken.is_empty(),
        "a client saw a reset or an error: {:?}",
        broken.first()
    );
    let url = format!("sqlite://{}/example.db", dir.display());
    let mut conn = tessera_kernel::db::ConnectionManager::new(
        tessera_kernel::db::DatabaseUrl::parse(&url).unwrap(),
    )
    .connect()
    .unwrap();
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let stored: std::collections::HashSet<i64> = diesel::sql_query("SELECT id FROM example_models")
        .load::<Id>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let lost: Vec<&i64> = acknowledged
        .iter()
        .filter(|id| !stored.contains(id))
        .collect();
    assert!(lost.is_empty(), "{} acknowledged writes lost", lost.len());
    eprintln!(
        "sigterm: {} writes acknowledged, 0 lost, {} clients refused after shutdown",
        acknowledged.len(),
        results.iter().map(|r| r.1).sum::<usize>()
    );
}

use std::process::Command;

#[actix_web::test]
async fn a_client_that_sends_its_request_too_slowly_is_cut_off() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[("server.client_request_timeout_secs", "1".to_owned())],
    )
    .await
    .unwrap();
    let host = app.address.trim_start_matches("http://").to_owned();
    let started = Instant::now();
    let outcome = actix_web::rt::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(&host).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
            .write_all(b"GET /api/example/ HTTP/1.1\r\nHost: x\r\n")
            .unwrap();
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        answer
    })
    .await
    .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "cut off after the timeout, not left hanging"
    );
    assert!(
        outcome.is_empty() || outcome.starts_with("HTTP/1.1 408"),
        "{outcome:?}"
    );
    assert_eq!(
        app.get("/api/example/").await.status,
        StatusCode::OK,
        "other clients are served"
    );
}

#[actix_web::test]
async fn throttling_answers_429_with_retry_after_per_client_and_user() {
    let overrides = [
        ("modules.example.throttle_anon", "3/minute".to_owned()),
        ("modules.example.throttle_user", "5/minute".to_owned()),
    ];
    let app = spawn_app_with(Backend::Sqlite, &overrides).await.unwrap();
    for _ in 0..3 {
        assert_eq!(
            app.get("/api/example/").anonymous().await.status,
            StatusCode::OK
        );
    }
    let throttled = app.get("/api/example/").anonymous().await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = throttled.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    assert_eq!(
        throttled.json(),
        json!({"detail": format!("Request was throttled. Expected available in {wait} second{}.", if wait == 1 { "" } else { "s" })})
    );
    let user = format!("Bearer {}", app.token_for(77, false));
    for _ in 0..5 {
        let response = app
            .get("/api/example/")
            .header("Authorization", user.as_str())
            .await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "a user has their own allowance"
        );
    }
    let response = app
        .get("/api/example/")
        .header("Authorization", user.as_str())
        .await;
    assert_eq!(response.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.get("/api/catalog/products/").await.status,
        StatusCode::OK,
        "other modules are not throttled"
    );
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
