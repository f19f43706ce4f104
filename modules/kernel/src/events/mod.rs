//! Events between modules, with a transactional outbox and inbox (as Spring Modulith's event publication registry
//! and ABP's distributed event bus keep them). A module publishes a typed event inside the transaction that changes
//! its rows: the event is a row of that module's own outbox (`events_outbox`, in its own database), so a rolled-back
//! transaction publishes nothing. The application relays each outbox after commit, in process or through a broker,
//! at least once; a consumer handles an event in its own transaction and records the event's id in its own inbox
//! (`events_inbox`) in that same transaction, so that a redelivered event has no second effect.
//!
//! Event types belong to the publishing module's published interface crate (`#[derive(Event)]`); a module declares
//! what it publishes and consumes in `module!`, and the kernel adds the two tables to its migrations.

mod consumer;
pub mod inbox;
pub mod outbox;
mod wake;

use diesel::QueryResult;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::db::AnyConnection;

pub use consumer::Consumer;
pub use inbox::{receive, Delivery, Outcome, Receipt};
pub use outbox::{Publication, Retry, Stats};
pub use tessera_kernel_macros::Event;
pub use wake::{relay_signal, wake_published};

/// An event type: the module that publishes it and its name, `orders.OrderPlaced` in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventType {
    pub publisher: &'static str,
    pub name: &'static str,
}

impl EventType {
    pub const fn new(publisher: &'static str, name: &'static str) -> Self {
        EventType { publisher, name }
    }

    /// `orders.OrderPlaced`: as the outbox stores it and brokers carry it.
    pub fn full_name(&self) -> String {
        format!("{}.{}", self.publisher, self.name)
    }

    /// Whether `full_name` names this type.
    pub fn is(&self, full_name: &str) -> bool {
        full_name
            .split_once('.')
            .is_some_and(|(publisher, name)| publisher == self.publisher && name == self.name)
    }
}

/// An event of a module's published interface, as `#[derive(Event)]` declares it. Its JSON is what travels.
pub trait Event: Serialize + DeserializeOwned + Send + 'static {
    const TYPE: EventType;

    /// The aggregate it is about (an order's id): the events of one aggregate are handled in the order they were
    /// published; nothing is promised across aggregates.
    fn key(&self) -> String;
}

/// Publishes `event` in the transaction `conn` is in: a row of the publishing module's outbox, relayed once the
/// transaction has committed. Call it with the publishing module's own connection, in the transaction that changes
/// the rows the event tells of (an after-write hook, an event handler).
pub fn publish<E: Event>(conn: &mut AnyConnection, event: &E) -> QueryResult<()> {
    let payload = serde_json::to_string(event)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    outbox::append(conn, E::TYPE, &event.key(), &payload)?;
    wake::note(E::TYPE.publisher);
    Ok(())
}

/// Whether two names are the same, at compile time (`module!` checks that a module publishes only its own events).
pub const fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A new event id: a random UUID (version 4), unique across modules, processes and database resets, so that a
/// broker's de-duplication and every consumer's inbox can rely on it.
pub fn new_event_id() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system gives random bytes");
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_are_uuids_and_differ() {
        let (a, b) = (new_event_id(), new_event_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(a.chars().all(|c| c.is_ascii_hexdigit() || c == '-'));
    }

    #[test]
    fn types_by_full_name() {
        let placed = EventType::new("orders", "OrderPlaced");
        assert_eq!(placed.full_name(), "orders.OrderPlaced");
        assert!(placed.is("orders.OrderPlaced"));
        assert!(!placed.is("catalog.OrderPlaced") && !placed.is("orders"));
        assert!(same_name("orders", "orders") && !same_name("orders", "order"));
    }
}
