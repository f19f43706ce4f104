//! What the process refuses at startup (issue 16, findings 2 and 9): the public development secret outside
//! development and test, and database passwords in any log line or error.

use std::process::Command;

use crate::helpers::{fresh_data_dir, spawn_app, Backend};

/// `tessera openapi` with `APP_ENV` and no secret: how it exits and what it says.
fn run_with_env(app_env: &str, secret: Option<&str>) -> (bool, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tessera"));
    command
        .arg("openapi")
        .env("APP_ENV", app_env)
        .env_remove("APP__AUTH__SECRET")
        .current_dir(fresh_data_dir());
    if let Some(secret) = secret {
        command.env("APP__AUTH__SECRET", secret);
    }
    let output = command.output().expect("the binary runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn only_development_and_test_run_on_the_public_development_secret() {
    for env in [
        "prod",
        "Production",
        "production ",
        "staging",
        "production",
        "DEVELOPMENT",
    ] {
        let (ok, stderr) = run_with_env(env, None);
        assert!(!ok, "APP_ENV={env:?} started on the development secret");
        assert!(stderr.contains("auth.secret"), "{env:?}: {stderr}");
        assert!(stderr.contains("APP__AUTH__SECRET"), "{env:?}: {stderr}");
        let (ok, stderr) = run_with_env(env, Some("short"));
        assert!(
            !ok && stderr.contains("auth.secret"),
            "{env:?} with a short secret"
        );
        let (ok, stderr) = run_with_env(env, Some("a-real-secret-of-at-least-32-bytes!!"));
        assert!(ok, "{env:?} with a real secret: {stderr}");
    }
    for env in ["development", "test"] {
        let (ok, stderr) = run_with_env(env, None);
        assert!(ok, "{env}: {stderr}");
    }
}

/// Database URLs whose passwords are not in the userinfo: a query parameter, and libpq's keyword form.
#[test]
fn database_passwords_never_reach_the_log() {
    let dir = fresh_data_dir();
    let data = dir.display().to_string();
    for url in [
        "postgres://tessera@127.0.0.1:1/db?connect_timeout=1&password=hunter2-query",
        "host=127.0.0.1 port=1 user=tessera password=hunter2-keyword dbname=db",
        "postgres://tessera:hunter2-userinfo@127.0.0.1:1/db?connect_timeout=1",
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_tessera"))
            .arg("migrate")
            .env("APP__DATA_DIR", &data)
            .env("APP__MODULES__EXAMPLE__DATABASE_URL", url)
            .output()
            .expect("the binary runs");
        assert!(!output.status.success(), "{url} cannot be reached");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("module example"), "{stderr}");
        assert!(!stderr.contains("hunter2"), "{url}: {stderr}");
    }
}

/// The startup log names each module's database: a `?password=` URL that connects, on a database of the tests'.
#[actix_web::test]
async fn the_startup_log_masks_a_password_given_as_a_parameter() {
    let Some(app) = spawn_app(Backend::Postgres).await else {
        return;
    };
    // postgres://user:password@host:port/db → postgres://user@host:port/db?password=password
    let (scheme, rest) = app.database_url("example").split_once("://").unwrap();
    let (userinfo, location) = rest.split_once('@').unwrap();
    let (user, password) = userinfo.split_once(':').unwrap();
    let url = format!("{scheme}://{user}@{location}?password={password}");
    let output = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .arg("migrate")
        .args(["--modules", "example"])
        .env("APP__DATA_DIR", fresh_data_dir())
        .env("APP__MODULES__EXAMPLE__DATABASE_URL", &url)
        .env("RUST_LOG", "info")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("module example: postgres database"),
        "{stderr}"
    );
    assert!(stderr.contains("?password=***"), "{stderr}");
    assert!(
        !stderr.contains(&format!("password={password}")),
        "{stderr}"
    );
}
