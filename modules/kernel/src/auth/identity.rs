//! Who makes a request: `Authorization: Bearer <access token>` verified with the secret, then, as simplejwt's
//! `JWTAuthentication.get_user` does, the user looked up (where the application registered a [`UserCheck`]): a
//! deleted user's token answers `user_not_found`, an inactive one's `user_inactive`, and staff status is the
//! user's as it is now, not as the token says. Other schemes are ignored (the request is anonymous).

use actix_web::http::header;
use actix_web::web::Data;
use actix_web::HttpRequest;

use super::jwt::{Signer, TokenError, TokenKind};
use super::users::UserCheck;
use crate::error::ApiError;

/// An authenticated user, as the token (and the user check) say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    pub user_id: i64,
    pub is_staff: bool,
}

/// The request's identity: `None` when anonymous, an error for a bad token or header.
pub async fn authenticate(req: &HttpRequest) -> Result<Option<Identity>, ApiError> {
    let mut values = req.headers().get_all(header::AUTHORIZATION);
    let Some(value) = values.next() else {
        return Ok(None);
    };
    // Two headers would let a proxy that reads the other one disagree about who this is.
    if values.next().is_some() {
        return Err(ApiError::BadAuthorizationHeader);
    }
    let value = String::from_utf8_lossy(value.as_bytes());
    let parts: Vec<&str> = value.split_whitespace().collect();
    if parts.first() != Some(&"Bearer") {
        return Ok(None);
    }
    if parts.len() != 2 {
        return Err(ApiError::BadAuthorizationHeader);
    }
    let signer = req
        .app_data::<Data<Signer>>()
        .ok_or_else(|| ApiError::internal("no token signer configured"))?;
    let claims = match signer.verify(parts[1], TokenKind::Access) {
        Ok(claims) => claims,
        // Another process of this application asking on its own behalf (see `TokenKind::Service`).
        Err(TokenError::WrongType) if signer.verify(parts[1], TokenKind::Service).is_ok() => {
            return Ok(Some(Identity {
                user_id: 0,
                is_staff: true,
            }));
        }
        Err(e) => return Err(ApiError::InvalidAccessToken(e.to_string())),
    };
    let mut identity = Identity {
        user_id: claims.user_id.parse().unwrap_or_default(),
        is_staff: claims.is_staff,
    };
    if let Some(check) = req.app_data::<Data<dyn UserCheck>>() {
        let status = check
            .status(identity.user_id)
            .await
            .map_err(ApiError::Unavailable)?
            .ok_or(ApiError::UserNotFound)?;
        if !status.is_active {
            return Err(ApiError::UserInactive);
        }
        identity.is_staff = status.is_staff;
    }
    Ok(Some(identity))
}
