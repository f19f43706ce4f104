//! The published interfaces modules may ask of each other, wired to where the answering module runs: in process
//! over its own pool, over HTTP at its `remote_url`, or nowhere (which the asking module reports as 503). The
//! kernel's authentication asks accounts' interface the same way whether each token's user still exists.

use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use actix_web::web::{self, Data};
use tessera_accounts::LocalAccounts;
use tessera_accounts_api::{Accounts, AccountsUserCheck, HttpAccounts, UserCache};
use tessera_catalog::LocalCatalog;
use tessera_catalog_api::{Catalog, HttpCatalog, NoCatalog};
use tessera_kernel::auth::{Signer, UserCheck};
use tessera_kernel::db::Database;

use crate::databases::MountedModule;
use crate::modules::Plan;
use crate::settings::Settings;

/// Where a module's interface is answered.
#[derive(Clone)]
enum Source {
    Local(Database),
    Remote(String),
    Absent,
}

impl Source {
    fn of(module: &str, settings: &Settings, plan: &Plan, mounted: &[MountedModule]) -> Self {
        let local = mounted.iter().find(|m| m.module.name() == module);
        let remote = plan.remote.iter().find(|(m, _)| m.name() == module);
        match (local, remote) {
            (Some(m), _) => Source::Local(m.database.clone()),
            (None, Some((_, url))) => Source::Remote(url.clone()),
            (None, None) => match settings.module(module).remote_url.as_str() {
                "" => Source::Absent,
                url => Source::Remote(url.to_owned()),
            },
        }
    }
}

/// Everything needed to build each worker's interface implementations.
#[derive(Clone)]
pub struct Interfaces {
    catalog: Source,
    accounts: Source,
    signer: Signer,
    /// What a remote accounts said of each user, shared by the workers, and for how long it is believed.
    users: UserCache,
    user_check_ttl: Duration,
    connect_timeout: Duration,
    read_timeout: Duration,
}

impl Interfaces {
    pub fn new(settings: &Settings, plan: &Plan, mounted: &[MountedModule]) -> Self {
        let accounts = Source::of("accounts", settings, plan, mounted);
        let authenticates_here = mounted.iter().any(|m| m.module.name() != "accounts");
        if matches!(accounts, Source::Absent) && authenticates_here {
            log::warn!(
                "accounts is neither served here nor has a remote_url: tokens are believed on their signature \
                 alone, and a deleted or deactivated user's token works until it expires \
                 (set modules.accounts.remote_url)"
            );
        }
        Interfaces {
            catalog: Source::of("catalog", settings, plan, mounted),
            accounts,
            signer: settings.signer(),
            users: UserCache::default(),
            user_check_ttl: Duration::from_secs(settings.auth.user_check_ttl_secs),
            connect_timeout: settings.gateway.connect_timeout(),
            read_timeout: settings.gateway.read_timeout(),
        }
    }

    /// Registers each interface as application data of one worker. The HTTP clients are per worker and not
    /// `Send`; `Data` is an `Arc` all the same, never shared across threads here.
    #[allow(clippy::arc_with_non_send_sync)]
    pub fn register(&self, cfg: &mut web::ServiceConfig) {
        let catalog: Arc<dyn Catalog> = match &self.catalog {
            Source::Local(db) => Arc::new(LocalCatalog::new(db.clone())),
            Source::Remote(url) => Arc::new(HttpCatalog::new(
                url,
                self.connect_timeout,
                self.read_timeout,
            )),
            Source::Absent => Arc::new(NoCatalog),
        };
        cfg.app_data(Data::from(catalog));
        let check = match &self.accounts {
            // In the process that keeps the users, every request asks: a change takes effect at once.
            Source::Local(db) => Some(AccountsUserCheck::new(
                Rc::new(LocalAccounts::new(db.clone())) as Rc<dyn Accounts>,
                None,
            )),
            Source::Remote(url) => Some(AccountsUserCheck::new(
                Rc::new(HttpAccounts::new(
                    url,
                    self.signer.clone(),
                    self.connect_timeout,
                    self.read_timeout,
                )),
                Some((self.users.clone(), self.user_check_ttl)),
            )),
            Source::Absent => None,
        };
        if let Some(check) = check {
            let check: Arc<dyn UserCheck> = Arc::new(check);
            cfg.app_data(Data::from(check));
        }
    }
}
