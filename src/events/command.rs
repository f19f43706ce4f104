//! `tessera events`: the publications each module's outbox holds back (pending and failed, the oldest first), and
//! with `--resubmit` every failed one made pending again, which the running relay then delivers. With a broker, also
//! what each consuming module has yet to handle or acknowledge.

use std::fmt::Write;

use tessera_kernel::events::outbox::{self, FAILED};
use tessera_kernel::types::Timestamp;
use tessera_kernel::Module;

use crate::databases::{self, MountedModule};
use crate::error::StartupError;
use crate::settings::Settings;

/// Publications listed per module at most.
const LISTED: i64 = 50;

/// Runs the command for the modules `settings.server.modules` names (all when empty); the report to print.
pub fn run(settings: &Settings, resubmit: bool) -> Result<String, StartupError> {
    let plan = crate::startup::plan(settings)?;
    let publishing: Vec<&'static dyn Module> = plan
        .local
        .iter()
        .copied()
        .filter(|m| !m.publishes().is_empty())
        .collect();
    let opened = databases::open(settings, &publishing, settings.database.run_migrations)?;
    let mut report = String::new();
    for MountedModule { module, database } in &opened {
        let name = module.name();
        let failure = |e: tessera_kernel::db::QueryError| StartupError::Database {
            module: name,
            cause: e.to_string(),
        };
        let mut conn = database.get().map_err(|e| StartupError::Database {
            module: name,
            cause: e.to_string(),
        })?;
        if resubmit {
            let n = outbox::resubmit_failed(&mut conn).map_err(failure)?;
            let _ = writeln!(report, "{name}: resubmitted {n} failed publication(s)");
        }
        let stats = outbox::stats(&mut conn).map_err(failure)?;
        let oldest = stats.oldest.map_or(String::new(), |t| {
            format!(", the oldest published {}", age(t))
        });
        let _ = writeln!(
            report,
            "{name}: {} pending, {} failed{oldest}",
            stats.pending, stats.failed
        );
        for p in outbox::incomplete_after(&mut conn, 0, LISTED).map_err(failure)? {
            let next = if p.state == FAILED {
                "until resubmitted".to_owned()
            } else {
                format!("next attempt {}", until(p.next_attempt_at))
            };
            let error = match p.last_error.as_str() {
                "" => String::new(),
                e => format!(", last error: {e}"),
            };
            let _ = writeln!(
                report,
                "  #{} {} {} {} (aggregate {}), {} failed attempt(s), {next}{error}",
                p.id, p.state, p.event_type, p.event_id, p.aggregate_id, p.attempts
            );
        }
        if stats.pending + stats.failed > LISTED {
            let _ = writeln!(
                report,
                "  ... and {} more",
                stats.pending + stats.failed - LISTED
            );
        }
    }
    if publishing.is_empty() {
        report.push_str("no module served here publishes events\n");
    }
    if !settings.events.broker_url.trim().is_empty() {
        report.push_str(&consumers(settings, &plan.local));
    }
    Ok(report)
}

/// What each consuming module has not handled yet, as the broker's durable consumers say.
fn consumers(settings: &Settings, local: &[&'static dyn Module]) -> String {
    let settings = settings.clone();
    let local = local.to_vec();
    actix_web::rt::System::new().block_on(async move {
        let url = settings.events.broker_url.trim();
        let client = match async_nats::connect(url.split(',').map(str::trim).collect::<Vec<_>>().as_slice()).await
        {
            Ok(client) => client,
            Err(e) => return format!("broker at {url}: {e}\n"),
        };
        let jetstream = async_nats::jetstream::new(client);
        let mut report = String::new();
        for module in local {
            let publishers: std::collections::BTreeSet<&str> =
                module.consumers().iter().map(|c| c.event.publisher).collect();
            for publisher in publishers {
                let stream = format!("{}_{publisher}", settings.events.namespace);
                let info = async {
                    let mut consumer: async_nats::jetstream::consumer::PullConsumer = jetstream
                        .get_stream(&stream)
                        .await?
                        .get_consumer(module.name())
                        .await?;
                    Ok::<_, async_nats::Error>(consumer.info().await?.clone())
                }
                .await;
                let _ = match info {
                    Ok(info) => writeln!(
                        report,
                        "{} reading {publisher}'s events: {} not yet delivered, {} awaiting acknowledgement, {} redelivered",
                        module.name(),
                        info.num_pending,
                        info.num_ack_pending,
                        info.num_redelivered
                    ),
                    Err(e) => writeln!(report, "{} reading {publisher}'s events: {e}", module.name()),
                };
            }
        }
        report
    })
}

fn age(at: Timestamp) -> String {
    let seconds = (Timestamp::now().0 - at.0).max(0) / 1_000_000;
    format!("{seconds}s ago")
}

fn until(at: Timestamp) -> String {
    let seconds = (at.0 - Timestamp::now().0) / 1_000_000;
    if seconds <= 0 {
        "now".into()
    } else {
        format!("in {seconds}s")
    }
}
