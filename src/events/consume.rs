//! A consuming module served here, fed one publishing module's stream through a durable JetStream consumer named
//! after it: messages are handled one at a time in stream order (so the events of one aggregate are handled in the
//! order they were published), each in the module's own transaction with its inbox record, and acknowledged only
//! after that transaction has committed. A handler that fails is retried here with backoff, holding the stream's
//! later messages back and telling the broker it is still at work; a crash before the acknowledgement gets the
//! message delivered again, which the inbox recognises.

use std::time::{Duration, Instant};

use async_nats::jetstream::consumer::{self, pull, AckPolicy, DeliverPolicy};
use async_nats::jetstream::AckKind;
use futures_util::StreamExt;
use tessera_kernel::blocking::run_transaction;
use tessera_kernel::db::Database;
use tessera_kernel::events::{receive, Consumer, Delivery, Outcome};

use super::broker::{Broker, TYPE_HEADER};
use super::describe;
use crate::settings::EventsSettings;

/// Messages the broker hands out at a time.
const BATCH: usize = 64;

/// Feeds `module`'s handlers of `publisher`'s events, for as long as the process runs.
pub async fn run(
    broker: Broker,
    module: &'static str,
    database: Database,
    publisher: &'static str,
    handlers: Vec<Consumer>,
    settings: EventsSettings,
) {
    let feed = Feed {
        broker,
        module,
        database,
        publisher,
        handlers,
        settings,
    };
    let mut outage = 0u32;
    loop {
        match feed.consume().await {
            Ok(()) => outage = 0,
            Err(cause) => {
                outage += 1;
                if outage == 1 || outage.is_multiple_of(20) {
                    log::warn!(
                        "events: {module} consuming {publisher}'s events: {cause}; retrying (attempt {outage})"
                    );
                }
            }
        }
        let retry = feed.settings.retry();
        tokio::time::sleep(retry.backoff(outage.max(1)).min(Duration::from_secs(5))).await;
    }
}

struct Feed {
    broker: Broker,
    module: &'static str,
    database: Database,
    publisher: &'static str,
    handlers: Vec<Consumer>,
    settings: EventsSettings,
}

impl Feed {
    /// Reads the stream until the connection to the broker fails.
    async fn consume(&self) -> Result<(), String> {
        let stream = self.broker.stream(self.publisher).await?;
        let name = self.module.to_owned();
        let config = pull::Config {
            durable_name: Some(name.clone()),
            description: Some(format!(
                "{}'s handlers of {}'s events",
                self.module, self.publisher
            )),
            filter_subject: format!("{}.{}.>", self.broker.namespace(), self.publisher),
            ack_policy: AckPolicy::Explicit,
            ack_wait: self.settings.ack_wait(),
            deliver_policy: DeliverPolicy::All,
            max_deliver: -1,
            max_ack_pending: (BATCH * 4) as i64,
            ..Default::default()
        };
        let consumer: consumer::PullConsumer = stream
            .get_or_create_consumer(&name, config)
            .await
            .map_err(|e| format!("consumer {name}: {e}"))?;
        let mut messages = consumer
            .stream()
            .max_messages_per_batch(BATCH)
            .heartbeat(Duration::from_secs(5))
            .expires(Duration::from_secs(30))
            .messages()
            .await
            .map_err(|e| format!("consumer {name}: {e}"))?;
        log::info!(
            "events: {} reads {} from stream {}",
            self.module,
            self.publisher,
            self.broker.stream_name(self.publisher)
        );
        while let Some(message) = messages.next().await {
            let message = message.map_err(|e| format!("consumer {name}: {e}"))?;
            self.handle(&message).await;
        }
        Err(format!("consumer {name}: the message stream ended"))
    }

    /// Handles one message until its transaction commits, then acknowledges it.
    async fn handle(&self, message: &async_nats::jetstream::Message) {
        let header = |name: &str| {
            message
                .headers
                .as_ref()
                .and_then(|h| h.get(name))
                .map(|v| v.as_str().to_owned())
        };
        let (Some(event_id), Some(event_type)) = (header("Nats-Msg-Id"), header(TYPE_HEADER))
        else {
            log::error!(
                "events: {} got a message on {} without an event id or type: acknowledged, not handled",
                self.module,
                message.subject
            );
            let _ = message.ack().await;
            return;
        };
        let Some(handler) = self.handlers.iter().find(|c| c.event.is(&event_type)) else {
            // Another consumer's event type on the same stream.
            let _ = message.ack().await;
            return;
        };
        let payload = String::from_utf8_lossy(&message.payload).into_owned();
        let retry = self.settings.retry();
        let keep_alive = self.settings.ack_wait() / 3;
        let mut failures = 0u32;
        let mut told = Instant::now();
        loop {
            let (consumer, id, kind, body) = (
                handler.clone(),
                event_id.clone(),
                event_type.clone(),
                payload.clone(),
            );
            let received = run_transaction(&self.database, move |conn| {
                let delivery = Delivery {
                    event_id: &id,
                    event_type: &kind,
                    payload: &body,
                };
                receive(conn, &consumer, &delivery)
            })
            .await;
            match received {
                Ok(outcome) => {
                    if outcome == Outcome::Duplicate {
                        log::info!(
                            "events: {event_type} {event_id} delivered again to {}: already handled, nothing done",
                            self.module
                        );
                    }
                    // A lost acknowledgement only means one more redelivery, which the inbox recognises.
                    if let Err(e) = message.ack().await {
                        log::warn!("events: acknowledging {event_id}: {e}");
                    }
                    return;
                }
                Err(e) => {
                    failures += 1;
                    if failures == 1 || failures.is_multiple_of(10) {
                        log::warn!(
                            "events: {} handling {event_type} {event_id} failed (attempt {failures}): {}",
                            self.module,
                            describe(&e)
                        );
                    }
                    let wait = retry
                        .backoff(failures)
                        .min(keep_alive.max(Duration::from_millis(100)));
                    tokio::time::sleep(wait).await;
                    if told.elapsed() >= keep_alive {
                        let _ = message.ack_with(AckKind::Progress).await;
                        told = Instant::now();
                    }
                }
            }
        }
    }
}
