//! What a module declares about one of its resources: a Django model, its `ModelSerializer` and its
//! `ModelViewSet` in one struct, `#[derive(Resource)]`. The kernel owns every query a plain CRUD resource needs;
//! the declaration only says what is particular to it.

use std::future::{ready, Future};

use actix_web::HttpRequest;
use diesel::deserialize::QueryableByName;
use diesel::QueryResult;
use serde::Serialize;

use crate::db::{AnyBackend, AnyConnection};
use crate::error::ApiError;
use crate::fields::Field;
use crate::validate::Valid;

/// The declaration of a resource, as a Django model, serializer and viewset give it.
#[derive(Debug, Clone, Copy)]
pub struct ResourceSpec {
    /// The model's name, as 404 bodies and the OpenAPI schema name it: `ExampleModel`.
    pub model_name: &'static str,
    /// The model's verbose name, as uniqueness errors name it: `product`.
    pub verbose_name: &'static str,
    /// The view's name in OPTIONS metadata, before ` List`/` Instance`: `Example Model`.
    pub view_name: &'static str,
    /// The table in the module's own database.
    pub table: &'static str,
    /// Where the resource lives below the module's scope: `""` for the module's own resource, `products` else.
    pub path: &'static str,
    /// Every field, in body order (hidden ones included: they are stored, never shown).
    pub fields: &'static [Field],
    /// Fields with an exact-match query filter (`?name=x`).
    pub filters: &'static [&'static str],
    /// Fields `?search=` looks in.
    pub search: &'static [&'static str],
    /// Fields `?ordering=` accepts.
    pub ordering: &'static [&'static str],
    /// The field holding the creating user's id, when users see only their own rows (staff see all).
    pub owner_field: Option<&'static str>,
    /// Whether triggers keep the table's row count, so that unfiltered lists need not count.
    pub kept_count: bool,
    /// Who may use it, when not the module's permission (DRF's `permission_classes` on the viewset).
    pub permission: Option<crate::auth::Permission>,
    /// The viewset's actions it serves; the others answer 405.
    pub actions: Actions,
}

/// The actions of a `ModelViewSet` a resource serves, as DRF's mixins (or `http_method_names`) choose them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actions {
    pub list: bool,
    pub create: bool,
    pub retrieve: bool,
    pub update: bool,
    pub partial_update: bool,
    pub destroy: bool,
}

impl Actions {
    /// A `ModelViewSet`: every action.
    pub const ALL: Actions = Actions {
        list: true,
        create: true,
        retrieve: true,
        update: true,
        partial_update: true,
        destroy: true,
    };

    /// The methods of the list (`detail == false`) or detail URL, in DRF's order, for `Allow`.
    pub fn methods(&self, detail: bool) -> Vec<actix_web::http::Method> {
        use actix_web::http::Method;
        let served: &[(bool, Method)] = if detail {
            &[
                (self.retrieve, Method::GET),
                (self.update, Method::PUT),
                (self.partial_update, Method::PATCH),
                (self.destroy, Method::DELETE),
                (self.retrieve, Method::HEAD),
            ]
        } else {
            &[
                (self.list, Method::GET),
                (self.create, Method::POST),
                (self.list, Method::HEAD),
            ]
        };
        let mut methods: Vec<Method> = served
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, m)| m.clone())
            .collect();
        methods.push(Method::OPTIONS);
        methods
    }

    /// `Allow` of the list or detail URL.
    pub fn allow(&self, detail: bool) -> String {
        let methods = self.methods(detail);
        let names: Vec<&str> = methods.iter().map(|m| m.as_str()).collect();
        names.join(", ")
    }

    /// Whether the list or detail URL serves `method`.
    pub fn serves(&self, method: &actix_web::http::Method, detail: bool) -> bool {
        self.methods(detail).contains(method)
    }
}

impl ResourceSpec {
    /// Its permission: its own, else the module's.
    pub fn permission_or(&self, module: crate::auth::Permission) -> crate::auth::Permission {
        self.permission.unwrap_or(module)
    }

    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The fields a response shows, in body order.
    pub fn readable(&self) -> impl Iterator<Item = &'static Field> {
        self.fields.iter().filter(|f| f.readable())
    }

    /// The table that holds the count triggers keep.
    pub fn count_table(&self) -> String {
        format!("{}_count", self.table)
    }
}

/// A resource: its row type (the declared struct, read from its table and serialized in field order), its
/// declaration, and the hooks a module may give it.
pub trait Resource: QueryableByName<AnyBackend> + Serialize + Send + Sized + 'static {
    const SPEC: ResourceSpec;

    /// Completes validated data before it is saved, as DRF's `perform_create`/`validate` would: checks that need
    /// another module (over its published interface) and values the server computes. The default keeps the data
    /// as it is (`#[resource(prepare = path::to::function)]` names another).
    fn prepare(req: &HttpRequest, data: Valid) -> impl Future<Output = Result<Valid, ApiError>> {
        let _ = req;
        ready(Ok(data))
    }

    /// The row's primary key.
    fn id(&self) -> i64;

    /// The id of the user who owns the row, for a resource with an owner field.
    fn owner(&self) -> Option<i64> {
        None
    }

    /// The row with this id, for the module's own code (its published interface, a custom action).
    fn fetch(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Self>> {
        crate::sql::fetch::<Self>(conn, id)
    }
}
