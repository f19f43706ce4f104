//! Group commit for SQLite. SQLite takes one writer at a time and each commit appends to the WAL; a single writer
//! thread per database takes every write waiting in its queue, runs each in a savepoint of one transaction, and
//! commits once. No write is acknowledged before its transaction has committed. After each batch, the thread
//! checkpoints the WAL (SQLite's automatic checkpoint was seen never to run under a steady load here).

use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::Mutex;

use diesel::connection::SimpleConnection;
use diesel::Connection;

use super::connection::AnyConnection;
use super::pool::Database;
use crate::error::ApiError;

/// Delivers a write's result once its transaction has ended: `Ok` if it committed.
type Delivery = Box<dyn FnOnce(Result<(), ApiError>) + Send>;
type WriteJob = Box<dyn FnOnce(&mut AnyConnection) -> Delivery + Send>;

/// The most writes one transaction takes.
const BATCH: usize = 32;
/// Checkpoint the WAL after this many writes.
const CHECKPOINT_EVERY: usize = 2000;

pub struct Writer {
    queue: Mutex<Sender<WriteJob>>,
}

impl Writer {
    /// Starts the writer thread of `database`.
    pub fn start(database: Database) -> Self {
        let (sender, receiver) = channel::<WriteJob>();
        let name = format!("db-{}-writer", database.module());
        std::thread::Builder::new()
            .name(name)
            .spawn(move || write_batches(&database, &receiver))
            .expect("the operating system starts a thread");
        Writer {
            queue: Mutex::new(sender),
        }
    }

    /// Runs `work` in a savepoint of the next batch; its result once the batch has committed.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let (done, result) = tokio::sync::oneshot::channel::<Result<T, ApiError>>();
        let job: WriteJob = Box::new(move |conn| {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                conn.transaction::<T, ApiError, _>(work)
            }))
            .unwrap_or_else(|_| Err(ApiError::internal("a write panicked")));
            Box::new(move |committed: Result<(), ApiError>| {
                let _ = done.send(committed.and(outcome));
            })
        });
        self.queue
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send(job)
            .map_err(|_| ApiError::internal("the writer has stopped"))?;
        // A write dropped unrun means its batch found no connection: the database is unavailable.
        result
            .await
            .map_err(|_| ApiError::Unavailable("no connection for the write".into()))?
    }
}

fn write_batches(database: &Database, receiver: &Receiver<WriteJob>) {
    let mut since_checkpoint = 0;
    while let Ok(first) = receiver.recv() {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match receiver.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let count = batch.len();
        let Ok(mut conn) = database.get() else {
            // Dropping the writes unrun answers each of them 503.
            continue;
        };
        let mut deliveries = Vec::with_capacity(count);
        let committed = conn.transaction::<(), diesel::result::Error, _>(|conn| {
            for job in batch {
                deliveries.push(job(conn));
            }
            Ok(())
        });
        let committed = committed.map_err(ApiError::from);
        for deliver in deliveries {
            deliver(
                committed
                    .as_ref()
                    .map(|_| ())
                    .map_err(|e| ApiError::Unavailable(e.to_string())),
            );
        }
        since_checkpoint += count;
        if since_checkpoint >= CHECKPOINT_EVERY {
            since_checkpoint = 0;
            if let Err(e) = conn.batch_execute("PRAGMA wal_checkpoint(PASSIVE);") {
                log::warn!("WAL checkpoint of module {}: {e}", database.module());
            }
        }
    }
}
