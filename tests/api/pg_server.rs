//! A PostgreSQL server of a test's own, which the test may stop and start again: the shared one must stay up
//! for the other tests. Needs root (initdb runs as the postgres user) and Debian's server binaries.

use std::path::PathBuf;
use std::process::Command;

use crate::helpers::OwnServer;

pub struct PgServer {
    bin: PathBuf,
    dir: PathBuf,
    pub port: u16,
}

fn run(command: &mut Command) -> bool {
    command.output().is_ok_and(|o| o.status.success())
}

impl PgServer {
    /// `None` when this machine cannot run one (and CI does not require PostgreSQL).
    pub fn start() -> Option<Self> {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .ok()
            .and_then(|versions| {
                versions
                    .flatten()
                    .map(|v| v.path().join("bin"))
                    .filter(|b| b.join("initdb").exists())
                    .max()
            });
        let Some(bin) = bin else {
            assert!(
                std::env::var("TESSERA_REQUIRE_POSTGRES").is_err(),
                "PostgreSQL server binaries are missing"
            );
            eprintln!("skipped: no PostgreSQL server binaries");
            return None;
        };
        let dir = std::env::temp_dir().join(crate::helpers::unique_name("tessera_pg"));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(
            run(Command::new("chown").args(["postgres:postgres"]).arg(&dir)),
            "chown (tests run as root in CI)"
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let initdb = run(Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(bin.join("initdb"))
            .arg("-D")
            .arg(&dir)
            .args([
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]));
        assert!(initdb, "initdb");
        let server = PgServer { bin, dir, port };
        server.resume();
        Some(server)
    }

    fn pg_ctl(&self, args: &[&str]) -> bool {
        run(Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(&self.dir)
            .args(args))
    }
}

impl OwnServer for PgServer {
    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Stops the server at once, as a crash or a network cut would.
    fn stop(&self) {
        assert!(
            self.pg_ctl(&["-m", "immediate", "-w", "stop"]),
            "pg_ctl stop"
        );
    }

    fn resume(&self) {
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k /tmp -c fsync=off",
            self.port
        );
        let log = self.dir.join("server.log");
        assert!(
            self.pg_ctl(&[
                "-w",
                "-t",
                "60",
                "-l",
                log.to_str().unwrap(),
                "-o",
                &options,
                "start"
            ]),
            "pg_ctl start"
        );
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let _ = self.pg_ctl(&["-m", "immediate", "-w", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
