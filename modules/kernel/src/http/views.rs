//! The generic handlers of every resource: a `ModelViewSet` written once. Each URL has one entry point that checks
//! format and `Accept` first, then dispatches on the method, as Django REST framework's `APIView` does.

use actix_web::http::{header, Method, StatusCode};
use actix_web::web::{Data, Payload};
use actix_web::{HttpRequest, HttpResponse, ResponseError};

use super::access::{initial, module_permission};
use super::metadata;
use super::negotiate::{negotiate, parse_body, read_body};
use super::origin::absolute_path;
use super::written;
use crate::auth::Identity;
use crate::blocking::run;
use crate::db::Database;
use crate::error::ApiError;
use crate::listing::ListQuery;
use crate::pagination::{links, Page, PageRequest};
use crate::params::{parse_int, QueryParams};
use crate::render;
use crate::resource::{Resource, ResourceSpec};
use crate::sql;
use crate::validate::{validate, Mode};

pub const LIST_ALLOW: &str = "GET, POST, HEAD, OPTIONS";
pub const DETAIL_ALLOW: &str = "GET, PUT, PATCH, DELETE, HEAD, OPTIONS";

/// `/<resource>/`: list, create, metadata.
pub async fn list_endpoint<R: Resource>(
    req: HttpRequest,
    db: Data<Database>,
    payload: Payload,
) -> HttpResponse {
    let result = async {
        negotiate(&req)?;
        let who = authorize(&req)?;
        match *req.method() {
            Method::GET | Method::HEAD => list::<R>(&req, &db, who).await,
            Method::POST => create::<R>(&req, &db, payload, who).await,
            Method::OPTIONS => Ok(render::json(
                StatusCode::OK,
                &metadata::describe(&R::SPEC, false, true),
            )),
            ref other => Err(ApiError::MethodNotAllowed(other.to_string())),
        }
    };
    with_allow(result.await, LIST_ALLOW)
}

/// `/<resource>/<id>/`: retrieve, update, partial update, destroy, metadata.
pub async fn detail_endpoint<R: Resource>(
    req: HttpRequest,
    db: Data<Database>,
    payload: Payload,
) -> HttpResponse {
    let result = async {
        negotiate(&req)?;
        let who = authorize(&req)?;
        let owner = owner_scope(&R::SPEC, who.as_ref());
        let method = req.method().clone();
        let known = [
            Method::GET,
            Method::HEAD,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ];
        if !known.contains(&method) {
            return Err(ApiError::MethodNotAllowed(method.to_string()));
        }
        // DRF looks the id up as an integer; anything that is not one matches no object.
        let id = req
            .match_info()
            .get("id")
            .and_then(parse_int)
            .ok_or(ApiError::NotFound)?;
        match method {
            Method::PUT => update::<R>(&req, &db, payload, id, owner, Mode::Update).await,
            Method::PATCH => update::<R>(&req, &db, payload, id, owner, Mode::Partial).await,
            Method::DELETE => destroy::<R>(&db, id, owner).await,
            Method::OPTIONS => {
                let exists = run(
                    &db,
                    move |conn| Ok(visible::<R>(conn, id, owner)?.is_some()),
                )
                .await?;
                Ok(render::json(
                    StatusCode::OK,
                    &metadata::describe(&R::SPEC, true, exists),
                ))
            }
            _ => retrieve::<R>(&db, id, owner).await,
        }
    };
    with_allow(result.await, DETAIL_ALLOW)
}

/// Every response of a resource URL, errors included, carries `Allow`.
pub fn with_allow(result: Result<HttpResponse, ApiError>, allow: &'static str) -> HttpResponse {
    let mut response = result.unwrap_or_else(|e| e.error_response());
    response
        .headers_mut()
        .insert(header::ALLOW, header::HeaderValue::from_static(allow));
    response
}

/// [`with_allow`] for a list of methods made at run time (a custom view's).
pub fn with_allow_owned(result: Result<HttpResponse, ApiError>, allow: String) -> HttpResponse {
    let mut response = result.unwrap_or_else(|e| e.error_response());
    if let Ok(value) = header::HeaderValue::from_str(&allow) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

/// Authenticates the request and applies the module's permission and throttles (Django REST framework's
/// `initial()`).
fn authorize(req: &HttpRequest) -> Result<Option<Identity>, ApiError> {
    initial(req, module_permission(req), true)
}

/// The owner a user is limited to: their own id, unless they are staff or the resource has no owner.
/// Anonymous requests see no owned rows.
fn owner_scope(spec: &ResourceSpec, who: Option<&Identity>) -> Option<i64> {
    spec.owner_field?;
    match who {
        Some(user) if user.is_staff => None,
        Some(user) => Some(user.user_id),
        None => Some(0),
    }
}

/// The row with `id` if the requester may see it; another user's row is reported as missing, not forbidden.
fn visible<R: Resource>(
    conn: &mut crate::db::AnyConnection,
    id: i64,
    owner: Option<i64>,
) -> Result<Option<R>, ApiError> {
    let row = crate::sql::fetch::<R>(conn, id)?;
    match (row, owner) {
        (Some(row), Some(owner)) => Ok((row.owner() == Some(owner)).then_some(row)),
        (row, _) => Ok(row),
    }
}

async fn list<R: Resource>(
    req: &HttpRequest,
    db: &Database,
    who: Option<Identity>,
) -> Result<HttpResponse, ApiError> {
    let params = QueryParams::parse(req.query_string());
    let mut query = ListQuery::from_params(&R::SPEC, &params)?;
    query.owner = owner_scope(&R::SPEC, who.as_ref());
    let page = PageRequest::from_params(&params);
    let (count, slice, rows) = run(db, move |conn| {
        let total = if query.is_unfiltered() {
            sql::total(conn, &R::SPEC)?
        } else {
            None
        };
        let count = match total {
            Some(total) => total,
            None => sql::count(conn, &R::SPEC, &query)?,
        };
        let slice = page.resolve(count)?;
        let rows = sql::page::<R>(conn, &query, slice.limit, slice.offset)?;
        Ok((count, slice, rows))
    })
    .await?;
    let (next, previous) = links(&absolute_path(req), &params, &slice);
    let body = Page {
        count,
        next,
        previous,
        results: rows,
    };
    Ok(render::json(StatusCode::OK, &body))
}

async fn create<R: Resource>(
    req: &HttpRequest,
    db: &Database,
    payload: Payload,
    who: Option<Identity>,
) -> Result<HttpResponse, ApiError> {
    let body = read_body(req, payload).await?;
    let mut data = validate(R::SPEC.fields, &parse_body(req, &body)?, Mode::Create)?;
    if let (Some(field), Some(user)) = (R::SPEC.owner_field, who) {
        data.set_value(field, user.user_id.into());
    }
    let data = R::prepare(req, data).await?;
    let row = written::run::<R, _, _>(db, move |conn| {
        written::create::<R>(conn, &data, |e| write_error(&R::SPEC, e))
    })
    .await?;
    Ok(render::json(StatusCode::CREATED, &row))
}

async fn retrieve<R: Resource>(
    db: &Database,
    id: i64,
    owner: Option<i64>,
) -> Result<HttpResponse, ApiError> {
    let row: R = run(db, move |conn| {
        visible::<R>(conn, id, owner)?.ok_or(ApiError::NoMatch(R::SPEC.model_name))
    })
    .await?;
    Ok(render::json(StatusCode::OK, &row))
}

/// PUT and PATCH. A missing (or another user's) object is reported before anything wrong with the body, as DRF
/// looks the object up first; the lookup is only made when the body is refused, empty, or the rows have owners.
async fn update<R: Resource>(
    req: &HttpRequest,
    db: &Database,
    payload: Payload,
    id: i64,
    owner: Option<i64>,
    mode: Mode,
) -> Result<HttpResponse, ApiError> {
    let checked = match read_body(req, payload).await {
        Ok(body) => parse_body(req, &body).and_then(|value| validate(R::SPEC.fields, &value, mode)),
        Err(e) => Err(e),
    };
    let checked = match checked {
        Ok(data) => R::prepare(req, data).await,
        Err(e) => Err(e),
    };
    let missing = || ApiError::NoMatch(R::SPEC.model_name);
    let row = written::run::<R, _, _>(db, move |conn| {
        let write = |conn: &mut crate::db::AnyConnection, data: &crate::validate::Valid| {
            written::update::<R>(conn, id, data, |e| write_error(&R::SPEC, e))?.ok_or_else(missing)
        };
        match checked {
            Ok(data) if owner.is_none() && !data.is_empty() => write(conn, &data),
            checked => match (visible::<R>(conn, id, owner)?, checked) {
                (None, _) => Err(missing()),
                (Some(_), Err(refused)) => Err(refused),
                (Some(row), Ok(data)) if data.is_empty() => Ok(row),
                (Some(_), Ok(data)) => write(conn, &data),
            },
        }
    })
    .await?;
    Ok(render::json(StatusCode::OK, &row))
}

/// A unique constraint that refused a write becomes DRF's message on the field that owns it; the constraint
/// decides, so two racing requests cannot both succeed and neither gets a 500.
fn write_error(spec: &ResourceSpec, error: diesel::result::Error) -> ApiError {
    use diesel::result::{DatabaseErrorKind, Error};
    if let Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) = &error {
        // SQLite: "UNIQUE constraint failed: table.column"; PostgreSQL: constraint "table_column_key".
        let names = format!(
            "{} {}",
            info.message(),
            info.constraint_name().unwrap_or("")
        );
        if let Some(field) = spec.fields.iter().find(|f| {
            f.unique
                && (names.contains(&format!(".{}", f.column_name()))
                    || names.contains(&format!("_{}_key", f.column_name())))
        }) {
            return ApiError::field(
                field.name,
                format!(
                    "{} with this {} already exists.",
                    spec.verbose_name,
                    field.label.to_lowercase()
                ),
            );
        }
    }
    error.into()
}

async fn destroy<R: Resource>(
    db: &Database,
    id: i64,
    owner: Option<i64>,
) -> Result<HttpResponse, ApiError> {
    let deleted = written::run::<R, _, _>(db, move |conn| match visible::<R>(conn, id, owner)? {
        Some(_) => written::delete::<R>(conn, id),
        None => Ok(false),
    })
    .await?;
    if deleted {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(ApiError::NoMatch(R::SPEC.model_name))
    }
}
