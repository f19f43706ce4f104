//! `catalog/products` lists: exact filters, search over name, description and sku, and ordering by declared fields
//! (price numerically); on every backend.

use serde_json::{json, Value};

use crate::catalog_fields::create;
use crate::helpers::{spawn_app, Backend};

crate::on_both_backends!(filters_search_and_ordering);

async fn filters_search_and_ordering(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    for (sku, name, description, price) in [
        ("A-1", "Anvil", "heavy iron", "120.00"),
        ("B-2", "bolt", "steel, small", "0.25"),
        ("C-3", "Crate", "wooden box for anvils", "15.5"),
        ("D-4", "anvil", "light", "99.99"),
    ] {
        create(
            &app,
            json!({"sku": sku, "name": name, "description": description, "price": price}),
        )
        .await;
    }
    let ids = |page: Value| -> Vec<i64> {
        page["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(
        ids(app.get("/api/catalog/products/?sku=B-2").await.json()),
        vec![2]
    );
    assert_eq!(
        ids(app.get("/api/catalog/products/?name=anvil").await.json()),
        vec![4],
        "exact, case-sensitive"
    );
    assert_eq!(
        ids(app.get("/api/catalog/products/?search=ANVIL").await.json()),
        vec![1, 3, 4]
    );
    assert_eq!(
        ids(app.get("/api/catalog/products/?search=c-3").await.json()),
        vec![3],
        "sku is searched"
    );
    assert_eq!(
        ids(app
            .get("/api/catalog/products/?ordering=price")
            .await
            .json()),
        vec![2, 3, 4, 1],
        "numeric order"
    );
    assert_eq!(
        ids(app
            .get("/api/catalog/products/?ordering=-price")
            .await
            .json()),
        vec![1, 4, 3, 2]
    );
    assert_eq!(
        ids(app
            .get("/api/catalog/products/?ordering=-created_at")
            .await
            .json()),
        vec![4, 3, 2, 1]
    );
    assert_eq!(
        ids(app.get("/api/catalog/products/?ordering=name").await.json()),
        vec![1, 3, 4, 2]
    );
    assert_eq!(
        ids(app
            .get("/api/catalog/products/?ordering=stock")
            .await
            .json()),
        vec![1, 2, 3, 4],
        "undeclared"
    );
}
