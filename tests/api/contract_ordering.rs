//! Ordering lists: declared fields only, ties by id, text by code point on every backend, and ordering combined
//! with search and pages.

use crate::helpers::{spawn_app, Backend};
use crate::list_pages::{ids, names};

crate::on_both_backends!(
    ordering_over_declared_fields_with_ties_by_id,
    text_orders_by_code_point_on_every_backend,
    parameters_combine,
);

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
