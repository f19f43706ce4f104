//! Reading request bodies within bounds that settings set, not clients: at most `max_bytes` each (413, refused
//! from `Content-Length` before reading), whole within `timeout` (408, and the connection is closed), and at most
//! a budget of body bytes in memory across all requests at once: a request waits for room, or gets 503 when too
//! many already wait.

use std::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use actix_web::http::header;
use actix_web::web::{Bytes, BytesMut, Data, Payload};
use actix_web::HttpRequest;
use futures_util::StreamExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::ApiError;

/// How bodies are read. Held as application data; without it, 1 MiB, 10 seconds and no budget.
#[derive(Debug, Clone)]
pub struct BodyLimit {
    pub max_bytes: usize,
    pub timeout: Duration,
    budget: Option<Arc<Budget>>,
}

#[derive(Debug)]
struct Budget {
    bytes: Arc<Semaphore>,
    waiting: AtomicUsize,
    queue_limit: usize,
}

impl BodyLimit {
    pub fn new(max_bytes: usize, timeout: Duration) -> Self {
        BodyLimit {
            max_bytes,
            timeout,
            budget: None,
        }
    }

    /// The same, holding at most `bytes` of bodies in memory at once, with at most `queue_limit` requests waiting.
    pub fn with_budget(mut self, bytes: usize, queue_limit: usize) -> Self {
        self.budget = Some(Arc::new(Budget {
            bytes: Arc::new(Semaphore::new(bytes.min(Semaphore::MAX_PERMITS))),
            waiting: AtomicUsize::new(0),
            queue_limit,
        }));
        self
    }

    /// Room for `bytes` in the budget, waited for.
    async fn reserve(&self, bytes: usize) -> Result<Option<OwnedSemaphorePermit>, ApiError> {
        let Some(budget) = &self.budget else {
            return Ok(None);
        };
        if bytes == 0 {
            return Ok(None);
        }
        let permits = u32::try_from(bytes).unwrap_or(u32::MAX);
        if let Ok(permit) = budget.bytes.clone().try_acquire_many_owned(permits) {
            return Ok(Some(permit));
        }
        if budget.waiting.fetch_add(1, Ordering::SeqCst) >= budget.queue_limit {
            budget.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(ApiError::Unavailable(
                "server.body_memory_bytes is taken and server.body_queue_limit requests already wait".into(),
            ));
        }
        let permit = budget.bytes.clone().acquire_many_owned(permits).await;
        budget.waiting.fetch_sub(1, Ordering::SeqCst);
        permit
            .map(Some)
            .map_err(|e| ApiError::internal(format!("body budget: {e}")))
    }
}

impl Default for BodyLimit {
    fn default() -> Self {
        BodyLimit::new(1024 * 1024, Duration::from_secs(10))
    }
}

/// A request body, holding its room in the budget until it is dropped.
pub struct Body {
    bytes: Bytes,
    _room: Option<OwnedSemaphorePermit>,
}

impl Deref for Body {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

/// The body's length as `Content-Length` declares it.
pub fn declared_length(req: &HttpRequest) -> Option<usize> {
    req.headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok())
}

/// Reads the body within the application's bounds.
pub async fn read_body(req: &HttpRequest, mut payload: Payload) -> Result<Body, ApiError> {
    let default = BodyLimit::default();
    let limit = req
        .app_data::<Data<BodyLimit>>()
        .map_or(&default, |l| l.get_ref());
    let declared = declared_length(req);
    if declared.is_some_and(|n| n > limit.max_bytes) {
        return Err(ApiError::PayloadTooLarge);
    }
    // Without a length, a chunked body may be as large as the limit; a request with neither has none.
    let chunked = req.headers().contains_key(header::TRANSFER_ENCODING);
    let expected = declared.unwrap_or(if chunked { limit.max_bytes } else { 0 });
    let read = async {
        let room = limit.reserve(expected).await?;
        let mut bytes = BytesMut::with_capacity(declared.unwrap_or(0));
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|e| ApiError::Parse(e.to_string()))?;
            if bytes.len() + chunk.len() > limit.max_bytes {
                return Err(ApiError::PayloadTooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Body {
            bytes: bytes.freeze(),
            _room: room,
        })
    };
    actix_web::rt::time::timeout(limit.timeout, read)
        .await
        .unwrap_or(Err(ApiError::BodyTimeout))
}

/// `payload` as a stream that ends in an error once `timeout` has passed, for bodies passed on unread (the
/// gateway's).
pub fn with_deadline(
    payload: Payload,
    timeout: Duration,
) -> impl futures_util::Stream<Item = Result<Bytes, actix_web::error::PayloadError>> {
    let deadline = actix_web::rt::time::Instant::now() + timeout;
    futures_util::stream::unfold(Some(payload), move |state| async move {
        let mut payload = state?;
        let left = deadline.saturating_duration_since(actix_web::rt::time::Instant::now());
        match actix_web::rt::time::timeout(left, payload.next()).await {
            Ok(Some(item)) => Some((item, Some(payload))),
            Ok(None) => None,
            Err(_) => Some((
                Err(actix_web::error::PayloadError::Io(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "the request body was not received in time",
                ))),
                None,
            )),
        }
    })
}
