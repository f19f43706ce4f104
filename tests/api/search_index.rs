//! `?search=` with the trigram index in place finds exactly what a substring match ignoring ASCII case finds:
//! every answer is checked against that match done here, for short terms (no index), wildcards and quotes,
//! FTS5 query syntax, case, non-ASCII letters, terms spanning words, and after updates and deletes; on every
//! backend.

use serde_json::json;

use crate::helpers::{spawn_app, Backend, TestApp};

crate::on_both_backends!(
    search_with_the_index_finds_what_the_substring_match_finds,
    the_index_follows_updates_and_deletes,
);

/// Rows whose texts hold what the terms below look for (and what they must not be mistaken for).
const ROWS: &[(&str, &str)] = &[
    ("Éclair", "pastry, row 1 of the bench"),
    ("éclair", "ÉCLAIR upper"),
    ("ECLAIR", "plain ascii"),
    ("Straße", "STRASSE spelled out"),
    ("\u{212A}elvin", "kelvin sign"),
    ("Kelvin", "İstanbul trip"),
    ("100% sure", "a_b and 50%"),
    ("1000 sure", "axb and 500"),
    ("back\\slash", "it's \"quoted\" here"),
    ("x OR y", "NEAR(a b) col:val *star"),
    ("delta-00042", "row 42 of the benchmark, quetzal"),
    ("delta-00043", "row 43 of the benchmark"),
];

/// Terms of every kind; each is sent as one search (quoted when it holds a space).
pub const TERMS: &[&str] = &[
    "a",
    "ab",
    "É",
    "é",
    "éc",
    "ecl",
    "CLAIR",
    "ÉCL",
    "éCLA",
    "straße",
    "STRASSE",
    "ss",
    "kelvin",
    "\u{212A}el",
    "İst",
    "istanbul",
    "100%",
    "0%",
    "%",
    "_",
    "a_b",
    "%_",
    "\\",
    "k\\s",
    "it's",
    "\"quoted\"",
    "d\" h",
    "x OR y",
    "OR",
    "NEAR(a",
    "col:val",
    "*star",
    "star*",
    "ta-0004",
    "a-00042",
    "row 42 of",
    "42 of the",
    "k, q",
    "quetzal",
    "QUETZAL",
    "uetza",
    "zzz",
    "row 4",
];

/// The substring match `?search=` must give: `term` in the name or the description, ASCII letters folded.
pub fn expected(rows: &[(i64, String, String)], term: &str) -> Vec<i64> {
    let fold = |s: &str| s.to_ascii_lowercase();
    let term = fold(term);
    rows.iter()
        .filter(|(_, name, description)| {
            fold(name).contains(&term) || fold(description).contains(&term)
        })
        .map(|(id, _, _)| *id)
        .collect()
}

/// The ids `?search=` answers for one term, over every page.
pub async fn found(app: &TestApp, term: &str) -> Vec<i64> {
    // A phrase in quotes (`\"` for a quote in it) is one term; so is anything without space, comma or quote.
    let search = if term.contains([' ', ',', '"']) {
        format!("\"{}\"", term.replace('"', "\\\""))
    } else {
        term.to_owned()
    };
    let query: String = search.bytes().map(|b| format!("%{b:02X}")).collect();
    let page = app
        .get(&format!("/api/example/?page_size=100&search={query}"))
        .await;
    assert_eq!(page.status, 200, "{term}: {}", page.text());
    let page = page.json();
    let ids: Vec<i64> = page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["id"].as_i64().unwrap())
        .collect();
    assert_eq!(page["count"], ids.len(), "{term}: the count agrees");
    ids
}

pub async fn seed(app: &TestApp) -> Vec<(i64, String, String)> {
    let mut rows = Vec::new();
    for (name, description) in ROWS {
        let row = app.create_example(name, description).await;
        rows.push((
            row["id"].as_i64().unwrap(),
            name.to_string(),
            description.to_string(),
        ));
    }
    rows
}

/// Every term of [`TERMS`] finds exactly what the substring match finds in `rows`.
pub async fn check_every_term(app: &TestApp, rows: &[(i64, String, String)], when: &str) {
    for term in TERMS {
        assert_eq!(
            found(app, term).await,
            expected(rows, term),
            "{when}: search {term:?}"
        );
    }
}

async fn search_with_the_index_finds_what_the_substring_match_finds(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let rows = seed(&app).await;
    assert_eq!(expected(&rows, "CLAIR").len(), 3, "the oracle itself");
    check_every_term(&app, &rows, "created").await;
}

async fn the_index_follows_updates_and_deletes(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let mut rows = seed(&app).await;
    let (first, last) = (rows[0].0, rows[rows.len() - 1].0);
    let renamed = app
        .patch(&format!("/api/example/{first}/"))
        .json(&json!({"name": "Quetzalcoatl", "description": "no pastry"}))
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.text());
    rows[0].1 = "Quetzalcoatl".into();
    rows[0].2 = "no pastry".into();
    let deleted = app.delete(&format!("/api/example/{last}/")).await;
    assert_eq!(deleted.status, 204);
    rows.pop();
    check_every_term(&app, &rows, "after an update and a delete").await;
    assert_eq!(
        found(&app, "quetzalc").await,
        vec![first],
        "the new text is found"
    );
    assert!(
        found(&app, "row 43").await.is_empty(),
        "the deleted row is gone"
    );
    assert!(
        found(&app, "row 1 of").await.is_empty(),
        "the old text is gone"
    );
}
