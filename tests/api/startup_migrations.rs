//! Migrations at start-up and by `tessera migrate`: each module's database holds its own tables and history,
//! migrations apply once, and a MySQL migration stopped half-way finishes on the next start.

use std::process::Command;

use crate::helpers::{fresh_data_dir, fresh_postgres_database, spawn_app, Backend};

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
        5
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
            tables, 4,
            "example_models, its count, its search index and the migration history, nothing else"
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
        log.contains("module example: sqlite database") && log.contains("(5 migration(s) applied)"),
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
        5
    );
}
