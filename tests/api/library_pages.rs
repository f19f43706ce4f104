//! Library paginations: limit/offset on books (defaults, the cap, bad values, links as Python's `urlencode`
//! writes them) and cursors on authors (forwards and back through the same pages, filters throughout, a bad
//! cursor); on every backend and through the gateway.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, Backend, TestApp};
use crate::library_seed::{author, book, book_body, ids};

crate::on_both_backends!(
    limit_and_offset_with_their_links,
    bad_limits_and_offsets_fall_back,
    cursors_walk_forwards_and_back,
);

async fn books(app: &TestApp, n: usize) -> i64 {
    let by = author(app, "Ursula", "US").await;
    for i in 0..n {
        let isbn = format!("{i:013}");
        book(
            app,
            book_body(&format!("Book {i:02}"), by, &isbn, "1.00", 10, "2000-01-01"),
        )
        .await;
    }
    by
}

async fn page(app: &TestApp, path: &str) -> Value {
    let response = app.get(path).await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "{path}: {}",
        response.text()
    );
    response.json()
}

async fn limit_and_offset_with_their_links(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let empty = app.get("/api/library/books/").await;
    assert_eq!(
        empty.text(),
        r#"{"count":0,"next":null,"previous":null,"results":[]}"#
    );
    let by = books(&app, 23).await;
    let base = app.url("/api/library/books/");
    let first = page(&app, "/api/library/books/").await;
    assert_eq!(first["count"], 23);
    assert_eq!(ids(&first), [1, 2, 3, 4, 5], "five by default, by id");
    assert_eq!(first["next"], json!(format!("{base}?limit=5&offset=5")));
    assert_eq!(first["previous"], Value::Null);
    let second = page(&app, "/api/library/books/?offset=5").await;
    assert_eq!(ids(&second), [6, 7, 8, 9, 10]);
    assert_eq!(
        second["previous"],
        json!(format!("{base}?limit=5")),
        "no offset back to the start"
    );
    let middle = page(&app, "/api/library/books/?limit=4&offset=12").await;
    assert_eq!(ids(&middle), [13, 14, 15, 16]);
    assert_eq!(middle["next"], json!(format!("{base}?limit=4&offset=16")));
    assert_eq!(
        middle["previous"],
        json!(format!("{base}?limit=4&offset=8"))
    );
    let last = page(&app, "/api/library/books/?limit=10&offset=20").await;
    assert_eq!(ids(&last), [21, 22, 23]);
    assert_eq!(last["next"], Value::Null);
    let capped = page(&app, "/api/library/books/?limit=100").await;
    assert_eq!(ids(&capped).len(), 20, "at most 20");
    assert_eq!(capped["next"], json!(format!("{base}?limit=20&offset=20")));
    let past = page(&app, "/api/library/books/?offset=100&limit=10").await;
    assert_eq!(past["results"], json!([]));
    assert_eq!(past["next"], Value::Null);
    assert_eq!(
        past["previous"],
        json!(format!("{base}?limit=10&offset=90")),
        "not clamped to count"
    );
    let kept = page(
        &app,
        &format!("/api/library/books/?ordering=title,-id&zeta=a%20b&author__in={by}&price__gte=&limit=3&offset=6"),
    )
    .await;
    assert_eq!(ids(&kept), [7, 8, 9]);
    assert_eq!(
        kept["next"],
        json!(format!(
            "{base}?author__in={by}&limit=3&offset=9&ordering=title%2C-id&price__gte=&zeta=a+b"
        )),
        "every other parameter kept, sorted by name, re-encoded"
    );
    assert_eq!(
        kept["previous"],
        json!(format!(
            "{base}?author__in={by}&limit=3&offset=3&ordering=title%2C-id&price__gte=&zeta=a+b"
        ))
    );
}

async fn bad_limits_and_offsets_fall_back(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    books(&app, 8).await;
    let base = app.url("/api/library/books/");
    for query in ["limit=0", "limit=-2", "limit=abc", "limit="] {
        let body = page(&app, &format!("/api/library/books/?{query}")).await;
        assert_eq!(ids(&body), [1, 2, 3, 4, 5], "{query}");
        assert_eq!(
            body["next"],
            json!(format!("{base}?limit=5&offset=5")),
            "{query}"
        );
    }
    for query in ["offset=-3", "offset=abc"] {
        let body = page(&app, &format!("/api/library/books/?limit=2&{query}")).await;
        assert_eq!(ids(&body), [1, 2], "{query}");
        assert_eq!(body["previous"], Value::Null, "{query}");
    }
}

fn cursor_link(link: &Value, app: &TestApp) -> String {
    let link = link.as_str().unwrap_or_else(|| panic!("a link: {link}"));
    link.strip_prefix(&app.address)
        .unwrap_or_else(|| panic!("an absolute link to the app: {link}"))
        .to_owned()
}

async fn cursors_walk_forwards_and_back(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let mut made = Vec::new();
    for (i, country) in ["FR", "FR", "FR", "IT", "FR", "FR", "FR"]
        .iter()
        .enumerate()
    {
        made.push(author(&app, &format!("Author {i}"), country).await);
    }
    let first = page(&app, "/api/library/authors/").await;
    assert_eq!(
        first.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["next", "previous", "results"],
        "no count"
    );
    assert_eq!(ids(&first), made[0..3]);
    assert_eq!(first["previous"], Value::Null);
    let second = page(&app, &cursor_link(&first["next"], &app)).await;
    assert_eq!(ids(&second), made[3..6]);
    let third = page(&app, &cursor_link(&second["next"], &app)).await;
    assert_eq!(ids(&third), made[6..7]);
    assert_eq!(third["next"], Value::Null, "the page that ends the set");
    let back = page(&app, &cursor_link(&third["previous"], &app)).await;
    assert_eq!(ids(&back), made[3..6]);
    let start = page(&app, &cursor_link(&back["previous"], &app)).await;
    assert_eq!(ids(&start), made[0..3]);
    assert_eq!(
        start["previous"],
        Value::Null,
        "the first page, reached backwards"
    );

    let french = page(&app, "/api/library/authors/?country=FR").await;
    assert_eq!(ids(&french), made[0..3]);
    let next = french["next"].as_str().unwrap();
    assert!(
        next.starts_with(&app.url("/api/library/authors/?country=FR&cursor=")),
        "other parameters kept, sorted by name: {next}"
    );
    let rest = page(&app, &cursor_link(&french["next"], &app)).await;
    assert_eq!(
        ids(&rest),
        [made[4], made[5], made[6]],
        "the filter applies throughout"
    );
    assert_eq!(
        rest["next"],
        Value::Null,
        "also when the last page is exactly full"
    );
    let searched = page(&app, "/api/library/authors/?search=author%206").await;
    assert_eq!(
        (ids(&searched), searched["next"].clone()),
        (vec![made[6]], Value::Null)
    );

    let garbage = app.get("/api/library/authors/?cursor=garbage").await;
    assert_eq!(garbage.status, StatusCode::NOT_FOUND);
    assert_eq!(garbage.text(), r#"{"detail":"Invalid cursor"}"#);
    let empty = page(&app, "/api/library/authors/?cursor=").await;
    assert_eq!(ids(&empty), made[0..3], "an empty cursor is the first page");
}
