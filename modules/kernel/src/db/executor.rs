//! A module's own bounded thread pool for database work. Diesel is blocking, so queries never run on an actix
//! worker; instead of the runtime's blocking pool (which grows a thread per concurrent call and wakes a parked
//! thread for each), a fixed set of threads drains a queue back to back. Measured on the benchmark, the hand-offs
//! and context switches were the largest cost of a database request.

use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};

use crate::http::panics::catching;
use crate::http::request_id;

type Job = Box<dyn FnOnce() + Send>;

/// Why a job produced no result.
#[derive(Debug, thiserror::Error)]
pub enum ExecutorError {
    /// With the panic's message and place.
    #[error("the job panicked: {0}")]
    Panicked(String),
    #[error("the executor has stopped")]
    Stopped,
}

/// A fixed number of threads running jobs from one queue.
pub struct Executor {
    queue: Mutex<Sender<Job>>,
}

impl Executor {
    /// Starts `threads` threads named `db-<name>-<n>`.
    pub fn start(name: &str, threads: usize) -> Arc<Self> {
        let (sender, receiver) = channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..threads.max(1) {
            let receiver = Arc::clone(&receiver);
            std::thread::Builder::new()
                .name(format!("db-{name}-{n}"))
                .spawn(move || work(&receiver))
                .expect("the operating system starts a thread");
        }
        Arc::new(Executor {
            queue: Mutex::new(sender),
        })
    }

    /// Runs `job` on one of the threads and waits for its result without blocking the caller's thread. The job
    /// works for the caller's request: its log lines name the request's id.
    pub async fn run<T, F>(&self, job: F) -> Result<T, ExecutorError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (done, result) = tokio::sync::oneshot::channel();
        let request = request_id::current();
        let job: Job = Box::new(move || {
            let _ = done.send(request_id::scope(request, || catching(job)));
        });
        self.queue
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send(job)
            .map_err(|_| ExecutorError::Stopped)?;
        match result.await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(message)) => Err(ExecutorError::Panicked(message)),
            Err(_) => Err(ExecutorError::Stopped),
        }
    }
}

fn work(receiver: &Mutex<Receiver<Job>>) {
    loop {
        // Only one idle thread waits in `recv`; the others wait for the lock.
        let job = match receiver.lock() {
            Ok(receiver) => receiver.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        match job {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn jobs_run_on_the_pool_and_panics_are_contained() {
        let executor = Executor::start("test", 2);
        let caller = std::thread::current().id();
        let ran_on = executor.run(|| std::thread::current().id()).await.unwrap();
        assert_ne!(ran_on, caller);
        crate::http::panics::install_hook();
        match executor.run(|| panic!("deliberate")).await {
            Err(ExecutorError::Panicked(message)) => {
                assert!(message.starts_with("deliberate at "), "{message}")
            }
            other => panic!("{other:?}"),
        }
        let id = request_id::RequestId::generate();
        let seen = request_id::WithRequestId::new(id.clone(), executor.run(request_id::current));
        assert_eq!(
            seen.await.unwrap(),
            Some(id),
            "the job works for the caller's request"
        );
        assert_eq!(
            executor.run(|| 6 * 7).await.unwrap(),
            42,
            "the threads survive a panic"
        );
        let names = executor
            .run(|| std::thread::current().name().map(str::to_owned))
            .await
            .unwrap();
        assert!(names.unwrap().starts_with("db-test-"));
    }
}
