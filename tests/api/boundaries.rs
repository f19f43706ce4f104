//! Module boundaries the build enforces, and each module on its own database whatever the mix of backends.

use std::process::Command;

use serde_json::Value;

use crate::helpers::{fresh_data_dir, fresh_postgres_database, spawn_app_with, Backend};

/// A module crate lives under `modules/` and is neither the kernel nor an interface (`*-api`) crate.
fn is_module_crate(package: &Value) -> bool {
    let path = package["manifest_path"].as_str().unwrap_or("");
    let name = package["name"].as_str().unwrap_or("");
    path.contains("/modules/") && name != "tessera-kernel" && !name.ends_with("-api")
}

#[test]
fn no_module_crate_depends_on_another_module_crate() {
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let modules: Vec<&str> = packages
        .iter()
        .filter(|p| is_module_crate(p))
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(modules.len() >= 3, "{modules:?}");
    for package in packages.iter().filter(|p| is_module_crate(p)) {
        for dependency in package["dependencies"].as_array().unwrap() {
            let name = dependency["name"].as_str().unwrap();
            assert!(
                !modules.contains(&name),
                "{} depends on module {name}: modules talk through interface crates or HTTP only",
                package["name"]
            );
        }
    }
}

#[actix_web::test]
async fn a_mix_of_backends_keeps_each_modules_tables_in_its_own_database() {
    let (Some(example_url), Some(orders_url)) =
        (fresh_postgres_database(), fresh_postgres_database())
    else {
        return;
    };
    let dir = fresh_data_dir();
    let overrides = [
        ("modules.example.database_url", example_url.clone()),
        ("modules.orders.database_url", orders_url.clone()),
        (
            "modules.catalog.database_url",
            format!("sqlite://{}/catalog.db", dir.display()),
        ),
    ];
    let app = spawn_app_with(Backend::Sqlite, &overrides).await.unwrap();
    assert_eq!(
        app.post("/api/example/")
            .json(&serde_json::json!({"name": "a", "description": "b"}))
            .await
            .status,
        201
    );
    assert_eq!(
        app.post("/api/catalog/products/")
            .json(&serde_json::json!({"sku": "s", "name": "n", "price": "1"}))
            .await
            .status,
        201
    );
    assert_eq!(
        app.post("/api/orders/")
            .json(&serde_json::json!({"product_id": 1, "quantity": 1}))
            .await
            .status,
        201
    );
    let pg_tables = |url: &str| -> Vec<String> {
        use diesel::{Connection, PgConnection, RunQueryDsl};
        #[derive(diesel::QueryableByName)]
        struct Table {
            #[diesel(sql_type = diesel::sql_types::Text)]
            table_name: String,
        }
        let mut conn = PgConnection::establish(url).unwrap();
        let tables: Vec<Table> = diesel::sql_query(
            "SELECT table_name::text AS table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
        )
        .load(&mut conn)
        .unwrap();
        tables.into_iter().map(|t| t.table_name).collect()
    };
    assert_eq!(
        pg_tables(&example_url),
        [
            "__diesel_schema_migrations",
            "example_models",
            "example_models_count"
        ]
    );
    assert_eq!(
        pg_tables(&orders_url),
        [
            "__diesel_schema_migrations",
            "events_inbox",
            "events_outbox",
            "orders",
            "orders_count"
        ]
    );
    let sqlite_tables = app.count(
        "catalog",
        "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('catalog_products', 'catalog_products_count', 'catalog_products_search', 'catalog_products_search_data', 'catalog_products_search_idx', 'catalog_products_search_docsize', 'catalog_products_search_config', 'events_outbox', 'events_inbox', '__diesel_schema_migrations')",
    );
    assert_eq!(
        sqlite_tables, 0,
        "catalog's file holds only catalog's tables"
    );
    assert_eq!(
        app.count(
            "catalog",
            "SELECT COUNT(*) AS n FROM __diesel_schema_migrations"
        ),
        6
    );
}

/// The issue's acceptance: one monolith, one module on each backend, every module served. Orders (PostgreSQL) asks
/// catalog (MariaDB) for prices in process; a user from accounts (SQLite) signs in.
#[cfg(feature = "mysql")]
#[actix_web::test]
async fn one_monolith_serves_modules_on_sqlite_postgresql_and_mariadb() {
    use crate::helpers::fresh_mysql_database;
    let (Some(catalog_url), Some(orders_url)) = (fresh_mysql_database(), fresh_postgres_database())
    else {
        return;
    };
    let dir = fresh_data_dir();
    let overrides = [
        ("modules.catalog.database_url", catalog_url.clone()),
        ("modules.orders.database_url", orders_url.clone()),
        (
            "modules.example.database_url",
            format!("sqlite://{}/example.db", dir.display()),
        ),
        (
            "modules.accounts.database_url",
            format!("sqlite://{}/accounts.db", dir.display()),
        ),
    ];
    let app = spawn_app_with(Backend::Sqlite, &overrides).await.unwrap();
    let ready = app.get("/health/ready").await.json();
    let backends: Vec<_> = ["example", "catalog", "orders", "accounts"]
        .iter()
        .map(|m| {
            ready["modules"][m]["backend"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(
        backends,
        ["sqlite", "mysql", "postgres", "sqlite"],
        "{ready}"
    );

    let product = app
        .post("/api/catalog/products/")
        .json(&serde_json::json!({"sku": "M-1", "name": "Mixed", "price": "2.50"}))
        .await;
    assert_eq!(product.status, 201, "{}", product.text());
    assert_eq!(product.json()["id"], 1);
    let order = app
        .post("/api/orders/")
        .json(&serde_json::json!({"product_id": 1, "quantity": 3}))
        .await;
    assert_eq!(order.status, 201, "{}", order.text());
    assert_eq!(order.json()["unit_price"], "2.50");
    let example = app
        .post("/api/example/")
        .json(&serde_json::json!({"name": "e", "description": "on SQLite"}))
        .await;
    assert_eq!(example.status, 201);
    app.create_user("mixed", "s3cret-pass", false);
    let token = app
        .post("/api/accounts/token/")
        .body(
            "application/json",
            br#"{"username":"mixed","password":"s3cret-pass"}"#,
        )
        .await;
    assert_eq!(token.status, 200, "{}", token.text());

    for (module, path) in [
        ("catalog", "/api/catalog/products/"),
        ("orders", "/api/orders/"),
        ("example", "/api/example/"),
    ] {
        let list = app.get(path).await;
        assert_eq!(list.json()["count"], 1, "{module}: {}", list.text());
    }
    // Each database holds its own module's tables only.
    assert_eq!(
        app.count(
            "catalog",
            "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() \
             AND table_name NOT IN ('catalog_products', 'catalog_products_count', 'catalog_products_search', \
             'events_outbox', 'events_inbox', '__diesel_schema_migrations')"
        ),
        0
    );
    assert_eq!(
        app.count(
            "catalog",
            "SELECT COUNT(*) AS n FROM catalog_products WHERE sku = 'M-1'"
        ),
        1
    );
    assert_eq!(
        app.count(
            "orders",
            "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public' \
             AND table_name NOT IN ('orders', 'orders_count', 'events_outbox', 'events_inbox', '__diesel_schema_migrations')"
        ),
        0
    );
    assert_eq!(app.count("orders", "SELECT quantity AS n FROM orders"), 3);
}
