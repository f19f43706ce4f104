//! `library/authors` and `library/books`: fields in order, the foreign key written as an id, the related name that
//! follows it, the annotated count, dates, cascade on delete, not-found texts and the API root; on every backend
//! and through the gateway.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, Backend};
use crate::library_seed::{author, book, book_body};

crate::on_both_backends!(
    bodies_carry_every_field_in_order,
    the_author_name_and_the_count_follow_the_relation,
    deleting_an_author_deletes_its_books,
    not_found_texts_and_the_api_root,
);

fn keys(body: &Value) -> Vec<&str> {
    body.as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

fn is_timestamp(value: &Value) -> bool {
    let text = value.as_str().unwrap_or_default();
    text.len() >= 20 && text.ends_with('Z') && text.as_bytes()[10] == b'T'
}

async fn bodies_carry_every_field_in_order(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let created = app
        .post("/api/library/authors/")
        .json(&json!({"name": "Ursula Le Guin"}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let body = created.json();
    assert_eq!(
        keys(&body),
        ["id", "name", "country", "books_count", "created_at"]
    );
    assert_eq!(body["country"], "", "country defaults to blank");
    assert_eq!(body["books_count"], 0, "a created author counts no books");
    assert!(is_timestamp(&body["created_at"]), "{body}");
    let id = body["id"].as_i64().unwrap();

    let book = book(
        &app,
        json!({"title": "The Dispossessed", "author": id.to_string(),
        "isbn": "9780061054884", "price": 12.5, "pages": "341", "published": "1974-05-01"}),
    )
    .await;
    assert_eq!(
        keys(&book),
        [
            "id",
            "title",
            "author",
            "author_name",
            "isbn",
            "price",
            "pages",
            "published",
            "in_print",
            "created_at"
        ]
    );
    assert_eq!(book["author"], id, "a numeric string is read as the id");
    assert_eq!(book["author_name"], "Ursula Le Guin");
    assert_eq!(
        book["price"], "12.50",
        "a number is accepted and written with two places"
    );
    assert_eq!(book["pages"], 341);
    assert_eq!(book["published"], "1974-05-01");
    assert_eq!(book["in_print"], true, "in_print defaults to true");
    assert!(is_timestamp(&book["created_at"]), "{book}");
    let url = format!("/api/library/books/{}/", book["id"]);
    assert_eq!(
        app.get(&url).await.json(),
        book,
        "retrieve shows what create answered"
    );
    let list = app.get("/api/library/books/").await.json();
    assert_eq!(list["results"][0], book);
}

async fn the_author_name_and_the_count_follow_the_relation(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let ursula = author(&app, "Ursula", "US").await;
    let italo = author(&app, "Italo", "IT").await;
    let first = book(
        &app,
        book_body("One", ursula, "1", "1.00", 10, "2000-01-01"),
    )
    .await;
    book(
        &app,
        book_body("Two", ursula, "2", "2.00", 10, "2000-01-02"),
    )
    .await;
    let counts = |page: Value| -> Vec<(String, i64)> {
        page["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["name"].as_str().unwrap().to_owned(),
                    a["books_count"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        counts(app.get("/api/library/authors/").await.json()),
        [("Ursula".to_owned(), 2), ("Italo".to_owned(), 0)]
    );
    let url = format!("/api/library/books/{}/", first["id"]);
    let moved = app.patch(&url).json(&json!({"author": italo})).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text());
    assert_eq!(
        moved.json()["author_name"],
        "Italo",
        "the related name follows the new author"
    );
    assert_eq!(app.get(&url).await.json()["author_name"], "Italo");
    let italo_url = format!("/api/library/authors/{italo}/");
    assert_eq!(app.get(&italo_url).await.json()["books_count"], 1);
    let renamed = app
        .put(&italo_url)
        .json(&json!({"name": "Italo Calvino", "country": "IT"}))
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text());
    assert_eq!(
        renamed.json()["books_count"],
        1,
        "an update's body counts too"
    );
    assert_eq!(app.get(&url).await.json()["author_name"], "Italo Calvino");
}

async fn deleting_an_author_deletes_its_books(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let ursula = author(&app, "Ursula", "US").await;
    let italo = author(&app, "Italo", "IT").await;
    let hers = book(
        &app,
        book_body("One", ursula, "1", "1.00", 10, "2000-01-01"),
    )
    .await;
    let his = book(&app, book_body("Two", italo, "2", "2.00", 10, "2000-01-02")).await;
    let gone = app.delete(&format!("/api/library/authors/{ursula}/")).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    let hers = app
        .get(&format!("/api/library/books/{}/", hers["id"]))
        .await;
    assert_eq!(hers.status, StatusCode::NOT_FOUND);
    assert_eq!(
        hers.text(),
        r#"{"detail":"No Book matches the given query."}"#
    );
    let his = app.get(&format!("/api/library/books/{}/", his["id"])).await;
    assert_eq!(his.status, StatusCode::OK, "another author's books stay");
    assert_eq!(app.get("/api/library/books/").await.json()["count"], 1);
}

async fn not_found_texts_and_the_api_root(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    for (path, text) in [
        (
            "/api/library/authors/42/",
            r#"{"detail":"No Author matches the given query."}"#,
        ),
        (
            "/api/library/books/42/",
            r#"{"detail":"No Book matches the given query."}"#,
        ),
        ("/api/library/authors/abc/", r#"{"detail":"Not found."}"#),
        ("/api/library/books/abc/", r#"{"detail":"Not found."}"#),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(response.text(), text, "{path}");
    }
    let root = app.get("/api/").await.json();
    assert_eq!(root["library/authors"], app.url("/api/library/authors/"));
    assert_eq!(root["library/books"], app.url("/api/library/books/"));
    assert!(
        root.as_object()
            .unwrap()
            .keys()
            .all(|k| !k.contains("authors/")),
        "the nested route is not listed: {root}"
    );
}
