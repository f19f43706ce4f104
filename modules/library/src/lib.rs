//! `library`: authors at `/api/library/authors/` and their books at `/api/library/books/` (and below each author,
//! `/api/library/authors/<id>/books/`), with a book's `reprint` and the books' `stats`.

mod actions;

use tessera_kernel::prelude::*;

/// A writer; `books_count` counts their books.
#[derive(Debug, Clone, PartialEq, Eq, Resource)]
#[resource(
    table = "library_authors",
    path = "authors",
    filter(country),
    search(name),
    pagination = cursor(page_size = 3)
)]
pub struct Author {
    pub id: i64,
    #[field(max_length = 100)]
    pub name: String,
    #[field(max_length = 2, blank, default = "")]
    pub country: String,
    #[field(count_of = Book, via = author)]
    pub books_count: i64,
    #[field(auto_now_add)]
    pub created_at: Timestamp,
}

/// A book by one author.
#[derive(Debug, Clone, PartialEq, Eq, Resource)]
#[resource(
    table = "library_books",
    path = "books",
    filter(
        author(exact, in),
        price(exact, gte, lte, gt, lt, range),
        pages(gte, lte),
        published(exact, gte, lte, range),
        in_print,
        title(icontains, istartswith),
        author__country
    ),
    search("^title", "=isbn", author__name),
    ordering(id, title, price, published, author__name),
    pagination = limit_offset(default = 5, max = 20)
)]
pub struct Book {
    pub id: i64,
    #[field(max_length = 200)]
    pub title: String,
    #[field(foreign_key = Author)]
    pub author: i64,
    #[field(source = "author.name")]
    pub author_name: String,
    #[field(max_length = 13, unique)]
    pub isbn: String,
    #[field(max_digits = 8, min = 0)]
    pub price: Fixed<2>,
    #[field(positive, min = 1)]
    pub pages: i64,
    pub published: Date,
    #[field(default = true)]
    pub in_print: bool,
    #[field(auto_now_add)]
    pub created_at: Timestamp,
}

tessera_kernel::module! {
    name: "library",
    permission: AuthenticatedOrReadOnly,
    resources: [Author, Book],
    nested: [Book::AUTHOR => "books"],
    views: actions::actions(),
}
