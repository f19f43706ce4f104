//! `accounts`' published interface. Other modules (and the kernel's authentication, through the application)
//! depend on this crate, never on `accounts` itself: the application hands them an implementation, in process when
//! accounts runs here, over HTTP when it runs elsewhere.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tessera_kernel::auth::{Signer, StatusLookup, TokenKind, UserCheck, UserStatus};

/// What other modules may know of a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserSummary {
    pub id: i64,
    pub is_active: bool,
    pub is_staff: bool,
}

/// accounts could not be asked.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the accounts module is unavailable: {0}")]
pub struct AccountsUnavailable(pub String);

pub type Lookup<'a> =
    Pin<Box<dyn Future<Output = Result<Option<UserSummary>, AccountsUnavailable>> + 'a>>;

/// The questions accounts answers for other modules.
pub trait Accounts: 'static {
    /// The user with this id, or `None` when there is none.
    fn user(&self, id: i64) -> Lookup<'_>;
}

/// accounts over HTTP: `GET <base>/api/accounts/users/<id>/`, staff only, asked with a service token signed with
/// the shared secret.
pub struct HttpAccounts {
    base_url: String,
    client: awc::Client,
    signer: Signer,
}

impl HttpAccounts {
    pub fn new(
        base_url: &str,
        signer: Signer,
        connect_timeout: Duration,
        read_timeout: Duration,
    ) -> Self {
        let client = awc::Client::builder()
            .connector(awc::Connector::new().timeout(connect_timeout))
            .timeout(read_timeout)
            .disable_redirects()
            .finish();
        HttpAccounts {
            base_url: base_url.trim_end_matches('/').to_owned(),
            client,
            signer,
        }
    }

    async fn fetch(&self, id: i64) -> Result<Option<UserSummary>, AccountsUnavailable> {
        let unavailable = |e: &dyn std::fmt::Display| AccountsUnavailable(e.to_string());
        let url = format!("{}/api/accounts/users/{id}/", self.base_url);
        let token = self.signer.issue(TokenKind::Service, 0, true);
        let mut response = self
            .client
            .get(&url)
            .insert_header(("Accept", "application/json"))
            .insert_header(("Authorization", format!("Bearer {token}")))
            .send()
            .await
            .map_err(|e| unavailable(&e))?;
        match response.status().as_u16() {
            404 => Ok(None),
            200 => {
                let body: serde_json::Value = response.json().await.map_err(|e| unavailable(&e))?;
                match (body["is_active"].as_bool(), body["is_staff"].as_bool()) {
                    (Some(is_active), Some(is_staff)) => Ok(Some(UserSummary {
                        id,
                        is_active,
                        is_staff,
                    })),
                    _ => Err(unavailable(&format!("unexpected body from {url}"))),
                }
            }
            status => Err(unavailable(&format!("{url} answered {status}"))),
        }
    }
}

impl Accounts for HttpAccounts {
    fn user(&self, id: i64) -> Lookup<'_> {
        Box::pin(self.fetch(id))
    }
}

/// What accounts said of each user, and when; shared by every worker of a process.
#[derive(Clone, Default)]
pub struct UserCache(Arc<Mutex<HashMap<i64, Answer>>>);

/// When accounts answered, and what.
type Answer = (Instant, Option<UserSummary>);

/// Entries past which expired ones are swept.
const CACHE_SWEEP: usize = 10_000;

/// The kernel's user check answered by accounts' interface, believing each answer for `ttl` when given a cache
/// (a remote accounts), asking every time otherwise (accounts in this process).
pub struct AccountsUserCheck {
    accounts: Rc<dyn Accounts>,
    cache: Option<(UserCache, Duration)>,
}

impl AccountsUserCheck {
    pub fn new(accounts: Rc<dyn Accounts>, cache: Option<(UserCache, Duration)>) -> Self {
        AccountsUserCheck { accounts, cache }
    }

    async fn lookup(&self, user_id: i64) -> Result<Option<UserStatus>, String> {
        let now = Instant::now();
        if let Some((cache, ttl)) = &self.cache {
            let cached = cache
                .0
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&user_id)
                .copied();
            if let Some((_, user)) = cached.filter(|(at, _)| now.duration_since(*at) < *ttl) {
                return Ok(user.map(status));
            }
        }
        let user = self
            .accounts
            .user(user_id)
            .await
            .map_err(|e| e.to_string())?;
        if let Some((cache, ttl)) = &self.cache {
            let mut entries = cache.0.lock().unwrap_or_else(|e| e.into_inner());
            if entries.len() >= CACHE_SWEEP {
                entries.retain(|_, (at, _)| now.duration_since(*at) < *ttl);
            }
            entries.insert(user_id, (now, user));
        }
        Ok(user.map(status))
    }
}

fn status(user: UserSummary) -> UserStatus {
    UserStatus {
        is_active: user.is_active,
        is_staff: user.is_staff,
    }
}

impl UserCheck for AccountsUserCheck {
    fn status(&self, user_id: i64) -> StatusLookup<'_> {
        Box::pin(self.lookup(user_id))
    }
}
