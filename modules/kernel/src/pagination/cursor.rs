//! Cursor pagination as Django REST framework's `CursorPagination` does it, ordered by id: `?cursor=` holds an
//! opaque token of a position and a direction; pages have no count; following `next` from the first page visits
//! every row once, and `previous` comes back through the same pages.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Serialize;

use super::link;
use crate::error::ApiError;
use crate::params::{parse_int, QueryParams};

/// Where a page starts: after the id `position` (before it, going `back`), or at the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    pub position: Option<i64>,
    pub back: bool,
}

impl Cursor {
    /// The request's cursor; an empty one is the start, one that does not decode a 404 `Invalid cursor`.
    pub fn from_params(params: &QueryParams) -> Result<Self, ApiError> {
        match params.get("cursor") {
            None | Some("") => Ok(Cursor::default()),
            Some(token) => decode(token).ok_or(ApiError::InvalidCursor),
        }
    }

    /// DRF's token: base64 of `r=1&p=<id>` (the offset, always 0 when ordering by id, is left out).
    fn encode(self) -> String {
        let mut fields = Vec::new();
        if self.back {
            fields.push("r=1".to_owned());
        }
        if let Some(position) = self.position {
            fields.push(format!("p={position}"));
        }
        STANDARD.encode(fields.join("&"))
    }
}

fn decode(token: &str) -> Option<Cursor> {
    let text = String::from_utf8(STANDARD.decode(token.trim()).ok()?).ok()?;
    let fields = QueryParams::parse(&text);
    let offset = fields.get("o").map_or(Some(0), parse_int)?;
    let back = fields.get("r").map_or(Some(0), parse_int)? != 0;
    let position = match fields.get("p") {
        None => None,
        Some(p) => Some(parse_int(p)?),
    };
    (offset >= 0).then_some(Cursor { position, back })
}

/// The body of a cursor page: no count.
#[derive(Debug, Serialize)]
pub struct CursorPage<T: Serialize> {
    pub next: Option<String>,
    pub previous: Option<String>,
    pub results: Vec<T>,
}

/// The page of `rows` (up to one more than `page_size`, in id order, read from the cursor `at`), with links.
pub fn body<T: Serialize>(
    url: &str,
    params: &QueryParams,
    at: Cursor,
    page_size: i64,
    mut rows: Vec<T>,
    id: impl Fn(&T) -> i64,
) -> CursorPage<T> {
    let size = page_size.max(0) as usize;
    let more = rows.len() > size;
    if more {
        if at.back {
            rows.drain(..rows.len() - size);
        } else {
            rows.truncate(size);
        }
    }
    // Forward, there is a next page when a row was left over, and a previous one when a cursor led here; going
    // back, the other way round.
    let (has_next, has_previous) = if at.back {
        (at.position.is_some(), more)
    } else {
        (more, at.position.is_some())
    };
    let token = |cursor: Cursor| link(url, params.with("cursor", Some(&cursor.encode())));
    let next = has_next.then(|| {
        token(Cursor {
            position: rows.last().map(&id).or(at.position),
            back: false,
        })
    });
    let previous = has_previous.then(|| {
        token(Cursor {
            position: rows.first().map(&id).or(at.position),
            back: true,
        })
    });
    CursorPage {
        next,
        previous,
        results: rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_garbage_is_refused() {
        let cursor = Cursor {
            position: Some(17),
            back: true,
        };
        let params = QueryParams::parse(&format!("cursor={}", cursor.encode()));
        assert_eq!(Cursor::from_params(&params).unwrap(), cursor);
        assert_eq!(STANDARD.decode(cursor.encode()).unwrap(), b"r=1&p=17");
        assert!(matches!(
            Cursor::from_params(&QueryParams::parse("cursor=garbage")),
            Err(ApiError::InvalidCursor)
        ));
        assert_eq!(
            Cursor::from_params(&QueryParams::parse("cursor=")).unwrap(),
            Cursor::default()
        );
    }

    #[test]
    fn pages_forward_and_back() {
        let params = QueryParams::parse("country=FR");
        let first = body(
            "http://h/a/",
            &params,
            Cursor::default(),
            3,
            vec![1, 2, 3, 4],
            |n| *n,
        );
        assert_eq!(first.results, [1, 2, 3]);
        assert_eq!(first.previous, None);
        let next = first.next.unwrap();
        assert!(next.starts_with("http://h/a/?country=FR&cursor="), "{next}");
        let last = body(
            "http://h/a/",
            &params,
            Cursor {
                position: Some(3),
                back: false,
            },
            3,
            vec![4, 5, 6],
            |n| *n,
        );
        assert_eq!(
            (last.results, last.next.is_none(), last.previous.is_some()),
            (vec![4, 5, 6], true, true)
        );
        let back = body(
            "http://h/a/",
            &params,
            Cursor {
                position: Some(4),
                back: true,
            },
            3,
            vec![1, 2, 3],
            |n| *n,
        );
        assert_eq!(
            (back.results, back.previous, back.next.is_some()),
            (vec![1, 2, 3], None, true)
        );
        let middle = body(
            "http://h/a/",
            &params,
            Cursor {
                position: Some(8),
                back: true,
            },
            3,
            vec![4, 5, 6, 7],
            |n| *n,
        );
        assert_eq!(middle.results, [5, 6, 7]);
        assert!(middle.previous.is_some());
    }
}
