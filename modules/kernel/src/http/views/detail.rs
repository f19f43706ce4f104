//! A resource's detail URL: retrieve (with its ETag), update and partial update, destroy. A missing object (or
//! one the requester may not see) is reported before anything wrong with the body, as DRF looks the object up
//! first; the lookup is only made when the body is refused, changes nothing, or the row must be checked (its
//! owner, its parent, an `If-Match`).

use actix_web::http::StatusCode;
use actix_web::web::{Data, Payload};
use actix_web::HttpResponse;

use super::conditional::{if_match, respond};
use super::write::{draft, save, Write};
use super::{visible, Context};
use crate::blocking::run;
use crate::error::ApiError;
use crate::http::written;
use crate::module::ModuleTables;
use crate::render;
use crate::resource::Resource;
use crate::validate::Mode;

pub(super) async fn retrieve<R: Resource>(
    cx: &Context<'_>,
    id: i64,
) -> Result<HttpResponse, ApiError> {
    let (owner, parent) = (cx.owner(&R::SPEC), cx.parent);
    let body = run(cx.db, move |conn| {
        let row =
            visible::<R>(conn, id, owner, parent)?.ok_or(ApiError::NoMatch(R::SPEC.model_name))?;
        render::to_json(&row).map_err(ApiError::internal)
    })
    .await?;
    Ok(respond(cx.req, StatusCode::OK, body))
}

/// PUT (`partial` false) and PATCH.
pub(super) async fn update<R: Resource>(
    cx: &Context<'_>,
    payload: Payload,
    id: i64,
    partial: bool,
) -> Result<HttpResponse, ApiError> {
    let mode = if partial { Mode::Partial } else { Mode::Update };
    let checked = match draft::<R>(cx, payload, mode).await {
        Ok(draft) => R::prepare(cx.req, draft).await,
        Err(refused) => Err(refused),
    };
    let precondition = if_match(cx.req);
    let (owner, parent) = (cx.owner(&R::SPEC), cx.parent);
    let fields = cx.fields(&R::SPEC);
    let row = written::run::<R, _, _>(cx.db, move |conn| {
        let unchecked = owner.is_none() && parent.is_none() && precondition.is_none();
        match checked {
            Ok(draft) if unchecked && draft.errors.is_empty() && !draft.data.is_empty() => {
                save::<R>(conn, Write::Update(id), draft, &fields)
            }
            checked => {
                let current = visible::<R>(conn, id, owner, parent)?
                    .ok_or(ApiError::NoMatch(R::SPEC.model_name))?;
                if let Some(precondition) = &precondition {
                    precondition.check(&current)?;
                }
                let draft = checked?;
                if draft.errors.is_empty() && draft.data.is_empty() {
                    return Ok(current);
                }
                save::<R>(conn, Write::Update(id), draft, &fields)
            }
        }
    })
    .await?;
    Ok(render::json(StatusCode::OK, &row))
}

/// DELETE: the row, and the rows of the module that point at it (`on_delete=CASCADE`).
pub(super) async fn destroy<R: Resource>(
    cx: &Context<'_>,
    id: i64,
) -> Result<HttpResponse, ApiError> {
    let precondition = if_match(cx.req);
    let (owner, parent) = (cx.owner(&R::SPEC), cx.parent);
    let tables = cx
        .req
        .app_data::<Data<ModuleTables>>()
        .map(|t| t.0.clone())
        .unwrap_or_default();
    let deleted = written::run::<R, _, _>(cx.db, move |conn| {
        match visible::<R>(conn, id, owner, parent)? {
            Some(current) => {
                if let Some(precondition) = &precondition {
                    precondition.check(&current)?;
                }
                written::delete::<R>(conn, id, &tables)
            }
            None => Ok(false),
        }
    })
    .await?;
    if deleted {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(ApiError::NoMatch(R::SPEC.model_name))
    }
}
