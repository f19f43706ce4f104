//! Health endpoints, outside `/api/` and its authentication: `live` says the process answers, `ready` that every
//! module's database (or, for a forwarded module, its remote process) does, and the events' broker when there is
//! one.

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::web::{self, Data};
use actix_web::HttpResponse;
use serde_json::{json, Map, Value};
use tessera_kernel::db::Database;
use tessera_kernel::render;

/// What `ready` checks.
pub struct Dependencies {
    pub databases: Vec<Database>,
    pub remotes: Vec<(&'static str, String)>,
    pub timeout: Duration,
    /// The events' broker, when one is configured.
    pub broker: Option<crate::events::Broker>,
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/health/live", web::get().to(live))
        .route("/health/ready", web::get().to(ready));
}

async fn live() -> HttpResponse {
    render::json(StatusCode::OK, &json!({"status": "ok"}))
}

async fn ready(dependencies: Data<Dependencies>) -> HttpResponse {
    let mut modules = Map::new();
    let mut all_up = true;
    for db in &dependencies.databases {
        let probe = db.clone();
        let up = web::block(move || {
            use diesel::r2d2::R2D2Connection;
            probe.get().is_ok_and(|mut conn| {
                let up = conn.ping().is_ok();
                if !up {
                    conn.mark_lost();
                }
                up
            })
        })
        .await
        .unwrap_or(false);
        all_up &= up;
        modules.insert(db.module().to_owned(), state(db.url().backend_name(), up));
    }
    let client = awc::Client::builder()
        .timeout(dependencies.timeout)
        .finish();
    for (module, url) in &dependencies.remotes {
        let up = client
            .get(format!("{url}/health/live"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success());
        all_up &= up;
        modules.insert((*module).to_owned(), state("remote", up));
    }
    let mut body = json!({"modules": modules});
    if let Some(broker) = &dependencies.broker {
        let up = broker.is_up();
        all_up &= up;
        body["broker"] =
            json!({"kind": "nats", "url": broker.url(), "status": if up { "up" } else { "down" }});
    }
    let (status, word) = if all_up {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
    };
    let mut answer = json!({"status": word});
    if let (Some(answer), Some(body)) = (answer.as_object_mut(), body.as_object()) {
        answer.extend(body.clone());
    }
    render::json(status, &answer)
}

fn state(backend: &str, up: bool) -> Value {
    json!({"backend": backend, "status": if up { "up" } else { "down" }})
}
