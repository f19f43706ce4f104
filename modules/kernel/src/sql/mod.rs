//! Every query a plain CRUD resource needs, written once from its declaration: statements built at run time with
//! the backend's own placeholders and quoting, so that one resource runs on SQLite, PostgreSQL and MySQL alike.

mod search;
mod select;
mod statement;
mod write;

pub use search::{contains, contains_pattern, LIKE_ESCAPE};
pub use select::{count, fetch, fetch_for_update, first_by, page, total};
pub use statement::{Bound, Dialect, Statement};
pub use write::{add, bound, delete, insert, update};
