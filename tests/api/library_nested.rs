//! Books below their author (`/api/library/authors/<author_pk>/books/`, drf-nested-routers): that author's books
//! only, the author taken from the URL, the parent checked before anything else; on every backend and through the
//! gateway.

use actix_web::http::StatusCode;
use serde_json::json;

use crate::helpers::{spawn_app, Backend};
use crate::library_seed::{ids, shelf};

crate::on_both_backends!(
    an_authors_books_with_the_lists_rules,
    writes_take_the_author_from_the_url,
    the_parent_is_checked_first,
);

async fn an_authors_books_with_the_lists_rules(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let (ursula, italo) = shelf(&app).await;
    let list = format!("/api/library/authors/{ursula}/books/");
    let response = app.get(&list).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.header("allow").as_deref(),
        Some("GET, POST, HEAD, OPTIONS")
    );
    let body = response.json();
    assert_eq!(
        (body["count"].clone(), ids(&body)),
        (json!(3), vec![1, 2, 3])
    );
    for (query, expected) in [
        ("price__gte=10", vec![2, 3]),
        ("search=the", vec![2, 3]),
        ("ordering=-price", vec![3, 2, 1]),
        ("in_print=false", vec![3]),
    ] {
        let body = app.get(&format!("{list}?{query}")).await.json();
        assert_eq!(ids(&body), expected, "{query}");
    }
    let paged = app.get(&format!("{list}?limit=2")).await.json();
    assert_eq!(ids(&paged), [1, 2]);
    assert_eq!(
        paged["next"],
        json!(app.url(&format!("{list}?limit=2&offset=2")))
    );
    let bad = app.get(&format!("{list}?price__gte=x")).await;
    assert_eq!(
        (bad.status, bad.text().as_str()),
        (
            StatusCode::BAD_REQUEST,
            r#"{"price__gte":["Enter a number."]}"#
        )
    );
    let own = app.get(&format!("{list}1/")).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(
        own.header("allow").as_deref(),
        Some("GET, PUT, PATCH, DELETE, HEAD, OPTIONS")
    );
    assert_eq!(
        own.json(),
        app.get("/api/library/books/1/").await.json(),
        "the same body"
    );
    let others = app.get(&format!("{list}4/")).await;
    assert_eq!(others.status, StatusCode::NOT_FOUND);
    assert_eq!(
        others.text(),
        r#"{"detail":"No Book matches the given query."}"#
    );
    let his = app
        .get(&format!("/api/library/authors/{italo}/books/"))
        .await
        .json();
    assert_eq!(ids(&his), [4, 5]);
    let reprint = app.post(&format!("{list}1/reprint/")).await;
    assert_eq!(
        reprint.status,
        StatusCode::NOT_FOUND,
        "no actions below the nested route"
    );
    let stats = app.get(&format!("{list}stats/")).await;
    assert_eq!(
        (stats.status, stats.text().as_str()),
        (StatusCode::NOT_FOUND, r#"{"detail":"Not found."}"#),
        "`stats` is read as a book's id there"
    );
}

async fn writes_take_the_author_from_the_url(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let (ursula, italo) = shelf(&app).await;
    let list = format!("/api/library/authors/{italo}/books/");
    let created = app
        .post(&list)
        .json(
            &json!({"title": "Cosmicomics", "author": ursula, "isbn": "9780000000099",
            "price": "11.00", "pages": 153, "published": "1965-01-01"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let book = created.json();
    assert_eq!(
        (book["author"].clone(), book["author_name"].clone()),
        (json!(italo), json!("Italo Calvino"))
    );
    let url = format!("{list}{}/", book["id"]);
    let put = app
        .put(&url)
        .json(
            &json!({"title": "Cosmicomics", "isbn": "9780000000099", "price": "12.00", "pages": 153,
            "published": "1965-01-01"}),
        )
        .await;
    assert_eq!(
        put.status,
        StatusCode::OK,
        "PUT does not need the author: {}",
        put.text()
    );
    assert_eq!(
        (put.json()["author"].clone(), put.json()["price"].clone()),
        (json!(italo), json!("12.00"))
    );
    let patch = app
        .patch(&url)
        .json(&json!({"author": ursula, "pages": 154}))
        .await;
    assert_eq!(patch.status, StatusCode::OK);
    assert_eq!(
        (
            patch.json()["author"].clone(),
            patch.json()["pages"].clone()
        ),
        (json!(italo), json!(154))
    );
    let invalid = app.post(&list).json(&json!({"title": ""})).await;
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        invalid.text(),
        r#"{"title":["This field may not be blank."],"isbn":["This field is required."],"price":["This field is required."],"pages":["This field is required."],"published":["This field is required."]}"#
    );
    let anonymous = app.delete(&url).anonymous().await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.delete(&url).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&url).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("/api/library/authors/{ursula}/books/"))
            .await
            .json()["count"],
        3
    );
}

async fn the_parent_is_checked_first(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    shelf(&app).await;
    let no_author = r#"{"detail":"No Author matches the given query."}"#;
    let invalid = json!({"title": ""});
    for (method, path) in [
        ("GET", "/api/library/authors/42/books/"),
        ("POST", "/api/library/authors/42/books/"),
        ("GET", "/api/library/authors/42/books/1/"),
        ("PUT", "/api/library/authors/42/books/1/"),
        ("PATCH", "/api/library/authors/42/books/1/"),
        ("DELETE", "/api/library/authors/42/books/1/"),
    ] {
        let request = app.request(method.parse().unwrap(), path);
        let response = if method == "GET" || method == "DELETE" {
            request.await
        } else {
            request.json(&invalid).await
        };
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_eq!(
            response.text(),
            no_author,
            "{method} {path}: before any validation"
        );
    }
    let anonymous = app
        .post("/api/library/authors/42/books/")
        .json(&invalid)
        .anonymous()
        .await;
    assert_eq!(
        anonymous.status,
        StatusCode::UNAUTHORIZED,
        "authentication and permission come first"
    );
    let not_a_number = app.get("/api/library/authors/abc/books/").await;
    assert_eq!(not_a_number.status, StatusCode::NOT_FOUND);
    assert_eq!(not_a_number.text(), r#"{"detail":"Not found."}"#);
}
