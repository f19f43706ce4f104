//! Page-number pagination: an empty first page, pages of twenty with absolute links, invalid page numbers, a
//! capped page size, and links keeping every other parameter; on every backend.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, Backend};
use crate::list_pages::{ids, seed};

crate::on_both_backends!(
    an_empty_table_has_one_empty_page,
    pages_of_twenty_with_absolute_links,
    page_numbers_that_do_not_exist_are_invalid,
    page_size_is_capped_and_bad_values_are_ignored_but_kept,
    links_keep_every_other_parameter_sorted_by_name,
);

async fn an_empty_table_has_one_empty_page(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let response = app.get("/api/example/").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(
        response.text(),
        r#"{"count":0,"next":null,"previous":null,"results":[]}"#
    );
    assert_eq!(
        app.get("/api/example/?page=last").await.status,
        StatusCode::OK
    );
    let second = app.get("/api/example/?page=2").await;
    assert_eq!(second.status, StatusCode::NOT_FOUND);
    assert_eq!(second.text(), r#"{"detail":"Invalid page."}"#);
}

async fn pages_of_twenty_with_absolute_links(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    seed(&app, 45).await;
    let base = app.url("/api/example/");
    let first = app.get("/api/example/").await.json();
    assert_eq!(first["count"], 45);
    assert_eq!(ids(&first), (1..=20).collect::<Vec<_>>());
    assert_eq!(first["next"], json!(format!("{base}?page=2")));
    assert_eq!(first["previous"], Value::Null);
    assert_eq!(
        first["results"][0],
        json!({"id": 1, "name": "delta-00", "description": "row 0"})
    );
    let second = app.get("/api/example/?page=2").await.json();
    assert_eq!(ids(&second), (21..=40).collect::<Vec<_>>());
    assert_eq!(second["next"], json!(format!("{base}?page=3")));
    assert_eq!(
        second["previous"],
        json!(base),
        "the link to page 1 has no page parameter"
    );
    let last = app.get("/api/example/?page=last").await.json();
    assert_eq!(ids(&last), (41..=45).collect::<Vec<_>>());
    assert_eq!(last["next"], Value::Null);
    assert_eq!(last["previous"], json!(format!("{base}?page=2")));
    assert_eq!(app.get("/api/example/?page=3").await.json(), last);
    assert_eq!(
        app.get("/api/example/?page=").await.json(),
        first,
        "an empty page is page 1"
    );
}

async fn page_numbers_that_do_not_exist_are_invalid(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    seed(&app, 3).await;
    for page in ["0", "-1", "2", "abc", "1.5", "LAST", "%20"] {
        let response = app.get(&format!("/api/example/?page={page}")).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "page={page}");
        assert_eq!(response.text(), r#"{"detail":"Invalid page."}"#);
        assert_eq!(
            response.header("allow").as_deref(),
            Some("GET, POST, HEAD, OPTIONS")
        );
    }
}

async fn page_size_is_capped_and_bad_values_are_ignored_but_kept(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    seed(&app, 105).await;
    let capped = app.get("/api/example/?page_size=1000").await.json();
    assert_eq!(capped["results"].as_array().unwrap().len(), 100);
    assert_eq!(
        capped["next"],
        json!(app.url("/api/example/?page=2&page_size=1000"))
    );
    let small = app.get("/api/example/?page_size=7&page=2").await.json();
    assert_eq!(ids(&small), (8..=14).collect::<Vec<_>>());
    for ignored in ["0", "-5", "x"] {
        let page = app
            .get(&format!("/api/example/?page_size={ignored}"))
            .await
            .json();
        assert_eq!(
            page["results"].as_array().unwrap().len(),
            20,
            "page_size={ignored}"
        );
        assert_eq!(
            page["next"],
            json!(app.url(&format!("/api/example/?page=2&page_size={ignored}")))
        );
    }
}

async fn links_keep_every_other_parameter_sorted_by_name(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    seed(&app, 12).await;
    let page = app
        .get("/api/example/?search=delta&page=2&ordering=-name&page_size=3&zeta=a+b&alpha=%C3%A9")
        .await
        .json();
    assert_eq!(
        page["next"],
        json!(app.url(
            "/api/example/?alpha=%C3%A9&ordering=-name&page=3&page_size=3&search=delta&zeta=a+b"
        ))
    );
    assert_eq!(
        page["previous"],
        json!(
            app.url("/api/example/?alpha=%C3%A9&ordering=-name&page_size=3&search=delta&zeta=a+b")
        )
    );
}
