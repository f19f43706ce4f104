//! Request ids: on every response, taken from a trusted proxy or made anew, passed on to split-out modules, and in
//! every log line about the request; a 5xx's cause is logged once, in its access line.

use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    fresh_data_dir, spawn_app, spawn_app_with, unique_name, Backend, RemoteProcess,
};

const HEADER: &str = "x-request-id";

/// A `tessera serve` of its own on fresh SQLite files, plus `settings`.
fn process(settings: &[(&str, &str)], args: &[&str]) -> (RemoteProcess, std::path::PathBuf) {
    let dir = fresh_data_dir();
    let mut all = vec![
        ("server.port".to_owned(), "0".to_owned()),
        ("data_dir".to_owned(), dir.display().to_string()),
    ];
    all.extend(settings.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    (RemoteProcess::start(&all, args), dir)
}

/// The lines of `process`'s log that contain `needle`, once at least `count` of them are there (logs are read
/// from a pipe by a thread of their own).
fn lines_with(process: &RemoteProcess, needle: &str, count: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let lines: Vec<String> = process
            .log
            .lock()
            .unwrap()
            .lines()
            .filter(|l| l.contains(needle))
            .map(str::to_owned)
            .collect();
        if lines.len() >= count || Instant::now() > deadline {
            return lines;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

async fn get(url: &str, id: Option<&str>) -> (StatusCode, Option<String>) {
    let mut request = awc::Client::default().get(url);
    if let Some(id) = id {
        request = request.insert_header((HEADER, id));
    }
    let mut response = request.send().await.expect("an answer");
    let _ = response.body().await;
    let id = response
        .headers()
        .get(HEADER)
        .map(|v| v.to_str().unwrap().to_owned());
    (response.status(), id)
}

crate::on_both_backends!(every_response_carries_an_id);

async fn every_response_carries_an_id(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let mut seen = Vec::new();
    for response in [
        app.get("/api/").await,
        app.get("/api/example/").await,
        app.get("/api/example/99/").await,
        app.get("/api/orders/").anonymous().await,
        app.options("/api/catalog/products/").await,
        app.post("/api/example/").json(&json!({"name": ""})).await,
        app.get("/health/live").await,
        app.get("/api-docs/openapi.json").await,
        app.get("/no/such/page").await,
    ] {
        let id = response.header(HEADER).expect("an X-Request-Id");
        assert_eq!(id.len(), 36, "a UUID: {id}");
        assert!(!seen.contains(&id), "ids differ: {id}");
        seen.push(id);
    }
    // The test client is on loopback, a trusted proxy by default: its id is kept; one that could break a log
    // line is not.
    let kept = app.get("/api/example/").header(HEADER, "edge-7f3a:1").await;
    assert_eq!(kept.header(HEADER).as_deref(), Some("edge-7f3a:1"));
    for bad in ["two words", "quote\"d", &"x".repeat(201)] {
        let replaced = app.get("/api/example/").header(HEADER, bad).await;
        assert_eq!(
            replaced.header(HEADER).unwrap().len(),
            36,
            "{bad} is replaced"
        );
    }
}

#[actix_web::test]
async fn an_untrusted_peers_id_is_replaced() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[("server.trusted_proxies", "192.0.2.1".to_owned())],
    )
    .await
    .unwrap();
    let response = app.get("/api/").header(HEADER, "chosen-by-client").await;
    let id = response.header(HEADER).unwrap();
    assert_ne!(id, "chosen-by-client");
    assert_eq!(id.len(), 36);
}

#[actix_web::test]
async fn browser_frontends_on_other_origins_may_read_the_id() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[("cors.allowed_origins", "https://app.example".to_owned())],
    )
    .await
    .unwrap();
    let response = app
        .get("/api/example/")
        .header("Origin", "https://app.example")
        .await;
    let exposed = response
        .header("access-control-expose-headers")
        .unwrap_or_default();
    assert!(
        exposed.to_ascii_lowercase().contains("x-request-id"),
        "exposed: {exposed:?}"
    );
    assert!(response.header(HEADER).is_some());
}

#[actix_web::test]
async fn the_gateway_passes_the_id_to_the_remote_module() {
    let Some(app) = spawn_app(Backend::Gateway).await else {
        return;
    };
    let remote = app.remote.as_ref().unwrap();
    let id = unique_name("via-gateway");
    let response = app
        .get("/api/example/?page_size=5")
        .header(HEADER, &id)
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.header(HEADER), Some(id.clone()), "one id, not two");
    let lines = lines_with(remote, &format!("request_id={id}]"), 1);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("tessera::access") && lines[0].contains("GET /api/example/?page_size=5 "),
        "the remote's access line: {lines:?}"
    );
}

#[actix_web::test]
async fn orders_asks_a_remote_catalog_with_the_requests_id() {
    let (catalog, _dir) = process(&[], &["--modules", "catalog"]);
    let app = spawn_app_with(
        Backend::Sqlite,
        &[("modules.catalog.remote_url", catalog.address.clone())],
    )
    .await
    .unwrap();
    let product = app
        .post("/api/catalog/products/")
        .json(&json!({"sku": "RID", "name": "Traced", "price": "2.50"}))
        .await;
    assert_eq!(product.status, StatusCode::CREATED);
    let id = unique_name("order");
    let order = app
        .post("/api/orders/")
        .json(&json!({"product_id": 1, "quantity": 1}))
        .header(HEADER, &id)
        .await;
    assert_eq!(order.status, StatusCode::CREATED, "{}", order.text());
    let lines = lines_with(&catalog, &format!("request_id={id}]"), 1);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("GET /api/catalog/products/1/ ")),
        "catalog's log names the order's request: {lines:?}"
    );
}

/// A 500 (a module's table gone) and a 502 (a remote that is down) in a real process's log: the cause once, in the
/// access line, with the request's id, method, path and status.
#[actix_web::test]
async fn a_5xx_logs_its_cause_once_with_the_request_id() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let down = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let (server, dir) = process(&[("modules.orders.remote_url", &down)], &[]);
    let url =
        tessera_kernel::db::DatabaseUrl::parse(&format!("sqlite://{}/example.db", dir.display()))
            .unwrap();
    let mut conn = tessera_kernel::db::ConnectionManager::new(url)
        .connect()
        .unwrap();
    diesel::RunQueryDsl::execute(diesel::sql_query("DROP TABLE example_models"), &mut conn)
        .unwrap();

    let broken = unique_name("broken");
    let (status, echoed) = get(&format!("{}/api/example/", server.address), Some(&broken)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(echoed.as_deref(), Some(broken.as_str()));
    lines_with(&server, &broken, 1);
    std::thread::sleep(Duration::from_millis(300));
    let lines = lines_with(&server, &broken, 1);
    assert_eq!(lines.len(), 1, "one line about the request: {lines:?}");
    let causes = lines_with(&server, "no such table", 1);
    assert_eq!(causes.len(), 1, "the cause is logged once: {causes:?}");
    let line = &lines[0];
    assert!(line.contains(" ERROR "), "{line}");
    assert!(line.contains(&format!("request_id={broken}]")), "{line}");
    assert!(line.contains("GET /api/example/ HTTP/1.1 500 "), "{line}");
    assert!(line.contains("no such table"), "the cause: {line}");

    let gone = unique_name("gone");
    let (status, _) = get(&format!("{}/api/orders/", server.address), Some(&gone)).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    // GET is retried once when the connection fails: that warning names the request too.
    let lines = lines_with(&server, &gone, 2);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains("retrying"), "{lines:?}");
    let access = &lines[1];
    assert!(access.contains(" WARN  tessera::access "), "{access}");
    assert!(
        access.contains("GET /api/orders/ HTTP/1.1 502 "),
        "{access}"
    );
    assert!(
        access.contains(&format!("gateway: orders at {down}/api/orders/")),
        "{access}"
    );
}

/// A process logging JSON: `RemoteProcess` reads its address from a text line, so this one is read here.
struct JsonLogged {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    address: String,
}

impl JsonLogged {
    fn start() -> Self {
        use std::io::{BufRead, BufReader};
        let dir = fresh_data_dir();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tessera"))
            .env("APP__SERVER__PORT", "0")
            .env("APP__DATA_DIR", &dir)
            .env("APP__LOG__FORMAT", "json")
            .env("RUST_LOG", "info")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let (send, lines) = std::sync::mpsc::channel();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        std::thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        let mut address = String::new();
        while address.is_empty() {
            let line = lines.recv_timeout(Duration::from_secs(30)).unwrap();
            let parsed: Value = serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("every line is JSON ({e}): {line}"));
            if let Some(at) = parsed["message"]
                .as_str()
                .and_then(|m| m.strip_prefix("listening on "))
            {
                address = at.to_owned();
            }
        }
        JsonLogged {
            child,
            lines,
            address,
        }
    }
}

impl Drop for JsonLogged {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[actix_web::test]
async fn json_logs_carry_the_request_id_as_a_field() {
    let server = JsonLogged::start();
    let id = unique_name("json");
    let (status, _) = get(&format!("{}/api/example/", server.address), Some(&id)).await;
    assert_eq!(status, StatusCode::OK);
    let line = loop {
        let line = server.lines.recv_timeout(Duration::from_secs(10)).unwrap();
        let parsed: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("every line is JSON ({e}): {line}"));
        if parsed["request_id"] == json!(id) {
            break parsed;
        }
    };
    assert_eq!(line["target"], "tessera::access");
    assert_eq!(line["level"], "INFO");
    assert!(line["message"]
        .as_str()
        .unwrap()
        .starts_with("GET /api/example/ HTTP/1.1 200 "));
    assert!(line["time"].as_str().unwrap().ends_with('Z'));
}
