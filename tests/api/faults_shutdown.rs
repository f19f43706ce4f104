//! SIGTERM under a write load: requests in flight finish, no acknowledged write is lost, and the process exits 0.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::Duration;

use crate::helpers::{fresh_data_dir, RemoteProcess};

/// One request on a connection of its own (`Connection: close`), so that a refused connection can only mean the
/// server had stopped accepting, never a reset of a request it had accepted.
fn post_once(address: &str, body: &str) -> Result<(u16, String), String> {
    let host = address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).map_err(|e| format!("connect: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let request = format!(
        "POST /api/example/ HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| format!("write: {e}"))?;
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .map_err(|e| format!("read after sending: {e}"))?;
    let status = response
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .ok_or(format!("no status in {response:?}"))?;
    let body = response.split("\r\n\r\n").nth(1).unwrap_or("").to_owned();
    Ok((status, body))
}

#[test]
fn sigterm_under_write_load_finishes_requests_in_flight_and_loses_no_write() {
    let dir = fresh_data_dir();
    let settings = [
        ("server.port".to_owned(), "0".to_owned()),
        ("data_dir".to_owned(), dir.display().to_string()),
    ];
    let mut server = RemoteProcess::start(&settings, &[]);
    let address = server.address.clone();
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let address = address.clone();
            std::thread::spawn(move || {
                let (mut acknowledged, mut refused, mut broken) = (Vec::new(), 0, Vec::new());
                for i in 0..100_000 {
                    match post_once(
                        &address,
                        &format!(r#"{{"name":"w{w}-{i}","description":"load"}}"#),
                    ) {
                        Ok((201, body)) => acknowledged.push(
                            serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"]
                                .as_i64()
                                .unwrap(),
                        ),
                        Ok((status, body)) => broken.push(format!("{status}: {body}")),
                        Err(e) if e.starts_with("connect") => {
                            refused += 1;
                            break;
                        }
                        Err(e) => broken.push(e),
                    }
                }
                (acknowledged, refused, broken)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(700));
    let pid = server.pid().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let status = server.wait();
    let results: Vec<_> = writers.into_iter().map(|w| w.join().unwrap()).collect();
    assert_eq!(status, Some(0), "exit code 0 after SIGTERM");
    let acknowledged: Vec<i64> = results.iter().flat_map(|r| r.0.iter().copied()).collect();
    let broken: Vec<&String> = results.iter().flat_map(|r| &r.2).collect();
    assert!(!acknowledged.is_empty(), "the load ran");
    assert!(
        broken.is_empty(),
        "a client saw a reset or an error: {:?}",
        broken.first()
    );
    let url = format!("sqlite://{}/example.db", dir.display());
    let mut conn = tessera_kernel::db::ConnectionManager::new(
        tessera_kernel::db::DatabaseUrl::parse(&url).unwrap(),
    )
    .connect()
    .unwrap();
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let stored: std::collections::HashSet<i64> = diesel::sql_query("SELECT id FROM example_models")
        .load::<Id>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let lost: Vec<&i64> = acknowledged
        .iter()
        .filter(|id| !stored.contains(id))
        .collect();
    assert!(lost.is_empty(), "{} acknowledged writes lost", lost.len());
    eprintln!(
        "sigterm: {} writes acknowledged, 0 lost, {} clients refused after shutdown",
        acknowledged.len(),
        results.iter().map(|r| r.1).sum::<usize>()
    );
}
