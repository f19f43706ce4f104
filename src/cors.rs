//! CORS for browser frontends, from `[cors]`, with its refusals in the contract's JSON shape.

use actix_cors::Cors;
use actix_web::body::{to_bytes, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, StatusCode};
use actix_web::middleware::Next;
use tessera_kernel::render;

/// CORS for browser frontends, from `[cors]`; preflight requests are answered before any handler.
pub fn cors(settings: &crate::settings::CorsSettings) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(settings.allowed_methods.iter().map(String::as_str))
        .allowed_headers(settings.allowed_headers.iter().map(String::as_str))
        .expose_headers(["x-request-id"])
        .max_age(settings.max_age_secs);
    for origin in &settings.allowed_origins {
        cors = if origin == "*" {
            cors.allow_any_origin().send_wildcard()
        } else {
            cors.allowed_origin(origin)
        };
    }
    if settings.allow_credentials {
        cors = cors.supports_credentials();
    }
    cors
}

/// Middleware around [`cors`]: a request it refuses (a preflight from an origin, method or header not allowed)
/// answers `400 {"detail": "<why>"}` instead of actix-cors' plain text, as every other error body is JSON.
pub async fn json_refusals(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let cross_origin = req.headers().contains_key(header::ORIGIN);
    let response = next.call(req).await?;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !cross_origin || response.status() != StatusCode::BAD_REQUEST || is_json {
        return Ok(response.map_into_boxed_body());
    }
    let (req, response) = response.into_parts();
    let kept: Vec<_> = response
        .headers()
        .iter()
        .filter(|(name, _)| *name != header::CONTENT_TYPE && *name != header::CONTENT_LENGTH)
        .map(|(n, v)| (n.clone(), v.clone()))
        .collect();
    let text = to_bytes(response.into_body()).await.unwrap_or_default();
    let mut json = render::json(
        StatusCode::BAD_REQUEST,
        &serde_json::json!({"detail": String::from_utf8_lossy(&text)}),
    );
    for (name, value) in kept {
        json.headers_mut().append(name, value);
    }
    Ok(ServiceResponse::new(req, json))
}
