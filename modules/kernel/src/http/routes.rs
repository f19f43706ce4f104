//! Routing pieces every module shares: a resource's two URLs, the `.json` format suffix, HEAD outside `/api/`,
//! the trailing-slash redirect and the JSON 404 for everything else.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method, Uri};
use actix_web::middleware::{from_fn, Next};
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse, ResponseError};

use super::negotiate::FormatSuffix;
use super::panics::catch_panics;
use super::views::{detail_endpoint, list_endpoint, Nested, Scope};
use crate::db::Database;
use crate::error::ApiError;
use crate::resource::Resource;
use actix_web::web::{Data, Payload};

/// The path as the client sent it, before a format suffix was taken off; links are built on it.
#[derive(Debug, Clone)]
pub struct OriginalPath(pub String);

/// Registers `R`'s list and detail URLs in the module's scope: at its own path, or below its parent's detail URL
/// (`/authors/{author_pk}/books/`).
pub fn register<R: Resource>(cfg: &mut web::ServiceConfig, nested: Option<(Nested, &'static str)>) {
    let (base, scope) = match nested {
        Some((nested, path)) => (
            format!("/{}/{{{}}}/{path}", nested.parent.path, nested.param()),
            Scope {
                nested: Some(nested),
            },
        ),
        None if R::SPEC.path.is_empty() => (String::new(), Scope::default()),
        None => (format!("/{}", R::SPEC.path), Scope::default()),
    };
    cfg.service(guarded(&format!("{base}/")).to(
        move |req: HttpRequest, db: Data<Database>, payload: Payload| {
            list_endpoint::<R>(req, db, payload, scope)
        },
    ))
    .service(guarded(&format!("{base}/{{id}}/")).to(
        move |req: HttpRequest, db: Data<Database>, payload: Payload| {
            detail_endpoint::<R>(req, db, payload, scope)
        },
    ));
}

/// A resource whose handlers' panics become the contract's 500. The guard sits on the resource, after routing:
/// actix's router needs the request to itself while it matches.
pub fn guarded(
    path: &str,
) -> actix_web::Resource<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<actix_web::body::BoxBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    web::resource(path).wrap(from_fn(catch_panics))
}

/// Middleware: under `/api/`, `/x.json` and `/x.json/` are served as `/x/` with the format remembered, as Django
/// REST framework's format suffix patterns do.
pub async fn format_suffix(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if let Some((path, format)) = split_format_suffix(req.path()) {
        let original = req.path().to_owned();
        let rewritten = match req.query_string() {
            "" => path.clone(),
            query => format!("{path}?{query}"),
        };
        if let Ok(uri) = rewritten.parse::<Uri>() {
            req.match_info_mut().get_mut().update(&uri);
            req.head_mut().uri = uri;
            req.extensions_mut().insert(OriginalPath(original));
            req.extensions_mut().insert(FormatSuffix(format));
        }
    }
    next.call(req).await
}

/// Middleware: outside `/api/` (health, the OpenAPI document, Swagger UI, metrics) routes know only GET; a HEAD
/// there is routed as GET, and the HTTP layer, which remembers the request was a HEAD, sends the response's
/// headers (its `Content-Length` included) without the body. Under `/api/` the views answer HEAD themselves.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD && !req.path().starts_with("/api/") {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

/// `/api/example.json` → (`/api/example/`, `json`); `/api/.json` → (`/api/`, `json`).
fn split_format_suffix(path: &str) -> Option<(String, String)> {
    if !path.starts_with("/api/") {
        return None;
    }
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    let (parent, segment) = trimmed.rsplit_once('/')?;
    let (stem, format) = segment.split_once('.')?;
    let valid_format = !format.is_empty()
        && format
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if !valid_format || parent.is_empty() && stem.is_empty() {
        return None;
    }
    let path = if stem.is_empty() {
        format!("{parent}/")
    } else {
        format!("{parent}/{stem}/")
    };
    Some((path, format.to_owned()))
}

/// What no route matched: a `301` to the same path with a slash when that path exists (Django's
/// `APPEND_SLASH`), else `404 {"detail":"Not found."}`.
pub async fn not_found(req: HttpRequest) -> HttpResponse {
    let path = req.path();
    let last_segment = path.rsplit('/').next().unwrap_or("");
    // A dotted last segment is a format suffix that matched nothing; DRF does not redirect those.
    if !path.ends_with('/') && !last_segment.contains('.') {
        let slashed = format!("{path}/");
        if req.resource_map().has_resource(&slashed) {
            let location = match req.query_string() {
                "" => slashed,
                query => format!("{slashed}?{query}"),
            };
            return HttpResponse::MovedPermanently()
                .insert_header((header::LOCATION, location))
                .finish();
        }
    }
    ApiError::NotFound.error_response()
}

#[cfg(test)]
mod tests {
    use super::split_format_suffix;

    #[test]
    fn format_suffixes() {
        let split = |p: &str| split_format_suffix(p).map(|(a, b)| format!("{a} {b}"));
        assert_eq!(
            split("/api/example.json").as_deref(),
            Some("/api/example/ json")
        );
        assert_eq!(
            split("/api/example.json/").as_deref(),
            Some("/api/example/ json")
        );
        assert_eq!(
            split("/api/example/3.xml").as_deref(),
            Some("/api/example/3/ xml")
        );
        assert_eq!(split("/api/.json").as_deref(), Some("/api/ json"));
        assert_eq!(
            split("/api/example/1.5/").as_deref(),
            Some("/api/example/1/ 5")
        );
        assert_eq!(split("/api/example/"), None);
        assert_eq!(split("/api-docs/openapi.json"), None);
        assert_eq!(split("/api/example.JSON"), None);
    }
}
