//! Events through NATS JetStream (`events.broker_url`), against the server the environment provides
//! (`TESSERA_TEST_NATS_URL`; CI starts one with `.ci/nats.sh`), each test in a namespace of its own: the same stock
//! in the monolith and with catalog split out; a broker that delivers everything again has no second effect; and
//! with catalog in its own process, killing either process at random and restarting NATS under concurrent orders
//! keeps the invariant, on SQLite, PostgreSQL and MariaDB.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::events_crashes::{quick_events, start};
use crate::helpers::{
    forget_namespace, nats_url, spawn_app_with, unique_name, Backend, OwnNats, TestApp,
};
use crate::ledger::{free_port, wait_until_drained, Dice, Stores};

crate::on_both_backends!(the_monolith_through_nats_keeps_stock_right);

fn through(url: &str, namespace: &str) -> Vec<(&'static str, String)> {
    vec![
        ("events.broker_url", url.to_owned()),
        ("events.namespace", namespace.to_owned()),
        ("events.ack_wait_secs", "5".to_owned()),
        ("events.retention_secs", "3600".to_owned()),
    ]
}

async fn drain(app: &TestApp) {
    wait_until_drained(&|m: &str, s: &str| app.count(m, s), Duration::from_secs(30)).await;
}

async fn the_monolith_through_nats_keeps_stock_right(backend: Backend) {
    let Some(url) = nats_url() else {
        return;
    };
    let namespace = unique_name("mono");
    let Some(app) = spawn_app_with(backend, &through(&url, &namespace)).await else {
        return;
    };
    app.post("/api/catalog/products/")
        .json(&json!({"sku": "N", "name": "Nut", "price": "0.10", "stock": 5}))
        .await;
    for quantity in [2, 4, 3] {
        let order = app
            .post("/api/orders/")
            .json(&json!({"product_id": 1, "quantity": quantity}))
            .await;
        assert_eq!(order.status, 201, "{}", order.text());
    }
    drain(&app).await;
    let stock = || {
        app.count(
            "catalog",
            "SELECT stock AS n FROM catalog_products WHERE id = 1",
        )
    };
    assert_eq!(stock(), 0, "2 and 3 taken, 4 rejected");
    assert_eq!(
        app.get("/api/orders/2/").await.json()["status"],
        "cancelled"
    );
    app.patch("/api/orders/1/")
        .json(&json!({"status": "cancelled"}))
        .await;
    drain(&app).await;
    assert_eq!(stock(), 2);
    let ready = app.get("/health/ready").await.json();
    assert_eq!(ready["broker"]["status"], "up", "{ready}");
    forget_namespace(&url, &namespace).await;
}

#[actix_web::test]
async fn catalog_split_out_keeps_stock_right_through_nats() {
    let Some(url) = nats_url() else {
        return;
    };
    let namespace = unique_name("split");
    let stores = Stores::new(Backend::Sqlite).unwrap();
    let mut settings = stores.settings();
    settings.extend(
        through(&url, &namespace)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v)),
    );
    settings.push(("server.port".into(), "0".into()));
    let catalog = start(settings.clone(), &["--modules", "catalog"]).await;
    settings.push(("modules.catalog.remote_url".into(), catalog.address.clone()));
    let monolith = start(settings.clone(), &[]).await;
    let shop = stores.shop(&monolith.address);
    let products = shop.stock_products(1, 5).await;
    for quantity in [2, 4, 3] {
        let (status, _) = shop
            .send(
                awc::http::Method::POST,
                "/api/orders/",
                Some(json!({"product_id": 1, "quantity": quantity})),
            )
            .await
            .unwrap();
        assert_eq!(status, 201);
    }
    stores.wait_until_drained(Duration::from_secs(30)).await;
    stores.check_invariant(&products, &crate::ledger::Told::default());
    assert_eq!(
        stores.count("catalog", "SELECT stock AS n FROM catalog_products"),
        0
    );
    let (_, ready) = shop
        .send(awc::http::Method::GET, "/health/ready", None)
        .await
        .unwrap();
    assert_eq!(ready["broker"]["status"], "up", "{ready}");
    assert_eq!(ready["modules"]["catalog"]["backend"], "remote", "{ready}");
    forget_namespace(&url, &namespace).await;
}

#[actix_web::test]
async fn the_broker_delivering_everything_again_has_no_second_effect() {
    let Some(url) = nats_url() else {
        return;
    };
    let namespace = unique_name("again");
    let app = spawn_app_with(Backend::Sqlite, &through(&url, &namespace))
        .await
        .unwrap();
    app.post("/api/catalog/products/")
        .json(&json!({"sku": "N", "name": "Nut", "price": "0.10", "stock": 9}))
        .await;
    for _ in 0..3 {
        app.post("/api/orders/")
            .json(&json!({"product_id": 1, "quantity": 2}))
            .await;
    }
    drain(&app).await;
    assert_eq!(
        app.count("catalog", "SELECT stock AS n FROM catalog_products"),
        3
    );
    // catalog's durable consumer forgotten by the broker: made again, it is handed the whole stream once more.
    let jetstream = async_nats::jetstream::new(async_nats::connect(url.as_str()).await.unwrap());
    jetstream
        .get_stream(format!("{namespace}_orders"))
        .await
        .unwrap()
        .delete_consumer("catalog")
        .await
        .unwrap();
    let started = Instant::now();
    while app.count(
        "catalog",
        "SELECT COALESCE(SUM(redeliveries), 0) AS n FROM events_inbox",
    ) < 3
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the stream is delivered again"
        );
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    drain(&app).await;
    assert_eq!(
        app.count("catalog", "SELECT stock AS n FROM catalog_products"),
        3,
        "no second effect"
    );
    forget_namespace(&url, &namespace).await;
}

/// catalog in its own process, orders in the monolith, both through a NATS of the test's own: under concurrent
/// orders, catalog or the monolith is killed (`kill -9`) at random moments and NATS is restarted twice.
async fn split_processes_killed_and_nats_restarted_keep_stock_right(backend: Backend) {
    let Some(mut nats) = OwnNats::start() else {
        return;
    };
    let Some(stores) = Stores::new(backend) else {
        return;
    };
    let (catalog_port, monolith_port) = (free_port(), free_port());
    let mut settings = stores.settings();
    settings.extend(quick_events());
    settings.push(("events.broker_url".into(), nats.url.clone()));
    settings.push(("events.namespace".into(), unique_name("crash")));
    settings.push((
        "modules.catalog.remote_url".into(),
        format!("http://127.0.0.1:{catalog_port}"),
    ));
    let with_port = |port: u16| {
        let mut s = settings.clone();
        s.push(("server.port".into(), port.to_string()));
        s
    };
    let mut catalog = start(with_port(catalog_port), &["--modules", "catalog"]).await;
    let mut monolith = start(with_port(monolith_port), &[]).await;
    let shop = stores.shop(&format!("http://127.0.0.1:{monolith_port}"));
    let products = shop.stock_products(4, 30).await;
    let ids: Vec<i64> = products.iter().map(|p| p.0).collect();
    let stop = Arc::new(AtomicBool::new(false));
    let shoppers = {
        let (shop, stop) = (shop.clone(), stop.clone());
        actix_web::rt::spawn(async move { shop.shoppers(8, &ids, stop).await })
    };
    let mut dice = Dice::new(11);
    let (mut catalog_kills, mut monolith_kills, mut nats_restarts) = (0, 0, 0);
    for step in 0..12 {
        actix_web::rt::time::sleep(Duration::from_millis(400 + dice.below(1200))).await;
        match (step, dice.below(10)) {
            (4 | 9, _) => {
                // Orders keep coming while the broker is away: they wait in the outboxes.
                nats.stop();
                actix_web::rt::time::sleep(Duration::from_millis(500 + dice.below(1500))).await;
                nats.resume();
                nats_restarts += 1;
            }
            (_, 0..=6) => {
                catalog.stop();
                catalog_kills += 1;
                actix_web::rt::time::sleep(Duration::from_millis(dice.below(500))).await;
                catalog = start(with_port(catalog_port), &["--modules", "catalog"]).await;
            }
            _ => {
                monolith.stop();
                monolith_kills += 1;
                actix_web::rt::time::sleep(Duration::from_millis(dice.below(500))).await;
                monolith = start(with_port(monolith_port), &[]).await;
            }
        }
    }
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    let told = shoppers.await.unwrap();
    let drained = stores.wait_until_drained(Duration::from_secs(120)).await;
    stores.check_invariant(&products, &told);
    let created = told.created.len();
    assert!(created > 30, "enough orders went through: {told:?}");
    eprintln!(
        "events report: split through NATS on {backend:?}: {created} orders acknowledged ({} requests, {} \
         unanswered), {catalog_kills} kill -9 of catalog, {monolith_kills} of the monolith, {nats_restarts} NATS \
         restarts, {} redeliveries recognised by the inboxes, drained {:.2}s after the load stopped",
        told.requests,
        told.unanswered,
        stores.redeliveries(),
        drained.as_secs_f64(),
    );
    drop((catalog, monolith));
}

mod split_sqlite {
    #[actix_web::test]
    async fn split_processes_killed_and_nats_restarted_keep_stock_right() {
        super::split_processes_killed_and_nats_restarted_keep_stock_right(
            crate::helpers::Backend::Sqlite,
        )
        .await
    }
}

mod split_postgres {
    #[actix_web::test]
    async fn split_processes_killed_and_nats_restarted_keep_stock_right() {
        super::split_processes_killed_and_nats_restarted_keep_stock_right(
            crate::helpers::Backend::Postgres,
        )
        .await
    }
}

#[cfg(feature = "mysql")]
mod split_mysql {
    #[actix_web::test]
    async fn split_processes_killed_and_nats_restarted_keep_stock_right() {
        super::split_processes_killed_and_nats_restarted_keep_stock_right(
            crate::helpers::Backend::Mysql,
        )
        .await
    }
}
