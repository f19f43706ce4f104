//! accounts' published interface, answered in process from accounts' own database.

use tessera_accounts_api::{Accounts, AccountsUnavailable, Lookup, UserSummary};
use tessera_kernel::blocking::run;
use tessera_kernel::prelude::*;

use crate::User;

/// The in-process implementation, over accounts' pool.
pub struct LocalAccounts {
    database: Database,
}

impl LocalAccounts {
    pub fn new(database: Database) -> Self {
        LocalAccounts { database }
    }
}

impl Accounts for LocalAccounts {
    fn user(&self, id: i64) -> Lookup<'_> {
        Box::pin(async move {
            let found = run(&self.database, move |conn| Ok(User::fetch(conn, id)?))
                .await
                .map_err(|e| AccountsUnavailable(e.to_string()))?;
            Ok(found.map(|user| UserSummary {
                id,
                is_active: user.is_active,
                is_staff: user.is_staff,
            }))
        })
    }
}
