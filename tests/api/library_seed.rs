//! For the library tests: authors and books created through the API, and the ids on a page.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;

/// Creates an author; its id.
pub async fn author(app: &TestApp, name: &str, country: &str) -> i64 {
    let response = app
        .post("/api/library/authors/")
        .json(&json!({"name": name, "country": country}))
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()["id"].as_i64().unwrap()
}

/// A book's writable fields: title, author, isbn, price, pages, published.
pub fn book_body(
    title: &str,
    author: i64,
    isbn: &str,
    price: &str,
    pages: i64,
    published: &str,
) -> Value {
    json!({"title": title, "author": author, "isbn": isbn, "price": price, "pages": pages,
        "published": published})
}

/// Creates a book; its body.
pub async fn book(app: &TestApp, body: Value) -> Value {
    let response = app.post("/api/library/books/").json(&body).await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

/// Two authors and five books:
/// 1 Ursula (US): 1 "A Wizard of Earthsea" 9.99 183p 1968-11-01, 2 "The Dispossessed" 12.50 341p 1974-05-01,
///   3 "the lathe of heaven" 20.00 184p 1971-10-01 (out of print);
/// 2 Italo (IT): 4 "Invisible Cities" 5.00 165p 1972-11-01, 5 "If on a winter's night" 15.25 260p 1979-06-01.
pub async fn shelf(app: &TestApp) -> (i64, i64) {
    let ursula = author(app, "Ursula Le Guin", "US").await;
    let italo = author(app, "Italo Calvino", "IT").await;
    for (title, by, isbn, price, pages, published) in [
        (
            "A Wizard of Earthsea",
            ursula,
            "9780000000001",
            "9.99",
            183,
            "1968-11-01",
        ),
        (
            "The Dispossessed",
            ursula,
            "9780000000002",
            "12.50",
            341,
            "1974-05-01",
        ),
        (
            "the lathe of heaven",
            ursula,
            "9780000000003",
            "20.00",
            184,
            "1971-10-01",
        ),
        (
            "Invisible Cities",
            italo,
            "9780000000004",
            "5.00",
            165,
            "1972-11-01",
        ),
        (
            "If on a winter's night",
            italo,
            "9780000000005",
            "15.25",
            260,
            "1979-06-01",
        ),
    ] {
        book(app, book_body(title, by, isbn, price, pages, published)).await;
    }
    let out = app
        .patch("/api/library/books/3/")
        .json(&json!({"in_print": false}))
        .await;
    assert_eq!(out.status, StatusCode::OK, "{}", out.text());
    (ursula, italo)
}

pub fn ids(page: &Value) -> Vec<i64> {
    page["results"]
        .as_array()
        .unwrap_or_else(|| panic!("a page: {page}"))
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}
