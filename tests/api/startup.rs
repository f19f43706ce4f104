//! Start-up: configuration layering and errors, each module's database opened and migrated on its own, and the
//! command line.

use std::process::Command;

use tessera::{Application, Settings};

use crate::helpers::{fresh_data_dir, fresh_postgres_database, spawn_app, Backend};

#[test]
fn defaults_are_complete_and_overrides_win() {
    let settings = Settings::load_with(&[]).unwrap();
    assert_eq!(settings.server.host, "127.0.0.1");
    assert_eq!(settings.server.port, 8000);
    assert_eq!(settings.data_dir.to_str(), Some("data"));
    assert_eq!(settings.database_url("example"), "sqlite://data/example.db");
    let settings = Settings::load_with(&[
        ("server.port", "9123".into()),
        ("modules.example.database_url", "postgres://u:p@h/db".into()),
        ("modules.example.pool_size", "3".into()),
    ])
    .unwrap();
    assert_eq!(settings.server.port, 9123);
    assert_eq!(settings.database_url("example"), "postgres://u:p@h/db");
    assert_eq!(settings.pool_options("example").max_size, 3);
}

#[test]
fn invalid_settings_name_their_key() {
    let error = Settings::load_with(&[("server.port", "not-a-port".into())]).unwrap_err();
    assert!(error.to_string().contains("server.port"), "{error}");
    let error = Settings::load_with(&[("database.pool_size", "0".into())]).unwrap_err();
    assert!(error.to_string().contains("database.pool_size"), "{error}");
}

async fn start_error(overrides: &[(&str, String)]) -> String {
    let dir = fresh_data_dir();
    let mut all = vec![
        ("server.port", "0".to_owned()),
        ("data_dir", dir.display().to_string()),
    ];
    all.extend(overrides.iter().cloned());
    let settings = Settings::load_with(&all).unwrap();
    match Application::build(settings).await {
        Ok(_) => panic!("the app started with {overrides:?}"),
        Err(e) => e.to_string(),
    }
}

#[actix_web::test]
async fn bad_database_urls_stop_startup_naming_the_module_and_cause() {
    let unknown = start_error(&[("modules.example.database_url", "oracle://h/db".into())]).await;
    assert!(
        unknown.contains("module example") && unknown.contains("\"oracle\""),
        "{unknown}"
    );
    let unreachable = start_error(&[(
        "modules.example.database_url",
        "postgres://tessera:secret@127.0.0.1:1/none".into(),
    )])
    .await;
    assert!(unreachable.contains("module example"), "{unreachable}");
    assert!(
        unreachable.to_lowercase().contains("connect"),
        "the real cause: {unreachable}"
    );
    assert!(
        !unreachable.contains("secret"),
        "the password is masked: {unreachable}"
    );
    let bad_path = start_error(&[(
        "modules.example.database_url",
        "sqlite:///proc/no/such/dir/x.db".into(),
    )])
    .await;
    assert!(
        bad_path.contains("module example") && bad_path.contains("/proc/no/such"),
        "{bad_path}"
    );
    let unknown_module = start_error(&[("server.modules", "nope".into())]).await;
    assert!(
        unknown_module.contains("unknown module \"nope\""),
        "{unknown_module}"
    );
}

/// A binary built without the `mysql` feature refuses MySQL URLs at startup and says how to get the feature.
#[cfg(not(feature = "mysql"))]
#[test]
fn without_the_mysql_feature_a_mysql_url_stops_the_process_naming_the_feature() {
    for scheme in ["mysql", "mariadb"] {
        let output = Command::new(env!("CARGO_BIN_EXE_tessera"))
            .arg("serve")
            .env("APP__DATA_DIR", fresh_data_dir())
            .env("RUST_LOG", "info")
            .env("APP__SERVER__PORT", "0")
            .env(
                "APP__MODULES__CATALOG__DATABASE_URL",
                format!("{scheme}://tessera:secret@127.0.0.1:3307/shop"),
            )
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{log}");
        assert!(
            log.contains("module catalog") && log.contains("--features mysql"),
            "{log}"
        );
        assert!(!log.contains("secret"), "{log}");
        assert!(
            !log.contains("migration(s) applied"),
            "no database is touched before every URL is known to be usable: {log}"
        );
    }
}

/// With the feature, an unreachable MySQL server stops startup with the driver's own cause, password masked.
#[cfg(feature = "mysql")]
#[actix_web::test]
async fn an_unreachable_mysql_server_stops_startup_with_its_cause() {
    let unreachable = start_error(&[(
        "modules.catalog.database_url",
        "mysql://tessera:secret@127.0.0.1:1/none".into(),
    )])
    .await;
    assert!(unreachable.contains("module catalog"), "{unreachable}");
    assert!(
        unreachable.contains("Can't connect") || unreachable.contains("connect"),
        "{unreachable}"
    );
    assert!(!unreachable.contains("secret"), "{unreachable}");
}

#[actix_web::test]
async fn each_module_database_holds_its_own_tables_and_migration_history() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    assert_eq!(
        app.count("example", "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'example_models'"),
        1
    );
    assert_eq!(
        app.count(
            "example",
            "SELECT COUNT(*) AS n FROM __diesel_schema_migrations"
        ),
        2
    );
    let wal = app.count(
        "example",
        "SELECT COUNT(*) AS n FROM pragma_journal_mode WHERE journal_mode = 'wal'",
    );
    assert_eq!(wal, 1, "SQLite files are in WAL mode");
    if let Some(app) = spawn_app(Backend::Postgres).await {
        let tables = app.count(
            "example",
            "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
        );
        assert_eq!(
            tables, 3,
            "example_models, its count and the migration history, nothing else"
        );
    }
    if let Some(app) = spawn_app(Backend::Mysql).await {
        let tables = app.count(
            "example",
            "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE()",
        );
        assert_eq!(
            tables, 3,
            "example_models, its count and the migration history, nothing else"
        );
        assert_eq!(
            app.count(
                "example",
                "SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_schema = DATABASE() \
                 AND table_name = 'example_models' AND collation_name = 'utf8mb4_nopad_bin'"
            ),
            2,
            "name and description compare by code point without padding"
        );
    }
}

#[test]
fn migrate_command_applies_migrations_once() {
    let dir = fresh_data_dir();
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_tessera"))
            .arg("migrate")
            .env("APP__DATA_DIR", &dir)
            .env("RUST_LOG", "info")
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let log = String::from_utf8_lossy(&first.stderr);
    assert!(
        log.contains("module example: sqlite database") && log.contains("(2 migration(s) applied)"),
        "{log}"
    );
    assert!(dir.join("example.db").exists());
    let second = run();
    assert!(String::from_utf8_lossy(&second.stderr).contains("(0 migration(s) applied)"));
    if let Some(url) = fresh_postgres_database() {
        let output = Command::new(env!("CARGO_BIN_EXE_tessera"))
            .args(["migrate", "--modules", "example"])
            .env("APP__MODULES__EXAMPLE__DATABASE_URL", &url)
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success() && log.contains("postgres database"),
            "{log}"
        );
        assert!(
            log.contains(":***@"),
            "the password is masked in logs: {log}"
        );
    }
}

#[test]
fn openapi_and_help_commands() {
    let output = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .arg("openapi")
        .output()
        .unwrap();
    assert!(output.status.success());
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let help = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .arg("--help")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    for command in ["serve", "migrate", "openapi"] {
        assert!(text.contains(command), "{text}");
    }
    let bad = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .env("APP__SERVER__PORT", "nope")
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("server.port"));
}

/// MySQL commits each statement of a migration on its own. When creating the count triggers is refused half-way
/// (binary logging without the privilege), the count table is left behind unrecorded; once the privilege is
/// there, starting again must finish the migration, with the right count.
#[cfg(feature = "mysql")]
#[actix_web::test]
async fn a_mysql_count_migration_stopped_half_way_runs_again() {
    use diesel::RunQueryDsl;
    use tessera_kernel::db::{ConnectionManager, DatabaseUrl};
    let Some(first) = spawn_app(Backend::Mysql).await else {
        return;
    };
    first.create_example("one", "x").await;
    first.create_example("two", "x").await;
    let url = first.database_url("example").to_owned();
    let mut conn = ConnectionManager::new(DatabaseUrl::parse(&url).unwrap())
        .connect()
        .unwrap();
    for statement in [
        "DROP TRIGGER example_models_count_insert",
        "DROP TRIGGER example_models_count_delete",
        "DELETE FROM __diesel_schema_migrations WHERE version LIKE '%000002'",
        "INSERT INTO example_models (name, description) VALUES ('three', 'written meanwhile')",
    ] {
        diesel::sql_query(statement).execute(&mut conn).unwrap();
    }
    let second =
        crate::helpers::spawn_app_with(Backend::Sqlite, &[("modules.example.database_url", url)])
            .await
            .expect("the migration runs again");
    assert_eq!(second.get("/api/example/").await.json()["count"], 3);
    second.create_example("four", "x").await;
    assert_eq!(second.get("/api/example/").await.json()["count"], 4);
    assert_eq!(
        second.count(
            "example",
            "SELECT COUNT(*) AS n FROM __diesel_schema_migrations"
        ),
        2
    );
}
