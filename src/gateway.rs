//! Forwarding `/api/<module>/...` to the process a module now runs in. Method, path, query, body and end-to-end
//! headers pass through; hop-by-hop headers are dropped; `X-Forwarded-For/-Proto/-Host` tell the remote where the
//! client really was, so the absolute URLs it returns point at this gateway; `X-Request-Id` carries the request's
//! id, so that the remote's log lines about it name the same id.

use std::time::Duration;

use actix_web::http::header::{self, HeaderMap, HeaderName};
use actix_web::http::{Method, StatusCode};
use actix_web::web::{self, Data, Payload};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, ResponseError};
use awc::error::{ConnectError, SendRequestError};
use tessera_kernel::error::Cause;
use tessera_kernel::http::negotiate::read_body;
use tessera_kernel::http::origin::{forwarded_origin, from_trusted_proxy};
use tessera_kernel::http::request_id::{self, RequestId};
use tessera_kernel::http::routes::OriginalPath;
use tessera_kernel::render;

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
    // The gateway has read the body already; the remote must not wait for a 100 Continue.
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

async fn forward(req: HttpRequest, payload: Payload, remote: Data<Remote>) -> HttpResponse {
    let body = match read_body(&req, payload).await {
        Ok(body) => body,
        Err(e) => return e.error_response(),
    };
    let path = req
        .extensions()
        .get::<OriginalPath>()
        .map(|p| p.0.clone())
        .unwrap_or_else(|| req.path().to_owned());
    let url = match req.query_string() {
        "" => format!("{}{path}", remote.base_url),
        query => format!("{}{path}?{query}", remote.base_url),
    };
    let idempotent = matches!(
        *req.method(),
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
    );
    let mut attempt = 0;
    let mut response = loop {
        let mut request = remote
            .client
            .request(req.method().clone(), &url)
            .no_decompress();
        for (name, value) in end_to_end(req.headers()) {
            request = request.append_header((name.clone(), value.clone()));
        }
        let (proto, host) = forwarded_origin(&req);
        let client_ip = req
            .peer_addr()
            .map(|a| a.ip().to_string())
            .unwrap_or_default();
        // Earlier hops are kept only when they come from a trusted proxy; a client cannot choose its address.
        let forwarded_for = match trusted_forwarded_for(&req) {
            Some(earlier) => format!("{earlier}, {client_ip}"),
            None => client_ip,
        };
        request = request
            .insert_header(("X-Forwarded-For", forwarded_for))
            .insert_header(("X-Forwarded-Proto", proto))
            .insert_header(("X-Forwarded-Host", host));
        if let Some(id) = req.extensions().get::<RequestId>() {
            request = request.insert_header((request_id::HEADER, id.as_str()));
        }
        match request.send_body(body.clone()).await {
            Ok(response) => break response,
            Err(SendRequestError::Connect(e))
                if idempotent && attempt < remote.retries && !is_timeout(&e) =>
            {
                attempt += 1;
                log::warn!("gateway: {} at {url}: {e}; retrying", remote.module);
                actix_web::rt::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => return failure(&remote, &url, &e),
        }
    };
    let mut reply = HttpResponse::build(response.status());
    for (name, value) in end_to_end(response.headers()) {
        reply.append_header((name.clone(), value.clone()));
    }
    // A HEAD answer has no body but the length the GET body would have.
    let head_length = response
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    match response.body().limit(256 * 1024 * 1024).await {
        Ok(_) if req.method() == Method::HEAD => {
            // A sized empty stream keeps the GET's Content-Length (`finish()` would announce 0).
            reply
                .no_chunking(head_length.unwrap_or(0))
                .streaming(futures_util::stream::empty::<
                    Result<actix_web::web::Bytes, actix_web::Error>,
                >())
        }
        Ok(bytes) => reply.body(bytes),
        Err(e) => failure_body(&remote, &url, StatusCode::BAD_GATEWAY, &e.to_string()),
    }
}

fn trusted_forwarded_for(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get("x-forwarded-for")?.to_str().ok()?;
    from_trusted_proxy(req).then(|| value.to_owned())
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
