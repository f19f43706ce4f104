//! The command line besides `serve` and `migrate`: `openapi`, `--help`, a bad setting's exit, and `createuser`
//! (the password from stdin, never logged) with production refusing a weak secret.

use std::process::Command;

use crate::helpers::fresh_data_dir;

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

#[test]
fn createuser_reads_the_password_from_stdin_and_production_needs_a_secret() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = fresh_data_dir();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(["createuser", "erin", "--staff"])
        .env("APP__DATA_DIR", &dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"pa55word\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains("created user erin") && !text.contains("pa55word"),
        "{text}"
    );
    let url = format!("sqlite://{}/accounts.db", dir.display());
    let mut conn = tessera_kernel::db::ConnectionManager::new(
        tessera_kernel::db::DatabaseUrl::parse(&url).unwrap(),
    )
    .connect()
    .unwrap();
    let user = tessera_accounts::users::by_username(&mut conn, "erin")
        .unwrap()
        .unwrap();
    assert!(user.is_staff && tessera_accounts::passwords::verify("pa55word", &user.password_hash));
    let again = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(["createuser", "erin"])
        .env("APP__DATA_DIR", &dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!again.status.success());
    let production = Command::new(env!("CARGO_BIN_EXE_tessera"))
        .env("APP_ENV", "production")
        .env("APP__AUTH__SECRET", "short")
        .output()
        .unwrap();
    assert!(!production.status.success());
    assert!(String::from_utf8_lossy(&production.stderr).contains("auth.secret"));
}
