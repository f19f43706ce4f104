//! Library actions and metadata: a book's `reprint` (POST) and the books' `stats` (GET, over the list's filters),
//! OPTIONS with and without write access, and conditional requests (`ETag`, `If-None-Match`, `If-Match`); on
//! every backend and through the gateway.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, Backend};
use crate::library_seed::shelf;

crate::on_both_backends!(
    reprint_puts_a_book_back_in_print,
    stats_cover_what_the_list_would_return,
    options_show_actions_only_to_writers,
    conditional_requests,
);

async fn reprint_puts_a_book_back_in_print(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    shelf(&app).await;
    let reprinted = app
        .post("/api/library/books/3/reprint/")
        .json(&json!({"in_print": false}))
        .await;
    assert_eq!(reprinted.status, StatusCode::OK, "{}", reprinted.text());
    assert_eq!(reprinted.header("allow").as_deref(), Some("POST, OPTIONS"));
    let book = reprinted.json();
    assert_eq!(
        (book["id"].clone(), book["in_print"].clone()),
        (json!(3), json!(true)),
        "the body is ignored"
    );
    assert_eq!(book, app.get("/api/library/books/3/").await.json());
    let again = app.post("/api/library/books/3/reprint/").await;
    assert_eq!(again.status, StatusCode::OK, "without a body too");
    let get = app.get("/api/library/books/3/reprint/").await;
    assert_eq!(get.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(get.text(), r#"{"detail":"Method \"GET\" not allowed."}"#);
    assert_eq!(get.header("allow").as_deref(), Some("POST, OPTIONS"));
    let anonymous_get = app.get("/api/library/books/3/reprint/").anonymous().await;
    assert_eq!(
        anonymous_get.status,
        StatusCode::METHOD_NOT_ALLOWED,
        "GET is safe: the method decides"
    );
    let anonymous = app.post("/api/library/books/3/reprint/").anonymous().await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let missing = app.post("/api/library/books/42/reprint/").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        missing.text(),
        r#"{"detail":"No Book matches the given query."}"#
    );
}

async fn stats_cover_what_the_list_would_return(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let (ursula, italo) = shelf(&app).await;
    for (query, body) in [
        (
            String::new(),
            r#"{"count":5,"in_print":4,"avg_price":"12.55"}"#,
        ),
        (
            format!("author={ursula}"),
            r#"{"count":3,"in_print":2,"avg_price":"14.16"}"#,
        ),
        (
            format!("author={italo}"),
            r#"{"count":2,"in_print":2,"avg_price":"10.13"}"#,
        ),
        (
            "search=the".into(),
            r#"{"count":2,"in_print":1,"avg_price":"16.25"}"#,
        ),
        (
            "price__gt=100".into(),
            r#"{"count":0,"in_print":0,"avg_price":null}"#,
        ),
        (
            "limit=1&offset=2".into(),
            r#"{"count":5,"in_print":4,"avg_price":"12.55"}"#,
        ),
    ] {
        let response = app
            .get(&format!("/api/library/books/stats/?{query}"))
            .anonymous()
            .await;
        assert_eq!(response.status, StatusCode::OK, "{query}");
        assert_eq!(
            response.text(),
            body,
            "{query}: not paginated, half-up to two places"
        );
        assert_eq!(
            response.header("allow").as_deref(),
            Some("GET, HEAD, OPTIONS")
        );
    }
    let post = app.post("/api/library/books/stats/").await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(post.text(), r#"{"detail":"Method \"POST\" not allowed."}"#);
}

async fn options_show_actions_only_to_writers(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    shelf(&app).await;
    let anonymous = app.options("/api/library/books/").anonymous().await;
    assert_eq!(anonymous.status, StatusCode::OK);
    let anonymous = anonymous.json();
    assert_eq!(
        (anonymous["name"].clone(), anonymous["description"].clone()),
        (json!("Book List"), json!(""))
    );
    assert!(
        anonymous.get("actions").is_none(),
        "no actions for who may not write: {anonymous}"
    );
    let max_pages: i64 = match backend {
        Backend::Postgres => 2_147_483_647,
        Backend::Mysql => 4_294_967_295,
        Backend::Sqlite | Backend::Gateway => i64::MAX,
    };
    let post = app.options("/api/library/books/").await.json();
    let expected: Value = serde_json::from_str(&format!(
        r#"{{"id":{{"type":"integer","required":false,"read_only":true,"label":"ID"}},"title":{{"type":"string","required":true,"read_only":false,"label":"Title","max_length":200}},"author":{{"type":"field","required":true,"read_only":false,"label":"Author"}},"author_name":{{"type":"string","required":false,"read_only":true,"label":"Author name"}},"isbn":{{"type":"string","required":true,"read_only":false,"label":"Isbn","max_length":13}},"price":{{"type":"decimal","required":true,"read_only":false,"label":"Price","min_value":0,"max_digits":8,"decimal_places":2}},"pages":{{"type":"integer","required":true,"read_only":false,"label":"Pages","min_value":1,"max_value":{max_pages}}},"published":{{"type":"date","required":true,"read_only":false,"label":"Published"}},"in_print":{{"type":"boolean","required":false,"read_only":false,"label":"In print"}},"created_at":{{"type":"datetime","required":false,"read_only":true,"label":"Created at"}}}}"#
    ))
    .unwrap();
    assert_eq!(
        post["actions"]["POST"].to_string(),
        expected.to_string(),
        "keys in order, too"
    );
    let detail = app.options("/api/library/books/1/").await.json();
    assert_eq!(detail["name"], "Book Instance");
    assert_eq!(detail["actions"]["PUT"], expected);
    let nested = app.options("/api/library/authors/1/books/").await.json();
    assert_eq!(nested["name"], "Author Book List");
    assert_eq!(
        nested["actions"]["POST"]["author"].to_string(),
        r#"{"type":"field","required":false,"read_only":true,"label":"Author"}"#
    );
    let authors = app.options("/api/library/authors/").await.json();
    assert_eq!(authors["name"], "Author List");
    assert_eq!(
        authors["actions"]["POST"].to_string(),
        r#"{"id":{"type":"integer","required":false,"read_only":true,"label":"ID"},"name":{"type":"string","required":true,"read_only":false,"label":"Name","max_length":100},"country":{"type":"string","required":false,"read_only":false,"label":"Country","max_length":2},"books_count":{"type":"integer","required":false,"read_only":true,"label":"Books count"},"created_at":{"type":"datetime","required":false,"read_only":true,"label":"Created at"}}"#
    );
}

async fn conditional_requests(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    shelf(&app).await;
    let url = "/api/library/books/2/";
    let first = app.get(url).await;
    let etag = first.header("etag").expect("a detail GET carries an ETag");
    let unchanged = app.get(url).header("If-None-Match", &etag).await;
    assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED);
    assert!(unchanged.body.is_empty(), "304 has no body");
    let list = app.get("/api/library/books/").await;
    let list_etag = list.header("etag").expect("a list GET carries an ETag");
    assert_eq!(
        app.get("/api/library/books/")
            .header("If-None-Match", &list_etag)
            .await
            .status,
        StatusCode::NOT_MODIFIED
    );
    let changed = app
        .patch(url)
        .header("If-Match", &etag)
        .json(&json!({"pages": 400}))
        .await;
    assert_eq!(
        changed.status,
        StatusCode::OK,
        "a current If-Match proceeds"
    );
    let new_etag = app.get(url).await.header("etag").unwrap();
    assert_ne!(new_etag, etag, "the ETag follows the content");
    assert_eq!(
        app.get(url).header("If-None-Match", &etag).await.status,
        StatusCode::OK
    );
    assert_ne!(
        app.get("/api/library/books/").await.header("etag").unwrap(),
        list_etag,
        "the list's too"
    );
    let stale = r#"{"detail":"Precondition failed."}"#;
    for request in [
        app.put(url).json(&json!({"title": "x"})),
        app.patch(url).json(&json!({"pages": 1})),
        app.delete(url),
    ] {
        let response = request.header("If-Match", &etag).await;
        assert_eq!(
            (response.status, response.text().as_str()),
            (StatusCode::PRECONDITION_FAILED, stale)
        );
    }
    assert_eq!(app.get(url).await.json()["pages"], 400, "nothing changed");
    assert_eq!(
        app.patch(url).json(&json!({"pages": 401})).await.status,
        StatusCode::OK,
        "without If-Match"
    );
    assert_eq!(
        app.delete(url)
            .header("If-Match", &app.get(url).await.header("etag").unwrap())
            .await
            .status,
        StatusCode::NO_CONTENT
    );
}
