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
use crate::validate::Draft;

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
    /// The query filters, in the order their errors are reported (django-filter's `filterset_fields`).
    pub filters: &'static [FilterSpec],
    /// Where `?search=` looks (`SearchFilter`'s `search_fields`).
    pub search: &'static [SearchSpec],
    /// Fields (or `fk__field` paths) `?ordering=` accepts.
    pub ordering: &'static [&'static str],
    pub pagination: Pagination,
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

/// A query parameter that filters a list: `param` (`price__gte`) compares the field at `path` (`price`, or
/// `author__country` across a foreign key) by `lookup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilterSpec {
    pub param: &'static str,
    pub path: &'static str,
    pub lookup: Lookup,
}

/// django-filter's lookup expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Exact,
    In,
    Gt,
    Gte,
    Lt,
    Lte,
    Range,
    IContains,
    IStartsWith,
    IsNull,
}

impl Lookup {
    /// The parameter's suffix (`__gte`); none for `exact`.
    pub fn suffix(self) -> &'static str {
        match self {
            Lookup::Exact => "",
            Lookup::In => "__in",
            Lookup::Gt => "__gt",
            Lookup::Gte => "__gte",
            Lookup::Lt => "__lt",
            Lookup::Lte => "__lte",
            Lookup::Range => "__range",
            Lookup::IContains => "__icontains",
            Lookup::IStartsWith => "__istartswith",
            Lookup::IsNull => "__isnull",
        }
    }
}

/// A field `?search=` looks in, and how (DRF's prefixes: none contains, `^` starts with, `=` equals, each
/// ignoring case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchSpec {
    pub path: &'static str,
    pub how: Match,
}

/// How a text is compared, ignoring ASCII case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    Contains,
    StartsWith,
    Equals,
}

/// How a list is paginated: DRF's three classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pagination {
    /// `?page=N&page_size=M` (`PageNumberPagination`).
    PageNumber,
    /// `?limit=N&offset=M` (`LimitOffsetPagination`).
    LimitOffset { default: i64, max: i64 },
    /// `?cursor=...`, by id (`CursorPagination`).
    Cursor { page_size: i64 },
}

impl ResourceSpec {
    /// Its permission: its own, else the module's.
    pub fn permission_or(&self, module: crate::auth::Permission) -> crate::auth::Permission {
        self.permission.unwrap_or(module)
    }

    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The field a path names, and the foreign key it goes through: `price` is (None, price), `author__name`
    /// is (author, Author's name). Only stored fields can be reached.
    pub fn resolve(&self, path: &str) -> Option<(Option<&'static Field>, &'static Field)> {
        match path.split_once("__") {
            None => self
                .field(path)
                .filter(|f| f.source.is_column())
                .map(|f| (None, f)),
            Some((via, rest)) => {
                let fk = self.field(via)?;
                let target = fk.source.target()?.resolve(rest)?;
                match target {
                    (None, field) => Some((Some(fk), field)),
                    (Some(_), _) => None,
                }
            }
        }
    }

    /// The primary key's column.
    pub fn id_column(&self) -> &'static str {
        self.fields
            .iter()
            .find(|f| f.primary_key)
            .map_or("id", Field::column_name)
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

    /// Completes a validated draft before it is saved, as DRF's `perform_create`/`validate` would: checks that
    /// need another module (over its published interface, reported with the other fields' errors through
    /// `Draft::reject`) and values the server computes. The default keeps the draft as it is
    /// (`#[resource(prepare = path::to::function)]` names another).
    fn prepare(req: &HttpRequest, draft: Draft) -> impl Future<Output = Result<Draft, ApiError>> {
        let _ = req;
        ready(Ok(draft))
    }

    /// The row's id.
    fn id(&self) -> i64;
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

    /// The id a foreign key field holds.
    fn relation(&self, field: &str) -> Option<i64> {
        let _ = field;
        None
    }

    /// The row with this id, for the module's own code (its published interface, a custom action).
    fn fetch(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<Self>> {
        crate::sql::fetch::<Self>(conn, id)
    }
}
