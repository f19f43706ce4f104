//! The OpenAPI document: pinned by a snapshot, complete for every operation, served as `tessera openapi` prints
//! it, with Swagger UI served from the binary.

use actix_web::http::StatusCode;
use serde_json::Value;

use crate::helpers::{spawn_app, Backend};

const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/openapi.json");

/// Compares the document with the committed snapshot; `UPDATE_SNAPSHOTS=1` rewrites the snapshot instead.
#[test]
fn document_matches_the_snapshot() {
    let document = tessera::openapi_json(&tessera::Settings::load_with(&[]).unwrap());
    if std::env::var("UPDATE_SNAPSHOTS").is_ok() {
        std::fs::write(SNAPSHOT, format!("{document}\n")).unwrap();
    }
    let snapshot = std::fs::read_to_string(SNAPSHOT).expect("tests/snapshots/openapi.json exists");
    let first_difference = document
        .lines()
        .zip(snapshot.lines())
        .enumerate()
        .find(|(_, (now, then))| now != then);
    assert!(
        first_difference.is_none() && document.lines().count() == snapshot.lines().count(),
        "the OpenAPI document changed (first at line {:?}); review it and run \
         UPDATE_SNAPSHOTS=1 cargo test openapi",
        first_difference.map(|(i, (now, then))| (i + 1, now, then))
    );
}

#[test]
fn every_operation_documents_parameters_bodies_and_errors() {
    let document: Value = serde_json::from_str(&tessera::openapi_json(
        &tessera::Settings::load_with(&[]).unwrap(),
    ))
    .unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().unwrap();
    let list = &paths["/api/example/"];
    let params: Vec<&str> = list["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        params,
        vec!["page", "page_size", "name", "search", "ordering"]
    );
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|s| s.starts_with('2')),
                "{method} {path}: success"
            );
            assert!(responses.contains_key("406"), "{method} {path}: 406");
            assert!(
                op["operationId"].is_string(),
                "{method} {path}: operationId"
            );
            // A detail action such as `books/{id}/reprint/` reads no body.
            let action = path
                .split_once("{id}/")
                .is_some_and(|(_, rest)| !rest.is_empty());
            if (method == "post" && !action) || method == "put" || method == "patch" {
                assert!(
                    op["requestBody"]["content"]["application/json"]["schema"].is_object(),
                    "{method} {path}: body"
                );
                assert!(
                    responses.contains_key("400") && responses.contains_key("415"),
                    "{method} {path}"
                );
            }
            if path.contains("{id}") {
                assert!(responses.contains_key("404"), "{method} {path}: 404");
            }
        }
    }
    let schemas = document["components"]["schemas"].as_object().unwrap();
    for name in [
        "ExampleModel",
        "ExampleModelRequest",
        "PatchedExampleModelRequest",
        "PaginatedExampleModelList",
        "Detail",
        "ValidationErrors",
    ] {
        assert!(schemas.contains_key(name), "schema {name}");
    }
    assert_eq!(
        schemas["ExampleModel"]["properties"]["name"]["maxLength"],
        100
    );
    assert_eq!(
        schemas["ExampleModelRequest"]["required"],
        serde_json::json!(["name", "description"])
    );
}

crate::on_both_backends!(served_document_and_swagger_ui);

async fn served_document_and_swagger_ui(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let served = app.get("/api-docs/openapi.json").await;
    assert_eq!(served.status, StatusCode::OK);
    let expected: Value = serde_json::from_str(&tessera::openapi_json(
        &tessera::Settings::load_with(&[]).unwrap(),
    ))
    .unwrap();
    assert_eq!(served.json(), expected);
    let ui = app.get("/swagger-ui/").await;
    assert_eq!(ui.status, StatusCode::OK);
    assert!(ui.text().contains("swagger-ui"), "the Swagger UI page");
    let config = app.get("/swagger-ui/swagger-initializer.js").await;
    assert_eq!(config.status, StatusCode::OK);
    assert!(
        config.text().contains("/api-docs/openapi.json"),
        "{}",
        config.text()
    );
    let bundle = app.get("/swagger-ui/swagger-ui-bundle.js").await;
    assert_eq!(bundle.status, StatusCode::OK);
    assert!(
        bundle.body.len() > 100_000,
        "the vendored bundle is served from the binary"
    );
}
