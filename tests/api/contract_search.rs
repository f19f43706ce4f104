//! Filters and search on lists: exact, case-sensitive filters; search for every term in any field ignoring ASCII
//! case, with wildcards and quotes as plain text; on every backend.

use actix_web::http::StatusCode;
use serde_json::Value;

use crate::helpers::{spawn_app, Backend};
use crate::list_pages::{ids, names, seed};

crate::on_both_backends!(
    exact_filters_match_case_sensitively,
    search_matches_every_term_in_any_field_ignoring_case,
    search_wildcards_and_quotes_are_plain_text,
    search_folds_ascii_letters_alike_on_every_backend,
);

async fn exact_filters_match_case_sensitively(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    seed(&app, 5).await;
    app.create_example("Delta-03", "upper").await;
    let exact = app.get("/api/example/?name=delta-03").await.json();
    assert_eq!(exact["count"], 1);
    assert_eq!(exact["results"][0]["name"], "delta-03");
    assert_eq!(
        app.get("/api/example/?name=delta").await.json()["count"],
        0,
        "not a substring match"
    );
    assert_eq!(
        app.get("/api/example/?name=").await.json()["count"],
        6,
        "an empty filter is ignored"
    );
    assert_eq!(
        app.get("/api/example/?description=upper").await.json()["count"],
        6,
        "undeclared filters are ignored"
    );
}

async fn search_matches_every_term_in_any_field_ignoring_case(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.create_example("Alpha one", "first row").await;
    app.create_example("beta", "ALPHA in description").await;
    app.create_example("gamma", "nothing").await;
    let count = |page: Value| page["count"].as_i64().unwrap();
    assert_eq!(count(app.get("/api/example/?search=alpha").await.json()), 2);
    assert_eq!(
        count(app.get("/api/example/?search=ALPHA%20first").await.json()),
        1,
        "terms are ANDed"
    );
    assert_eq!(
        count(app.get("/api/example/?search=alpha,row").await.json()),
        1,
        "commas split terms"
    );
    assert_eq!(
        count(app.get("/api/example/?search=alpha+gamma").await.json()),
        0
    );
    assert_eq!(
        count(app.get("/api/example/?search=%20%20").await.json()),
        3,
        "blank search is no search"
    );
    assert_eq!(
        ids(&app.get("/api/example/?search=a").await.json()),
        vec![1, 2, 3]
    );
}

async fn search_wildcards_and_quotes_are_plain_text(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.create_example("100% sure", "a_b").await;
    app.create_example("1000 sure", "axb").await;
    app.create_example("back\\slash", "it's").await;
    let count = |page: Value| page["count"].as_i64().unwrap();
    assert_eq!(
        count(app.get("/api/example/?search=100%25").await.json()),
        1
    );
    assert_eq!(count(app.get("/api/example/?search=a_b").await.json()), 1);
    assert_eq!(count(app.get("/api/example/?search=%5C").await.json()), 1);
    assert_eq!(count(app.get("/api/example/?search=it's").await.json()), 1);
    let hostile = app
        .get("/api/example/?search=%27%3B%20DROP%20TABLE%20example_models%3B--")
        .await;
    assert_eq!(hostile.status, StatusCode::OK);
    assert_eq!(hostile.json()["count"], 0);
    let long = app
        .get(&format!("/api/example/?search={}", "x".repeat(10_000)))
        .await;
    assert_eq!(long.status, StatusCode::OK);
    assert_eq!(
        app.count("example", "SELECT COUNT(*) AS n FROM example_models"),
        3
    );
}

async fn search_folds_ascii_letters_alike_on_every_backend(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    for name in ["Éclair", "éclair", "ECLAIR", "Straße"] {
        app.create_example(name, "pastry").await;
    }
    assert_eq!(
        names(app.get("/api/example/?search=%C3%89").await.json()),
        ["Éclair"],
        "É matches É only"
    );
    assert_eq!(
        names(app.get("/api/example/?search=ecl").await.json()),
        ["ECLAIR"]
    );
    assert_eq!(
        names(app.get("/api/example/?search=CLAIR").await.json()),
        ["Éclair", "éclair", "ECLAIR"]
    );
    assert_eq!(
        names(app.get("/api/example/?search=STRA%C3%9FE").await.json()),
        ["Straße"]
    );
    // The Kelvin sign and the dotted capital I lower-case to ASCII letters in Unicode, but are not ASCII.
    for name in ["Kelvin", "\u{212A}elvin", "İstanbul"] {
        app.create_example(name, "unit").await;
    }
    assert_eq!(
        names(app.get("/api/example/?search=KELVIN").await.json()),
        ["Kelvin"]
    );
    assert_eq!(
        names(app.get("/api/example/?search=%E2%84%AAelvin").await.json()),
        ["\u{212A}elvin"]
    );
    assert!(names(app.get("/api/example/?search=istanbul").await.json()).is_empty());
}
