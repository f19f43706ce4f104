//! Starting the application for one test: on port 0, with fresh databases, on SQLite or PostgreSQL.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use actix_web::http::StatusCode;
use diesel::RunQueryDsl;
use serde_json::Value;
use tessera::{Application, Settings};
use tessera_kernel::auth::TokenKind;

pub use crate::request::Response;

/// Where the test's module databases live, and how the modules are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    /// MySQL/MariaDB, in a build with the `mysql` feature.
    Mysql,
    /// Every module runs in a second `tessera` process (on SQLite); the app under test forwards to it.
    Gateway,
}

/// The PostgreSQL server tests create their databases on, e.g. `postgres://tessera:tessera@127.0.0.1:5433/tessera`.
pub const POSTGRES_ENV: &str = "TESSERA_TEST_POSTGRES_URL";

/// The MySQL/MariaDB server tests create their databases on, e.g. `mysql://tessera:tessera@127.0.0.1:3307/tessera`.
pub const MYSQL_ENV: &str = "TESSERA_TEST_MYSQL_URL";

pub struct TestApp {
    pub address: String,
    /// Sent as `Authorization: Bearer <token>` unless a request sets its own `Authorization`.
    pub bearer: Option<String>,
    pub signer: tessera_kernel::auth::Signer,
    /// The process the modules were split out to, for [`Backend::Gateway`].
    pub remote: Option<RemoteProcess>,
    pub client: awc::Client,
    /// Each module's database URL.
    pub database_urls: Vec<(String, String)>,
    /// The folder of the test's SQLite files, removed with its databases when the test ends.
    data_dir: PathBuf,
}

/// Each test's files and server databases go when it ends, so that a whole run does not fill the disk (the
/// suite runs twice in CI, and every PostgreSQL database starts as a copy of a template).
impl Drop for TestApp {
    fn drop(&mut self) {
        for (_, url) in &self.database_urls {
            drop_test_database(url);
        }
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

/// Drops a database made by [`fresh_postgres_database`] or [`fresh_mysql_database`]; leaves any other alone.
fn drop_test_database(url: &str) {
    use tessera_kernel::db::{ConnectionManager, DatabaseUrl};
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
    let admin = std::env::var(env)
        .ok()
        .and_then(|u| DatabaseUrl::parse(&u).ok());
    if let Some(Ok(mut conn)) = admin.map(|u| ConnectionManager::new(u).connect()) {
        let _ = diesel::sql_query(sql).execute(&mut conn);
    }
}

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

/// Creates a database on the server whose URL is in `env`, through the kernel's own connection type.
fn fresh_server_database(env: &str, require: &str) -> Option<String> {
    use tessera_kernel::db::{ConnectionManager, DatabaseUrl};
    let Ok(admin_url) = std::env::var(env) else {
        assert!(
            std::env::var(require).is_err(),
            "{require} is set but {env} is not"
        );
        eprintln!("skipped: set {env} to run this variant");
        return None;
    };
    let name = unique_name("tessera_test");
    let url = DatabaseUrl::parse(&admin_url).expect("a database URL");
    let mut admin = ConnectionManager::new(url)
        .connect()
        .expect("connect to the test server");
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .expect("create a test database");
    let base = admin_url.rsplit_once('/').expect("a database in the URL").0;
    Some(format!("{base}/{name}"))
}

/// A database server of a test's own (`pg_server`, `mariadb_server`), which the test can take away and bring back.
pub trait OwnServer {
    /// The URL of its test database.
    fn url(&self) -> String;
    /// Stops it at once, as a crash or a network cut would.
    fn stop(&self);
    fn resume(&self);
}

/// A fresh folder for SQLite files.
pub fn fresh_data_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(unique_name("tessera"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Starts the app with every module on `backend`, plus `overrides`. `None` when the backend is not available.
pub async fn spawn_app_with(backend: Backend, overrides: &[(&str, String)]) -> Option<TestApp> {
    let data_dir = fresh_data_dir();
    let mut database_urls = Vec::new();
    for module in tessera::modules::MODULES {
        let url = match backend {
            Backend::Sqlite | Backend::Gateway => {
                format!("sqlite://{}/{}.db", data_dir.display(), module.name())
            }
            Backend::Postgres => fresh_postgres_database()?,
            Backend::Mysql => fresh_mysql_database()?,
        };
        database_urls.push((module.name().to_owned(), url));
    }
    let mut settings: Vec<(String, String)> = vec![
        ("server.port".into(), "0".into()),
        ("server.workers".into(), "1".into()),
        ("data_dir".into(), data_dir.display().to_string()),
    ];
    for (module, url) in &database_urls {
        settings.push((format!("modules.{module}.database_url"), url.clone()));
    }
    settings.extend(overrides.iter().map(|(k, v)| (k.to_string(), v.clone())));
    for (key, value) in overrides {
        if let Some(module) = key
            .strip_prefix("modules.")
            .and_then(|k| k.strip_suffix(".database_url"))
        {
            if let Some(entry) = database_urls.iter_mut().find(|(m, _)| m == module) {
                entry.1 = value.clone();
            }
        }
    }
    let remote = if backend == Backend::Gateway {
        let remote = RemoteProcess::start(&settings, &[]);
        for module in tessera::modules::MODULES {
            settings.push((
                format!("modules.{}.remote_url", module.name()),
                remote.address.clone(),
            ));
        }
        Some(remote)
    } else {
        None
    };
    let borrowed: Vec<(&str, String)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    let settings = Settings::load_with(&borrowed).expect("test settings load");
    let signer = settings.signer();
    let app = Application::build(settings).await.expect("the app starts");
    let port = app.port();
    actix_web::rt::spawn(app.run_until_stopped());
    let app = TestApp {
        address: format!("http://127.0.0.1:{port}"),
        bearer: Some(signer.issue(TokenKind::Access, STAFF_ID, true)),
        signer,
        remote,
        client: awc::Client::builder()
            .disable_redirects()
            .timeout(std::time::Duration::from_secs(30))
            .finish(),
        database_urls,
        data_dir,
    };
    // Every token's user is looked up: the app's own token is a staff user's that exists.
    app.ensure_user(STAFF_ID, true);
    Some(app)
}

/// The id of the staff user whose token test requests carry by default.
pub const STAFF_ID: i64 = 1000;

/// A `tessera serve` process of its own, configured by `settings` (dotted keys become `APP__` variables).
pub struct RemoteProcess {
    pub address: String,
    /// Everything the process has logged so far.
    pub log: std::sync::Arc<std::sync::Mutex<String>>,
    child: std::process::Child,
}

impl RemoteProcess {
    pub fn start(settings: &[(String, String)], args: &[&str]) -> Self {
        use std::io::{BufRead, BufReader};
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tessera"));
        command.arg("serve").args(args).env("RUST_LOG", "info");
        for (key, value) in settings {
            command.env(
                format!("APP__{}", key.replace('.', "__").to_uppercase()),
                value,
            );
        }
        let mut child = command
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the tessera binary starts");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let address = loop {
            let line = lines
                .next()
                .expect("the remote process logs its address")
                .expect("readable logs");
            if let Some(at) = line.find("listening on ") {
                break line[at + "listening on ".len()..].trim().to_owned();
            }
        };
        // Keep reading its logs so that it never blocks on a full pipe.
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        RemoteProcess {
            address,
            log,
            child,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to exit; its exit code.
    pub fn wait(&mut self) -> Option<i32> {
        self.child.wait().ok().and_then(|s| s.code())
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RemoteProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, &[]).await
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Creates `ExampleModel`s named `name` with `description`, checking each was created.
    pub async fn create_example(&self, name: &str, description: &str) -> Value {
        let response = self
            .post("/api/example/")
            .json(&serde_json::json!({"name": name, "description": description}))
            .await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
        response.json()
    }

    /// An access token for a user, signed with the app's secret; the user exists, active, staff or not as said,
    /// since every token's user is looked up.
    pub fn token_for(&self, user_id: i64, is_staff: bool) -> String {
        self.ensure_user(user_id, is_staff);
        self.signer.issue(TokenKind::Access, user_id, is_staff)
    }

    /// Makes the user with this id exist, active, with this staff status (named `user-<id>` when it is new),
    /// directly in the accounts module's own database; nothing when the app does not serve accounts (its tokens
    /// are then believed on their signature).
    pub fn ensure_user(&self, user_id: i64, is_staff: bool) {
        use tessera_kernel::db::{ConnectionManager, DatabaseUrl};
        let url = DatabaseUrl::parse(self.database_url("accounts")).unwrap();
        let Ok(mut conn) = ConnectionManager::new(url).connect() else {
            return;
        };
        let staff = if is_staff { "TRUE" } else { "FALSE" };
        let Ok(updated) = diesel::sql_query(format!(
            "UPDATE accounts_users SET is_staff = {staff}, is_active = TRUE WHERE id = {user_id}"
        ))
        .execute(&mut conn) else {
            return;
        };
        // (MySQL counts an unchanged row as not updated: the insert then finds it there, which is as good.)
        if updated == 0 {
            let _ = diesel::sql_query(format!(
                "INSERT INTO accounts_users (id, username, password_hash, is_staff, is_active, date_joined) \
                 VALUES ({user_id}, 'user-{user_id}', '!', {staff}, TRUE, 0)"
            ))
            .execute(&mut conn);
        }
    }

    /// Creates a user directly in the accounts module's own database.
    pub fn create_user(&self, username: &str, password: &str, staff: bool) -> i64 {
        use tessera_kernel::db::{ConnectionManager, DatabaseUrl};
        let url = DatabaseUrl::parse(self.database_url("accounts")).unwrap();
        let mut conn = ConnectionManager::new(url).connect().unwrap();
        tessera_accounts::users::create(&mut conn, username, password, staff).unwrap()
    }

    pub fn database_url(&self, module: &str) -> &str {
        &self
            .database_urls
            .iter()
            .find(|(m, _)| m == module)
            .expect("a known module")
            .1
    }

    /// Runs `sql` returning one integer (named `n`) on a module's own database, bypassing the API.
    pub fn count(&self, module: &str, sql: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let url = tessera_kernel::db::DatabaseUrl::parse(self.database_url(module)).unwrap();
        let mut conn = tessera_kernel::db::ConnectionManager::new(url)
            .connect()
            .unwrap();
        let rows: Vec<Count> = diesel::sql_query(sql).load(&mut conn).unwrap();
        rows[0].n
    }
}

/// Declares each listed `async fn name(backend: Backend)` as three tests: `sqlite::name`, `postgres::name`, and
/// `gateway::name`, where the modules run in another process behind the app's forwarding; and `mysql::name` in a
/// build with the `mysql` feature.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[actix_web::test]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[actix_web::test]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            )*
        }
        mod gateway {
            $(
                #[actix_web::test]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Gateway).await
                }
            )*
        }
        #[cfg(feature = "mysql")]
        mod mysql {
            $(
                #[actix_web::test]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Mysql).await
                }
            )*
        }
    };
}
