//! The outermost middleware: gives each request its id (a trusted proxy's `X-Request-Id` or a new one), handles
//! it with that id current (so every log line about it names it), returns the id on the response, and writes the
//! access line: `GET /api/ HTTP/1.1 200 53 0.41ms`. A 5xx's line carries its cause (crates.io's pattern: the
//! cause is logged once, with the request id, method and path) at level `error` for a 500, `warn` for the others.

use std::time::Instant;

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::HttpMessage;
use tessera_kernel::error::Cause;
use tessera_kernel::http::request_id::{self, RequestId, WithRequestId};

/// The log target of access lines (`RUST_LOG=tessera::access=warn` keeps only those of 5xx responses).
pub const TARGET: &str = "tessera::access";

pub async fn access_log(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let id = RequestId::for_request(req.request());
    req.extensions_mut().insert(id.clone());
    let line = match req.query_string() {
        "" => format!("{} {} {:?}", req.method(), req.path(), req.version()),
        query => format!(
            "{} {}?{query} {:?}",
            req.method(),
            req.path(),
            req.version()
        ),
    };
    // No clone of the request is held meanwhile: the router needs it to itself.
    match WithRequestId::new(id.clone(), next.call(req)).await {
        Ok(response) => {
            let mut response = response.map_into_boxed_body();
            stamp(response.headers_mut(), &id);
            let size = match response.response().body().size() {
                BodySize::Sized(n) => n.to_string(),
                BodySize::None => "0".into(),
                BodySize::Stream => "-".into(),
            };
            let cause = response.response().extensions().get::<Cause>().cloned();
            write(&id, &line, response.status(), &size, started, cause);
            Ok(response)
        }
        // An error no handler turned into a response (a middleware's): rendered by the server later, with the id.
        Err(mut e) => {
            let rendered = e.error_response();
            let cause = rendered.extensions().get::<Cause>().cloned();
            write(&id, &line, rendered.status(), "-", started, cause);
            let stamped = id.clone();
            e.add_response_mapper(move |mut response| {
                stamp(response.headers_mut(), &stamped);
                response
            });
            Err(e)
        }
    }
}

fn stamp(headers: &mut HeaderMap, id: &RequestId) {
    if let Ok(value) = HeaderValue::from_str(id.as_str()) {
        headers.insert(HeaderName::from_static(request_id::HEADER), value);
    }
}

/// The access line, as work for the request.
fn write(
    id: &RequestId,
    line: &str,
    status: StatusCode,
    size: &str,
    started: Instant,
    cause: Option<Cause>,
) {
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    let level = match status.as_u16() {
        500 => log::Level::Error,
        501.. => log::Level::Warn,
        _ => log::Level::Info,
    };
    let status = status.as_u16();
    request_id::scope(Some(id.clone()), || match cause {
        Some(Cause(cause)) if status >= 500 => log::log!(
            target: TARGET,
            level,
            "{line} {status} {size} {elapsed:.3}ms: {cause}"
        ),
        _ => log::log!(target: TARGET, level, "{line} {status} {size} {elapsed:.3}ms"),
    });
}
