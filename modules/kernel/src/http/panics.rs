//! A panic in a handler or in a query job becomes `500 {"detail":"A server error occurred."}` whose cause (the
//! panic's message and place) is logged once, in the request's access line; the worker goes on serving. A panic
//! elsewhere is logged where it happens.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use serde_json::json;

use crate::error::Cause;
use crate::render;

thread_local! {
    /// Whether a panic on this thread is caught by code that reports it ([`catching`]).
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    /// The message and place of the last panic caught so.
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the process's panic hook: a panic that [`catching`] reports is kept for it, any other is logged (or,
/// with no logger, as Rust reports panics: tests still show their failures).
pub fn install_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        if CATCHING.with(Cell::get) {
            CAUGHT.with(|c| *c.borrow_mut() = Some(format!("{message}{location}")));
        } else if log::log_enabled!(log::Level::Error) {
            log::error!("panic: {message}{location}");
        } else {
            previous(info);
        }
    }));
}

/// Runs `f`; a panic is caught and given back as its message and place, for the caller to report.
pub fn catching<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    let before = CATCHING.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(before));
    result.map_err(|_| {
        CAUGHT
            .with(|c| c.borrow_mut().take())
            .unwrap_or_else(|| "(no message)".into())
    })
}

/// A future whose panics end it with their message instead of unwinding through the worker.
struct Caught<F> {
    inner: Pin<Box<F>>,
}

impl<F: Future> Future for Caught<F> {
    type Output = Result<F::Output, String>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match catching(|| self.inner.as_mut().poll(cx)) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(message) => Poll::Ready(Err(message)),
        }
    }
}

/// Middleware: turns a panic while handling the request into the contract's 500, its cause on the response.
pub async fn catch_panics(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let http = req.request().clone();
    let handled = Caught {
        inner: Box::pin(next.call(req)),
    };
    match handled.await {
        Ok(result) => result.map(ServiceResponse::map_into_boxed_body),
        Err(message) => {
            let body = json!({"detail": "A server error occurred."});
            let mut response = render::json(StatusCode::INTERNAL_SERVER_ERROR, &body);
            response
                .extensions_mut()
                .insert(Cause(format!("panic: {message}")));
            Ok(ServiceResponse::new(http, response))
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::middleware::from_fn;
    use actix_web::{test, web, App, HttpResponse};

    use super::{catch_panics, catching, install_hook};

    async fn boom() -> HttpResponse {
        panic!("deliberate")
    }

    #[actix_web::test]
    async fn a_panicking_handler_gives_the_json_500_and_the_worker_keeps_serving() {
        install_hook();
        let app = test::init_service(
            App::new()
                .service(web::resource("/boom").wrap(from_fn(catch_panics)).to(boom))
                .service(
                    web::resource("/ok")
                        .wrap(from_fn(catch_panics))
                        .to(|| async { HttpResponse::Ok().body("fine") }),
                ),
        )
        .await;
        for _ in 0..3 {
            let response =
                test::call_service(&app, test::TestRequest::get().uri("/boom").to_request()).await;
            assert_eq!(response.status(), 500);
            assert_eq!(
                response.headers().get("content-type").unwrap(),
                "application/json"
            );
            let cause = response
                .response()
                .extensions()
                .get::<super::Cause>()
                .cloned();
            assert!(
                cause.is_some_and(|c| c.0.starts_with("panic: deliberate at ")),
                "the panic's message and place are the response's cause"
            );
            let body = test::read_body(response).await;
            assert_eq!(body, r#"{"detail":"A server error occurred."}"#);
            let ok =
                test::call_service(&app, test::TestRequest::get().uri("/ok").to_request()).await;
            assert_eq!(ok.status(), 200);
        }
    }

    #[actix_web::test]
    async fn a_caught_panic_is_given_back_not_logged() {
        install_hook();
        let caught = catching(|| -> u32 { panic!("on purpose {}", 7) });
        let message = caught.unwrap_err();
        assert!(message.starts_with("on purpose 7 at "), "{message}");
        assert!(message.contains("panics.rs:"), "{message}");
        assert_eq!(catching(|| 6 * 7), Ok(42));
    }
}
