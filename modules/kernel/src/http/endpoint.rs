//! Custom endpoints on the same pipeline as resources: format and `Accept`, authentication, permission,
//! throttling, the method (405 with `Allow`), OPTIONS metadata, the body parsed and validated with DRF's errors,
//! then the module's handler; and the OpenAPI document generated from the same declaration. A resource's extra
//! actions (DRF's `@action`) are views at its URLs: `books/{id}/reprint/`, `books/stats/`.

use std::future::Future;
use std::sync::Arc;

use actix_web::http::{Method, StatusCode};
use actix_web::web::{self, Data, Payload};
use actix_web::{HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;

use super::access::{initial, module_permission};
pub use super::call::Call;
use super::metadata::describe_view;
use super::negotiate::{negotiate, parse_body, read_body};
use super::routes::guarded;
use super::throttle::Throttle;
use super::views::with_allow_owned;
use crate::auth::Permission;
use crate::db::Database;
use crate::error::ApiError;
use crate::fields::Field;
use crate::render;
use crate::resource::{Resource, ResourceSpec};
use crate::serializer::{Body, Serializer};
use crate::sql::Dialect;
use crate::validate::{validate, Mode, Valid};

type Run = Arc<
    dyn Fn(Call, Valid) -> LocalBoxFuture<'static, Result<HttpResponse, ApiError>> + Send + Sync,
>;

/// What one method of a view reads and answers, for OPTIONS and the OpenAPI document.
#[derive(Clone)]
pub struct Handler {
    pub method: Method,
    /// The request body's schema name and fields, when it reads one.
    pub request: Option<(&'static str, &'static [Field])>,
    /// The fields OPTIONS shows for this method (a body it reads, or for an action that reads none, what it
    /// answers with, as DRF shows the viewset's serializer).
    pub shown: Option<&'static [Field]>,
    pub response: (&'static str, &'static [Field]),
    pub status: StatusCode,
    /// What the success response is, in the OpenAPI document.
    pub answer: &'static str,
    run: Run,
}

/// The resource an extra action belongs to, and whether it acts on one object (`detail`, an `{id}` in its path)
/// or on the list (its GET reads the list's filters and search).
#[derive(Clone, Copy)]
pub struct Action {
    pub spec: &'static ResourceSpec,
    pub detail: bool,
}

/// An endpoint below a module's scope, with a handler per method.
#[derive(Clone)]
pub struct View {
    /// Below the module's scope, with a trailing slash: `token/refresh/`, `books/{id}/reprint/`.
    pub path: String,
    /// The view's name in OPTIONS metadata: `Token Refresh`.
    pub name: String,
    pub description: &'static str,
    /// `None`: the module's permission.
    pub permission: Option<Permission>,
    pub authenticates: bool,
    /// DRF's `throttle_scope`: the module's rate for it applies to this view.
    pub throttle_scope: Option<&'static str>,
    pub handlers: Vec<Handler>,
    pub action: Option<Action>,
}

impl View {
    pub fn new(path: &'static str, name: &'static str) -> Self {
        View {
            path: path.to_owned(),
            name: name.to_owned(),
            description: "",
            permission: None,
            authenticates: true,
            throttle_scope: None,
            handlers: Vec::new(),
            action: None,
        }
    }

    /// DRF's `@action(detail=True)` named `name`: `<resource>/{id}/<name>/`, named in OPTIONS as DRF names it
    /// (`set_price` is `Set price`). Its handlers find the object with [`Call::object`].
    pub fn detail_action<R: Resource>(name: &'static str) -> Self {
        Self::action::<R>(name, true)
    }

    /// DRF's `@action(detail=False)`: `<resource>/<name>/`. Its handlers read the list's filters and search
    /// with [`Call::listing`], and the OpenAPI document lists them.
    pub fn list_action<R: Resource>(name: &'static str) -> Self {
        Self::action::<R>(name, false)
    }

    fn action<R: Resource>(name: &'static str, detail: bool) -> Self {
        let mut path = String::new();
        if !R::SPEC.path.is_empty() {
            path = format!("{}/", R::SPEC.path);
        }
        if detail {
            path.push_str("{id}/");
        }
        path.push_str(name);
        path.push('/');
        View {
            path,
            name: pretty_name(name),
            action: Some(Action {
                spec: &R::SPEC,
                detail,
            }),
            ..View::new("", "")
        }
    }

    /// Counts requests of the view's write methods against the module's rate for `scope` (DRF's `throttle_scope`).
    pub fn throttle_scope(mut self, scope: &'static str) -> Self {
        self.throttle_scope = Some(scope);
        self
    }

    pub fn description(mut self, description: &'static str) -> Self {
        self.description = description;
        self
    }

    pub fn permission(mut self, permission: Permission) -> Self {
        self.permission = Some(permission);
        self
    }

    /// Leaves `Authorization` unread, as simplejwt's token views do (a stale token must not stop a new login).
    pub fn without_authentication(mut self) -> Self {
        self.authenticates = false;
        self
    }

    /// `POST` with a body of `B`, answered `200` with `T`.
    pub fn post<B, T, F, Fut>(mut self, handler: F) -> Self
    where
        B: Serializer,
        T: Body,
        F: Fn(Call, B) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let handler = Arc::new(handler);
        let run: Run = Arc::new(move |call, data| {
            let handler = handler.clone();
            Box::pin(async move {
                let body = handler(call, B::from_valid(&data)).await?;
                Ok(render::json(StatusCode::OK, &body))
            })
        });
        self.handlers.push(Handler {
            method: Method::POST,
            request: Some((B::NAME, B::FIELDS)),
            shown: Some(B::FIELDS),
            response: (T::NAME, T::FIELDS),
            status: StatusCode::OK,
            answer: "The result.",
            run,
        });
        self
    }

    /// `POST` that reads no body (whatever is sent is ignored, as an action that never reads `request.data`),
    /// answered `200` with `T`.
    pub fn post_without_body<T, F, Fut>(mut self, handler: F) -> Self
    where
        T: Body,
        F: Fn(Call) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        self.handlers.push(Handler {
            method: Method::POST,
            request: None,
            shown: Some(T::FIELDS),
            ..Handler::answering(handler)
        });
        self
    }

    /// `GET` (and `HEAD`), answered `200` with `T`.
    pub fn get<T, F, Fut>(mut self, handler: F) -> Self
    where
        T: Body,
        F: Fn(Call) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        self.handlers.push(Handler::answering(handler));
        self
    }

    /// Describes the last handler's success response in the OpenAPI document.
    pub fn answers(mut self, answer: &'static str) -> Self {
        if let Some(handler) = self.handlers.last_mut() {
            handler.answer = answer;
        }
        self
    }

    /// `Allow`: the view's methods (GET brings HEAD) and OPTIONS.
    pub fn allow(&self) -> String {
        let mut methods: Vec<&str> = Vec::new();
        for handler in &self.handlers {
            methods.push(handler.method.as_str());
            if handler.method == Method::GET {
                methods.push("HEAD");
            }
        }
        methods.push("OPTIONS");
        methods.join(", ")
    }

    pub fn register(&self, cfg: &mut web::ServiceConfig) {
        let view = Arc::new(self.clone());
        cfg.service(guarded(&format!("/{}", self.path)).to(
            move |req: HttpRequest, payload: Payload| {
                let view = view.clone();
                async move {
                    let allow = view.allow();
                    with_allow_owned(view.serve(req, payload).await, allow)
                }
            },
        ));
    }

    async fn serve(&self, req: HttpRequest, payload: Payload) -> Result<HttpResponse, ApiError> {
        negotiate(&req)?;
        let permission = self.permission.unwrap_or_else(|| module_permission(&req));
        let who = initial(&req, permission, self.authenticates).await?;
        let method = match *req.method() {
            Method::HEAD => Method::GET,
            ref other => other.clone(),
        };
        if method == Method::OPTIONS {
            // As DRF's metadata: a method's fields only for a requester who may call it.
            let action = self
                .handlers
                .iter()
                .filter(|h| permission.check(&h.method, who.as_ref()).is_ok())
                .find_map(|h| h.shown.map(|fields| (h.method.as_str(), fields)));
            let dialect = req
                .app_data::<Data<Database>>()
                .map(|db| Dialect::of_url(db.url()));
            return Ok(render::json(
                StatusCode::OK,
                &describe_view(&self.name, self.description, action, dialect),
            ));
        }
        let handler = self
            .handlers
            .iter()
            .find(|h| h.method == method)
            .ok_or_else(|| ApiError::MethodNotAllowed(req.method().to_string()))?;
        if let (Some(scope), Some(throttle)) =
            (self.throttle_scope, req.app_data::<Data<Throttle>>())
        {
            throttle.check_scope(&req, scope, who.as_ref())?;
        }
        // A body the handler does not read is still drained, so that the connection stays usable.
        let body = read_body(&req, payload).await?;
        let data = match handler.request {
            Some((_, fields)) => validate(fields, &parse_body(&req, &body)?, Mode::Create)?,
            None => Valid::default(),
        };
        (handler.run)(Call { req, who }, data).await
    }
}

impl Handler {
    /// A `GET` handler answering `200` with `T` and reading no body; the other constructors adjust it.
    fn answering<T, F, Fut>(handler: F) -> Self
    where
        T: Body,
        F: Fn(Call) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let handler = Arc::new(handler);
        let run: Run = Arc::new(move |call, _| {
            let handler = handler.clone();
            Box::pin(async move {
                let body = handler(call).await?;
                Ok(render::json(StatusCode::OK, &body))
            })
        });
        Handler {
            method: Method::GET,
            request: None,
            shown: None,
            response: (T::NAME, T::FIELDS),
            status: StatusCode::OK,
            answer: "The result.",
            run,
        }
    }
}

/// DRF's `pretty_name`: `set_price` is `Set price`.
fn pretty_name(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
