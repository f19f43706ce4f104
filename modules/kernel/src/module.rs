//! The module contract: what a module declares so that the application can mount it under `/api/<name>/`, open
//! and migrate its own database, list it in the API root and document it. A module crate writes it once with
//! [`module!`](crate::module!); its migrations are found by its name under `migrations/<name>/`.

use actix_web::web;

use crate::auth::Permission;
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

    /// Its tables: the resources' and those of models it keeps without serving them.
    fn tables(&self) -> Vec<&'static ResourceSpec> {
        self.resources().iter().map(|m| m.spec).collect()
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
/// and views. It defines `pub static MODULE`, which the application's module list names.
///
/// ```ignore
/// tessera_kernel::module! {
///     name: "catalog",
///     permission: StaffOrReadOnly,
///     resources: [Product],
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

            fn tables(&self) -> ::std::vec::Vec<&'static $crate::ResourceSpec> {
                ::std::vec![
                    $(&<$resource as $crate::Resource>::SPEC,)*
                    $($(&<$model as $crate::Resource>::SPEC,)*)?
                ]
            }

            $(fn views(&self) -> ::std::vec::Vec<$crate::http::endpoint::View> {
                $views
            })?
        }

        /// The module, as the application's module list names it.
        pub static MODULE: DeclaredModule = DeclaredModule;
    };
}
