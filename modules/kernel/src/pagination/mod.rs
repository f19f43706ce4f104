//! Django REST framework's three paginations, chosen per resource (`#[resource(pagination = ..)]`): page
//! numbers (the default), limit/offset, and a cursor.

pub mod cursor;
pub mod limit_offset;
pub mod page_number;

use serde::Serialize;

pub use page_number::{PageRequest, PageSlice, MAX_PAGE_SIZE, PAGE_SIZE};

/// The body of a counted page (page numbers, limit/offset).
#[derive(Debug, Serialize)]
pub struct Page<T: Serialize> {
    pub count: i64,
    pub next: Option<String>,
    pub previous: Option<String>,
    pub results: Vec<T>,
}

/// The request's absolute URL with `query` (sorted and encoded as Python's `urlencode`), or without one.
pub fn link(url: &str, query: String) -> String {
    if query.is_empty() {
        url.to_owned()
    } else {
        format!("{url}?{query}")
    }
}
