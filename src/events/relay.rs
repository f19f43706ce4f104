//! The relay of one module's outbox: woken after every commit that published (and every `poll_interval_ms`), it
//! hands the pending publications, in publication order, to the transport, and marks those delivered. A failed
//! publication waits its backoff and holds back the later ones of its aggregate, so that the events of one aggregate
//! stay in order; an unreachable database or broker stops the pass and is waited for with backoff, counting no
//! attempt. A crash loses nothing: what was not marked delivered is delivered again, and inboxes recognise it.

use std::collections::HashSet;
use std::time::Duration;

use tessera_kernel::blocking::{run, run_write};
use tessera_kernel::db::Database;
use tessera_kernel::events::outbox::{self, FAILED};
use tessera_kernel::events::{relay_signal, Publication, Retry};
use tessera_kernel::types::Timestamp;

use super::broker::Publisher;
use super::describe;
use super::local::InProcess;
use crate::settings::EventsSettings;

/// Publications read at a time.
const PAGE: i64 = 200;
/// Delivered publications marked at a time.
const MARK: usize = 64;

/// What became of one attempt to deliver a publication.
#[derive(Debug)]
pub enum Attempt {
    Delivered,
    /// A consumer refused it: counted, retried after its backoff.
    Failed(String),
    /// A database or the broker is unreachable: the pass stops and waits, counting nothing.
    Wait(String),
    /// Its consumers run in other processes and there is no broker: it waits in the outbox.
    Elsewhere,
}

pub enum Transport {
    InProcess(InProcess),
    Broker(Box<Publisher>),
}

impl Transport {
    async fn deliver(&self, publication: &Publication) -> Attempt {
        match self {
            Transport::InProcess(local) => local.deliver(publication).await,
            Transport::Broker(broker) => broker.publish(publication).await,
        }
    }
}

pub struct Relay {
    module: &'static str,
    database: Database,
    transport: Transport,
    retry: Retry,
    poll: Duration,
}

impl Relay {
    pub fn new(
        module: &'static str,
        database: Database,
        transport: Transport,
        settings: &EventsSettings,
    ) -> Self {
        Relay {
            module,
            database,
            transport,
            retry: settings.retry(),
            poll: settings.poll_interval(),
        }
    }

    pub async fn run(self) {
        let signal = relay_signal(self.module);
        let mut outage = 0u32;
        loop {
            let wait = match self.pass().await {
                Ok(wait) => {
                    if outage > 0 {
                        log::info!("events: relay of {}: delivering again", self.module);
                    }
                    outage = 0;
                    wait
                }
                Err(cause) => {
                    outage += 1;
                    if outage == 1 || outage.is_multiple_of(20) {
                        log::warn!(
                            "events: relay of {}: {cause}; retrying (outage pass {outage})",
                            self.module
                        );
                    }
                    self.retry
                        .backoff(outage)
                        .min(self.poll.max(self.retry.initial))
                }
            };
            let _ = tokio::time::timeout(wait, signal.notified()).await;
        }
    }

    /// One pass over the outbox; how long until something is due.
    async fn pass(&self) -> Result<Duration, String> {
        let mut blocked: HashSet<String> = HashSet::new();
        let mut delivered: Vec<i64> = Vec::new();
        let mut next_due: Option<i64> = None;
        let mut after = 0;
        loop {
            let page = run(&self.database, move |conn| {
                Ok(outbox::incomplete_after(conn, after, PAGE)?)
            })
            .await
            .map_err(|e| describe(&e))?;
            let full = page.len() as i64 == PAGE;
            for publication in page {
                after = publication.id;
                if blocked.contains(&publication.aggregate_id) {
                    continue;
                }
                let now = Timestamp::now().0;
                if publication.state == FAILED || publication.next_attempt_at.0 > now {
                    if publication.state != FAILED {
                        next_due = Some(next_due.map_or(publication.next_attempt_at.0, |d| {
                            d.min(publication.next_attempt_at.0)
                        }));
                    }
                    blocked.insert(publication.aggregate_id.clone());
                    continue;
                }
                match self.transport.deliver(&publication).await {
                    Attempt::Delivered => delivered.push(publication.id),
                    Attempt::Elsewhere => {
                        blocked.insert(publication.aggregate_id.clone());
                    }
                    Attempt::Failed(error) => {
                        log::warn!(
                            "events: {} {} (#{} of {}) failed (attempt {}): {error}",
                            publication.event_type,
                            publication.event_id,
                            publication.id,
                            self.module,
                            publication.attempts + 1
                        );
                        blocked.insert(publication.aggregate_id.clone());
                        let retry = self.retry;
                        let wait = retry
                            .backoff(u32::try_from(publication.attempts + 1).unwrap_or(u32::MAX));
                        let due = Timestamp::now().0 + wait.as_micros() as i64;
                        next_due = Some(next_due.map_or(due, |d| d.min(due)));
                        run_write(&self.database, move |conn| {
                            Ok(outbox::record_failure(conn, &publication, &error, &retry)?)
                        })
                        .await
                        .map_err(|e| describe(&e))?;
                    }
                    Attempt::Wait(cause) => {
                        self.mark(std::mem::take(&mut delivered)).await?;
                        return Err(cause);
                    }
                }
                if delivered.len() >= MARK {
                    self.mark(std::mem::take(&mut delivered)).await?;
                }
            }
            if !full {
                break;
            }
        }
        self.mark(delivered).await?;
        let until_due = next_due.map_or(self.poll, |due| {
            Duration::from_micros(due.saturating_sub(Timestamp::now().0).max(0) as u64)
        });
        Ok(until_due.min(self.poll))
    }

    async fn mark(&self, ids: Vec<i64>) -> Result<(), String> {
        if ids.is_empty() {
            return Ok(());
        }
        run_write(&self.database, move |conn| {
            Ok(outbox::mark_delivered(conn, &ids)?)
        })
        .await
        .map(|_| ())
        .map_err(|e| describe(&e))
    }
}
