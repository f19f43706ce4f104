//! A resource's list URL: the list, paginated as the resource declares (page numbers, limit/offset, or a cursor),
//! with its ETag; and create.

use actix_web::http::StatusCode;
use actix_web::web::Payload;
use actix_web::HttpResponse;

use super::conditional::respond;
use super::write::{draft, save, Write};
use super::Context;
use crate::blocking::{run, run_write};
use crate::error::ApiError;
use crate::http::origin::absolute_path;
use crate::listing::ListQuery;
use crate::pagination::{cursor, limit_offset, page_number};
use crate::params::QueryParams;
use crate::render;
use crate::resource::{Pagination, Resource};
use crate::sql;
use crate::validate::Mode;

pub(super) async fn list<R: Resource>(cx: &Context<'_>) -> Result<HttpResponse, ApiError> {
    let params = QueryParams::parse(cx.req.query_string());
    let url = absolute_path(cx.req);
    let (owner, parent) = (cx.owner(&R::SPEC), cx.parent.map(|(n, id)| (n.via, id)));
    let body = run(cx.db, move |conn| {
        let mut query = ListQuery::from_params(&R::SPEC, &params, conn)?;
        query.owner = owner;
        query.parent = parent;
        let count = |conn: &mut _| -> Result<i64, ApiError> {
            let total = if query.is_unfiltered() {
                sql::total(conn, &R::SPEC)?
            } else {
                None
            };
            Ok(match total {
                Some(total) => total,
                None => sql::count(conn, &R::SPEC, &query)?,
            })
        };
        match R::SPEC.pagination {
            Pagination::PageNumber => {
                let slice = page_number::PageRequest::from_params(&params).resolve(count(conn)?)?;
                let rows = sql::page::<R>(conn, &query, slice.limit, slice.offset)?;
                render::to_json(&page_number::body(&url, &params, &slice, rows))
            }
            Pagination::LimitOffset { default, max } => {
                let window = limit_offset::Window::from_params(&params, default, max);
                let total = count(conn)?;
                let rows = sql::page::<R>(conn, &query, window.limit, window.offset)?;
                render::to_json(&window.body(&url, &params, total, rows))
            }
            Pagination::Cursor { page_size } => {
                let at = cursor::Cursor::from_params(&params)?;
                let rows = sql::after::<R>(conn, &query, at.position, at.back, page_size + 1)?;
                render::to_json(&cursor::body(&url, &params, at, page_size, rows, |row| {
                    row.id()
                }))
            }
        }
        .map_err(ApiError::internal)
    })
    .await?;
    Ok(respond(cx.req, StatusCode::OK, body))
}

pub(super) async fn create<R: Resource>(
    cx: &Context<'_>,
    payload: Payload,
) -> Result<HttpResponse, ApiError> {
    let mut draft = draft::<R>(cx, payload, Mode::Create).await?;
    if let (Some(field), Some(user)) = (R::SPEC.owner_field, cx.who) {
        draft.data.set_value(field, user.user_id.into());
    }
    if let Some((nested, id)) = cx.parent {
        draft.data.set_value(nested.via, id.into());
    }
    let draft = R::prepare(cx.req, draft).await?;
    let fields = cx.fields(&R::SPEC);
    let row = run_write(cx.db, move |conn| {
        save::<R>(conn, Write::Create, draft, &fields)
    })
    .await?;
    Ok(render::json(StatusCode::CREATED, &row))
}
