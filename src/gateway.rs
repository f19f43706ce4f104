//! Forwarding `/api/<module>/...` to the process a module now runs in. Method, path, query, body and end-to-end
//! headers pass through, the bodies streamed both ways; hop-by-hop headers are dropped; `X-Forwarded-For/-Proto/
//! -Host` tell the remote where the client really was, so the absolute URLs it returns point at this gateway;
//! `X-Request-Id` carries the request's id, so that the remote's log lines about it name the same id. A path with
//! dot segments or encoded slashes is refused (400), and a client's own `Forwarded`/`X-Real-IP` are dropped
//! unless it is a trusted proxy.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use actix_web::body::{BodyStream, SizedStream};
use actix_web::error::PayloadError;
use actix_web::http::header::{self, HeaderMap, HeaderName};
use actix_web::http::{Method, StatusCode};
use actix_web::web::{self, Data, Payload};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, ResponseError};
use awc::error::{ConnectError, SendRequestError};
use futures_util::StreamExt;
use tessera_kernel::error::Cause;
use tessera_kernel::http::body::{declared_length, with_deadline, BodyLimit};
use tessera_kernel::http::origin::{forwarded_for, forwarded_origin, from_trusted_proxy};
use tessera_kernel::http::request_id::{self, RequestId};
use tessera_kernel::http::routes::OriginalPath;
use tessera_kernel::{render, ApiError};

use crate::settings::GatewaySettings;

/// Headers that belong to one connection, not to the request (RFC 9110 §7.6.1), plus those the client sets anew.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    // The remote must not wait for a 100 Continue the client already had.
    "expect",
    "host",
    "content-length",
];

/// One forwarded module, per worker.
pub struct Remote {
    module: &'static str,
    base_url: String,
    client: awc::Client,
    retries: u32,
}

/// The scope that forwards everything under `/api/<module>` to `base_url`.
pub fn scope(module: &'static str, base_url: &str, settings: &GatewaySettings) -> actix_web::Scope {
    let client = awc::Client::builder()
        .connector(awc::Connector::new().timeout(settings.connect_timeout()))
        .timeout(settings.read_timeout())
        .disable_redirects()
        .finish();
    let remote = Remote {
        module,
        base_url: base_url.trim_end_matches('/').to_owned(),
        client,
        retries: settings.retries,
    };
    web::scope(&format!("/api/{module}"))
        .app_data(Data::new(remote))
        .default_service(web::to(forward))
}

async fn forward(
    req: HttpRequest,
    payload: Payload,
    remote: Data<Remote>,
    limit: Option<Data<BodyLimit>>,
) -> HttpResponse {
    let path = req
        .extensions()
        .get::<OriginalPath>()
        .map(|p| p.0.clone())
        .unwrap_or_else(|| req.path().to_owned());
    if !is_plain_path(&path) {
        return render::json(
            StatusCode::BAD_REQUEST,
            &serde_json::json!({"detail": "Invalid path: dot segments and encoded slashes are refused."}),
        );
    }
    let limit = limit.map(|l| l.get_ref().clone()).unwrap_or_default();
    let declared = declared_length(&req);
    if declared.is_some_and(|n| n > limit.max_bytes) {
        return ApiError::PayloadTooLarge.error_response();
    }
    let url = match req.query_string() {
        "" => format!("{}{path}", remote.base_url),
        query => format!("{}{path}?{query}", remote.base_url),
    };
    // The body is passed on as it arrives, never held whole; a request with one cannot be sent twice.
    let has_body =
        declared.is_some_and(|n| n > 0) || req.headers().contains_key(header::TRANSFER_ENCODING);
    let idempotent = matches!(
        *req.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
    ) && !has_body;
    let stalled = Rc::new(Cell::new(false));
    let mut body = Some(watch_deadline(payload, limit.timeout, stalled.clone()));
    let mut attempt = 0;
    let response = loop {
        let request = outgoing(&req, &remote, &url);
        let sent = match (has_body, body.take(), declared) {
            // With its length, so that the remote can refuse a body too large before reading it.
            (true, Some(stream), Some(length)) => {
                request
                    .send_body(SizedStream::new(length as u64, stream))
                    .await
            }
            (true, Some(stream), None) => request.send_stream(stream).await,
            _ => request.send().await,
        };
        match sent {
            Ok(response) => break response,
            Err(SendRequestError::Connect(e))
                if idempotent && attempt < remote.retries && !is_timeout(&e) =>
            {
                attempt += 1;
                log::warn!("gateway: {} at {url}: {e}; retrying", remote.module);
                actix_web::rt::time::sleep(Duration::from_millis(50)).await;
            }
            Err(_) if stalled.get() => return ApiError::BodyTimeout.error_response(),
            Err(e) => return failure(&remote, &url, &e),
        }
    };
    let mut reply = HttpResponse::build(response.status());
    for (name, value) in end_to_end(response.headers()) {
        reply.append_header((name.clone(), value.clone()));
    }
    if response.status() == StatusCode::REQUEST_TIMEOUT {
        // The remote gave up on the body (and closed its connection): so does this one.
        reply.force_close();
    }
    let length = response
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if req.method() == Method::HEAD {
        // A HEAD answer has no body but the length the GET body would have; a sized empty stream keeps it
        // (`finish()` would announce 0).
        return reply.body(SizedStream::new(
            length.unwrap_or(0),
            futures_util::stream::empty::<Result<actix_web::web::Bytes, PayloadError>>(),
        ));
    }
    // The answer is passed on as it arrives too, with its length when the remote gave one (and its own
    // `Content-Type`, or none: `streaming()` would add one).
    match length {
        Some(length) => reply.body(SizedStream::new(length, response)),
        None => reply.body(BodyStream::new(response)),
    }
}

/// The request to the remote: the client's end-to-end headers, and where the client really was.
fn outgoing(req: &HttpRequest, remote: &Remote, url: &str) -> awc::ClientRequest {
    let mut request = remote
        .client
        .request(req.method().clone(), url)
        .no_decompress();
    let trusted = from_trusted_proxy(req);
    for (name, value) in end_to_end(req.headers()) {
        // Only a trusted proxy may say where the client was; a client's own words are dropped.
        if !trusted && CLIENT_ORIGIN.contains(&name.as_str()) {
            continue;
        }
        request = request.append_header((name.clone(), value.clone()));
    }
    let (proto, host) = forwarded_origin(req);
    let client_ip = req
        .peer_addr()
        .map(|a| a.ip().to_canonical().to_string())
        .unwrap_or_default();
    // Earlier hops are kept only when they come from a trusted proxy; the remote takes the rightmost entry that is
    // not a trusted proxy, so a client cannot choose its address.
    let earlier = if trusted {
        forwarded_for(req.headers())
    } else {
        Vec::new()
    };
    let forwarded_for = earlier
        .into_iter()
        .chain(std::iter::once(client_ip))
        .collect::<Vec<_>>()
        .join(", ");
    let request = request
        .insert_header(("X-Forwarded-For", forwarded_for))
        .insert_header(("X-Forwarded-Proto", proto))
        .insert_header(("X-Forwarded-Host", host));
    match req.extensions().get::<RequestId>() {
        Some(id) => request.insert_header((request_id::HEADER, id.as_str())),
        None => request,
    }
}

/// Headers that say where the client was, believed only from a trusted proxy (`X-Forwarded-*` are set anew).
const CLIENT_ORIGIN: &[&str] = &["forwarded", "x-real-ip"];

/// Whether the path has no dot segment (`.`, `..`, encoded or not) and no encoded slash or backslash, which a
/// remote (or a proxy before it) could resolve to another module's path than the one this scope forwards.
fn is_plain_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains('\\') {
        return false;
    }
    !lower
        .split('/')
        .map(|segment| segment.replace("%2e", "."))
        .any(|segment| segment == "." || segment == "..")
}

/// The client's body with the body timeout; `stalled` records that it ran out.
fn watch_deadline(
    payload: Payload,
    timeout: Duration,
    stalled: Rc<Cell<bool>>,
) -> impl futures_util::Stream<Item = Result<actix_web::web::Bytes, PayloadError>> + 'static {
    with_deadline(payload, timeout).map(move |item| {
        if matches!(&item, Err(PayloadError::Io(e)) if e.kind() == std::io::ErrorKind::TimedOut) {
            stalled.set(true);
        }
        item
    })
}

fn end_to_end(headers: &HeaderMap) -> impl Iterator<Item = (&HeaderName, &header::HeaderValue)> {
    // Headers named by `Connection` are hop-by-hop too.
    let named: Vec<String> = headers
        .get_all(header::CONNECTION)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(',').map(|n| n.trim().to_ascii_lowercase()))
        .collect();
    headers.iter().filter(move |(name, _)| {
        let name = name.as_str();
        !HOP_BY_HOP.contains(&name)
            && !name.starts_with("x-forwarded-")
            && !named.iter().any(|n| n == name)
    })
}

fn is_timeout(e: &ConnectError) -> bool {
    matches!(e, ConnectError::Timeout)
}

fn failure(remote: &Remote, url: &str, error: &SendRequestError) -> HttpResponse {
    let status = match error {
        SendRequestError::Timeout => StatusCode::GATEWAY_TIMEOUT,
        _ => StatusCode::BAD_GATEWAY,
    };
    failure_body(remote, url, status, &error.to_string())
}

/// The gateway's 502 or 504; the cause goes to the access log with the request.
fn failure_body(remote: &Remote, url: &str, status: StatusCode, cause: &str) -> HttpResponse {
    let detail = if status == StatusCode::GATEWAY_TIMEOUT {
        format!("The {} service did not answer in time.", remote.module)
    } else {
        format!("The {} service is unreachable.", remote.module)
    };
    let mut response = render::json(status, &serde_json::json!({ "detail": detail }));
    response.extensions_mut().insert(Cause(format!(
        "gateway: {} at {url}: {cause}",
        remote.module
    )));
    response
}
