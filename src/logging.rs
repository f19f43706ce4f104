//! Logs on stderr through `env_logger` (`RUST_LOG` filters them, `info` by default), as text or as one JSON object
//! a line (`log.format`). A line written while a request is handled names the request's id, wherever it is
//! written: the HTTP worker, a module's query thread, the access log.

use std::io::Write;

use serde::Deserialize;
use tessera_kernel::http::request_id;

/// `log.format`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// `[2026-12-01T10:00:00.000Z INFO  tessera::access request_id=...] GET /api/ HTTP/1.1 200 53 0.4ms`
    #[default]
    Text,
    /// `{"time":"...","level":"INFO","target":"tessera::access","request_id":"...","message":"..."}`
    Json,
}

/// Installs the process's logger. The NATS client logs every failed reconnection at info; tessera logs
/// disconnections itself (`events::broker`), so `async_nats` is at warn unless `RUST_LOG` says otherwise.
pub fn init(format: LogFormat) {
    let mut builder = env_logger::Builder::from_env(
        env_logger::Env::default().default_filter_or("info,async_nats=warn"),
    );
    builder.format(move |buf, record| {
        let time = buf.timestamp_millis();
        let request = request_id::current();
        match format {
            LogFormat::Text => {
                write!(buf, "[{time} {:<5} {}", record.level(), record.target())?;
                if let Some(id) = request {
                    write!(buf, " request_id={id}")?;
                }
                writeln!(buf, "] {}", record.args())
            }
            LogFormat::Json => {
                let mut line = serde_json::Map::new();
                line.insert("time".into(), time.to_string().into());
                line.insert("level".into(), record.level().as_str().into());
                line.insert("target".into(), record.target().into());
                if let Some(id) = request {
                    line.insert("request_id".into(), id.as_str().into());
                }
                line.insert("message".into(), record.args().to_string().into());
                writeln!(buf, "{}", serde_json::Value::Object(line))
            }
        }
    });
    builder.init();
}
