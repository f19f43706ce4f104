//! The stock invariant survives `kill -9` of the monolith at random moments under concurrent orders, on SQLite,
//! PostgreSQL and MariaDB: after the last restart the events drain by themselves, no order acknowledged with 201
//! is lost, and each product's stock is its stock before minus the quantities of its orders that are not cancelled.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::helpers::{Backend, RemoteProcess};
use crate::ledger::{free_port, Dice, Stores};

/// Settings every crash test's processes share: quick relays, a short acknowledgement wait.
pub fn quick_events() -> Vec<(String, String)> {
    [
        ("events.poll_interval_ms", "200"),
        ("events.retry_initial_ms", "50"),
        ("events.retry_max_secs", "2"),
        ("events.ack_wait_secs", "5"),
        ("events.retention_secs", "3600"),
        ("server.workers", "2"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

/// Starts a process off the test's runtime (it waits for the process to listen).
pub async fn start(
    settings: Vec<(String, String)>,
    args: &'static [&'static str],
) -> RemoteProcess {
    actix_web::rt::task::spawn_blocking(move || RemoteProcess::start(&settings, args))
        .await
        .unwrap()
}

async fn the_monolith_killed_at_random_keeps_stock_right(backend: Backend) {
    let Some(stores) = Stores::new(backend) else {
        return;
    };
    let port = free_port();
    let mut settings = stores.settings();
    settings.extend(quick_events());
    settings.push(("server.port".into(), port.to_string()));
    let mut monolith = start(settings.clone(), &[]).await;
    let shop = stores.shop(&format!("http://127.0.0.1:{port}"));
    let products = shop.stock_products(4, 30).await;
    let ids: Vec<i64> = products.iter().map(|p| p.0).collect();
    let stop = Arc::new(AtomicBool::new(false));
    let shoppers = {
        let (shop, stop) = (shop.clone(), stop.clone());
        actix_web::rt::spawn(async move { shop.shoppers(8, &ids, stop).await })
    };
    let mut dice = Dice::new(7);
    let mut crashes = 0;
    for _ in 0..10 {
        actix_web::rt::time::sleep(Duration::from_millis(300 + dice.below(1200))).await;
        monolith.stop(); // SIGKILL
        crashes += 1;
        actix_web::rt::time::sleep(Duration::from_millis(dice.below(300))).await;
        monolith = start(settings.clone(), &[]).await;
    }
    let restarted = Instant::now();
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    let told = shoppers.await.unwrap();
    let drained = stores.wait_until_drained(Duration::from_secs(90)).await;
    stores.check_invariant(&products, &told);
    let created = told.created.len();
    assert!(created > 50, "enough orders went through: {told:?}");
    eprintln!(
        "events report: monolith on {backend:?}: {created} orders acknowledged ({} requests, {} unanswered), \
         {crashes} kill -9, {} redeliveries recognised by the inboxes, drained {:.2}s after the load stopped \
         ({:.2}s after the last restart)",
        told.requests,
        told.unanswered,
        stores.redeliveries(),
        drained.as_secs_f64(),
        restarted.elapsed().as_secs_f64(),
    );
    drop(monolith);
}

mod sqlite {
    #[actix_web::test]
    async fn the_monolith_killed_at_random_keeps_stock_right() {
        super::the_monolith_killed_at_random_keeps_stock_right(crate::helpers::Backend::Sqlite)
            .await
    }
}

mod postgres {
    #[actix_web::test]
    async fn the_monolith_killed_at_random_keeps_stock_right() {
        super::the_monolith_killed_at_random_keeps_stock_right(crate::helpers::Backend::Postgres)
            .await
    }
}

#[cfg(feature = "mysql")]
mod mysql {
    #[actix_web::test]
    async fn the_monolith_killed_at_random_keeps_stock_right() {
        super::the_monolith_killed_at_random_keeps_stock_right(crate::helpers::Backend::Mysql).await
    }
}
