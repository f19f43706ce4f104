//! What a module declares about one of its resources, and the few plain functions over its own table that the
//! kernel's generic handlers call. Everything HTTP stays in the kernel.

use std::future::{ready, Future};

use actix_web::HttpRequest;
use diesel::QueryResult;
use serde::Serialize;

use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::fields::Field;
use crate::listing::ListQuery;
use crate::validate::Valid;

/// The declaration of a resource, as a Django REST framework `ModelViewSet` and its serializer give it.
#[derive(Debug, Clone, Copy)]
pub struct ResourceSpec {
    /// The model's name, as 404 bodies and the OpenAPI schema name it: `ExampleModel`.
    pub model_name: &'static str,
    /// The model's verbose name, as uniqueness errors name it: `product`.
    pub verbose_name: &'static str,
    /// The view's name in OPTIONS metadata, before ` List`/` Instance`: `Example Model`.
    pub view_name: &'static str,
    /// Where the resource lives below the module's scope: `""` for the module's own resource, `products` else.
    pub path: &'static str,
    /// Serialized fields, in body order.
    pub fields: &'static [Field],
    /// Fields with an exact-match query filter (`?name=x`).
    pub filters: &'static [&'static str],
    /// Fields `?search=` looks in.
    pub search: &'static [&'static str],
    /// Fields `?ordering=` accepts.
    pub ordering: &'static [&'static str],
    /// The field holding the creating user's id, when users see only their own rows (staff see all).
    pub owner_field: Option<&'static str>,
}

impl ResourceSpec {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// One resource's storage, written by its module over its own table with diesel.
pub trait Resource: 'static {
    const SPEC: ResourceSpec;

    /// A row as the API returns it; its `Serialize` writes the fields in [`ResourceSpec::fields`] order.
    type Row: Serialize + Send + 'static;

    /// Completes validated data before it is saved: checks that need another module (over its published
    /// interface) and values the server computes. The default keeps the data as it is.
    fn prepare(req: &HttpRequest, data: Valid) -> impl Future<Output = Result<Valid, ApiError>> {
        let _ = req;
        ready(Ok(data))
    }

    /// The number of all rows, when the module keeps it (a count table maintained by triggers); lists without
    /// filters, search or owner use it instead of counting. The default: `None`, count.
    fn total(conn: &mut AnyConnection) -> QueryResult<Option<i64>> {
        let _ = conn;
        Ok(None)
    }

    /// How many rows match the query's filters and search.
    fn count(conn: &mut AnyConnection, query: &ListQuery) -> QueryResult<i64>;

    /// One page of the matching rows, in the query's order.
    fn page(
        conn: &mut AnyConnection,
        query: &ListQuery,
        limit: i64,
        offset: i64,
    ) -> QueryResult<Vec<Self::Row>>;

    fn fetch(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Self::Row>>;

    /// Inserts validated values (defaults already applied) and returns the stored row.
    fn insert(conn: &mut AnyConnection, data: &Valid) -> QueryResult<Self::Row>;

    /// Changes the given fields only (never called with none) and returns the stored row.
    fn update(conn: &mut AnyConnection, id: i64, data: &Valid) -> QueryResult<Option<Self::Row>>;

    /// Whether a row was deleted.
    fn delete(conn: &mut AnyConnection, id: i64) -> QueryResult<bool>;
}
