//! A large list page's body written a row at a time, so that a page of large rows is never held in memory whole:
//! a page of at most [`ONE_QUERY`] rows is read in one query (and carries an ETag); a larger one is read [`BATCH`]
//! rows at a time, each batch only once the client has taken the previous one, and sent chunked.

use std::collections::VecDeque;

use actix_web::body::BodyStream;
use actix_web::http::{header, StatusCode};
use actix_web::web::Bytes;
use actix_web::HttpResponse;
use serde::Serialize;

use crate::blocking::run;
use crate::db::Database;
use crate::error::ApiError;
use crate::render::to_json;
use crate::resource::Resource;
use crate::sql;

/// Pages of at most this many rows (the default page size) are read in one query.
pub const ONE_QUERY: usize = 20;

/// Rows of a larger page read at a time.
pub const BATCH: usize = 10;

/// `{"count":..,"next":..,"previous":..,"results":[`.
fn head(count: i64, next: Option<String>, previous: Option<String>) -> Result<Bytes, ApiError> {
    #[derive(Serialize)]
    struct Head {
        count: i64,
        next: Option<String>,
        previous: Option<String>,
    }
    let mut head = to_json(&Head {
        count,
        next,
        previous,
    })
    .map_err(ApiError::internal)?;
    head.pop(); // the closing brace
    head.extend_from_slice(br#","results":["#);
    Ok(Bytes::from(head))
}

const TAIL: &[u8] = b"]}";

/// The page whose rows have these ids, read a batch at a time as the client takes them.
pub fn streamed<R: Resource>(
    count: i64,
    links: (Option<String>, Option<String>),
    db: Database,
    ids: Vec<i64>,
) -> Result<HttpResponse, ApiError> {
    struct State<R> {
        db: Database,
        ids: VecDeque<i64>,
        rows: VecDeque<R>,
        written: usize,
        done: bool,
    }
    let first = head(count, links.0, links.1)?;
    let state = State::<R> {
        db,
        ids: ids.into(),
        rows: VecDeque::new(),
        written: 0,
        done: false,
    };
    let rows = futures_util::stream::unfold(state, |mut state| async move {
        if state.done {
            return None;
        }
        if state.rows.is_empty() && !state.ids.is_empty() {
            let take = state.ids.len().min(BATCH);
            let batch: Vec<i64> = state.ids.drain(..take).collect();
            match run(&state.db, move |conn| {
                Ok(sql::fetch_many::<R>(conn, &batch)?)
            })
            .await
            {
                Ok(rows) => state.rows = rows.into(),
                Err(e) => {
                    // The status line is sent: all that can be done is to cut the body short.
                    log::error!("a list response was cut short: {e}");
                    state.done = true;
                    return Some((Err(e), state));
                }
            }
        }
        match state.rows.pop_front() {
            Some(row) => {
                let item = row_json(&row, state.written > 0);
                state.written += 1;
                Some((item, state))
            }
            None if state.ids.is_empty() => {
                state.done = true;
                Some((Ok(Bytes::from_static(TAIL)), state))
            }
            // Every row of that batch was deleted meanwhile: the next batch.
            None => Some((Ok(Bytes::new()), state)),
        }
    });
    let body = futures_util::StreamExt::chain(
        futures_util::stream::once(async move { Ok::<_, ApiError>(first) }),
        rows,
    );
    Ok(json_response().body(BodyStream::new(body)))
}

fn row_json<R: Serialize>(row: &R, comma: bool) -> Result<Bytes, ApiError> {
    let mut json = Vec::new();
    if comma {
        json.push(b',');
    }
    json.extend(to_json(row).map_err(ApiError::internal)?);
    Ok(Bytes::from(json))
}

fn json_response() -> actix_web::HttpResponseBuilder {
    let mut builder = HttpResponse::build(StatusCode::OK);
    builder.insert_header((header::CONTENT_TYPE, "application/json"));
    builder
}
