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
        app.post(
            "/api/example/",
            &serde_json::json!({"name": "a", "description": "b"})
        )
        .await
        .status,
        201
    );
    assert_eq!(
        app.post(
            "/api/catalog/products/",
            &serde_json::json!({"sku": "s", "name": "n", "price": "1"})
        )
        .await
        .status,
        201
    );
    assert_eq!(
        app.post(
            "/api/orders/",
            &serde_json::json!({"product_id": 1, "quantity": 1})
        )
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
        ["__diesel_schema_migrations", "orders"]
    );
    let sqlite_tables = app.count(
        "catalog",
        "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('catalog_products', 'catalog_products_count', '__diesel_schema_migrations')",
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
        2
    );
}
