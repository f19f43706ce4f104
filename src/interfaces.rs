//! The published interfaces modules may ask of each other, wired to where the answering module runs: in process
//! over its own pool, over HTTP at its `remote_url`, or nowhere (which the asking module reports as 503).

use std::sync::Arc;

use actix_web::web::{self, Data};
use tessera_catalog::LocalCatalog;
use tessera_catalog_api::{Catalog, HttpCatalog, NoCatalog};
use tessera_kernel::db::Database;

use crate::databases::MountedModule;
use crate::modules::Plan;
use crate::settings::Settings;

/// Where catalog's interface is answered.
#[derive(Clone)]
enum CatalogSource {
    Local(Database),
    Remote(String),
    Absent,
}

/// Everything needed to build each worker's interface implementations.
#[derive(Clone)]
pub struct Interfaces {
    catalog: CatalogSource,
    connect_timeout: std::time::Duration,
    read_timeout: std::time::Duration,
}

impl Interfaces {
    pub fn new(settings: &Settings, plan: &Plan, mounted: &[MountedModule]) -> Self {
        let local = mounted.iter().find(|m| m.module.name() == "catalog");
        let remote = plan.remote.iter().find(|(m, _)| m.name() == "catalog");
        let catalog = match (local, remote) {
            (Some(m), _) => CatalogSource::Local(m.database.clone()),
            (None, Some((_, url))) => CatalogSource::Remote(url.clone()),
            (None, None) => match settings.module("catalog").remote_url.as_str() {
                "" => CatalogSource::Absent,
                url => CatalogSource::Remote(url.to_owned()),
            },
        };
        Interfaces {
            catalog,
            connect_timeout: settings.gateway.connect_timeout(),
            read_timeout: settings.gateway.read_timeout(),
        }
    }

    /// Registers each interface as application data of one worker. The HTTP client is per worker and not `Send`;
    /// `Data` is an `Arc` all the same, never shared across threads here.
    #[allow(clippy::arc_with_non_send_sync)]
    pub fn register(&self, cfg: &mut web::ServiceConfig) {
        let catalog: Arc<dyn Catalog> = match &self.catalog {
            CatalogSource::Local(db) => Arc::new(LocalCatalog::new(db.clone())),
            CatalogSource::Remote(url) => Arc::new(HttpCatalog::new(
                url,
                self.connect_timeout,
                self.read_timeout,
            )),
            CatalogSource::Absent => Arc::new(NoCatalog),
        };
        cfg.app_data(Data::from(catalog));
    }
}
