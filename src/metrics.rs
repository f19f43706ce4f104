//! Prometheus metrics: requests and their latency per module and status, each module's pool, and the backlog of
//! each publishing module's outbox.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::web::Data;
use actix_web::HttpResponse;
use tessera_kernel::blocking::run;
use tessera_kernel::db::Database;
use tessera_kernel::events::{outbox, Stats};
use tessera_kernel::types::Timestamp;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 10] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1.0,
];

#[derive(Default)]
struct Series {
    count: u64,
    seconds: f64,
    buckets: [u64; BUCKETS.len()],
}

/// What the middleware records and `/metrics` shows.
#[derive(Default)]
pub struct Metrics {
    series: Mutex<BTreeMap<(String, u16), Series>>,
    databases: Vec<Database>,
    /// The databases of the publishing modules served here.
    outboxes: Vec<Database>,
}

impl Metrics {
    pub fn new(databases: Vec<Database>, outboxes: Vec<Database>) -> Self {
        Metrics {
            series: Mutex::default(),
            databases,
            outboxes,
        }
    }

    /// Each outbox's backlog, read on the modules' own query threads (`None` when its database does not answer).
    async fn backlogs(&self) -> Vec<(&'static str, Option<Stats>)> {
        let mut backlogs = Vec::new();
        for db in &self.outboxes {
            let stats = run(db, |conn| Ok(outbox::stats(conn)?)).await.ok();
            backlogs.push((db.module(), stats));
        }
        backlogs
    }

    fn render_backlogs(out: &mut String, backlogs: &[(&'static str, Option<Stats>)]) {
        out.push_str(
            "# HELP tessera_events_outbox_pending Publications of each module not delivered yet.\n",
        );
        out.push_str("# TYPE tessera_events_outbox_pending gauge\n");
        out.push_str(
            "# HELP tessera_events_outbox_failed Publications whose attempts ran out, kept until resubmitted.\n",
        );
        out.push_str("# TYPE tessera_events_outbox_failed gauge\n");
        out.push_str(
            "# HELP tessera_events_outbox_oldest_pending_seconds Age of each module's oldest undelivered publication.\n",
        );
        out.push_str("# TYPE tessera_events_outbox_oldest_pending_seconds gauge\n");
        for (module, stats) in backlogs {
            let Some(stats) = stats else { continue };
            let age = stats
                .oldest
                .map_or(0.0, |t| (Timestamp::now().0 - t.0).max(0) as f64 / 1e6);
            let _ = writeln!(
                out,
                "tessera_events_outbox_pending{{module=\"{module}\"}} {}",
                stats.pending
            );
            let _ = writeln!(
                out,
                "tessera_events_outbox_failed{{module=\"{module}\"}} {}",
                stats.failed
            );
            let _ = writeln!(
                out,
                "tessera_events_outbox_oldest_pending_seconds{{module=\"{module}\"}} {age}"
            );
        }
    }

    fn record(&self, module: String, status: u16, seconds: f64) {
        let mut series = self.series.lock().unwrap_or_else(|e| e.into_inner());
        let entry = series.entry((module, status)).or_default();
        entry.count += 1;
        entry.seconds += seconds;
        for (bucket, bound) in entry.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
    }

    fn render(&self) -> String {
        let mut out = String::new();
        let series = self.series.lock().unwrap_or_else(|e| e.into_inner());
        out.push_str(
            "# HELP tessera_http_requests_total Requests answered, by module and status.\n",
        );
        out.push_str("# TYPE tessera_http_requests_total counter\n");
        for ((module, status), s) in series.iter() {
            let _ = writeln!(
                out,
                "tessera_http_requests_total{{module=\"{module}\",status=\"{status}\"}} {}",
                s.count
            );
        }
        out.push_str(
            "# HELP tessera_http_request_duration_seconds Time to answer, by module and status.\n",
        );
        out.push_str("# TYPE tessera_http_request_duration_seconds histogram\n");
        for ((module, status), s) in series.iter() {
            let labels = format!("module=\"{module}\",status=\"{status}\"");
            for (count, bound) in s.buckets.iter().zip(BUCKETS) {
                let _ = writeln!(out, "tessera_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {count}");
            }
            let _ = writeln!(
                out,
                "tessera_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "tessera_http_request_duration_seconds_sum{{{labels}}} {}",
                s.seconds
            );
            let _ = writeln!(
                out,
                "tessera_http_request_duration_seconds_count{{{labels}}} {}",
                s.count
            );
        }
        out.push_str(
            "# HELP tessera_db_connections Connections of each module's pool, by state.\n",
        );
        out.push_str("# TYPE tessera_db_connections gauge\n");
        out.push_str(
            "# HELP tessera_db_checkout_waits_total Checkouts that waited for a free connection.\n",
        );
        out.push_str("# TYPE tessera_db_checkout_waits_total counter\n");
        out.push_str(
            "# HELP tessera_db_checkout_wait_seconds_total Time spent waiting for connections.\n",
        );
        out.push_str("# TYPE tessera_db_checkout_wait_seconds_total counter\n");
        for db in &self.databases {
            let state = db.state();
            let module = db.module();
            let in_use = state.connections - state.idle_connections;
            let _ = writeln!(
                out,
                "tessera_db_connections{{module=\"{module}\",state=\"in_use\"}} {in_use}"
            );
            let _ = writeln!(
                out,
                "tessera_db_connections{{module=\"{module}\",state=\"idle\"}} {}",
                state.idle_connections
            );
            let (waits, waited) = db.checkout_waits();
            let _ = writeln!(
                out,
                "tessera_db_checkout_waits_total{{module=\"{module}\"}} {waits}"
            );
            let _ = writeln!(
                out,
                "tessera_db_checkout_wait_seconds_total{{module=\"{module}\"}} {}",
                waited.as_secs_f64()
            );
        }
        out
    }
}

/// The module a path belongs to: `/api/<module>/...` → `<module>`; `/api/` → `root`; anything else → `other`.
fn module_of(path: &str) -> String {
    match path.strip_prefix("/api/") {
        Some("") => "root".into(),
        Some(rest) => {
            let name = rest.split(['/', '.']).next().unwrap_or("");
            if name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') && !name.is_empty() {
                name.to_owned()
            } else {
                "other".into()
            }
        }
        None => "other".into(),
    }
}

/// Middleware: records each answered request.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let metrics = req.app_data::<Data<Metrics>>().cloned();
    let module = module_of(req.path());
    let response = next.call(req).await?;
    if let Some(metrics) = metrics {
        metrics.record(
            module,
            response.status().as_u16(),
            started.elapsed().as_secs_f64(),
        );
    }
    Ok(response)
}

/// `GET /metrics`.
pub async fn show(metrics: Data<Metrics>) -> HttpResponse {
    let backlogs = metrics.backlogs().await;
    let mut body = metrics.render();
    Metrics::render_backlogs(&mut body, &backlogs);
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/plain; version=0.0.4"))
        .body(body)
}

#[cfg(test)]
mod tests {
    use super::module_of;

    #[test]
    fn requests_are_labelled_by_module() {
        assert_eq!(module_of("/api/catalog/products/3/"), "catalog");
        assert_eq!(module_of("/api/example.json"), "example");
        assert_eq!(module_of("/api/"), "root");
        assert_eq!(module_of("/health/live"), "other");
        assert_eq!(module_of("/api/<script>/"), "other");
    }
}
