//! The module contract: what a module declares so that the application can mount it under `/api/<name>/`, open
//! and migrate its own database, list it in the API root and document it. A module crate writes it once with
//! [`module!`](crate::module!); its migrations are found by its name under `migrations/<name>/`.

use actix_web::web;

use crate::auth::Permission;
use crate::events::{Consumer, EventType, Publication, Receipt};
use crate::http::endpoint::View;
use crate::http::routes;
use crate::resource::{Resource, ResourceSpec};

/// One resource of a module, with the function that registers its routes.
#[derive(Clone, Copy)]
pub struct Mount {
    pub spec: &'static ResourceSpec,
    pub register: fn(&mut web::ServiceConfig),
}

impl Mount {
    pub fn of<R: Resource>() -> Self {
        Mount {
            spec: &R::SPEC,
            register: routes::register::<R>,
        }
    }

    /// The resource's path below `/api/`: `example`, `catalog/products`.
    pub fn api_path(&self, module: &str) -> String {
        match self.spec.path {
            "" => module.to_owned(),
            path => format!("{module}/{path}"),
        }
    }
}

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

    /// Registers its routes in its scope: every resource, then every view.
    fn routes(&self, cfg: &mut web::ServiceConfig) {
        for mount in self.resources() {
            (mount.register)(cfg);
        }
        for view in self.views() {
            view.register(cfg);
        }
    }
}

/// Declares the crate's module: its name, default permission, resources, tables it keeps without serving them,
/// views, the event types it publishes and its handlers of the events it consumes. It defines `pub static MODULE`,
/// which the application's module list names. A module publishes only its own event types (a compile error
/// otherwise).
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
