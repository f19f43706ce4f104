//! The module contract: what a module declares so that the application can mount it under `/api/<name>/`, open
//! and migrate its own database, list it in the API root and document it. A module crate writes it once with
//! [`module!`](crate::module!); its migrations are found by its name under `migrations/<name>/`.

use actix_web::web;

use crate::auth::Permission;
use crate::events::{Consumer, EventType, Publication, Receipt};
use crate::http::endpoint::View;
use crate::http::routes;
use crate::http::views::Nested;
use crate::resource::{Resource, ResourceSpec};
use crate::value::Key;

/// One resource of a module, at its own URLs or below a parent's, with the function that registers its routes.
#[derive(Clone, Copy)]
pub struct Mount {
    pub spec: &'static ResourceSpec,
    /// Below a row of another resource: `/authors/{author_pk}/books/`.
    pub nested: Option<(Nested, &'static str)>,
    pub register: fn(&mut web::ServiceConfig, Option<(Nested, &'static str)>),
}

impl Mount {
    pub fn of<R: Resource>() -> Self {
        Mount {
            spec: &R::SPEC,
            nested: None,
            register: routes::register::<R>,
        }
    }

    /// `R` below the rows its foreign key `via` points at, at `path` below the parent's detail URL
    /// (`Mount::nested(Book::AUTHOR, "books")` serves `/authors/{author_pk}/books/`).
    pub fn nested<R: Resource>(via: Key<i64>, path: &'static str) -> Self {
        let parent = R::SPEC
            .field(via.name)
            .and_then(|f| f.source.target())
            .unwrap_or_else(|| panic!("{} is no foreign key of {}", via.name, R::SPEC.model_name));
        Mount {
            spec: &R::SPEC,
            nested: Some((
                Nested {
                    via: via.name,
                    parent,
                },
                path,
            )),
            register: routes::register::<R>,
        }
    }

    pub fn register(&self, cfg: &mut web::ServiceConfig) {
        (self.register)(cfg, self.nested);
    }

    /// The resource's path below `/api/`: `example`, `catalog/products`, `library/authors/{author_pk}/books`.
    pub fn api_path(&self, module: &str) -> String {
        let path = match self.nested {
            Some((nested, path)) => format!("{}/{{{}}}/{path}", nested.parent.path, nested.param()),
            None => self.spec.path.to_owned(),
        };
        match path.as_str() {
            "" => module.to_owned(),
            path => format!("{module}/{path}"),
        }
    }
}

/// The tables of the module whose scope serves a request (a delete's cascade looks for the rows that point at
/// the row it deletes). Held as scope data.
#[derive(Debug, Clone, Default)]
pub struct ModuleTables(pub Vec<&'static ResourceSpec>);

/// A module of the monolith, as the application's module list names it.
pub trait Module: Sync + 'static {
    /// The module's name: its scope `/api/<name>/`, its settings section `modules.<name>`, its migrations folder.
    fn name(&self) -> &'static str;

    /// Who may use it unless its `permission` setting says otherwise.
    fn permission(&self) -> Permission {
        Permission::AllowAny
    }

    /// Its resources, in the order the API root and the documentation list them.
    fn resources(&self) -> Vec<Mount>;

    /// Models it keeps without serving them.
    fn models(&self) -> Vec<&'static ResourceSpec> {
        Vec::new()
    }

    /// The event types it publishes (its own, from its published interface crate).
    fn publishes(&self) -> Vec<EventType> {
        Vec::new()
    }

    /// Its handlers of other modules' events (or its own).
    fn consumers(&self) -> Vec<Consumer> {
        Vec::new()
    }

    /// Its tables: the resources', those of its models, and the kernel's outbox when it publishes events and
    /// inbox when it consumes them, so that `makemigrations` writes them into the module's own migrations.
    fn tables(&self) -> Vec<&'static ResourceSpec> {
        let mut tables: Vec<&'static ResourceSpec> =
            self.resources().iter().map(|m| m.spec).collect();
        tables.extend(self.models());
        if !self.publishes().is_empty() {
            tables.push(&Publication::SPEC);
        }
        if !self.consumers().is_empty() {
            tables.push(&Receipt::SPEC);
        }
        tables
    }

    /// Its endpoints that are not resources (the default: none).
    fn views(&self) -> Vec<View> {
        Vec::new()
    }

    /// Its resources served below a parent's rows (drf-nested-routers), not listed in the API root.
    fn nested(&self) -> Vec<Mount> {
        Vec::new()
    }

    /// Registers its routes in its scope: every view first (an action's `books/stats/` is no book's id), then
    /// every resource, then the nested ones.
    fn routes(&self, cfg: &mut web::ServiceConfig) {
        for view in self.views() {
            view.register(cfg);
        }
        for mount in self.resources().iter().chain(&self.nested()) {
            mount.register(cfg);
        }
    }
}

/// Declares the crate's module: its name, default permission, resources, resources nested below another's rows
/// (`nested: [Book::AUTHOR => "books"]`), tables it keeps without serving them, views, the event types it
/// publishes and its handlers of the events it consumes. It defines `pub static MODULE`, which the application's
/// module list names. A module publishes only its own event types (a compile error otherwise).
///
/// ```ignore
/// tessera_kernel::module! {
///     name: "catalog",
///     permission: StaffOrReadOnly,
///     resources: [Product],
///     publishes: [StockReserved, StockRejected],
///     consumes: [OrderPlaced => stock::reserve, OrderCancelled => stock::release],
/// }
/// ```
#[macro_export]
macro_rules! module {
    (
        name: $name:literal,
        $(permission: $permission:ident,)?
        resources: [$($resource:ty),* $(,)?]
        $(, nested: [$($child:ident :: $via:ident => $path:literal),* $(,)?])?
        $(, models: [$($model:ty),* $(,)?])?
        $(, views: $views:expr)?
        $(, publishes: [$($event:ty),* $(,)?])?
        $(, consumes: [$($consumed:ty => $handler:path),* $(,)?])?
        $(,)?
    ) => {
        /// This crate's module, as the application mounts it.
        pub struct DeclaredModule;

        impl $crate::Module for DeclaredModule {
            fn name(&self) -> &'static str {
                $name
            }

            $(fn permission(&self) -> $crate::auth::Permission {
                $crate::auth::Permission::$permission
            })?

            fn resources(&self) -> ::std::vec::Vec<$crate::Mount> {
                ::std::vec![$($crate::Mount::of::<$resource>()),*]
            }

            fn models(&self) -> ::std::vec::Vec<&'static $crate::ResourceSpec> {
                ::std::vec![$($(&<$model as $crate::Resource>::SPEC,)*)?]
            }

            $(fn nested(&self) -> ::std::vec::Vec<$crate::Mount> {
                ::std::vec![$($crate::Mount::nested::<$child>($child::$via, $path)),*]
            })?

            $(fn views(&self) -> ::std::vec::Vec<$crate::http::endpoint::View> {
                $views
            })?

            fn publishes(&self) -> ::std::vec::Vec<$crate::events::EventType> {
                ::std::vec![$($(<$event as $crate::events::Event>::TYPE,)*)?]
            }

            fn consumers(&self) -> ::std::vec::Vec<$crate::events::Consumer> {
                ::std::vec![$($($crate::events::Consumer::of::<$consumed>($handler),)*)?]
            }
        }

        $($(const _: () = ::core::assert!(
            $crate::events::same_name(<$event as $crate::events::Event>::TYPE.publisher, $name),
            ::core::concat!("module ", $name, " publishes only its own event types, not ", ::core::stringify!($event)),
        );)*)?

        /// The module, as the application's module list names it.
        pub static MODULE: DeclaredModule = DeclaredModule;
    };
}
