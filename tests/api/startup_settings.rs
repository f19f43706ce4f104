//! Start-up configuration: defaults and overrides, invalid settings naming their key, and database URLs that stop
//! start-up naming the module and the cause (password masked).

#[cfg(not(feature = "mysql"))]
use std::process::Command;

use tessera::{Application, Settings};

use crate::helpers::fresh_data_dir;

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
