//! A panic in a handler becomes `500 {"detail":"A server error occurred."}`, is logged once with the request's
//! method and path, and the worker goes on serving.

use std::cell::RefCell;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use futures_util::FutureExt;
use serde_json::json;

use crate::render;

thread_local! {
    /// The request whose future this thread is polling, for the panic hook.
    static CURRENT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the process's panic hook: one log line, naming the request when a handler panicked.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
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
        match CURRENT.with(|c| c.borrow().clone()) {
            Some(request) => log::error!("500: panic in {request}: {message}{location}"),
            None => log::error!("panic: {message}{location}"),
        }
    }));
}

/// Polls `inner` with the request's label in [`CURRENT`], so that the hook can name it.
struct Labelled<F> {
    label: String,
    inner: Pin<Box<F>>,
}

impl<F: Future> Future for Labelled<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let label = self.label.clone();
        CURRENT.with(|c| *c.borrow_mut() = Some(label));
        let result = self.inner.as_mut().poll(cx);
        CURRENT.with(|c| *c.borrow_mut() = None);
        result
    }
}

/// Middleware: turns a panic while handling the request into the contract's 500.
pub async fn catch_panics(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let http = req.request().clone();
    let label = format!("{} {}", req.method(), req.path());
    let handled = Labelled {
        label,
        inner: Box::pin(next.call(req)),
    };
    match AssertUnwindSafe(handled).catch_unwind().await {
        Ok(result) => result.map(ServiceResponse::map_into_boxed_body),
        Err(_) => {
            CURRENT.with(|c| *c.borrow_mut() = None);
            let body = json!({"detail": "A server error occurred."});
            Ok(ServiceResponse::new(
                http,
                render::json(StatusCode::INTERNAL_SERVER_ERROR, &body),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::middleware::from_fn;
    use actix_web::{test, web, App, HttpResponse};

    use super::catch_panics;

    async fn boom() -> HttpResponse {
        panic!("deliberate")
    }

    #[actix_web::test]
    async fn a_panicking_handler_gives_the_json_500_and_the_worker_keeps_serving() {
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
            let body = test::read_body(response).await;
            assert_eq!(body, r#"{"detail":"A server error occurred."}"#);
            let ok =
                test::call_service(&app, test::TestRequest::get().uri("/ok").to_request()).await;
            assert_eq!(ok.status(), 200);
        }
    }
}
