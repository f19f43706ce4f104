//! Every query a plain CRUD resource needs, written once from its declaration: statements built at run time with
//! the backend's own placeholders and quoting, so that one resource runs on SQLite, PostgreSQL and MySQL alike.

mod aggregate;
mod counted;
mod prefilter;
mod search;
mod search_lookup;
mod select;
mod statement;
mod write;

pub use aggregate::sum;
pub use counted::counted_page;
pub use prefilter::prefilter;
pub use search::{contains_pattern, like, pattern, LIKE_ESCAPE};
pub(crate) use search::{FOLD_CLOSE, FOLD_OPEN};
pub use search_lookup::rare_trigrams;
pub use select::{
    after, count, existing_ids, fetch, fetch_for_update, fetch_many, first_by, page, page_ids,
};
pub use statement::{Bound, Col, Dialect, Statement};
pub use write::{add, bound, delete, insert, update};
