//! The one list of modules compiled into the binary (adding a module touches this list and nothing else), and
//! which of them this process serves itself and which it forwards to where they run.

use tessera_kernel::Module;

use crate::settings::Settings;

pub static MODULES: &[&dyn Module] = &[
    &tessera_example::MODULE,
    &tessera_catalog::MODULE,
    &tessera_orders::MODULE,
    &tessera_accounts::MODULE,
    &tessera_library::MODULE,
];

/// Where each module of this process is served.
pub struct Plan {
    /// Served here, on their own databases.
    pub local: Vec<&'static dyn Module>,
    /// Forwarded to `remote_url`.
    pub remote: Vec<(&'static dyn Module, String)>,
}

impl Plan {
    /// `server.modules` names the modules served here (all when empty). A module with a `remote_url` is forwarded
    /// there, unless `server.modules` names it: the process it is forwarded to serves it itself.
    pub fn new(settings: &Settings) -> Result<Self, String> {
        let named = &settings.server.modules;
        if let Some(unknown) = named
            .iter()
            .find(|n| !MODULES.iter().any(|m| m.name() == n.as_str()))
        {
            return Err(unknown.clone());
        }
        let mut plan = Plan {
            local: Vec::new(),
            remote: Vec::new(),
        };
        for &module in MODULES {
            let explicitly_here = named.iter().any(|n| n == module.name());
            let remote_url = settings.module(module.name()).remote_url;
            if explicitly_here || (named.is_empty() && remote_url.is_empty()) {
                plan.local.push(module);
            } else if !remote_url.is_empty() {
                plan.remote.push((module, remote_url));
            }
        }
        Ok(plan)
    }

    /// Every module this process answers for, local or forwarded, in list order.
    pub fn served(&self) -> Vec<&'static dyn Module> {
        MODULES
            .iter()
            .copied()
            .filter(|m| {
                self.local.iter().any(|l| l.name() == m.name())
                    || self.remote.iter().any(|(r, _)| r.name() == m.name())
            })
            .collect()
    }
}
