//! Lists: page-number pagination with absolute links, exact filters, search and ordering, on both backends.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, Backend, TestApp};

crate::on_both_backends!(
    an_empty_table_has_one_empty_page,
    pages_of_twenty_with_absolute_links,
    page_numbers_that_do_not_exist_are_invalid,
    page_size_is_capped_and_bad_values_are_ignored_but_kept,
    links_keep_every_other_parameter_sorted_by_name,
    exact_filters_match_case_sensitively,
    search_matches_every_term_in_any_field_ignoring_case,
    search_wildcards_and_quotes_are_plain_text,
    search_folds_ascii_letters_alike_on_every_backend,
    ordering_over_declared_fields_with_ties_by_id,
    text_orders_by_code_point_on_every_backend,
    parameters_combine,
);

/// Creates `delta-00` .. `delta-{n-1}`, descriptions `row N`.
async fn seed(app: &TestApp, n: usize) {
    for i in 0..n {
        app.create_example(&format!("delta-{i:02}"), &format!("row {i}"))
            .await;
    }
}

/// The names on a page, in order.
fn names(page: Value) -> Vec<String> {
    page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect()
}

fn ids(page: &Value) -> Vec<i64> {
    page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

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

async fn ordering_over_declared_fields_with_ties_by_id(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    for name in ["b", "a", "c", "a", "B"] {
        app.create_example(name, "same").await;
    }
    let order = |qs: &str| {
        let app = &app;
        let qs = qs.to_owned();
        async move { ids(&app.get(&format!("/api/example/?{qs}")).await.json()) }
    };
    assert_eq!(
        order("ordering=name").await,
        vec![5, 2, 4, 1, 3],
        "code-point order, ties by id"
    );
    assert_eq!(order("ordering=-name").await, vec![3, 1, 2, 4, 5]);
    assert_eq!(order("ordering=-id").await, vec![5, 4, 3, 2, 1]);
    assert_eq!(order("ordering=-name,-id").await, vec![3, 1, 4, 2, 5]);
    assert_eq!(
        order("ordering=description").await,
        vec![1, 2, 3, 4, 5],
        "undeclared fields are ignored"
    );
    assert_eq!(order("ordering=bogus,-name").await, vec![3, 1, 2, 4, 5]);
    assert_eq!(order("ordering=").await, vec![1, 2, 3, 4, 5]);
}

/// Case, accents, emoji, and a prefix followed by a character below the space: every backend orders them by code
/// point, as PostgreSQL's `COLLATE "C"` does (MySQL's padding collations would put `a` after `a\tb`).
async fn text_orders_by_code_point_on_every_backend(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let stored = [
        "b", "a\tb", "ab", "a", "Z", "é", "É", "e", "😀", "a b", "~", "ä", "A", "a!", "ﬀ",
    ];
    for name in stored {
        app.create_example(name, "x").await;
    }
    let mut expected: Vec<String> = stored.iter().map(|n| n.to_string()).collect();
    expected.sort();
    assert_eq!(
        names(app.get("/api/example/?ordering=name").await.json()),
        expected
    );
    expected.reverse();
    assert_eq!(
        names(app.get("/api/example/?ordering=-name").await.json()),
        expected
    );
}

async fn parameters_combine(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    for name in [
        "alpha-1", "alpha-2", "beta-1", "alpha-3", "alpha-4", "alpha-5", "alpha-6", "alpha-7",
    ] {
        app.create_example(name, "x").await;
    }
    let page = app
        .get("/api/example/?search=alpha&ordering=-name&page_size=3&page=2")
        .await
        .json();
    assert_eq!(page["count"], 7);
    let names: Vec<&str> = page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["alpha-4", "alpha-3", "alpha-2"]);
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
