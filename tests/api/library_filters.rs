//! Library lists: django-filter lookups across the relation with their error texts and rules, SearchFilter
//! prefixes (`^title`, `=isbn`, `author__name`) with DRF's term splitting, and ordering across the relation; on
//! every backend and through the gateway.

use actix_web::http::StatusCode;

use crate::helpers::{spawn_app, Backend, TestApp};
use crate::library_seed::{ids, shelf};

crate::on_both_backends!(
    lookups_on_numbers_dates_booleans_texts_and_the_relation,
    bad_filters_are_reported_in_declaration_order,
    search_prefixes_and_terms,
    ordering_across_the_relation_by_code_point,
);

async fn found(app: &TestApp, query: &str) -> Vec<i64> {
    let response = app.get(&format!("/api/library/books/?{query}")).await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "{query}: {}",
        response.text()
    );
    ids(&response.json())
}

async fn lookups_on_numbers_dates_booleans_texts_and_the_relation(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let (ursula, italo) = shelf(&app).await;
    let cases: Vec<(String, Vec<i64>)> = vec![
        (format!("author={ursula}"), vec![1, 2, 3]),
        (format!("author__in={italo}"), vec![4, 5]),
        (format!("author__in={ursula},{italo}"), vec![1, 2, 3, 4, 5]),
        ("price=20".into(), vec![3]),
        ("price=12.5".into(), vec![2]),
        ("price__gte=12.50".into(), vec![2, 3, 5]),
        ("price__lte=9.99".into(), vec![1, 4]),
        ("price__gt=12.5".into(), vec![3, 5]),
        ("price__lt=5".into(), vec![]),
        ("price__range=5,12.5".into(), vec![1, 2, 4]),
        ("pages__gte=184".into(), vec![2, 3, 5]),
        ("pages__lte=183.5".into(), vec![1, 4]),
        ("published=1974-05-01".into(), vec![2]),
        ("published__gte=1974-01-01".into(), vec![2, 5]),
        ("published__lte=1971-10-01".into(), vec![1, 3]),
        ("published__range=1970-01-01,1972-11-01".into(), vec![3, 4]),
        ("in_print=false".into(), vec![3]),
        ("in_print=FALSE".into(), vec![3]),
        ("in_print=0".into(), vec![3]),
        ("in_print=True".into(), vec![1, 2, 4, 5]),
        ("in_print=maybe".into(), vec![1, 2, 3, 4, 5]),
        ("title__icontains=THE".into(), vec![2, 3]),
        ("title__istartswith=inv".into(), vec![4]),
        ("author__country=US".into(), vec![1, 2, 3]),
        ("author__country=us".into(), vec![]),
        ("price__gte=&published=".into(), vec![1, 2, 3, 4, 5]),
        ("unknown=1&price__lte=10".into(), vec![1, 4]),
        (
            format!("author={ursula}&price__gte=10&in_print=true"),
            vec![2],
        ),
    ];
    for (query, expected) in cases {
        assert_eq!(found(&app, &query).await, expected, "{query}");
    }
    let authors = app.get("/api/library/authors/?country=IT").await.json();
    assert_eq!(ids(&authors), [italo]);
    let none = app.get("/api/library/authors/?country=it").await.json();
    assert_eq!(
        ids(&none),
        Vec::<i64>::new(),
        "country is exact and case-sensitive"
    );
}

async fn bad_filters_are_reported_in_declaration_order(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    shelf(&app).await;
    let choice = "Select a valid choice. That choice is not one of the available choices.";
    for (query, body) in [
        (
            "price__gte=abc",
            r#"{"price__gte":["Enter a number."]}"#.to_owned(),
        ),
        (
            "published=2020",
            r#"{"published":["Enter a valid date."]}"#.to_owned(),
        ),
        (
            "published__gte=2020-02-30",
            r#"{"published__gte":["Enter a valid date."]}"#.to_owned(),
        ),
        (
            "price__range=5",
            r#"{"price__range":["Range query expects two values."]}"#.to_owned(),
        ),
        (
            "price__range=1,2,3",
            r#"{"price__range":["Range query expects two values."]}"#.to_owned(),
        ),
        ("author=99", format!(r#"{{"author":["{choice}"]}}"#)),
        ("author=abc", format!(r#"{{"author":["{choice}"]}}"#)),
        (
            "author__in=1,99",
            format!(r#"{{"author__in":["{choice}"]}}"#),
        ),
        (
            "published__range=2020&pages__gte=x&price=y&author__in=abc&author=1",
            format!(
                r#"{{"author__in":["{choice}"],"price":["Enter a number."],"pages__gte":["Enter a number."],"published__range":["Range query expects two values."]}}"#
            ),
        ),
    ] {
        let response = app.get(&format!("/api/library/books/?{query}")).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(response.text(), body, "{query}");
        let stats = app.get(&format!("/api/library/books/stats/?{query}")).await;
        assert_eq!(
            (stats.status, stats.text()),
            (StatusCode::BAD_REQUEST, body),
            "stats: {query}"
        );
    }
}

async fn search_prefixes_and_terms(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let (ursula, italo) = shelf(&app).await;
    for (search, expected) in [
        ("the", vec![2, 3]),
        ("lathe", vec![]),
        ("URSULA", vec![1, 2, 3]),
        ("9780000000004", vec![4]),
        ("978000000000", vec![]),
        ("%22the%20dispossessed%22", vec![2]),
        ("the%20dispossessed", vec![]),
        ("the,ursula", vec![2, 3]),
        ("the%20%20calvino", vec![]),
        ("in%20calvino", vec![4, 5]),
        ("invisible%20calvino", vec![4]),
        ("", vec![1, 2, 3, 4, 5]),
    ] {
        assert_eq!(
            found(&app, &format!("search={search}")).await,
            expected,
            "{search}"
        );
    }
    assert_eq!(
        found(&app, "search=i&price__lte=10").await,
        vec![1, 4],
        "search with a filter"
    );
    let authors = |query: &'static str| {
        let app = &app;
        async move {
            ids(&app
                .get(&format!("/api/library/authors/?{query}"))
                .await
                .json())
        }
    };
    assert_eq!(authors("search=calv").await, [italo]);
    assert_eq!(authors("search=LE%20GUIN").await, [ursula]);
    assert_eq!(authors("search=le%20calvino").await, Vec::<i64>::new());
}

async fn ordering_across_the_relation_by_code_point(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let (ursula, italo) = shelf(&app).await;
    for (ordering, expected) in [
        ("price", vec![4, 1, 2, 5, 3]),
        ("-price", vec![3, 5, 2, 1, 4]),
        ("title", vec![1, 5, 4, 2, 3]),
        ("author__name", vec![4, 5, 1, 2, 3]),
        ("author__name,title", vec![5, 4, 1, 2, 3]),
        ("-author__name,-id", vec![3, 2, 1, 5, 4]),
        ("-published,bogus", vec![5, 2, 4, 3, 1]),
        ("bogus", vec![1, 2, 3, 4, 5]),
        ("-id", vec![5, 4, 3, 2, 1]),
    ] {
        assert_eq!(
            found(&app, &format!("ordering={ordering}")).await,
            expected,
            "{ordering}"
        );
    }
    let authors = app.get("/api/library/authors/?ordering=-name").await.json();
    assert_eq!(
        ids(&authors),
        [ursula, italo],
        "authors have no ordering parameter"
    );
}
