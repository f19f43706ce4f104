//! A resource's list URL: the list, paginated as the resource declares (page numbers, limit/offset, or a cursor),
//! with its ETag; and create.

use actix_web::http::StatusCode;
use actix_web::web::Payload;
use actix_web::HttpResponse;

use super::conditional::respond;
use super::write::{draft, save, Write};
use super::Context;
use crate::blocking::run;
use crate::error::ApiError;
use crate::http::origin::absolute_path;
use crate::http::page_body;
use crate::http::written;
use crate::listing::ListQuery;
use crate::pagination::{cursor, limit_offset, page_number, Page};
use crate::params::QueryParams;
use crate::render;
use crate::resource::{Pagination, Resource};
use crate::sql;
use crate::validate::Mode;

pub(super) async fn list<R: Resource>(cx: &Context<'_>) -> Result<HttpResponse, ApiError> {
    let params = QueryParams::parse(cx.req.query_string());
    let url = absolute_path(cx.req);
    let (owner, parent) = (cx.owner(&R::SPEC), cx.parent.map(|(n, id)| (n.via, id)));
    let listed = run(cx.db, move |conn| {
        let mut query = ListQuery::from_params(&R::SPEC, &params, conn)?;
        query.owner = owner;
        query.parent = parent;
        let count = |conn: &mut _| sql::count(conn, &R::SPEC, &query);
        let whole = |total, (next, previous), results: Vec<R>| -> Result<Listed, ApiError> {
            let page = Page {
                count: total,
                next,
                previous,
                results,
            };
            Ok(Listed::Whole(
                render::to_json(&page).map_err(ApiError::internal)?,
            ))
        };
        // A page of up to `ONE_QUERY` rows at an offset known before the count: the page and its count in one
        // statement. An empty one (past the end?) is counted on its own below.
        let at_once = |conn: &mut _, limit: i64, offset| {
            if limit as usize > page_body::ONE_QUERY {
                return Ok(None);
            }
            sql::counted_page::<R>(conn, &query, limit, offset)
        };
        // A counted page of more than `ONE_QUERY` rows is read as ids, then a batch at a time as it is sent.
        let counted =
            |conn: &mut _, total, links, limit: i64, offset| -> Result<Listed, ApiError> {
                if limit as usize <= page_body::ONE_QUERY {
                    let rows = sql::page::<R>(conn, &query, limit, offset)?;
                    return whole(total, links, rows);
                }
                let ids = sql::page_ids(conn, &R::SPEC, &query, limit, offset)?;
                Ok(Listed::Streamed { total, links, ids })
            };
        match R::SPEC.pagination {
            Pagination::PageNumber => {
                let request = page_number::PageRequest::from_params(&params);
                if let Some(offset) = request.offset() {
                    if let Some((total, rows)) = at_once(conn, request.size, offset)? {
                        let slice = request.resolve(total)?;
                        return whole(total, page_number::links(&url, &params, &slice), rows);
                    }
                }
                let slice = request.resolve(count(conn)?)?;
                let links = page_number::links(&url, &params, &slice);
                counted(conn, slice.count, links, slice.limit, slice.offset)
            }
            Pagination::LimitOffset { default, max } => {
                let window = limit_offset::Window::from_params(&params, default, max);
                if let Some((total, rows)) = at_once(conn, window.limit, window.offset)? {
                    return whole(total, window.links(&url, &params, total), rows);
                }
                let total = count(conn)?;
                let links = window.links(&url, &params, total);
                counted(conn, total, links, window.limit, window.offset)
            }
            Pagination::Cursor { page_size } => {
                let at = cursor::Cursor::from_params(&params)?;
                let rows = sql::after::<R>(conn, &query, at.position, at.back, page_size + 1)?;
                let page = cursor::body(&url, &params, at, page_size, rows, |row| row.id());
                Ok(Listed::Whole(
                    render::to_json(&page).map_err(ApiError::internal)?,
                ))
            }
        }
    })
    .await?;
    match listed {
        Listed::Whole(body) => Ok(respond(cx.req, StatusCode::OK, body)),
        // Sent before it is all read: no ETag.
        Listed::Streamed { total, links, ids } => {
            page_body::streamed::<R>(total, links, cx.db.clone(), ids)
        }
    }
}

/// A list body, or for a large page its count, links and the ids of its rows.
enum Listed {
    Whole(Vec<u8>),
    Streamed {
        total: i64,
        links: (Option<String>, Option<String>),
        ids: Vec<i64>,
    },
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
    let row = written::run::<R, _, _>(cx.db, move |conn| {
        save::<R>(conn, Write::Create, draft, &fields)
    })
    .await?;
    Ok(render::json(StatusCode::CREATED, &row))
}
