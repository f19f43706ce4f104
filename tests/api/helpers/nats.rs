//! NATS for the events tests: the server the environment provides (`TESSERA_TEST_NATS_URL`, which CI's
//! `.ci/nats.sh` starts), and `OwnNats`, a `nats-server` of a test's own that the test can restart.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::fresh_data_dir;

/// The NATS server (JetStream enabled) the events tests use, e.g. `nats://127.0.0.1:4223`.
pub const NATS_ENV: &str = "TESSERA_TEST_NATS_URL";

/// The provided server's URL, or `None` (the test skips) when none is; `TESSERA_REQUIRE_NATS=1` (CI) makes a
/// missing one fail the test instead.
pub fn nats_url() -> Option<String> {
    match std::env::var(NATS_ENV) {
        Ok(url) => Some(url),
        Err(_) => {
            assert!(
                std::env::var("TESSERA_REQUIRE_NATS").is_err(),
                "TESSERA_REQUIRE_NATS is set but {NATS_ENV} is not"
            );
            eprintln!("skipped: set {NATS_ENV} to run this variant");
            None
        }
    }
}

/// Deletes the streams of a test's namespace from the server (its consumers go with them).
pub async fn forget_namespace(url: &str, namespace: &str) {
    let Ok(client) = async_nats::connect(url).await else {
        return;
    };
    let jetstream = async_nats::jetstream::new(client);
    for module in ["orders", "catalog"] {
        let _ = jetstream
            .delete_stream(format!("{namespace}_{module}"))
            .await;
    }
}

/// A `nats-server -js` of a test's own on a free port, its store in a throwaway folder that outlives restarts. The
/// binary is `TESSERA_TEST_NATS_SERVER`, else `nats-server` on the `PATH` (Debian's `nats-server` package).
pub struct OwnNats {
    pub url: String,
    port: u16,
    store: PathBuf,
    child: Option<Child>,
}

impl OwnNats {
    /// Starts one when the environment has NATS (`TESSERA_TEST_NATS_URL` set); `None` otherwise.
    pub fn start() -> Option<Self> {
        nats_url()?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut nats = OwnNats {
            url: format!("nats://127.0.0.1:{port}"),
            port,
            store: fresh_data_dir(),
            child: None,
        };
        nats.resume();
        Some(nats)
    }

    /// Starts the server again on the same port and store, and waits until it accepts connections.
    pub fn resume(&mut self) {
        let binary =
            std::env::var("TESSERA_TEST_NATS_SERVER").unwrap_or_else(|_| "nats-server".into());
        let child = Command::new(&binary)
            .args([
                "-js",
                "-a",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-sd",
            ])
            .arg(&self.store)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{binary} starts (apt-get install nats-server): {e}"));
        self.child = Some(child);
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "nats-server listens"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server as an operator restarting it would (SIGTERM: it finishes writing its store).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            let started = Instant::now();
            while child.try_wait().ok().flatten().is_none() {
                if started.elapsed() > Duration::from_secs(10) {
                    let _ = child.kill();
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.wait();
        }
    }
}

impl Drop for OwnNats {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.store);
    }
}
