//! A test's own storage: names no other test uses, a folder for SQLite files, and databases created on (and
//! dropped from) the shared PostgreSQL and MySQL/MariaDB servers; `OwnServer` for a server of a test's own.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use diesel::RunQueryDsl;
use tessera_kernel::db::{AnyConnection, ConnectionManager, DatabaseUrl};

/// The PostgreSQL server tests create their databases on, e.g. `postgres://tessera:tessera@127.0.0.1:5433/tessera`.
pub const POSTGRES_ENV: &str = "TESSERA_TEST_POSTGRES_URL";

/// The MySQL/MariaDB server tests create their databases on, e.g. `mysql://tessera:tessera@127.0.0.1:3307/tessera`.
pub const MYSQL_ENV: &str = "TESSERA_TEST_MYSQL_URL";

/// A name no other test of this run or an earlier one uses.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos % 1_000_000_000
    )
}

/// A fresh folder for SQLite files.
pub fn fresh_data_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(unique_name("tessera"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A connection to the database at `url`, through the kernel's own connection type.
pub fn connect_url(url: &str) -> AnyConnection {
    connect(url).unwrap_or_else(|e| panic!("connect to {url}: {e}"))
}

/// A connection to the database at `url`, through the kernel's own connection type.
pub(super) fn connect(url: &str) -> Result<AnyConnection, String> {
    let url = DatabaseUrl::parse(url).map_err(|e| e.to_string())?;
    ConnectionManager::new(url)
        .connect()
        .map_err(|e| e.to_string())
}

/// A fresh, empty PostgreSQL database, or `None` when no server is configured. In CI
/// (`TESSERA_REQUIRE_POSTGRES=1`) a missing server fails the test instead of skipping it.
pub fn fresh_postgres_database() -> Option<String> {
    fresh_server_database(POSTGRES_ENV, "TESSERA_REQUIRE_POSTGRES")
}

/// A fresh, empty MySQL/MariaDB database, or `None` when no server is configured or the build has no `mysql`
/// feature; `TESSERA_REQUIRE_MYSQL=1` makes a missing server fail the test.
pub fn fresh_mysql_database() -> Option<String> {
    if !cfg!(feature = "mysql") {
        return None;
    }
    fresh_server_database(MYSQL_ENV, "TESSERA_REQUIRE_MYSQL")
}

/// Creates a database on the server whose URL is in `env`.
fn fresh_server_database(env: &str, require: &str) -> Option<String> {
    let Ok(admin_url) = std::env::var(env) else {
        assert!(
            std::env::var(require).is_err(),
            "{require} is set but {env} is not"
        );
        eprintln!("skipped: set {env} to run this variant");
        return None;
    };
    let name = unique_name("tessera_test");
    let mut admin = connect(&admin_url).expect("connect to the test server");
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .expect("create a test database");
    let base = admin_url.rsplit_once('/').expect("a database in the URL").0;
    Some(format!("{base}/{name}"))
}

/// Drops a database made by [`fresh_postgres_database`] or [`fresh_mysql_database`]; leaves any other alone.
pub fn drop_test_database(url: &str) {
    let Some((_, name)) = url.rsplit_once('/') else {
        return;
    };
    if !name.starts_with("tessera_test_") {
        return;
    }
    let (env, sql) = if url.starts_with("postgres") {
        (
            POSTGRES_ENV,
            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        )
    } else if url.starts_with("mysql") {
        (MYSQL_ENV, format!("DROP DATABASE IF EXISTS {name}"))
    } else {
        return;
    };
    if let Some(Ok(mut admin)) = std::env::var(env).ok().map(|u| connect(&u)) {
        let _ = diesel::sql_query(sql).execute(&mut admin);
    }
}

/// A database server of a test's own (`pg_server`, `mariadb_server`), which the test can take away and bring back.
pub trait OwnServer {
    /// The URL of its test database.
    fn url(&self) -> String;
    /// Stops it at once, as a crash or a network cut would.
    fn stop(&self);
    fn resume(&self);
}

/// Makes the user with this id exist in the accounts database `conn` is on, active, with this staff status (named
/// `user-<id>` when it is new): every token's user is looked up. Nothing when the table is not there.
pub fn ensure_user(conn: &mut AnyConnection, user_id: i64, is_staff: bool) {
    let staff = if is_staff { "TRUE" } else { "FALSE" };
    let Ok(updated) = diesel::sql_query(format!(
        "UPDATE accounts_users SET is_staff = {staff}, is_active = TRUE WHERE id = {user_id}"
    ))
    .execute(conn) else {
        return;
    };
    // (MySQL counts an unchanged row as not updated: the insert then finds it there, which is as good.)
    if updated == 0 {
        let _ = diesel::sql_query(format!(
            "INSERT INTO accounts_users (id, username, password_hash, is_staff, is_active, date_joined) \
             VALUES ({user_id}, 'user-{user_id}', '!', {staff}, TRUE, 0)"
        ))
        .execute(conn);
    }
}
