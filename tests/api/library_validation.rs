//! Library writes: every failing field in one 400 in field order with DRF's texts, the relation's own texts, the
//! unique isbn, PUT and PATCH, and who may write (authenticated or read only); on every backend and through the
//! gateway.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, Backend, TestApp};
use crate::library_seed::{author, book, book_body};

crate::on_both_backends!(
    every_failing_field_at_once_in_field_order,
    the_relation_says_what_is_wrong_with_it,
    the_isbn_is_unique_on_create_put_and_patch,
    field_texts_for_numbers_dates_and_booleans,
    put_needs_every_required_field_and_patch_only_what_it_sends,
    reads_are_open_and_writes_need_any_user,
);

async fn rejected(app: &TestApp, path: &str, body: Value) -> String {
    let response = app.post(path).json(&body).await;
    assert_eq!(
        response.status,
        StatusCode::BAD_REQUEST,
        "{body}: {}",
        response.text()
    );
    response.text()
}

async fn every_failing_field_at_once_in_field_order(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    author(&app, "Ursula", "US").await;
    assert_eq!(
        rejected(
            &app,
            "/api/library/books/",
            json!({"author": true, "isbn": "1", "price": "x",
            "pages": 3, "published": null})
        )
        .await,
        r#"{"title":["This field is required."],"author":["Incorrect type. Expected pk value, received bool."],"price":["A valid number is required."],"published":["This field may not be null."]}"#
    );
    assert_eq!(
        rejected(
            &app,
            "/api/library/books/",
            json!({"title": "", "author": 42,
            "isbn": "12345678901234", "price": "-1", "pages": 0, "published": "2020-13-01",
            "in_print": "maybe"})
        )
        .await,
        concat!(
            r#"{"title":["This field may not be blank."],"author":["Invalid pk \"42\" - object does not exist."],"#,
            r#""isbn":["Ensure this field has no more than 13 characters."],"#,
            r#""price":["Ensure this value is greater than or equal to 0."],"#,
            r#""pages":["Ensure this value is greater than or equal to 1."],"#,
            r#""published":["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],"#,
            r#""in_print":["Must be a valid boolean."]}"#
        ),
        "the relation's check comes with the others"
    );
    assert_eq!(
        rejected(
            &app,
            "/api/library/authors/",
            json!({"name": "", "country": "USA"})
        )
        .await,
        r#"{"name":["This field may not be blank."],"country":["Ensure this field has no more than 2 characters."]}"#
    );
    assert_eq!(
        rejected(
            &app,
            "/api/library/authors/",
            json!({"name": "x".repeat(101)})
        )
        .await,
        r#"{"name":["Ensure this field has no more than 100 characters."]}"#
    );
    assert_eq!(
        app.get("/api/library/books/").await.json()["count"],
        0,
        "nothing stored"
    );
}

async fn the_relation_says_what_is_wrong_with_it(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let ursula = author(&app, "Ursula", "US").await;
    let mut body = book_body("One", ursula, "1", "1.00", 10, "2000-01-01");
    for (value, text) in [
        (
            json!("abc"),
            r#"{"author":["Incorrect type. Expected pk value, received str."]}"#,
        ),
        (
            json!(true),
            r#"{"author":["Incorrect type. Expected pk value, received bool."]}"#,
        ),
        (
            json!("42"),
            r#"{"author":["Invalid pk \"42\" - object does not exist."]}"#,
        ),
        (json!(null), r#"{"author":["This field may not be null."]}"#),
    ] {
        body["author"] = value.clone();
        assert_eq!(
            rejected(&app, "/api/library/books/", body.clone()).await,
            text,
            "{value}"
        );
    }
    body.as_object_mut().unwrap().remove("author");
    assert_eq!(
        rejected(&app, "/api/library/books/", body).await,
        r#"{"author":["This field is required."]}"#
    );
}

async fn the_isbn_is_unique_on_create_put_and_patch(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let ursula = author(&app, "Ursula", "US").await;
    book(
        &app,
        book_body("One", ursula, "111", "1.00", 10, "2000-01-01"),
    )
    .await;
    let second = book(
        &app,
        book_body("Two", ursula, "222", "1.00", 10, "2000-01-01"),
    )
    .await;
    let taken = r#"{"isbn":["book with this isbn already exists."]}"#;
    assert_eq!(
        rejected(
            &app,
            "/api/library/books/",
            book_body("Three", ursula, "111", "1.00", 10, "2000-01-01")
        )
        .await,
        taken
    );
    let url = format!("/api/library/books/{}/", second["id"]);
    let put = app
        .put(&url)
        .json(&book_body("Two", ursula, "111", "1.00", 10, "2000-01-01"))
        .await;
    assert_eq!(
        (put.status, put.text().as_str()),
        (StatusCode::BAD_REQUEST, taken)
    );
    let patch = app.patch(&url).json(&json!({"isbn": "111"})).await;
    assert_eq!(
        (patch.status, patch.text().as_str()),
        (StatusCode::BAD_REQUEST, taken)
    );
    let own = app
        .patch(&url)
        .json(&json!({"isbn": "222", "title": "Two again"}))
        .await;
    assert_eq!(
        own.status,
        StatusCode::OK,
        "a book keeps its own isbn: {}",
        own.text()
    );
}

async fn field_texts_for_numbers_dates_and_booleans(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let ursula = author(&app, "Ursula", "US").await;
    let base = book_body("One", ursula, "1", "1.00", 10, "2000-01-01");
    for (field, value, text) in [
        (
            "price",
            json!("1.234"),
            "Ensure that there are no more than 2 decimal places.",
        ),
        (
            "price",
            json!("1234567.0"),
            "Ensure that there are no more than 6 digits before the decimal point.",
        ),
        (
            "price",
            json!("123456789.00"),
            "Ensure that there are no more than 8 digits in total.",
        ),
        ("price", json!(""), "A valid number is required."),
        ("pages", json!(1.5), "A valid integer is required."),
        ("pages", json!("many"), "A valid integer is required."),
        (
            "published",
            json!("01/02/2000"),
            "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
        ),
        (
            "published",
            json!("2000-01-01T10:00:00Z"),
            "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
        ),
        (
            "published",
            json!("2001-02-29"),
            "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
        ),
        ("in_print", json!(2), "Must be a valid boolean."),
    ] {
        let mut body = base.clone();
        body[field] = value.clone();
        assert_eq!(
            rejected(&app, "/api/library/books/", body).await,
            json!({ field: [text] }).to_string(),
            "{field}: {value}"
        );
    }
    let mut body = base.clone();
    body["in_print"] = json!("False");
    body["price"] = json!("0");
    let made = book(&app, body).await;
    assert_eq!(
        (made["in_print"].clone(), made["price"].clone()),
        (json!(false), json!("0.00"))
    );
}

async fn put_needs_every_required_field_and_patch_only_what_it_sends(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let ursula = author(&app, "Ursula", "US").await;
    let made = book(
        &app,
        book_body("One", ursula, "1", "1.00", 10, "2000-01-01"),
    )
    .await;
    let url = format!("/api/library/books/{}/", made["id"]);
    let put = app.put(&url).json(&json!({"title": "New"})).await;
    assert_eq!(put.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        put.text(),
        r#"{"author":["This field is required."],"isbn":["This field is required."],"price":["This field is required."],"pages":["This field is required."],"published":["This field is required."]}"#
    );
    let patch = app.patch(&url).json(&json!({"pages": 11})).await;
    assert_eq!(patch.status, StatusCode::OK);
    let patched = patch.json();
    assert_eq!(
        (patched["pages"].clone(), patched["title"].clone()),
        (json!(11), json!("One"))
    );
    let put = app
        .put(&url)
        .json(&book_body("Two", ursula, "1", "3.50", 12, "2001-01-01"))
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text());
    assert_eq!(put.json()["price"], "3.50");
    assert_eq!(app.get(&url).await.json()["title"], "Two");
}

async fn reads_are_open_and_writes_need_any_user(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let ursula = author(&app, "Ursula", "US").await;
    let body = book_body("One", ursula, "1", "1.00", 10, "2000-01-01");
    for path in [
        "/api/library/authors/",
        "/api/library/books/",
        &format!("/api/library/authors/{ursula}/"),
    ] {
        assert_eq!(
            app.get(path).anonymous().await.status,
            StatusCode::OK,
            "{path}"
        );
    }
    let anonymous = app
        .post("/api/library/books/")
        .json(&body)
        .anonymous()
        .await;
    anonymous.assert_credentials_missing();
    let gone = app
        .delete(&format!("/api/library/authors/{ursula}/"))
        .anonymous()
        .await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
    let bad = app.get("/api/library/books/").bearer("not-a-token").await;
    assert_eq!(
        bad.status,
        StatusCode::UNAUTHORIZED,
        "a bad token is refused on reads too"
    );
    let reader = app.token_for(77, false);
    let written = app
        .post("/api/library/books/")
        .json(&body)
        .bearer(&reader)
        .await;
    assert_eq!(
        written.status,
        StatusCode::CREATED,
        "staff is not required: {}",
        written.text()
    );
    let anonymous_get_only = app.post("/api/library/books/stats/").anonymous().await;
    assert_eq!(
        anonymous_get_only.status,
        StatusCode::UNAUTHORIZED,
        "authentication comes before the method"
    );
    let get_only = app.post("/api/library/books/stats/").bearer(&reader).await;
    assert_eq!(get_only.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        get_only.text(),
        r#"{"detail":"Method \"POST\" not allowed."}"#
    );
}
