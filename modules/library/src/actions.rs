//! The books' extra actions: `books/{id}/reprint/` puts a book back in print, `books/stats/` totals the books the
//! list would return for the same filters and search.

use tessera_kernel::prelude::*;
use tessera_kernel::sql;

use crate::Book;

pub fn actions() -> Vec<View> {
    vec![
        View::detail_action::<Book>("reprint").post_without_body(reprint),
        View::list_action::<Book>("stats")
            .get(stats)
            .answers("Totals over the books the list would return."),
    ]
}

async fn reprint(call: Call) -> Result<Book, ApiError> {
    let book: Book = call.object().await?;
    let id = book.id;
    call.write(move |conn| {
        let mut change = Valid::default();
        change.set(Book::IN_PRINT, true);
        sql::update::<Book>(conn, id, &change)?.ok_or(ApiError::NoMatch("Book"))
    })
    .await
}

/// The books' totals: how many, how many in print, their mean price (`null` for none).
#[derive(Debug, Serializer)]
pub struct Stats {
    pub count: i64,
    pub in_print: i64,
    #[field(max_digits = 8)]
    pub avg_price: Option<Fixed<2>>,
}

async fn stats(call: Call) -> Result<Stats, ApiError> {
    call.listing::<Book, _, _>(|conn, mut query| {
        let count = sql::count(conn, &Book::SPEC, &query)?;
        let total = sql::sum(conn, &Book::SPEC, &query, Book::PRICE)?;
        query.only(Book::IN_PRINT, true);
        let in_print = sql::count(conn, &Book::SPEC, &query)?;
        Ok(Stats {
            count,
            in_print,
            avg_price: total.and_then(|total| Fixed::mean(total, count)),
        })
    })
    .await
}
