//! Requests to a test app, built step by step: `app.get(path).bearer(token).send().await`, or awaited directly
//! (`app.post(path).json(&body).await`). A request carries the app's staff token unless told otherwise.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use actix_web::http::{Method, StatusCode};
use awc::http::header::HeaderMap;
use serde_json::Value;

use crate::helpers::TestApp;

/// A response, read whole.
pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    }

    /// DRF's answer to a request that needed credentials and sent none: 401, its text, `WWW-Authenticate`.
    pub fn assert_credentials_missing(&self) {
        assert_eq!(self.status, StatusCode::UNAUTHORIZED, "{}", self.text());
        assert_eq!(
            self.text(),
            r#"{"detail":"Authentication credentials were not provided."}"#
        );
        assert_eq!(
            self.header("www-authenticate").as_deref(),
            Some(r#"Bearer realm="api""#)
        );
    }
}

/// Whose token the request carries.
enum Credentials {
    /// The app's own (a staff user's), when it has one.
    App,
    None,
    Token(String),
}

/// A request being built.
#[must_use = "a request does nothing until it is sent or awaited"]
pub struct Request<'a> {
    app: &'a TestApp,
    method: Method,
    path: String,
    content_type: Option<String>,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
    credentials: Credentials,
}

impl TestApp {
    pub fn request(&self, method: Method, path: &str) -> Request<'_> {
        Request {
            app: self,
            method,
            path: path.to_owned(),
            content_type: None,
            body: Vec::new(),
            headers: Vec::new(),
            credentials: Credentials::App,
        }
    }

    pub fn get(&self, path: &str) -> Request<'_> {
        self.request(Method::GET, path)
    }

    pub fn post(&self, path: &str) -> Request<'_> {
        self.request(Method::POST, path)
    }

    pub fn put(&self, path: &str) -> Request<'_> {
        self.request(Method::PUT, path)
    }

    pub fn patch(&self, path: &str) -> Request<'_> {
        self.request(Method::PATCH, path)
    }

    pub fn delete(&self, path: &str) -> Request<'_> {
        self.request(Method::DELETE, path)
    }

    pub fn options(&self, path: &str) -> Request<'_> {
        self.request(Method::OPTIONS, path)
    }

    pub fn head(&self, path: &str) -> Request<'_> {
        self.request(Method::HEAD, path)
    }
}

impl<'a> Request<'a> {
    /// A JSON body.
    pub fn json(self, body: &Value) -> Self {
        self.body("application/json", serde_json::to_vec(body).unwrap())
    }

    /// A body of the given media type.
    pub fn body(mut self, content_type: &str, body: impl AsRef<[u8]>) -> Self {
        self.content_type = Some(content_type.to_owned());
        self.body = body.as_ref().to_vec();
        self
    }

    /// A body without `Content-Type`.
    pub fn raw(mut self, body: impl AsRef<[u8]>) -> Self {
        self.body = body.as_ref().to_vec();
        self
    }

    /// One more header; an `Authorization` one replaces the app's token.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if name.eq_ignore_ascii_case("authorization") {
            self.credentials = Credentials::None;
        }
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Several more headers.
    pub fn headers(self, headers: &[(&str, &str)]) -> Self {
        headers
            .iter()
            .fold(self, |request, (name, value)| request.header(name, value))
    }

    /// `Authorization: Bearer <token>` instead of the app's token (or an `Authorization` header set before).
    pub fn bearer(mut self, token: &str) -> Self {
        self.drop_authorization_headers();
        self.credentials = Credentials::Token(token.to_owned());
        self
    }

    /// No `Authorization` at all.
    pub fn anonymous(mut self) -> Self {
        self.drop_authorization_headers();
        self.credentials = Credentials::None;
        self
    }

    fn drop_authorization_headers(&mut self) {
        self.headers
            .retain(|(name, _)| !name.eq_ignore_ascii_case("authorization"));
    }

    pub async fn send(self) -> Response {
        let app = self.app;
        let mut request = app.client.request(self.method, app.url(&self.path));
        if let Some(ct) = &self.content_type {
            request = request.insert_header(("Content-Type", ct.as_str()));
        }
        let token = match self.credentials {
            Credentials::App => app.bearer.clone(),
            Credentials::None => None,
            Credentials::Token(token) => Some(token),
        };
        if let Some(token) = token {
            request = request.insert_header(("Authorization", format!("Bearer {token}")));
        }
        for (name, value) in &self.headers {
            request = request.append_header((name.as_str(), value.as_str()));
        }
        let mut response = if self.body.is_empty() {
            request.send().await
        } else {
            request.send_body(self.body).await
        }
        .expect("the request is answered");
        let body = response
            .body()
            .limit(64 * 1024 * 1024)
            .await
            .expect("a body");
        Response {
            status: response.status(),
            headers: response.headers().clone(),
            body: body.to_vec(),
        }
    }
}

impl<'a> IntoFuture for Request<'a> {
    type Output = Response;
    type IntoFuture = Pin<Box<dyn Future<Output = Response> + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
