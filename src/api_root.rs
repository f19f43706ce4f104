//! `GET /api/`: every resource's path below `/api/` mapped to its absolute list URL, as DRF's `DefaultRouter`
//! root view gives it.

use actix_web::http::{Method, StatusCode};
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse};
use serde_json::{json, Map, Value};
use tessera_kernel::auth::authenticate;
use tessera_kernel::http::metadata::{PARSES, RENDERS};
use tessera_kernel::http::negotiate::negotiate;
use tessera_kernel::http::origin::origin;
use tessera_kernel::http::views::with_allow;
use tessera_kernel::{render, ApiError};

/// Resource paths below `/api/`, in module order.
#[derive(Debug, Clone, Default)]
pub struct ApiRoot(pub Vec<String>);

pub async fn api_root(req: HttpRequest, root: Data<ApiRoot>) -> HttpResponse {
    // Like every API view, the root authenticates: a bad token is refused even here.
    let checked = match negotiate(&req) {
        Ok(()) => authenticate(&req).await.map(|_| ()),
        Err(e) => Err(e),
    };
    let result = checked.and_then(|()| match *req.method() {
        Method::GET | Method::HEAD => {
            let base = origin(&req);
            let links: Map<String, Value> = root
                .0
                .iter()
                .map(|path| (path.clone(), json!(format!("{base}/api/{path}/"))))
                .collect();
            Ok(render::json(StatusCode::OK, &links))
        }
        Method::OPTIONS => Ok(render::json(
            StatusCode::OK,
            &json!({
                "name": "Api Root",
                "description": "The default basic root view for DefaultRouter",
                "renders": RENDERS,
                "parses": PARSES,
            }),
        )),
        ref other => Err(ApiError::MethodNotAllowed(other.to_string())),
    });
    with_allow(result, "GET, HEAD, OPTIONS")
}
