//! `POST token/` and `POST token/refresh/`, as djangorestframework-simplejwt answers them.

use actix_web::http::{Method, StatusCode};
use actix_web::web::{Data, Payload};
use actix_web::{HttpRequest, HttpResponse};
use serde_json::json;
use tessera_kernel::auth::{Signer, TokenKind};
use tessera_kernel::blocking::run;
use tessera_kernel::db::Database;
use tessera_kernel::http::metadata::describe_view;
use tessera_kernel::http::negotiate::{negotiate, parse_body, read_body};
use tessera_kernel::http::views::with_allow;
use tessera_kernel::validate::{validate, Mode, Valid};
use tessera_kernel::{render, ApiError, Field};

use crate::serializers::{OBTAIN_FIELDS, REFRESH_FIELDS};
use crate::{passwords, users};

const ALLOW: &str = "POST, OPTIONS";
pub const OBTAIN_DESCRIPTION: &str = "Takes a set of user credentials and returns an access and refresh JSON web\ntoken pair to prove the authentication of those credentials.";
pub const REFRESH_DESCRIPTION: &str =
    "Takes a refresh type JSON web token and returns an access type JSON web\ntoken if the refresh token is valid.";

pub async fn obtain(req: HttpRequest, db: Data<Database>, payload: Payload) -> HttpResponse {
    let result = async {
        let data = post_body(&req, payload, OBTAIN_FIELDS).await?;
        let Some(data) = data else {
            return Ok(options(
                "Token Obtain Pair",
                OBTAIN_DESCRIPTION,
                OBTAIN_FIELDS,
            ));
        };
        let username = data.str("username").unwrap_or_default().to_owned();
        let password = data.str("password").unwrap_or_default().to_owned();
        // Hashing is slow on purpose: it runs on the blocking pool, and a missing user costs as much as a wrong
        // password, so that timing does not tell which usernames exist.
        let user = run(&db, move |conn| {
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
        let signer = signer(&req)?;
        Ok(render::json(
            StatusCode::OK,
            &json!({
                "refresh": signer.issue(TokenKind::Refresh, user.id, user.is_staff),
                "access": signer.issue(TokenKind::Access, user.id, user.is_staff),
            }),
        ))
    };
    with_allow(result.await, ALLOW)
}

pub async fn refresh(req: HttpRequest, db: Data<Database>, payload: Payload) -> HttpResponse {
    let result = async {
        let data = post_body(&req, payload, REFRESH_FIELDS).await?;
        let Some(data) = data else {
            return Ok(options(
                "Token Refresh",
                REFRESH_DESCRIPTION,
                REFRESH_FIELDS,
            ));
        };
        let signer = signer(&req)?;
        let claims = signer
            .verify(data.str("refresh").unwrap_or_default(), TokenKind::Refresh)
            .map_err(|e| ApiError::TokenNotValid(e.to_string()))?;
        let user_id: i64 = claims.user_id.parse().unwrap_or_default();
        let user = run(&db, move |conn| Ok(users::by_id(conn, user_id)?))
            .await?
            .filter(|u| u.is_active)
            .ok_or_else(|| {
                ApiError::AuthenticationFailed(
                    "No active account found for the given token.".into(),
                )
            })?;
        Ok(render::json(
            StatusCode::OK,
            &json!({"access": signer.issue(TokenKind::Access, user.id, user.is_staff)}),
        ))
    };
    with_allow(result.await, ALLOW)
}

/// The validated body of a POST; `None` for OPTIONS; 405 for any other method.
async fn post_body(
    req: &HttpRequest,
    payload: Payload,
    fields: &[Field],
) -> Result<Option<Valid>, ApiError> {
    negotiate(req)?;
    match *req.method() {
        Method::POST => {
            let body = read_body(req, payload).await?;
            Ok(Some(validate(
                fields,
                &parse_body(req, &body)?,
                Mode::Full,
            )?))
        }
        Method::OPTIONS => Ok(None),
        ref other => Err(ApiError::MethodNotAllowed(other.to_string())),
    }
}

fn options(name: &str, description: &str, fields: &[Field]) -> HttpResponse {
    render::json(
        StatusCode::OK,
        &describe_view(name, description, Some(("POST", fields))),
    )
}

fn signer(req: &HttpRequest) -> Result<&Signer, ApiError> {
    req.app_data::<Data<Signer>>()
        .map(|s| s.get_ref())
        .ok_or_else(|| ApiError::internal("no token signer configured"))
}
