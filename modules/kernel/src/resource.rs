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
}

impl ResourceSpec {
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

/// What a write did to a row, as a resource's after-write hook sees it.
#[derive(Debug, Clone, Copy)]
pub enum Written<'a, R> {
    Created(&'a R),
    /// The row as it was (read and locked in the same transaction) and as it is now.
    Updated {
        before: &'a R,
        after: &'a R,
    },
    Deleted(&'a R),
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

    /// Whether [`Resource::on_write`] does anything: the generic handlers then write in a transaction of their
    /// own on every backend and read the previous row (locked) before an update or delete.
    const ON_WRITE: bool = false;

    /// Runs after every create, update and delete of the generic handlers, in the same transaction and with the
    /// same connection, so that what it writes (an event published to the module's outbox) commits or rolls back
    /// with the row. An error rolls the write back and is the response. The default does nothing
    /// (`#[resource(on_write = path::to::function)]` names another).
    fn on_write(conn: &mut AnyConnection, written: Written<'_, Self>) -> Result<(), ApiError> {
        let _ = (conn, written);
        Ok(())
    }

    /// The id of the user who owns the row, for a resource with an owner field.
    fn owner(&self) -> Option<i64> {
        None
    }

    /// The row with this id, for the module's own code (its published interface, a custom action).
    fn fetch(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Self>> {
        crate::sql::fetch::<Self>(conn, id)
    }
}
