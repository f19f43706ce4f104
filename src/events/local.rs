//! Delivery in process: a publication is handed to every handler of its type among the modules this process
//! serves, each in its module's own transaction with the inbox record. Without a broker, a publication some of whose
//! consumers run elsewhere waits in its outbox, where `tessera events` shows it.

use std::collections::HashSet;
use std::sync::Mutex;

use tessera_kernel::blocking::run_transaction;
use tessera_kernel::error::ApiError;
use tessera_kernel::events::{receive, Delivery, Outcome, Publication};

use super::relay::Attempt;
use super::{consumers_of, describe, LocalConsumer};

pub struct InProcess {
    consumers: Vec<LocalConsumer>,
    served: Vec<String>,
    /// Event types already reported as waiting for another process.
    reported: Mutex<HashSet<String>>,
}

impl InProcess {
    pub fn new(consumers: Vec<LocalConsumer>, served: &[&str]) -> Self {
        InProcess {
            consumers,
            served: served.iter().map(|s| (*s).to_owned()).collect(),
            reported: Mutex::default(),
        }
    }

    pub async fn deliver(&self, publication: &Publication) -> Attempt {
        let elsewhere: Vec<&str> = consumers_of(&publication.event_type)
            .into_iter()
            .filter(|m| !self.served.iter().any(|s| s == m))
            .collect();
        if !elsewhere.is_empty() {
            let mut reported = self.reported.lock().unwrap_or_else(|e| e.into_inner());
            if reported.insert(publication.event_type.clone()) {
                log::warn!(
                    "events: {} waits in its outbox: {} runs in another process and events.broker_url is empty",
                    publication.event_type,
                    elsewhere.join(", ")
                );
            }
            return Attempt::Elsewhere;
        }
        for handler in self
            .consumers
            .iter()
            .filter(|c| c.consumer.event.is(&publication.event_type))
        {
            let consumer = handler.consumer.clone();
            let (event_id, event_type, payload) = (
                publication.event_id.clone(),
                publication.event_type.clone(),
                publication.payload.clone(),
            );
            let received = run_transaction(&handler.database, move |conn| {
                let delivery = Delivery {
                    event_id: &event_id,
                    event_type: &event_type,
                    payload: &payload,
                };
                receive(conn, &consumer, &delivery)
            })
            .await;
            match received {
                Ok(Outcome::Handled) => {}
                Ok(Outcome::Duplicate) => log::info!(
                    "events: {} {} delivered again to {}: already handled, nothing done",
                    publication.event_type,
                    publication.event_id,
                    handler.module
                ),
                Err(ApiError::Unavailable(cause)) => {
                    return Attempt::Wait(format!("module {}: {cause}", handler.module))
                }
                Err(e) => {
                    return Attempt::Failed(format!("module {}: {}", handler.module, describe(&e)))
                }
            }
        }
        Attempt::Delivered
    }
}
