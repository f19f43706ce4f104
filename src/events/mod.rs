//! Events between the modules of this process and others: each served module that publishes gets a relay of its
//! outbox, delivering in process (no broker) or to NATS JetStream (`events.broker_url`); each served module that
//! consumes gets its handlers fed, in process by the publishers' relays or by a durable JetStream consumer per
//! publishing module. Module code only declares what it publishes and consumes (`module!`).

mod broker;
pub mod command;
mod consume;
mod local;
mod relay;

use std::collections::BTreeSet;
use std::time::Duration;

use tessera_kernel::blocking::run_write;
use tessera_kernel::db::Database;
use tessera_kernel::error::ApiError;
use tessera_kernel::events::{inbox, outbox, Consumer};
use tessera_kernel::types::Timestamp;
use tessera_kernel::Module;

use crate::databases::MountedModule;
use crate::settings::{EventsSettings, Settings};

pub use broker::Broker;

/// What runs for events in this process, as health and metrics see it.
#[derive(Clone, Default)]
pub struct Events {
    /// The broker, when one is configured.
    pub broker: Option<Broker>,
    /// The databases of the modules served here that publish, whose outboxes are relayed here.
    pub outboxes: Vec<Database>,
}

/// A handler of a module served here, on that module's database.
#[derive(Clone)]
pub struct LocalConsumer {
    pub module: &'static str,
    pub database: Database,
    pub consumer: Consumer,
}

/// The modules compiled in that consume an event type (`orders.OrderPlaced`), wherever they run.
pub fn consumers_of(event_type: &str) -> Vec<&'static str> {
    crate::modules::MODULES
        .iter()
        .filter(|m| m.consumers().iter().any(|c| c.event.is(event_type)))
        .map(|m| m.name())
        .collect()
}

/// Starts the relays and consumers of the modules served here. Needs the runtime the server runs on: they are its
/// tasks and stop with it.
pub async fn start(settings: &Settings, mounted: &[MountedModule]) -> Events {
    let config = settings.events.clone();
    let consumers: Vec<LocalConsumer> = mounted
        .iter()
        .flat_map(|m| {
            m.module
                .consumers()
                .into_iter()
                .map(|consumer| LocalConsumer {
                    module: m.module.name(),
                    database: m.database.clone(),
                    consumer,
                })
        })
        .collect();
    let publishing: Vec<&MountedModule> = mounted
        .iter()
        .filter(|m| !m.module.publishes().is_empty())
        .collect();
    let broker = match config.broker_url.trim() {
        "" => None,
        url => Some(Broker::connect(url, &config).await),
    };
    let served: Vec<&str> = mounted.iter().map(|m| m.module.name()).collect();
    if broker.is_none() {
        warn_about_other_processes(&served, mounted);
    }
    for m in &publishing {
        let transport = match &broker {
            Some(broker) => relay::Transport::Broker(Box::new(broker.publisher(m.module.name()))),
            None => relay::Transport::InProcess(local::InProcess::new(consumers.clone(), &served)),
        };
        let relay = relay::Relay::new(m.module.name(), m.database.clone(), transport, &config);
        actix_web::rt::spawn(relay.run());
    }
    if let Some(broker) = &broker {
        for (module, database, publisher, handlers) in by_publisher(mounted) {
            actix_web::rt::spawn(consume::run(
                broker.clone(),
                module,
                database,
                publisher,
                handlers,
                config.clone(),
            ));
        }
    }
    let kept: Vec<(&'static dyn Module, Database)> = mounted
        .iter()
        .filter(|m| !m.module.publishes().is_empty() || !m.module.consumers().is_empty())
        .map(|m| (m.module, m.database.clone()))
        .collect();
    actix_web::rt::spawn(forget_old(kept, config));
    Events {
        broker,
        outboxes: publishing.iter().map(|m| m.database.clone()).collect(),
    }
}

/// Each module served here with the handlers it has for the events of each publishing module.
fn by_publisher(
    mounted: &[MountedModule],
) -> Vec<(&'static str, Database, &'static str, Vec<Consumer>)> {
    let mut feeds = Vec::new();
    for m in mounted {
        let consumers = m.module.consumers();
        let publishers: BTreeSet<&'static str> =
            consumers.iter().map(|c| c.event.publisher).collect();
        for publisher in publishers {
            let handlers = consumers
                .iter()
                .filter(|c| c.event.publisher == publisher)
                .cloned()
                .collect();
            feeds.push((m.module.name(), m.database.clone(), publisher, handlers));
        }
    }
    feeds
}

/// Without a broker, events cross no process: say which ones wait, so that a split layout is configured with one.
fn warn_about_other_processes(served: &[&str], mounted: &[MountedModule]) {
    for m in mounted {
        for event in m.module.publishes() {
            let name = event.full_name();
            for consumer in consumers_of(&name) {
                if !served.contains(&consumer) {
                    log::warn!(
                        "events: {name} is consumed by {consumer}, which this process does not serve; they wait in \
                         {}'s outbox until events.broker_url names a broker",
                        m.module.name()
                    );
                }
            }
        }
        for consumer in m.module.consumers() {
            if !served.contains(&consumer.event.publisher) {
                log::warn!(
                    "events: {} consumes {}, published by {}, which this process does not serve; without \
                     events.broker_url it gets none",
                    m.module.name(),
                    consumer.event.full_name(),
                    consumer.event.publisher
                );
            }
        }
    }
}

/// Every hour, forgets delivered publications and inbox receipts older than `events.retention_secs`.
async fn forget_old(modules: Vec<(&'static dyn Module, Database)>, config: EventsSettings) {
    loop {
        for (module, database) in &modules {
            let before = Timestamp(Timestamp::now().0 - config.retention().as_micros() as i64);
            let (publishes, consumes) = (
                !module.publishes().is_empty(),
                !module.consumers().is_empty(),
            );
            let forgotten = run_write(database, move |conn| {
                let mut n = 0;
                if publishes {
                    n += outbox::forget_delivered(conn, before)?;
                }
                if consumes {
                    n += inbox::forget(conn, before)?;
                }
                Ok(n)
            })
            .await;
            match forgotten {
                Ok(0) => {}
                Ok(n) => log::info!("events: module {}: forgot {n} old row(s)", module.name()),
                Err(e) => log::warn!(
                    "events: module {}: forgetting old rows: {}",
                    module.name(),
                    describe(&e)
                ),
            }
        }
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}

/// An error's cause, for logs and the outbox's `last_error` (the API's texts hide it).
pub fn describe(error: &ApiError) -> String {
    match error {
        ApiError::Internal(cause) | ApiError::Unavailable(cause) => cause.clone(),
        other => other.to_string(),
    }
}
