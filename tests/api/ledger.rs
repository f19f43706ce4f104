//! The stock invariant of the events (issue 14), and the load that puts it to the test: each module's own databases
//! on a backend (`Stores`), shoppers placing, cancelling, changing and deleting orders concurrently against a
//! `tessera` process that may be killed at any moment (`Shop`), and the checks once the events are handled: each
//! product's stock is its stock before the orders minus the quantities of its orders that are not cancelled, never
//! negative, and every order acknowledged with 201 (and not deleted) exists.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use diesel::RunQueryDsl;
use serde_json::json;
use tessera_kernel::auth::TokenKind;
use tessera_kernel::db::AnyConnection;

use crate::helpers::{
    connect_url, drop_test_database, ensure_user, fresh_data_dir, fresh_mysql_database,
    fresh_postgres_database, Backend,
};

/// Each module's own database on one backend, gone when the test ends.
pub struct Stores {
    pub urls: Vec<(String, String)>,
    pub dir: PathBuf,
}

impl Stores {
    /// `None` when the backend is not configured here.
    pub fn new(backend: Backend) -> Option<Self> {
        let dir = fresh_data_dir();
        let mut urls = Vec::new();
        for module in tessera::modules::MODULES {
            let url = match backend {
                Backend::Sqlite | Backend::Gateway => {
                    format!("sqlite://{}/{}.db", dir.display(), module.name())
                }
                Backend::Postgres => fresh_postgres_database()?,
                Backend::Mysql => fresh_mysql_database()?,
            };
            urls.push((module.name().to_owned(), url));
        }
        Some(Stores { urls, dir })
    }

    /// The settings that put every module on its database.
    pub fn settings(&self) -> Vec<(String, String)> {
        let mut settings = vec![("data_dir".to_owned(), self.dir.display().to_string())];
        for (module, url) in &self.urls {
            settings.push((format!("modules.{module}.database_url"), url.clone()));
        }
        settings
    }

    /// Clients of the process at `address`, which serves accounts from these stores (migrated by then): their
    /// staff user is made to exist, since every token's user is looked up.
    pub fn shop(&self, address: &str) -> Shop {
        ensure_user(&mut self.conn("accounts"), crate::helpers::STAFF_ID, true);
        Shop::new(address)
    }

    pub fn conn(&self, module: &str) -> AnyConnection {
        let url = &self.urls.iter().find(|(m, _)| m == module).unwrap().1;
        connect_url(url)
    }

    /// Runs `sql` returning one integer named `n` on a module's database.
    pub fn count(&self, module: &str, sql: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let rows: Vec<Count> = diesel::sql_query(sql).load(&mut self.conn(module)).unwrap();
        rows[0].n
    }

    /// Waits until the events are drained; how long it took.
    pub async fn wait_until_drained(&self, limit: Duration) -> Duration {
        wait_until_drained(&|m: &str, sql: &str| self.count(m, sql), limit).await
    }

    /// Deliveries the inboxes recognised as handled already.
    pub fn redeliveries(&self) -> i64 {
        ["orders", "catalog"]
            .iter()
            .map(|m| tessera_kernel::events::inbox::redeliveries(&mut self.conn(m)).unwrap())
            .sum()
    }

    /// Asserts the invariant, once drained (see [`check_invariant`]).
    pub fn check_invariant(&self, initial: &[(i64, i64)], told: &Told) {
        check_invariant(&|m: &str| self.conn(m), initial, told);
    }
}

impl Drop for Stores {
    fn drop(&mut self) {
        for (_, url) in &self.urls {
            drop_test_database(url);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Asserts the invariant, once drained: stock = stock before - quantities of the orders not cancelled, never
/// negative; an order holds stock exactly when it is not cancelled; every acknowledged order exists.
pub fn check_invariant(conn: &dyn Fn(&str) -> AnyConnection, initial: &[(i64, i64)], told: &Told) {
    #[derive(diesel::QueryableByName)]
    struct Product {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        stock: i64,
    }
    #[derive(diesel::QueryableByName)]
    struct Order {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        product_id: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        quantity: i64,
        #[diesel(sql_type = diesel::sql_types::Text)]
        status: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        reservation: String,
    }
    let products: Vec<Product> = diesel::sql_query("SELECT id, stock FROM catalog_products")
        .load(&mut conn("catalog"))
        .unwrap();
    let orders: Vec<Order> =
        diesel::sql_query("SELECT id, product_id, quantity, status, reservation FROM orders")
            .load(&mut conn("orders"))
            .unwrap();
    let mut held: BTreeMap<i64, i64> = BTreeMap::new();
    for order in &orders {
        let cancelled = order.status == "cancelled";
        assert_eq!(
            order.reservation,
            if cancelled { "none" } else { "reserved" },
            "order {} ({}) holds stock exactly when it is not cancelled",
            order.id,
            order.status
        );
        if !cancelled {
            *held.entry(order.product_id).or_default() += order.quantity;
        }
    }
    for &(id, before) in initial {
        let product = products
            .iter()
            .find(|p| p.id == id)
            .expect("the product exists");
        let expected = before - held.get(&id).copied().unwrap_or(0);
        assert_eq!(
            product.stock,
            expected,
            "product {id}: {before} before, orders not cancelled hold {}",
            before - expected
        );
        assert!(product.stock >= 0, "product {id}: stock {}", product.stock);
    }
    assert_eq!(
        told.server_errors, 0,
        "no request was answered 500: {told:?}"
    );
    let existing: HashSet<i64> = orders.iter().map(|o| o.id).collect();
    for id in &told.created {
        assert!(
            existing.contains(id) || told.maybe_deleted.contains(id),
            "order {id} was acknowledged with 201 and is gone"
        );
    }
}

/// Runs SQL returning one integer `n` on a module's database (`Stores::count`, `TestApp::count`).
pub type Count<'a> = &'a dyn Fn(&str, &str) -> i64;

/// Every publication of orders and catalog handled by its consumer, and no order awaiting catalog's answer.
pub fn drained(count: Count<'_>) -> bool {
    let outbox = |m: &str| count(m, "SELECT COUNT(*) AS n FROM events_outbox");
    let undelivered = |m: &str| {
        count(
            m,
            "SELECT COUNT(*) AS n FROM events_outbox WHERE state <> 'delivered'",
        )
    };
    let inbox = |m: &str| count(m, "SELECT COUNT(*) AS n FROM events_inbox");
    undelivered("orders") == 0
        && undelivered("catalog") == 0
        && inbox("catalog") == outbox("orders")
        && inbox("orders") == outbox("catalog")
        && count(
            "orders",
            "SELECT COUNT(*) AS n FROM orders WHERE reservation = 'awaiting'",
        ) == 0
}

/// Waits until [`drained`]; how long it took.
pub async fn wait_until_drained(count: Count<'_>, limit: Duration) -> Duration {
    let started = Instant::now();
    while !drained(count) {
        assert!(
            started.elapsed() < limit,
            "the events did not drain within {limit:?}: {}",
            backlog(count)
        );
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    started.elapsed()
}

/// The outboxes and inboxes, for a failure's message.
pub fn backlog(count: Count<'_>) -> String {
    format!(
        "orders outbox {} ({} undelivered), catalog inbox {}, catalog outbox {} ({} undelivered), orders inbox {}, \
         orders awaiting {}",
        count("orders", "SELECT COUNT(*) AS n FROM events_outbox"),
        count("orders", "SELECT COUNT(*) AS n FROM events_outbox WHERE state <> 'delivered'"),
        count("catalog", "SELECT COUNT(*) AS n FROM events_inbox"),
        count("catalog", "SELECT COUNT(*) AS n FROM events_outbox"),
        count("catalog", "SELECT COUNT(*) AS n FROM events_outbox WHERE state <> 'delivered'"),
        count("orders", "SELECT COUNT(*) AS n FROM events_inbox"),
        count("orders", "SELECT COUNT(*) AS n FROM orders WHERE reservation = 'awaiting'"),
    )
}

/// A free port on loopback, for a process that must come back on the same address after a crash.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A staff user's token, signed with the secret every test process shares (the development one).
pub fn staff_token() -> String {
    tessera::Settings::load_with(&[]).unwrap().signer().issue(
        TokenKind::Access,
        crate::helpers::STAFF_ID,
        true,
    )
}

/// A small random number generator (xorshift), seeded per shopper.
pub struct Dice(u64);

impl Dice {
    pub fn new(seed: u64) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64;
        Dice((nanos ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// What the shoppers were told.
#[derive(Debug, Default)]
pub struct Told {
    /// Orders acknowledged with 201.
    pub created: Vec<i64>,
    /// Orders a DELETE was sent for (whatever came back).
    pub maybe_deleted: HashSet<i64>,
    pub requests: u64,
    /// Requests that got no answer (the process was down or killed) or a 5xx.
    pub unanswered: u64,
    /// Answers 500: never expected, whatever is killed (a module that is down is a 503).
    pub server_errors: u64,
}

/// Clients of a `tessera` process at `address`.
#[derive(Clone)]
pub struct Shop {
    pub address: String,
    token: String,
    client: awc::Client,
}

impl Shop {
    pub fn new(address: &str) -> Self {
        Shop {
            address: address.to_owned(),
            token: staff_token(),
            client: awc::Client::builder()
                .timeout(Duration::from_secs(10))
                .finish(),
        }
    }

    /// Sends a request; the status and body, or `None` without an answer.
    pub async fn send(
        &self,
        method: awc::http::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Option<(u16, serde_json::Value)> {
        let request = self
            .client
            .request(method, format!("{}{path}", self.address))
            .insert_header(("Authorization", format!("Bearer {}", self.token)));
        let mut response = match body {
            Some(body) => request.send_json(&body).await,
            None => request.send().await,
        }
        .ok()?;
        let status = response.status().as_u16();
        let bytes = response.body().await.ok()?;
        Some((status, serde_json::from_slice(&bytes).unwrap_or_default()))
    }

    /// Creates `count` products with `stock` each, waiting for the process to answer; their ids and stock.
    pub async fn stock_products(&self, count: usize, stock: i64) -> Vec<(i64, i64)> {
        let mut products = Vec::new();
        for i in 0..count {
            let body = json!({"sku": format!("S-{i}"), "name": "Stocked", "price": "1.25", "stock": stock});
            let started = Instant::now();
            loop {
                match self
                    .send(
                        awc::http::Method::POST,
                        "/api/catalog/products/",
                        Some(body.clone()),
                    )
                    .await
                {
                    Some((201, product)) => {
                        products.push((product["id"].as_i64().unwrap(), stock));
                        break;
                    }
                    answer => {
                        assert!(started.elapsed() < Duration::from_secs(30), "{answer:?}");
                        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
                    }
                }
            }
        }
        products
    }

    /// `clients` shoppers until `stop` is set: they place orders (most of the time), cancel, un-cancel, change
    /// and delete their own, never waiting for the events.
    pub async fn shoppers(&self, clients: usize, products: &[i64], stop: Arc<AtomicBool>) -> Told {
        let told = Arc::new(Mutex::new(Told::default()));
        let handles: Vec<_> = (0..clients)
            .map(|n| {
                let (shop, products, stop, told) =
                    (self.clone(), products.to_vec(), stop.clone(), told.clone());
                actix_web::rt::spawn(async move {
                    shop.shopper(n as u64, &products, &stop, &told).await
                })
            })
            .collect();
        for handle in handles {
            handle.await.unwrap();
        }
        let mut told = told.lock().unwrap();
        std::mem::take(&mut *told)
    }

    async fn shopper(&self, n: u64, products: &[i64], stop: &AtomicBool, told: &Mutex<Told>) {
        use awc::http::Method;
        let mut dice = Dice::new(n + 1);
        let mut mine: Vec<i64> = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let roll = dice.below(100);
            let pick = |dice: &mut Dice, mine: &[i64]| mine[dice.below(mine.len() as u64) as usize];
            let answer = if roll < 60 || mine.is_empty() {
                let product = products[dice.below(products.len() as u64) as usize];
                let body = json!({"product_id": product, "quantity": 1 + dice.below(3)});
                let answer = self.send(Method::POST, "/api/orders/", Some(body)).await;
                if let Some((201, order)) = &answer {
                    let id = order["id"].as_i64().unwrap();
                    mine.push(id);
                    told.lock().unwrap().created.push(id);
                }
                answer
            } else if roll < 95 {
                let id = pick(&mut dice, &mine);
                let body = match roll {
                    60..=74 => json!({"status": "cancelled"}),
                    75..=84 => json!({"status": "pending"}),
                    85..=89 => json!({"quantity": 1 + dice.below(4)}),
                    _ => json!({"status": "paid"}),
                };
                self.send(Method::PATCH, &format!("/api/orders/{id}/"), Some(body))
                    .await
            } else {
                let id = pick(&mut dice, &mine);
                told.lock().unwrap().maybe_deleted.insert(id);
                let answer = self
                    .send(Method::DELETE, &format!("/api/orders/{id}/"), None)
                    .await;
                if matches!(answer, Some((204 | 404, _))) {
                    mine.retain(|o| *o != id);
                }
                answer
            };
            let answered = matches!(answer, Some((status, _)) if status < 500);
            {
                let mut told = told.lock().unwrap();
                told.requests += 1;
                told.unanswered += u64::from(!answered);
                told.server_errors += u64::from(matches!(answer, Some((500, _))));
            }
            if !answered {
                actix_web::rt::time::sleep(Duration::from_millis(30)).await;
            }
        }
    }
}
