//! Who makes a request: `Authorization: Bearer <access token>` verified with the secret alone, as simplejwt's
//! stateless authentication does. Other schemes are ignored (the request is anonymous).

use actix_web::http::header;
use actix_web::web::Data;
use actix_web::HttpRequest;

use super::jwt::{Signer, TokenKind};
use crate::error::ApiError;

/// An authenticated user, as the token says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    pub user_id: i64,
    pub is_staff: bool,
}

/// The request's identity: `None` when anonymous, an error for a bad token or header.
pub fn authenticate(req: &HttpRequest) -> Result<Option<Identity>, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
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
    let claims = signer
        .verify(parts[1], TokenKind::Access)
        .map_err(|e| ApiError::InvalidAccessToken(e.to_string()))?;
    Ok(Some(Identity {
        user_id: claims.user_id.parse().unwrap_or_default(),
        is_staff: claims.is_staff,
    }))
}
