//! The app under test: started on port 0 with fresh databases on one backend, its own files and databases gone
//! when the test ends, and what tests ask of it beyond HTTP (tokens, users, rows).

use std::path::PathBuf;

use actix_web::http::StatusCode;
use diesel::RunQueryDsl;
use serde_json::Value;
use tessera::{Application, Settings};
use tessera_kernel::auth::TokenKind;
use tessera_kernel::db::AnyConnection;

use super::storage::{
    connect, drop_test_database, fresh_data_dir, fresh_mysql_database, fresh_postgres_database,
};
use super::{Backend, RemoteProcess};

/// The id of the staff user whose token test requests carry by default.
pub const STAFF_ID: i64 = 1000;

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

pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, &[]).await
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
        if let Ok(mut conn) = connect(self.database_url("accounts")) {
            super::storage::ensure_user(&mut conn, user_id, is_staff);
        }
    }

    /// Creates a user directly in the accounts module's own database.
    pub fn create_user(&self, username: &str, password: &str, staff: bool) -> i64 {
        let mut conn = self.connect("accounts");
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

    /// A connection to a module's own database, bypassing the API.
    pub fn connect(&self, module: &str) -> AnyConnection {
        connect(self.database_url(module)).unwrap()
    }

    /// Runs `sql` returning one integer (named `n`) on a module's own database, bypassing the API.
    pub fn count(&self, module: &str, sql: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let rows: Vec<Count> = diesel::sql_query(sql)
            .load(&mut self.connect(module))
            .unwrap();
        rows[0].n
    }
}
