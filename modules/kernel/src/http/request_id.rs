//! Request ids: every request has one, `X-Request-Id` from a trusted proxy or a new one, returned on the response,
//! passed on to the processes the request reaches (the gateway's remote modules, catalog over HTTP) and named by
//! every log line written while it is handled, on the HTTP worker and on the module's query threads alike.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use actix_web::HttpRequest;

use super::origin::from_trusted_proxy;

/// The header that carries it, in both directions.
pub const HEADER: &str = "x-request-id";

/// Longest id taken from a proxy; longer ones are replaced.
const MAX_LENGTH: usize = 200;

/// One request's id. Cheap to clone; held in the request's extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(Arc<str>);

impl RequestId {
    /// A random UUID (version 4).
    pub fn generate() -> Self {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).expect("the operating system's random source");
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        RequestId(
            format!(
                "{}-{}-{}-{}-{}",
                &hex[..8],
                &hex[8..12],
                &hex[12..16],
                &hex[16..20],
                &hex[20..]
            )
            .into(),
        )
    }

    /// The id a trusted proxy sent, when it is one that cannot break a log line or a header; else a new one.
    pub fn for_request(req: &HttpRequest) -> Self {
        from_trusted_proxy(req)
            .then(|| req.headers().get(HEADER)?.to_str().ok().map(str::trim))
            .flatten()
            .filter(|id| is_valid(id))
            .map(|id| RequestId(id.into()))
            .unwrap_or_else(Self::generate)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Letters, digits and `-_.:/+=@`, at most [`MAX_LENGTH`] of them: UUIDs, ULIDs, nginx's `$request_id`, AWS trace
/// ids.
fn is_valid(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_LENGTH
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:/+=@".contains(&b))
}

thread_local! {
    /// The request this thread is working for: the future being polled, or the query job being run.
    static CURRENT: RefCell<Option<RequestId>> = const { RefCell::new(None) };
}

/// The id of the request this thread is working for, if any.
pub fn current() -> Option<RequestId> {
    CURRENT.with(|c| c.borrow().clone())
}

/// Runs `f` as work for the request `id` (or for none), restoring what was current before, panic or not.
pub fn scope<R>(id: Option<RequestId>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<RequestId>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let before = self.0.take();
            CURRENT.with(|c| *c.borrow_mut() = before);
        }
    }
    let _restore = Restore(CURRENT.with(|c| c.replace(id)));
    f()
}

/// A future polled as work for one request.
pub struct WithRequestId<F> {
    id: RequestId,
    inner: Pin<Box<F>>,
}

impl<F: Future> WithRequestId<F> {
    pub fn new(id: RequestId, inner: F) -> Self {
        WithRequestId {
            id,
            inner: Box::pin(inner),
        }
    }
}

impl<F: Future> Future for WithRequestId<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let id = self.id.clone();
        scope(Some(id), || self.inner.as_mut().poll(cx))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_uuids_and_differ() {
        let a = RequestId::generate();
        let b = RequestId::generate();
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 36);
        assert_eq!(&a.as_str()[14..15], "4");
        assert!(is_valid(a.as_str()));
    }

    #[test]
    fn ids_that_could_break_a_log_line_are_refused() {
        for ok in [
            "abc",
            "01J9Z3X6Q4",
            "Root=1-5759e988-bd862e3fe1be46a994272793",
        ] {
            assert!(is_valid(ok), "{ok}");
        }
        for bad in ["", "a b", "a\"b", "x\ny", &"a".repeat(201), "é"] {
            assert!(!is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn scope_sets_and_restores_the_current_id() {
        assert_eq!(current(), None);
        let id = RequestId::generate();
        scope(Some(id.clone()), || {
            assert_eq!(current(), Some(id.clone()));
            scope(None, || assert_eq!(current(), None));
            assert_eq!(current(), Some(id.clone()));
        });
        assert_eq!(current(), None);
    }
}
