//! NATS JetStream as the events' broker. Each publishing module has a stream, `<namespace>_<module>`, of the subjects
//! `<namespace>.<module>.<Event>`; a publication is sent with its event id as `Nats-Msg-Id`, so that the broker
//! stores a publication sent twice (a relay that crashed before marking it) once, and it is delivered once the
//! broker has acknowledged storing it. Each consuming module reads each stream it needs through a durable consumer
//! named after itself (`consume`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_nats::connection::State;
use async_nats::jetstream::context::PublishErrorKind;
use async_nats::jetstream::message::PublishMessage;
use async_nats::jetstream::{self, stream};
use async_nats::HeaderMap;
use tessera_kernel::events::Publication;

use super::relay::Attempt;
use crate::settings::EventsSettings;

/// The header that carries the event's type (`orders.OrderPlaced`); `Nats-Msg-Id` carries its id.
pub const TYPE_HEADER: &str = "Tessera-Event-Type";
/// The header that carries the aggregate the event is about.
pub const KEY_HEADER: &str = "Tessera-Aggregate";

/// A connection to the broker, shared by every relay and consumer of the process.
#[derive(Clone)]
pub struct Broker {
    client: async_nats::Client,
    jetstream: jetstream::Context,
    namespace: String,
    url: String,
    retention: Duration,
}

impl Broker {
    /// Connects in the background: a broker that is down at startup is waited for, as it is when it goes away.
    pub async fn connect(url: &str, settings: &EventsSettings) -> Self {
        let servers: Vec<&str> = url.split(',').map(str::trim).collect();
        let shown = masked(url);
        let client = async_nats::ConnectOptions::new()
            .name("tessera")
            .retry_on_initial_connect()
            .max_reconnects(None)
            .reconnect_delay_callback(|attempts| {
                Duration::from_millis((100 * attempts as u64).min(2000))
            })
            .event_callback(move |event| {
                let shown = shown.clone();
                async move { log_event(&shown, &event) }
            })
            .connect(servers.as_slice())
            .await
            .expect("connecting in the background does not fail");
        let jetstream = jetstream::new(client.clone());
        log::info!(
            "events: through NATS JetStream at {} (namespace {})",
            masked(url),
            settings.namespace
        );
        Broker {
            client,
            jetstream,
            namespace: settings.namespace.clone(),
            url: masked(url),
            retention: settings.retention(),
        }
    }

    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn is_up(&self) -> bool {
        self.client.connection_state() == State::Connected
    }

    pub fn jetstream(&self) -> &jetstream::Context {
        &self.jetstream
    }

    /// `<namespace>_<module>`: the stream of a publishing module's events.
    pub fn stream_name(&self, publisher: &str) -> String {
        format!("{}_{publisher}", self.namespace)
    }

    /// `<namespace>.<module>.<Event>` for `module.Event`.
    pub fn subject(&self, event_type: &str) -> String {
        format!("{}.{event_type}", self.namespace)
    }

    /// The publishing module's stream, made if missing (by whichever of its publisher and consumers comes first).
    pub async fn stream(&self, publisher: &str) -> Result<stream::Stream, String> {
        self.jetstream
            .get_or_create_stream(stream::Config {
                name: self.stream_name(publisher),
                subjects: vec![format!("{}.{publisher}.>", self.namespace)],
                retention: stream::RetentionPolicy::Limits,
                storage: stream::StorageType::File,
                max_age: self.retention,
                duplicate_window: Duration::from_secs(120),
                ..Default::default()
            })
            .await
            .map_err(|e| format!("stream {}: {e}", self.stream_name(publisher)))
    }

    /// The relay side of a publishing module.
    pub fn publisher(&self, module: &'static str) -> Publisher {
        Publisher {
            broker: self.clone(),
            module,
            stream_ready: AtomicBool::new(false),
        }
    }
}

/// Publishes one module's outbox to its stream.
pub struct Publisher {
    broker: Broker,
    module: &'static str,
    stream_ready: AtomicBool,
}

impl Publisher {
    pub async fn publish(&self, publication: &Publication) -> Attempt {
        if !self.stream_ready.load(Ordering::Relaxed) {
            if let Err(e) = self.broker.stream(self.module).await {
                return Attempt::Wait(e);
            }
            self.stream_ready.store(true, Ordering::Relaxed);
        }
        let mut headers = HeaderMap::new();
        headers.insert(TYPE_HEADER, publication.event_type.as_str());
        headers.insert(KEY_HEADER, publication.aggregate_id.as_str());
        // `message_id` adds `Nats-Msg-Id` to the headers: after them.
        let message = PublishMessage::build()
            .headers(headers)
            .message_id(&publication.event_id)
            .payload(publication.payload.clone().into());
        let subject = self.broker.subject(&publication.event_type);
        let sent = match self.broker.jetstream.send_publish(subject, message).await {
            Ok(ack) => ack.await,
            Err(e) => Err(e),
        };
        match sent {
            Ok(_) => Attempt::Delivered,
            Err(e) => match e.kind() {
                // Too large for the broker, ever; anything else may pass (a broker restarting, a full stream).
                PublishErrorKind::MaxPayloadExceeded => {
                    Attempt::Failed(format!("the broker refused it: {e}"))
                }
                kind => {
                    if kind == PublishErrorKind::StreamNotFound {
                        self.stream_ready.store(false, Ordering::Relaxed);
                    }
                    Attempt::Wait(format!("broker at {}: {e}", self.broker.url))
                }
            },
        }
    }
}

/// The client's events, once each: connected and disconnected, not every failed reconnection.
fn log_event(url: &str, event: &async_nats::Event) {
    match event {
        async_nats::Event::Connected => log::info!("events: broker at {url}: connected"),
        async_nats::Event::Disconnected => {
            log::warn!(
                "events: broker at {url}: disconnected; reconnecting, events wait in the outboxes"
            )
        }
        async_nats::Event::ClientError(_) => log::debug!("events: broker at {url}: {event}"),
        other => log::warn!("events: broker at {url}: {other}"),
    }
}

/// The URL with any password replaced by `***`, for logs and `/health/ready`.
fn masked(url: &str) -> String {
    url.split(',')
        .map(|one| {
            let one = one.trim();
            match (one.find("://"), one.rfind('@')) {
                (Some(scheme), Some(at)) if at > scheme => {
                    let userinfo = &one[scheme + 3..at];
                    let user = userinfo.split(':').next().unwrap_or("");
                    format!("{}{user}:***{}", &one[..scheme + 3], &one[at..])
                }
                _ => one.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}
