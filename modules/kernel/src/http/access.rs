//! What Django REST framework's `APIView.initial()` does before any handler: authenticate the caller, check the
//! permission, apply the throttles. Resources and custom endpoints share it.

use actix_web::web::Data;
use actix_web::HttpRequest;

use super::throttle::Throttle;
use crate::auth::{authenticate, Identity, Permission};
use crate::error::ApiError;

/// The permission of the module whose scope serves the request (its setting, else its declared default).
pub fn module_permission(req: &HttpRequest) -> Permission {
    req.app_data::<Data<Permission>>()
        .map_or(Permission::AllowAny, |p| *p.get_ref())
}

/// Authenticates the request (unless `authenticates` is off, as simplejwt's token views are), applies
/// `permission`, then the module's throttles. The caller, or the refusal.
pub async fn initial(
    req: &HttpRequest,
    permission: Permission,
    authenticates: bool,
) -> Result<Option<Identity>, ApiError> {
    let who = if authenticates {
        authenticate(req).await?
    } else {
        None
    };
    permission.check(req.method(), who.as_ref())?;
    if let Some(throttle) = req.app_data::<Data<Throttle>>() {
        throttle.check(req, who.as_ref())?;
    }
    Ok(who)
}
