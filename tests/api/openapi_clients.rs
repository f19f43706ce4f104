//! The OpenAPI document as client generators and Swagger UI read it: JSON bodies only, open operations without
//! security, examples the server accepts; and HEAD answered wherever GET is. (`.ci/clients.sh` generates real
//! clients from it.)

use actix_web::http::StatusCode;
use serde_json::{json, Map, Value};

use crate::helpers::{spawn_app, Backend};

fn document() -> Value {
    serde_json::from_str(&tessera::openapi_json(
        &tessera::Settings::load_with(&[]).unwrap(),
    ))
    .unwrap()
}

fn operations(document: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            found.push((method.clone(), path.clone(), op.clone()));
        }
    }
    found
}

#[test]
fn bodies_are_json_only_and_open_operations_name_no_security() {
    let document = document();
    for (method, path, op) in operations(&document) {
        if let Some(content) = op["requestBody"]["content"].as_object() {
            assert_eq!(
                content.keys().collect::<Vec<_>>(),
                vec!["application/json"],
                "{method} {path}"
            );
        }
        if let Some(security) = op.get("security") {
            assert_eq!(
                security,
                &json!([{"jwtAuth": []}]),
                "{method} {path}: a token, or no security at all"
            );
        }
    }
    let security =
        |method: &str, path: &str| document["paths"][path][method].get("security").cloned();
    for (method, path) in [
        ("get", "/api/example/"),
        ("post", "/api/example/"),
        ("get", "/api/catalog/products/"),
        ("get", "/api/catalog/products/{id}/"),
        ("post", "/api/accounts/token/"),
        ("post", "/api/accounts/token/refresh/"),
    ] {
        assert_eq!(security(method, path), None, "{method} {path} is open");
    }
    for (method, path) in [
        ("post", "/api/catalog/products/"),
        ("delete", "/api/catalog/products/{id}/"),
        ("get", "/api/orders/"),
        ("post", "/api/orders/"),
    ] {
        assert!(
            security(method, path).is_some(),
            "{method} {path} needs a token"
        );
    }
}

#[test]
fn request_values_name_what_else_the_server_converts() {
    let document = document();
    let product = &document["components"]["schemas"]["ProductRequest"]["properties"];
    assert_eq!(product["sku"]["type"], "string");
    assert_eq!(
        product["sku"]["x-also-accepts"],
        json!([{"type": "number"}])
    );
    assert_eq!(product["stock"]["type"], "integer");
    assert_eq!(product["stock"]["x-also-accepts"][0]["type"], "string");
    assert_eq!(product["price"]["type"], "string");
    assert_eq!(product["price"]["format"], "decimal");
    assert_eq!(product["price"]["x-also-accepts"][0]["type"], "number");
    let page = &document["paths"]["/api/example/"]["get"]["parameters"][0];
    assert_eq!(page["name"], "page");
    assert_eq!(page["schema"]["anyOf"][1]["enum"], json!(["last"]));
    assert_eq!(
        page["schema"]["x-also-accepts"],
        json!([{"type": "string", "enum": [""]}])
    );
}

/// Each request schema's examples, as a body.
fn example_body(document: &Value, schema: &str) -> Value {
    let mut body = Map::new();
    let properties = document["components"]["schemas"][schema]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("schema {schema}"));
    for (name, property) in properties {
        let example = property["examples"][0].clone();
        assert!(!example.is_null(), "{schema}.{name} has an example");
        if let Some(max) = property["maxLength"].as_u64() {
            let length = example.as_str().unwrap().chars().count() as u64;
            assert!(
                length <= max,
                "{schema}.{name}: {example} longer than {max}"
            );
        }
        if let Some(n) = example.as_i64() {
            let min = property["minimum"].as_i64().unwrap_or(i64::MIN);
            let max = property["maximum"].as_i64().unwrap_or(i64::MAX);
            assert!(
                (min..=max).contains(&n),
                "{schema}.{name}: {n} out of bounds"
            );
        }
        body.insert(name.clone(), example);
    }
    Value::Object(body)
}

crate::on_both_backends!(examples_are_accepted, head_is_answered_wherever_get_is);

/// A body made of the document's examples creates an object on every resource (catalog first: the order's example
/// product is id 1).
async fn examples_are_accepted(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let document = document();
    for (method, path, op) in operations(&document) {
        // A detail action (`/{id}/reprint/`) reads no body; the rest create.
        if method != "post" || path.starts_with("/api/accounts/") || path.contains("{id}") {
            continue;
        }
        // Below a parent: the parent created just before (the document lists it first), whose id is 1.
        let path = path.replace("{author_pk}", "1");
        let schema = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .unwrap()
            .trim_start_matches("#/components/schemas/")
            .to_owned();
        let body = example_body(&document, &schema);
        let created = app.post(&path).json(&body).await;
        assert_eq!(
            created.status,
            StatusCode::CREATED,
            "{path}: {}",
            created.text()
        );
        let model = op["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .unwrap()
            .trim_start_matches("#/components/schemas/");
        let shown = &document["components"]["schemas"][model]["properties"];
        for (name, value) in created.json().as_object().unwrap() {
            assert!(
                shown[name]["examples"].is_array(),
                "{model}.{name} has a response example"
            );
            if body
                .get(name)
                .is_some_and(|sent| sent.is_string() && value.is_string())
            {
                assert_eq!(value, &body[name], "{path}: {name} is stored as sent");
            }
        }
        // The same example is posted below a parent and at the resource's own URL: a unique value must be free.
        if path.contains("/books/") {
            let id = created.json()["id"].clone();
            let deleted = app.delete(&format!("{path}{id}/")).await;
            assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{path}");
        }
    }
}

/// Every path whose GET answers without an id answers HEAD with the same status and length and no body: the
/// API's, the documents', Swagger UI's and the health checks'.
async fn head_is_answered_wherever_get_is(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let document = document();
    let mut paths: Vec<String> = operations(&document)
        .into_iter()
        .filter(|(method, path, _)| method == "get" && !path.contains('{'))
        .map(|(_, path, _)| path)
        .collect();
    paths.extend(
        [
            "/api/",
            "/api-docs/openapi.json",
            "/swagger-ui/",
            "/swagger-ui/swagger-initializer.js",
            "/health/live",
            "/health/ready",
            "/api/no-such-thing/",
        ]
        .map(String::from),
    );
    for path in paths {
        let get = app.get(&path).await;
        let head = app.head(&path).await;
        assert_eq!(head.status, get.status, "HEAD {path}");
        assert_ne!(head.status, StatusCode::METHOD_NOT_ALLOWED, "HEAD {path}");
        assert!(head.body.is_empty(), "HEAD {path} has no body");
        assert_eq!(
            head.header("content-length"),
            Some(get.body.len().to_string()),
            "HEAD {path} announces the GET's length"
        );
    }
}
