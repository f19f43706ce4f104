//! `POST token/` and `POST token/refresh/`, as djangorestframework-simplejwt answers them, on the kernel's
//! pipeline for custom endpoints (open, and blind to `Authorization`, as simplejwt's token views are).

use tessera_kernel::auth::{Signer, TokenKind};
use tessera_kernel::prelude::*;

use crate::{passwords, users};

const OBTAIN: &str = "Takes a set of user credentials and returns an access and refresh JSON web\ntoken pair to prove the authentication of those credentials.";
const REFRESH: &str =
    "Takes a refresh type JSON web token and returns an access type JSON web\ntoken if the refresh token is valid.";

/// simplejwt's `TokenObtainPairSerializer`.
#[derive(Serializer)]
pub struct TokenObtainPair {
    pub username: String,
    pub password: String,
}

/// What it answers.
#[derive(Serializer)]
#[serializer(name = "TokenObtainPair")]
pub struct TokenPair {
    pub refresh: String,
    pub access: String,
}

/// simplejwt's `TokenRefreshSerializer`.
#[derive(Serializer)]
pub struct TokenRefresh {
    pub refresh: String,
}

#[derive(Serializer)]
#[serializer(name = "TokenRefresh")]
pub struct AccessToken {
    pub access: String,
}

pub fn views() -> Vec<View> {
    let open = |path, name, description| {
        View::new(path, name)
            .description(description)
            .permission(Permission::AllowAny)
            .without_authentication()
    };
    vec![
        open("token/", "Token Obtain Pair", OBTAIN)
            .throttle_scope("login")
            .post(obtain)
            .answers("The tokens."),
        open("token/refresh/", "Token Refresh", REFRESH)
            .post(refresh)
            .answers("The tokens."),
    ]
}

async fn obtain(call: Call, body: TokenObtainPair) -> Result<TokenPair, ApiError> {
    let TokenObtainPair { username, password } = body;
    // Hashing is slow on purpose: it runs on the query threads, a few at a time (`passwords::turn`), and a missing
    // user costs as much as a wrong password, so that timing does not tell which usernames exist.
    let _turn = passwords::turn().await?;
    let user = call
        .run(move |conn| {
            let user = users::by_username(conn, &username)?;
            let hash = user
                .as_ref()
                .map_or(passwords::decoy(), |u| u.password_hash.as_str());
            let valid = passwords::verify(&password, hash);
            Ok(user.filter(|u| valid && u.is_active))
        })
        .await?
        .ok_or_else(|| {
            ApiError::AuthenticationFailed(
                "No active account found with the given credentials".into(),
            )
        })?;
    let signer = call.data::<Signer>()?;
    Ok(TokenPair {
        refresh: signer.issue(TokenKind::Refresh, user.id, user.is_staff),
        access: signer.issue(TokenKind::Access, user.id, user.is_staff),
    })
}

async fn refresh(call: Call, body: TokenRefresh) -> Result<AccessToken, ApiError> {
    let signer = call.data::<Signer>()?;
    let claims = signer
        .verify(&body.refresh, TokenKind::Refresh)
        .map_err(|e| ApiError::TokenNotValid(e.to_string()))?;
    let user_id: i64 = claims.user_id.parse().unwrap_or_default();
    let user = call
        .run(move |conn| Ok(users::by_id(conn, user_id)?))
        .await?
        .filter(|u| u.is_active)
        .ok_or_else(|| {
            ApiError::AuthenticationFailed("No active account found for the given token.".into())
        })?;
    Ok(AccessToken {
        access: signer.issue(TokenKind::Access, user.id, user.is_staff),
    })
}
