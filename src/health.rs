//! Health endpoints, outside `/api/`: `live` says the process answers, `ready` that every module's database does.

use actix_web::http::StatusCode;
use actix_web::web::{self, Data};
use actix_web::HttpResponse;
use serde_json::{json, Map};
use tessera_kernel::db::Database;
use tessera_kernel::render;

/// Every served module's database.
pub struct Databases(pub Vec<Database>);

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/health/live", web::get().to(live))
        .route("/health/ready", web::get().to(ready));
}

async fn live() -> HttpResponse {
    render::json(StatusCode::OK, &json!({"status": "ok"}))
}

async fn ready(databases: Data<Databases>) -> HttpResponse {
    let mut modules = Map::new();
    let mut all_up = true;
    for db in &databases.0 {
        let probe = db.clone();
        let up = web::block(move || {
            use diesel::connection::SimpleConnection;
            probe
                .get()
                .ok()
                .is_some_and(|mut c| c.batch_execute("SELECT 1").is_ok())
        })
        .await
        .unwrap_or(false);
        all_up &= up;
        modules.insert(
            db.module().to_owned(),
            json!({"backend": db.url().backend_name(), "status": if up { "up" } else { "down" }}),
        );
    }
    let status = if all_up {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    render::json(
        status,
        &json!({"status": if all_up { "ok" } else { "unavailable" }, "modules": modules}),
    )
}
