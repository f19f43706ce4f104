//! The generic handlers of every resource: a `ModelViewSet` written once, at its own URLs or nested below a
//! parent's (drf-nested-routers). Each URL has one entry point that runs DRF's `initial()` (format and `Accept`,
//! authentication, the resource's or else the module's permission, throttling), refuses a method the resource does
//! not serve (`#[resource(actions(..))]`), then, below a parent, checks that the parent exists, then dispatches.

mod conditional;
mod detail;
mod list;
mod write;

use actix_web::http::{header, Method, StatusCode};
use actix_web::web::{Data, Payload};
use actix_web::{HttpRequest, HttpResponse, ResponseError};

use super::access::{initial, module_permission};
use super::metadata;
use super::negotiate::negotiate;
use crate::auth::{Identity, Permission};
use crate::blocking::run;
use crate::db::{AnyConnection, Database};
use crate::error::ApiError;
use crate::fields::Field;
use crate::params::parse_int;
use crate::render;
use crate::resource::{Resource, ResourceSpec};

/// A resource served below a row of another: `/authors/{author_pk}/books/`. The foreign key `via` holds the
/// parent's id.
#[derive(Debug, Clone, Copy)]
pub struct Nested {
    pub via: &'static str,
    pub parent: &'static ResourceSpec,
}

impl Nested {
    /// The URL parameter of the parent's id: `author_pk`.
    pub fn param(&self) -> String {
        format!("{}_pk", self.via)
    }
}

/// Where a request addresses a resource: its own URLs, or below a parent row.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope {
    pub nested: Option<Nested>,
}

/// What every handler of a request knows.
pub(crate) struct Context<'a> {
    pub req: &'a HttpRequest,
    pub db: &'a Database,
    pub who: Option<Identity>,
    pub permission: Permission,
    /// The parent's id, below a parent.
    pub parent: Option<(Nested, i64)>,
}

impl Context<'_> {
    /// The owner the requester is limited to ([`owner_of`]).
    fn owner(&self, spec: &ResourceSpec) -> Option<i64> {
        owner_of(spec, self.who)
    }

    /// The declared fields, with the parent's foreign key read-only below a parent (it is the URL's).
    fn fields(&self, spec: &ResourceSpec) -> Vec<Field> {
        spec.fields
            .iter()
            .map(|f| match self.parent {
                Some((nested, _)) if nested.via == f.name => f.read_only(),
                _ => *f,
            })
            .collect()
    }

    /// The OPTIONS view name: `Book List`, below a parent `Author Book List`.
    fn view_name(&self, spec: &ResourceSpec) -> String {
        match self.parent {
            Some((nested, _)) => format!("{} {}", nested.parent.view_name, spec.view_name),
            None => spec.view_name.to_owned(),
        }
    }

    /// OPTIONS: DRF's metadata, with the write action only when the requester may write.
    fn describe(&self, spec: &ResourceSpec, detail: bool, exists: bool) -> HttpResponse {
        let action = if detail { Method::PUT } else { Method::POST };
        let may = exists && self.permission.check(&action, self.who.as_ref()).is_ok();
        let fields = self.fields(spec);
        let dialect = crate::sql::Dialect::of_url(self.db.url());
        let body = metadata::describe(
            &self.view_name(spec),
            detail,
            may.then_some(&fields[..]),
            dialect,
        );
        render::json(StatusCode::OK, &body)
    }
}

/// The owner `who` is limited to among `spec`'s rows: their own id, unless they are staff or the resource has no
/// owner. Anonymous requests see no owned rows.
pub(crate) fn owner_of(spec: &ResourceSpec, who: Option<Identity>) -> Option<i64> {
    spec.owner_field?;
    match who {
        Some(user) if user.is_staff => None,
        Some(user) => Some(user.user_id),
        None => Some(0),
    }
}

/// DRF's `initial()` for a resource's list or `detail` URL, then the method, and below a parent, the parent: a
/// missing one is a 404 naming its model, before the object or the body is looked at.
async fn start<'a>(
    req: &'a HttpRequest,
    db: &'a Database,
    scope: Scope,
    spec: &'static ResourceSpec,
    detail: bool,
) -> Result<Context<'a>, ApiError> {
    negotiate(req)?;
    let permission = spec.permission_or(module_permission(req));
    let who = initial(req, permission, true).await?;
    if !spec.actions.serves(req.method(), detail) {
        return Err(ApiError::MethodNotAllowed(req.method().to_string()));
    }
    let parent = match scope.nested {
        None => None,
        Some(nested) => {
            let id = req
                .match_info()
                .get(&nested.param())
                .and_then(parse_int)
                .ok_or(ApiError::NotFound)?;
            let spec = nested.parent;
            let exists = run(db, move |conn| {
                Ok(!crate::sql::existing_ids(conn, spec, &[id])?.is_empty())
            })
            .await?;
            if !exists {
                return Err(ApiError::NoMatch(spec.model_name));
            }
            Some((nested, id))
        }
    };
    Ok(Context {
        req,
        db,
        who,
        permission,
        parent,
    })
}

/// `/<resource>/`: list, create, metadata.
pub async fn list_endpoint<R: Resource>(
    req: HttpRequest,
    db: Data<Database>,
    payload: Payload,
    scope: Scope,
) -> HttpResponse {
    let actions = R::SPEC.actions;
    let result = async {
        let cx = start(&req, &db, scope, &R::SPEC, false).await?;
        match *req.method() {
            Method::GET | Method::HEAD => list::list::<R>(&cx).await,
            Method::POST => list::create::<R>(&cx, payload).await,
            _ => Ok(cx.describe(&R::SPEC, false, actions.create)),
        }
    };
    with_allow_owned(result.await, actions.allow(false))
}

/// `/<resource>/<id>/`: retrieve, update, partial update, destroy, metadata.
pub async fn detail_endpoint<R: Resource>(
    req: HttpRequest,
    db: Data<Database>,
    payload: Payload,
    scope: Scope,
) -> HttpResponse {
    let actions = R::SPEC.actions;
    let result = async {
        let cx = start(&req, &db, scope, &R::SPEC, true).await?;
        let method = req.method().clone();
        // DRF looks the id up as an integer; anything that is not one matches no object.
        let id = req
            .match_info()
            .get("id")
            .and_then(parse_int)
            .ok_or(ApiError::NotFound)?;
        match method {
            Method::PUT | Method::PATCH => {
                detail::update::<R>(&cx, payload, id, method == Method::PATCH).await
            }
            Method::DELETE => detail::destroy::<R>(&cx, id).await,
            Method::OPTIONS => {
                // DRF describes the PUT action only where the view has one and the object exists.
                let (owner, parent) = (cx.owner(&R::SPEC), cx.parent);
                let exists = actions.update
                    && run(cx.db, move |conn| {
                        Ok(visible::<R>(conn, id, owner, parent)?.is_some())
                    })
                    .await?;
                Ok(cx.describe(&R::SPEC, true, exists))
            }
            _ => detail::retrieve::<R>(&cx, id).await,
        }
    };
    with_allow_owned(result.await, actions.allow(true))
}

/// The row with `id` if the requester may see it: another user's row, or another parent's, is reported as
/// missing, not forbidden.
pub(crate) fn visible<R: Resource>(
    conn: &mut AnyConnection,
    id: i64,
    owner: Option<i64>,
    parent: Option<(Nested, i64)>,
) -> Result<Option<R>, ApiError> {
    let Some(row) = crate::sql::fetch::<R>(conn, id)? else {
        return Ok(None);
    };
    if owner.is_some_and(|owner| row.owner() != Some(owner)) {
        return Ok(None);
    }
    if let Some((nested, parent_id)) = parent {
        let value = serde_json::to_value(&row).map_err(ApiError::internal)?;
        if value[nested.via].as_i64() != Some(parent_id) {
            return Ok(None);
        }
    }
    Ok(Some(row))
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
