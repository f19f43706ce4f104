//! A module's handler of one event type, as `module! { consumes: [Type => handler] }` declares it.

use std::sync::Arc;

use super::{Event, EventType};
use crate::db::AnyConnection;
use crate::error::ApiError;

type Handle = dyn Fn(&mut AnyConnection, &str) -> Result<(), ApiError> + Send + Sync;

/// Handles one event type for the consuming module, on that module's own connection, in the transaction that also
/// records the event in the module's inbox.
#[derive(Clone)]
pub struct Consumer {
    pub event: EventType,
    handle: Arc<Handle>,
}

impl Consumer {
    /// A handler of `E`: `fn(conn, event) -> Result<(), ApiError>`. It may publish events of its own module with
    /// the same connection. An `ApiError::Unavailable` (the database going away) is retried without counting as
    /// an attempt; any other error is an attempt that failed.
    pub fn of<E: Event>(handler: fn(&mut AnyConnection, E) -> Result<(), ApiError>) -> Self {
        Consumer {
            event: E::TYPE,
            handle: Arc::new(move |conn, payload| {
                let event: E = serde_json::from_str(payload).map_err(|e| {
                    ApiError::internal(format!("{} cannot be read: {e}", E::TYPE.full_name()))
                })?;
                handler(conn, event)
            }),
        }
    }

    /// Decodes the payload and runs the handler.
    pub fn handle(&self, conn: &mut AnyConnection, payload: &str) -> Result<(), ApiError> {
        (self.handle)(conn, payload)
    }
}

impl std::fmt::Debug for Consumer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Consumer({})", self.event.full_name())
    }
}
