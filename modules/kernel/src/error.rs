//! The one error type of the HTTP layer. Every failure a handler can meet becomes one of these, and each renders
//! the JSON body of the contract (Django REST framework's texts), so no handler writes an error body by hand.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde_json::{json, Map, Value};

use crate::db::DatabaseError;
use crate::render;

/// Why a response is a 5xx: carried in the response's extensions to the access log, which writes it once with the
/// request's id, method and path (crates.io's pattern). Never sent to the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cause(pub String);

/// Field name → messages, in the serializer's field order.
pub type FieldErrors = Map<String, Value>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400 with one list of messages per failing field.
    #[error("validation failed")]
    Validation(FieldErrors),
    /// 400: the body is not valid JSON (or form data).
    #[error("JSON parse error - {0}")]
    Parse(String),
    /// 400: a `multipart/form-data` body that cannot be read.
    #[error("Multipart form parse error - {0}")]
    MultipartParse(String),
    /// 404 for a URL or id that matches nothing.
    #[error("Not found.")]
    NotFound,
    /// 404 for a well-formed id with no row: "No <Model> matches the given query."
    #[error("No {0} matches the given query.")]
    NoMatch(&'static str),
    /// 404 for a page number out of range or not a number.
    #[error("Invalid page.")]
    InvalidPage,
    /// 404 for a pagination cursor that does not decode (DRF's text has no period).
    #[error("Invalid cursor")]
    InvalidCursor,
    /// 412: a write's `If-Match` names no current representation.
    #[error("Precondition failed.")]
    PreconditionFailed,
    #[error("Method \"{0}\" not allowed.")]
    MethodNotAllowed(String),
    #[error("Could not satisfy the request Accept header.")]
    NotAcceptable,
    #[error("Unsupported media type \"{0}\" in request.")]
    UnsupportedMediaType(String),
    /// 401: no credentials where they are required.
    #[error("Authentication credentials were not provided.")]
    NotAuthenticated,
    /// 401 with a message of its own (wrong username or password).
    #[error("{0}")]
    AuthenticationFailed(String),
    /// 401: `Authorization: Bearer` without exactly one token.
    #[error("Authorization header must contain two space-delimited values")]
    BadAuthorizationHeader,
    /// 401: the bearer token is invalid, expired or not an access token (the reason is the message).
    #[error("Given token not valid for any token type")]
    InvalidAccessToken(String),
    /// 401 from the refresh endpoint: the refresh token is invalid, expired or of the wrong type.
    #[error("{0}")]
    TokenNotValid(String),
    /// 401: the token's user no longer exists (simplejwt's `user_not_found`).
    #[error("User not found")]
    UserNotFound,
    /// 401: the token's user is inactive (simplejwt's `user_inactive`).
    #[error("User is inactive")]
    UserInactive,
    /// 408: the request's body did not arrive within `server.client_body_timeout_secs`; the connection is closed.
    #[error("The request body was not received in time.")]
    BodyTimeout,
    /// 403: authenticated, but not allowed.
    #[error("You do not have permission to perform this action.")]
    PermissionDenied,
    /// 429 with the seconds to wait, as DRF's `Throttled`.
    #[error("Request was throttled. Expected available in {0} second{s}.", s = if *.0 == 1 { "" } else { "s" })]
    Throttled(u64),
    #[error("Request body is too large.")]
    PayloadTooLarge,
    /// 503: the module's database cannot be reached. The cause goes to the access log ([`Cause`]), never to the client.
    #[error("Service temporarily unavailable, try again later.")]
    Unavailable(String),
    /// 500: anything unexpected. The cause goes to the access log ([`Cause`]), never to the client.
    #[error("A server error occurred.")]
    Internal(String),
}

impl ApiError {
    /// A 400 for one field.
    pub fn field(name: &str, message: impl Into<String>) -> Self {
        let mut errors = Map::new();
        errors.insert(name.to_owned(), json!([message.into()]));
        ApiError::Validation(errors)
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        ApiError::Internal(cause.to_string())
    }
}

impl From<DatabaseError> for ApiError {
    fn from(e: DatabaseError) -> Self {
        ApiError::Unavailable(e.to_string())
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind as Kind, Error};
        match e {
            Error::NotFound => ApiError::NotFound,
            Error::DatabaseError(Kind::ClosedConnection | Kind::UnableToSendCommand, info) => {
                ApiError::Unavailable(info.message().to_owned())
            }
            // Conditions that pass, reported as unknown errors: SQLite's busy or locked database; a lost MySQL
            // server, a lock wait timeout, and a deadlock victim on MySQL or PostgreSQL (rolled back).
            Error::DatabaseError(Kind::Unknown | Kind::SerializationFailure, info)
                if passing(info.message()) =>
            {
                ApiError::Unavailable(info.message().to_owned())
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

/// Whether a database error message describes a condition that passes, so that a retry may succeed.
fn passing(message: &str) -> bool {
    const PASSING: [&str; 11] = [
        // SQLite
        "locked",
        "busy",
        // MySQL/MariaDB
        "gone away",
        "lost connection",
        "can't connect",
        "lock wait timeout",
        "deadlock found",
        "shutdown in progress",
        "because of inactivity",
        // PostgreSQL
        "deadlock detected",
        "could not serialize access",
    ];
    let message = message.to_lowercase();
    PASSING.iter().any(|text| message.contains(text))
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) | ApiError::Parse(_) | ApiError::MultipartParse(_) => {
                StatusCode::BAD_REQUEST
            }
            ApiError::NotFound
            | ApiError::NoMatch(_)
            | ApiError::InvalidPage
            | ApiError::InvalidCursor => StatusCode::NOT_FOUND,
            ApiError::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::NotAuthenticated
            | ApiError::AuthenticationFailed(_)
            | ApiError::BadAuthorizationHeader
            | ApiError::InvalidAccessToken(_)
            | ApiError::TokenNotValid(_)
            | ApiError::UserNotFound
            | ApiError::UserInactive => StatusCode::UNAUTHORIZED,
            ApiError::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::PermissionDenied => StatusCode::FORBIDDEN,
            ApiError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let detail = self.to_string();
        let mut response = match self {
            ApiError::Validation(errors) => render::json(status, errors),
            ApiError::BadAuthorizationHeader => render::json(
                status,
                &json!({"detail": detail, "code": "bad_authorization_header"}),
            ),
            ApiError::UserNotFound => {
                render::json(status, &json!({"detail": detail, "code": "user_not_found"}))
            }
            ApiError::UserInactive => {
                render::json(status, &json!({"detail": detail, "code": "user_inactive"}))
            }
            ApiError::TokenNotValid(_) => render::json(
                status,
                &json!({"detail": detail, "code": "token_not_valid"}),
            ),
            ApiError::InvalidAccessToken(message) => render::json(
                status,
                &json!({
                    "detail": detail,
                    "code": "token_not_valid",
                    "messages": [{"token_class": "AccessToken", "token_type": "access", "message": message}],
                }),
            ),
            _ => render::json(status, &json!({ "detail": detail })),
        };
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"api\""),
            );
        }
        if let ApiError::BodyTimeout = self {
            response
                .head_mut()
                .set_connection_type(actix_web::http::ConnectionType::Close);
        }
        if let ApiError::Throttled(wait) = self {
            if let Ok(value) = header::HeaderValue::from_str(&wait.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
        }
        if let ApiError::Unavailable(cause) | ApiError::Internal(cause) = self {
            response.extensions_mut().insert(Cause(cause.clone()));
        }
        response
    }
}
