//! The module contract: what a module declares so that the application can mount it under `/api/<name>/`, open
//! and migrate its own database, list it in the API root and document it.

use actix_web::web;

use crate::db::Migrations;
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

/// A module of the monolith. A module crate implements it once; the application's module list names it.
pub trait Module: Sync + 'static {
    /// The module's name: its scope `/api/<name>/`, its settings section `modules.<name>`, its migrations folder.
    fn name(&self) -> &'static str;

    /// Its migrations, once per backend.
    fn migrations(&self) -> Migrations;

    /// Its resources, in the order the API root and the documentation list them.
    fn resources(&self) -> Vec<Mount>;

    /// Paths and schemas of endpoints that are not resources (the default: none).
    fn extra_openapi(&self) -> Option<utoipa::openapi::OpenApi> {
        None
    }

    /// Registers its routes in its scope. The default registers every resource; a module with extra endpoints
    /// adds them here.
    fn routes(&self, cfg: &mut web::ServiceConfig) {
        for mount in self.resources() {
            (mount.register)(cfg);
        }
    }
}
