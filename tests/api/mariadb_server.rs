//! A MariaDB server of a test's own, which the test may kill and start again: the shared one must stay up for the
//! other tests. Needs root (the server runs as the mysql user) and Debian's `mariadb-server`.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::helpers::OwnServer;

pub struct MariaServer {
    dir: PathBuf,
    pub port: u16,
    server: Mutex<Option<Child>>,
}

fn run(command: &mut Command) -> bool {
    command.output().is_ok_and(|o| o.status.success())
}

impl MariaServer {
    /// `None` when this machine cannot run one (and CI does not require MySQL).
    pub fn start() -> Option<Self> {
        if !run(Command::new("mariadbd").arg("--version")) {
            assert!(
                std::env::var("TESSERA_REQUIRE_MYSQL").is_err(),
                "MariaDB server binaries are missing"
            );
            eprintln!("skipped: no MariaDB server binaries");
            return None;
        }
        let dir = std::env::temp_dir().join(crate::helpers::unique_name("tessera_mariadb"));
        std::fs::create_dir_all(dir.join("run")).unwrap();
        assert!(
            run(Command::new("chown").args(["-R", "mysql:mysql"]).arg(&dir)),
            "chown (tests run as root in CI)"
        );
        let installed = run(Command::new("mariadb-install-db")
            .args(["--no-defaults", "--user=mysql", "--skip-test-db"])
            .arg(format!("--datadir={}", dir.join("data").display()))
            .arg("--auth-root-authentication-method=socket"));
        assert!(installed, "mariadb-install-db");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let server = MariaServer {
            dir,
            port,
            server: Mutex::new(None),
        };
        server.resume();
        let created = run(server.client().arg("-e").arg(
            "CREATE USER 'tessera'@'127.0.0.1' IDENTIFIED BY 'tessera'; \
             GRANT ALL PRIVILEGES ON *.* TO 'tessera'@'127.0.0.1'; CREATE DATABASE tessera;",
        ));
        assert!(created, "create the test user and database");
        Some(server)
    }

    fn socket(&self) -> String {
        format!("--socket={}", self.dir.join("run/mysqld.sock").display())
    }

    fn client(&self) -> Command {
        let mut command = Command::new("mariadb");
        command.args(["--no-defaults", "-uroot", &self.socket()]);
        command
    }
}

impl OwnServer for MariaServer {
    fn url(&self) -> String {
        format!("mysql://tessera:tessera@127.0.0.1:{}/tessera", self.port)
    }

    /// Kills the server at once, as a crash or a network cut would.
    fn stop(&self) {
        if let Some(mut child) = self.server.lock().unwrap().take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server with InnoDB's durable defaults: the test kills it, and a commit it acknowledged must
    /// survive (with `--innodb-flush-log-at-trx-commit=0`, the last second of commits did not).
    fn resume(&self) {
        let child = Command::new("mariadbd")
            .args(["--no-defaults", "--user=mysql", "--bind-address=127.0.0.1"])
            .arg("--skip-name-resolve")
            .arg(format!("--datadir={}", self.dir.join("data").display()))
            .arg(self.socket())
            .arg(format!("--port={}", self.port))
            .arg(format!(
                "--log-error={}",
                self.dir.join("server.log").display()
            ))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("mariadbd starts");
        *self.server.lock().unwrap() = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        while !run(Command::new("mariadb-admin").args([
            "--no-defaults",
            "-uroot",
            &self.socket(),
            "ping",
        ])) {
            assert!(Instant::now() < deadline, "mariadbd did not come up");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for MariaServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
