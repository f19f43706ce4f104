//! Group commit for SQLite. SQLite takes one writer at a time and each commit appends to the WAL; a single writer
//! thread per database takes every write waiting in its queue, runs each in a savepoint of one transaction, and
//! commits once. No write is acknowledged before its transaction has committed. After each batch, the thread
//! checkpoints the WAL (SQLite's automatic checkpoint was seen never to run under a steady load here). Once its
//! queue has stayed empty for a moment, it merges the search indexes' segments ([`super::search_merge`]).

use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;

use diesel::connection::SimpleConnection;
use diesel::Connection;

use super::connection::AnyConnection;
use super::pool::Database;
use super::search_merge::SearchMerge;
use crate::error::ApiError;

/// Delivers a write's result once its transaction has ended: `Ok` if it committed.
type Delivery = Box<dyn FnOnce(Result<(), ApiError>) + Send>;
/// Runs a write in a savepoint; its delivery, and whether the failure may have ended the whole transaction.
type WriteJob = Box<dyn FnOnce(&mut AnyConnection) -> (Delivery, bool) + Send>;

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
        let request = crate::http::request_id::current();
        let job: WriteJob = Box::new(move |conn| {
            // The panic is caught inside the savepoint, so that diesel rolls the savepoint back.
            let outcome = conn.transaction::<T, ApiError, _>(|conn| {
                crate::http::request_id::scope(request, || {
                    crate::http::panics::catching(|| work(conn)).unwrap_or_else(|message| {
                        Err(ApiError::internal(format!("a write panicked: {message}")))
                    })
                })
            });
            let fatal = matches!(
                outcome,
                Err(ApiError::Internal(_) | ApiError::Unavailable(_))
            );
            let delivery: Delivery = Box::new(move |committed: Result<(), ApiError>| {
                let _ = done.send(committed.and(outcome));
            });
            (delivery, fatal)
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
    // Writes a failed batch did not reach: they go first in the next one.
    let mut carried: Vec<WriteJob> = Vec::new();
    let mut search_merge = SearchMerge::default();
    loop {
        let mut batch = std::mem::take(&mut carried);
        if batch.is_empty() {
            let next = match search_merge.pause() {
                // The search indexes may have merging to do once the writes pause, one short step at a time.
                Some(pause) => match receiver.recv_timeout(pause) {
                    Err(RecvTimeoutError::Timeout) => {
                        search_merge.step(database);
                        continue;
                    }
                    next => next.map_err(|_| ()),
                },
                None => receiver.recv().map_err(|_| ()),
            };
            match next {
                Ok(first) => batch.push(first),
                Err(()) => return,
            }
        }
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
            let mut jobs = batch.into_iter();
            for job in jobs.by_ref() {
                let (delivery, fatal) = job(conn);
                deliveries.push(delivery);
                // An unexpected failure may have ended SQLite's whole transaction: run nothing more in it (the
                // rest would commit on their own), let the commit decide for those before.
                if fatal {
                    break;
                }
            }
            carried.extend(jobs);
            Ok(())
        });
        // Whatever the batch published has committed (or never will): its relays may look.
        crate::events::wake_published();
        match &committed {
            Ok(()) => search_merge.wrote(),
            Err(e) => log::warn!(
                "write batch of module {} not committed: {e}",
                database.module()
            ),
        }
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
