//! Django REST framework's permission classes, chosen per module by setting.

use actix_web::http::Method;
use serde::Deserialize;

use super::identity::Identity;
use crate::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    AllowAny,
    Authenticated,
    AuthenticatedOrReadOnly,
    StaffOrReadOnly,
    /// DRF's `IsAdminUser`: staff only, reads included.
    Staff,
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

impl Permission {
    /// `Ok` when allowed; `401` when an anonymous request is refused, `403` when a user is.
    pub fn check(self, method: &Method, who: Option<&Identity>) -> Result<(), ApiError> {
        let allowed = match self {
            Permission::AllowAny => true,
            Permission::Authenticated => who.is_some(),
            Permission::AuthenticatedOrReadOnly => is_safe(method) || who.is_some(),
            Permission::StaffOrReadOnly => is_safe(method) || who.is_some_and(|w| w.is_staff),
            Permission::Staff => who.is_some_and(|w| w.is_staff),
        };
        match (allowed, who) {
            (true, _) => Ok(()),
            (false, None) => Err(ApiError::NotAuthenticated),
            (false, Some(_)) => Err(ApiError::PermissionDenied),
        }
    }

    /// Whether users may `method` only if they are staff (a 403 for the others, in the OpenAPI document).
    pub fn staff_only(self, method: &Method) -> bool {
        let user = Identity {
            user_id: 1,
            is_staff: false,
        };
        self.check(method, Some(&user)).is_err()
    }

    /// Whether anonymous requests may use `method` (for the OpenAPI document).
    pub fn anonymous_may(self, method: &Method) -> bool {
        self.check(method, None).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drf_permission_classes() {
        let user = Identity {
            user_id: 1,
            is_staff: false,
        };
        let staff = Identity {
            user_id: 2,
            is_staff: true,
        };
        let refused = |r: Result<(), ApiError>| match r {
            Ok(()) => 200,
            Err(ApiError::NotAuthenticated) => 401,
            Err(ApiError::PermissionDenied) => 403,
            Err(_) => 0,
        };
        let p = Permission::StaffOrReadOnly;
        assert_eq!(refused(p.check(&Method::GET, None)), 200);
        assert_eq!(refused(p.check(&Method::POST, None)), 401);
        assert_eq!(refused(p.check(&Method::POST, Some(&user))), 403);
        assert_eq!(refused(p.check(&Method::DELETE, Some(&staff))), 200);
        let p = Permission::Authenticated;
        assert_eq!(refused(p.check(&Method::GET, None)), 401);
        assert_eq!(refused(p.check(&Method::OPTIONS, None)), 401);
        assert_eq!(refused(p.check(&Method::POST, Some(&user))), 200);
        let p = Permission::AuthenticatedOrReadOnly;
        assert_eq!(refused(p.check(&Method::HEAD, None)), 200);
        assert_eq!(refused(p.check(&Method::PATCH, None)), 401);
        assert_eq!(
            refused(Permission::AllowAny.check(&Method::DELETE, None)),
            200
        );
        let p = Permission::Staff;
        assert_eq!(refused(p.check(&Method::GET, None)), 401);
        assert_eq!(refused(p.check(&Method::GET, Some(&user))), 403);
        assert_eq!(refused(p.check(&Method::DELETE, Some(&staff))), 200);
    }
}
