//! Custom endpoints on the same pipeline as resources: format and `Accept`, authentication, permission,
//! throttling, the method (405 with `Allow`), OPTIONS metadata, the body parsed and validated with DRF's errors,
//! then the module's handler; and the OpenAPI document generated from the same declaration.

use std::future::Future;
use std::sync::Arc;

use actix_web::http::{Method, StatusCode};
use actix_web::web::{self, Data, Payload};
use actix_web::{HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;

use super::access::{initial, module_permission};
use super::metadata::describe_view;
use super::negotiate::{negotiate, parse_body, read_body};
use super::routes::guarded;
use super::throttle::Throttle;
use super::views::with_allow_owned;
use crate::auth::{Identity, Permission};
use crate::blocking::run;
use crate::db::{AnyConnection, Database};
use crate::error::ApiError;
use crate::fields::Field;
use crate::render;
use crate::serializer::Serializer;
use crate::validate::{validate, Mode, Valid};

/// The request a handler answers: who makes it, and the module's database.
pub struct Call {
    pub req: HttpRequest,
    pub who: Option<Identity>,
}

impl Call {
    /// Runs `work` on the module's own database, on its query threads.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let db = self
            .req
            .app_data::<Data<Database>>()
            .ok_or_else(|| ApiError::internal("no database for this scope"))?;
        run(db, work).await
    }

    /// Application data the application registered (a signer, another module's published interface).
    pub fn data<T: ?Sized + 'static>(&self) -> Result<&T, ApiError> {
        self.req
            .app_data::<Data<T>>()
            .map(|d| d.get_ref())
            .ok_or_else(|| ApiError::internal("missing application data"))
    }
}

type Run = Arc<
    dyn Fn(Call, Valid) -> LocalBoxFuture<'static, Result<HttpResponse, ApiError>> + Send + Sync,
>;

/// What one method of a view reads and answers, for OPTIONS and the OpenAPI document.
#[derive(Clone)]
pub struct Handler {
    pub method: Method,
    /// The request body's schema name and fields, when it reads one.
    pub request: Option<(&'static str, &'static [Field])>,
    pub response: (&'static str, &'static [Field]),
    pub status: StatusCode,
    /// What the success response is, in the OpenAPI document.
    pub answer: &'static str,
    run: Run,
}

/// An endpoint below a module's scope, with a handler per method.
#[derive(Clone)]
pub struct View {
    /// Below the module's scope, with a trailing slash: `token/refresh/`.
    pub path: &'static str,
    /// The view's name in OPTIONS metadata: `Token Refresh`.
    pub name: &'static str,
    pub description: &'static str,
    /// `None`: the module's permission.
    pub permission: Option<Permission>,
    pub authenticates: bool,
    /// DRF's `throttle_scope`: the module's rate for it applies to this view.
    pub throttle_scope: Option<&'static str>,
    pub handlers: Vec<Handler>,
}

impl View {
    pub fn new(path: &'static str, name: &'static str) -> Self {
        View {
            path,
            name,
            description: "",
            permission: None,
            authenticates: true,
            throttle_scope: None,
            handlers: Vec::new(),
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
        T: Serializer,
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
            response: (T::NAME, T::FIELDS),
            status: StatusCode::OK,
            answer: "The result.",
            run,
        });
        self
    }

    /// `GET` (and `HEAD`), answered `200` with `T`.
    pub fn get<T, F, Fut>(mut self, handler: F) -> Self
    where
        T: Serializer,
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
        self.handlers.push(Handler {
            method: Method::GET,
            request: None,
            response: (T::NAME, T::FIELDS),
            status: StatusCode::OK,
            answer: "The result.",
            run,
        });
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
            let action = self
                .handlers
                .iter()
                .find_map(|h| h.request.map(|(_, fields)| (h.method.as_str(), fields)));
            return Ok(render::json(
                StatusCode::OK,
                &describe_view(self.name, self.description, action),
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
        let data = match handler.request {
            Some((_, fields)) => {
                let body = read_body(&req, payload).await?;
                validate(fields, &parse_body(&req, &body)?, Mode::Create)?
            }
            None => Valid::default(),
        };
        (handler.run)(Call { req, who }, data).await
    }
}
