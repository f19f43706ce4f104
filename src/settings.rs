//! Typed settings: the defaults compiled in from `config/default.toml`, then `config/default.toml` and
//! `config/$APP_ENV.toml` from the working folder when present, then `APP__SECTION__KEY` environment variables.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use config::{Config, ConfigError, Environment, File, FileFormat};
use serde::Deserialize;
use tessera_kernel::auth::{Permission, Signer};
use tessera_kernel::http::throttle::{Rate, Throttle};

const DEFAULTS: &str = include_str!("../config/default.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub data_dir: PathBuf,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub gateway: GatewaySettings,
    pub auth: AuthSettings,
    pub cors: CorsSettings,
    pub metrics: MetricsSettings,
    pub log: LogSettings,
    pub events: EventsSettings,
    /// `APP_ENV`: `development` unless set.
    #[serde(skip)]
    pub environment: String,
    #[serde(default)]
    pub modules: BTreeMap<String, ModuleSettings>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    pub host: String,
    pub port: u16,
    pub workers: usize,
    #[serde(deserialize_with = "list_or_csv")]
    pub modules: Vec<String>,
    #[serde(deserialize_with = "list_or_csv")]
    pub trusted_proxies: Vec<IpAddr>,
    pub max_body_bytes: usize,
    /// Seconds in-flight requests get to finish after SIGTERM or Ctrl-C.
    pub shutdown_timeout_secs: u64,
    /// Seconds a client has to send a request's headers; slower ones get 408 and are disconnected.
    pub client_request_timeout_secs: u64,
    /// Seconds a client has to send a request's whole body once its handler reads it; slower ones get 408 and are
    /// disconnected.
    pub client_body_timeout_secs: u64,
    /// Django's `ALLOWED_HOSTS`: the hosts a request may name (`Host`, or a trusted proxy's `X-Forwarded-Host`).
    #[serde(deserialize_with = "list_or_csv")]
    pub allowed_hosts: Vec<String>,
    /// Bytes of request bodies held in memory at once, across all requests; others wait for room.
    pub body_memory_bytes: usize,
    /// Requests that may wait for room in `body_memory_bytes`; past them a request gets 503.
    pub body_queue_limit: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    pub pool_size: u32,
    /// Threads per module that run its queries; 0: one per core on SQLite, `pool_size` on PostgreSQL.
    pub threads: usize,
    pub checkout_timeout_secs: u64,
    pub run_migrations: bool,
}

/// Signing and lifetimes of the JWTs every module verifies.
#[derive(Clone, Deserialize)]
pub struct AuthSettings {
    pub secret: String,
    pub access_token_lifetime_secs: u64,
    pub refresh_token_lifetime_secs: u64,
    /// Seconds a process that does not serve accounts believes what accounts said of a token's user.
    pub user_check_ttl_secs: u64,
}

impl std::fmt::Debug for AuthSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthSettings")
            .field("secret", &"***")
            .finish_non_exhaustive()
    }
}

/// The secret used in development and tests when none is configured, so that a monolith and its split-out
/// processes agree out of the box. Any other `APP_ENV` refuses to start with it.
pub const DEVELOPMENT_SECRET: &str = "tessera-development-secret-never-use-in-production";

/// The values of `APP_ENV` that may run on the public development secret.
pub const DEVELOPMENT_ENVIRONMENTS: [&str; 2] = ["development", "test"];

/// Cross-origin requests from browser frontends; none are allowed unless origins are listed.
#[derive(Debug, Clone, Deserialize)]
pub struct CorsSettings {
    #[serde(deserialize_with = "list_or_csv")]
    pub allowed_origins: Vec<String>,
    #[serde(deserialize_with = "list_or_csv")]
    pub allowed_methods: Vec<String>,
    #[serde(deserialize_with = "list_or_csv")]
    pub allowed_headers: Vec<String>,
    pub allow_credentials: bool,
    pub max_age_secs: usize,
}

/// Prometheus metrics at `GET /metrics`: off by default, on the API's address or a separate one.
#[derive(Debug, Clone, Deserialize)]
pub struct MetricsSettings {
    pub enabled: bool,
    pub address: String,
}

/// How log lines are written (their filter is `RUST_LOG`).
#[derive(Debug, Clone, Deserialize)]
pub struct LogSettings {
    pub format: crate::logging::LogFormat,
}

/// How events travel between modules: in process, or through NATS JetStream.
#[derive(Debug, Clone, Deserialize)]
pub struct EventsSettings {
    /// `nats://host:port` (several, comma-separated, for a cluster); empty: in process, no broker.
    pub broker_url: String,
    /// Prefix of the broker's streams, subjects and consumers, so that several installations share one broker.
    pub namespace: String,
    /// How often each relay looks at its outbox besides being woken by commits.
    pub poll_interval_ms: u64,
    /// The wait after a failed attempt, doubled after each one up to `retry_max_secs`.
    pub retry_initial_ms: u64,
    pub retry_max_secs: u64,
    /// Failed attempts after which a publication is `failed`, until resubmitted.
    pub max_attempts: i64,
    /// How long the broker waits for a consumer's acknowledgement before delivering again.
    pub ack_wait_secs: u64,
    /// How long delivered publications, inbox receipts and the broker's messages are kept.
    pub retention_secs: u64,
}

impl EventsSettings {
    pub fn retry(&self) -> tessera_kernel::events::Retry {
        tessera_kernel::events::Retry {
            initial: Duration::from_millis(self.retry_initial_ms),
            max: Duration::from_secs(self.retry_max_secs),
            max_attempts: self.max_attempts,
        }
    }

    pub fn poll_interval(&self) -> Duration {
        Duration::from_millis(self.poll_interval_ms)
    }

    pub fn retention(&self) -> Duration {
        Duration::from_secs(self.retention_secs)
    }

    pub fn ack_wait(&self) -> Duration {
        Duration::from_secs(self.ack_wait_secs)
    }
}

/// How requests are forwarded to modules that run elsewhere.
#[derive(Debug, Clone, Deserialize)]
pub struct GatewaySettings {
    pub connect_timeout_secs: u64,
    pub read_timeout_secs: u64,
    pub retries: u32,
}

impl GatewaySettings {
    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs(self.connect_timeout_secs)
    }

    pub fn read_timeout(&self) -> Duration {
        Duration::from_secs(self.read_timeout_secs)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ModuleSettings {
    #[serde(default)]
    pub database_url: String,
    #[serde(default)]
    pub pool_size: u32,
    /// Where the module runs when it is not served here: `http://host:port`.
    #[serde(default)]
    pub remote_url: String,
    /// Who may use the module's resources; the module's declared default when unset or empty.
    #[serde(default, deserialize_with = "permission_or_empty")]
    pub permission: Option<Permission>,
    /// Rate limits, `N/second|minute|hour|day`, per client address and per user; empty: none.
    #[serde(default)]
    pub throttle_anon: String,
    #[serde(default)]
    pub throttle_user: String,
    /// Password attempts (`POST token/`) per client address, DRF's `ScopedRateThrottle` with scope `login`;
    /// empty: none. Only accounts has such an endpoint.
    #[serde(default)]
    pub throttle_login: String,
}

/// A permission's name, or an empty string for none.
fn permission_or_empty<'de, D>(deserializer: D) -> Result<Option<Permission>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let text = String::deserialize(deserializer)?;
    match text.trim() {
        "" => Ok(None),
        name => Permission::deserialize(serde::de::value::StrDeserializer::<D::Error>::new(name))
            .map(Some),
    }
}

/// A list given as a list, or as one comma-separated string (`--modules a,b`, an override, a file).
fn list_or_csv<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        List(Vec<String>),
        One(String),
    }
    let items = match Raw::deserialize(deserializer)? {
        Raw::List(items) => items,
        Raw::One(text) => text.split(',').map(str::to_owned).collect(),
    };
    items
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse()
                .map_err(|e| serde::de::Error::custom(format!("\"{s}\": {e}")))
        })
        .collect()
}

impl Settings {
    /// Loads the settings for `APP_ENV` (default `development`).
    pub fn load() -> Result<Self, ConfigError> {
        Self::load_with(&[])
    }

    /// Loads the settings, then applies `overrides` (dotted keys) over everything else. Tests use it.
    pub fn load_with(overrides: &[(&str, String)]) -> Result<Self, ConfigError> {
        let env = std::env::var("APP_ENV").unwrap_or_else(|_| "development".into());
        let mut builder = Config::builder()
            .add_source(File::from_str(DEFAULTS, FileFormat::Toml))
            .add_source(File::with_name("config/default").required(false))
            .add_source(File::with_name(&format!("config/{env}")).required(false))
            .add_source(
                Environment::with_prefix("APP")
                    .prefix_separator("__")
                    .separator("__")
                    .try_parsing(true)
                    .list_separator(",")
                    .with_list_parse_key("server.modules")
                    .with_list_parse_key("server.trusted_proxies")
                    .with_list_parse_key("server.allowed_hosts"),
            );
        for (key, value) in overrides {
            builder = builder.set_override(*key, value.as_str())?;
        }
        let mut settings: Settings = builder.build()?.try_deserialize()?;
        settings.environment = env;
        settings.check()?;
        Ok(settings)
    }

    fn check(&self) -> Result<(), ConfigError> {
        let invalid = |key: &str, why: &str| ConfigError::Message(format!("{key}: {why}"));
        if self.database.pool_size == 0 {
            return Err(invalid("database.pool_size", "must be at least 1"));
        }
        if self.database.checkout_timeout_secs == 0 {
            return Err(invalid(
                "database.checkout_timeout_secs",
                "must be at least 1",
            ));
        }
        let secret = self.auth.secret.as_bytes();
        if !self.is_development() && (secret.len() < 32 || self.auth.secret == DEVELOPMENT_SECRET) {
            return Err(invalid(
                "auth.secret",
                &format!(
                    "APP_ENV={:?} needs a secret of at least 32 bytes (APP__AUTH__SECRET); only APP_ENV=development \
                     or test may run on the public development secret",
                    self.environment
                ),
            ));
        }
        if self.auth.access_token_lifetime_secs == 0 || self.auth.refresh_token_lifetime_secs == 0 {
            return Err(invalid("auth.*_lifetime_secs", "must be at least 1"));
        }
        if self.cors.allow_credentials && self.cors.allowed_origins.iter().any(|o| o == "*") {
            return Err(invalid(
                "cors.allowed_origins",
                "\"*\" cannot be combined with allow_credentials; list the origins",
            ));
        }
        if self.gateway.connect_timeout_secs == 0 || self.gateway.read_timeout_secs == 0 {
            return Err(invalid("gateway.*_timeout_secs", "must be at least 1"));
        }
        if self.server.client_body_timeout_secs == 0 {
            return Err(invalid(
                "server.client_body_timeout_secs",
                "must be at least 1",
            ));
        }
        if self.server.body_memory_bytes < self.server.max_body_bytes {
            return Err(invalid(
                "server.body_memory_bytes",
                "must be at least server.max_body_bytes, or a largest body could never be read",
            ));
        }
        for (name, module) in &self.modules {
            for (key, rate) in [
                ("throttle_anon", &module.throttle_anon),
                ("throttle_user", &module.throttle_user),
                ("throttle_login", &module.throttle_login),
            ] {
                if !rate.trim().is_empty() {
                    rate.parse::<Rate>()
                        .map_err(|why| invalid(&format!("modules.{name}.{key}"), &why))?;
                }
            }
            let url = module.remote_url.trim();
            if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://")) {
                return Err(invalid(
                    &format!("modules.{name}.remote_url"),
                    "must start with http:// or https://",
                ));
            }
        }
        let events = &self.events;
        let broker = events.broker_url.trim();
        if !(broker.is_empty()
            || broker
                .split(',')
                .all(|url| url.trim().starts_with("nats://") || url.trim().starts_with("tls://")))
        {
            return Err(invalid(
                "events.broker_url",
                "must be empty or nats://host:port (tls:// for TLS), comma-separated for a cluster",
            ));
        }
        if events.namespace.is_empty()
            || !events
                .namespace
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(invalid(
                "events.namespace",
                "letters, digits, _ and - only (it names streams and subjects)",
            ));
        }
        if events.poll_interval_ms == 0
            || events.retry_initial_ms == 0
            || events.retry_max_secs == 0
            || events.max_attempts < 1
            || events.ack_wait_secs == 0
            || events.retention_secs == 0
        {
            return Err(invalid(
                "events.*",
                "every events setting must be at least 1",
            ));
        }
        if self.server.max_body_bytes == 0 {
            return Err(invalid("server.max_body_bytes", "must be at least 1"));
        }
        Ok(())
    }

    /// A module's settings section, or the defaults when the section is absent.
    pub fn module(&self, name: &str) -> ModuleSettings {
        self.modules.get(name).cloned().unwrap_or_default()
    }

    /// The module's database URL: its own setting, or a SQLite file named after it under `data_dir`.
    pub fn database_url(&self, module: &str) -> String {
        match self.module(module).database_url.trim() {
            "" => format!(
                "sqlite://{}",
                self.data_dir.join(format!("{module}.db")).display()
            ),
            url => url.to_owned(),
        }
    }

    /// The module's permission: its setting, else the module's own default.
    pub fn permission(&self, module: &dyn tessera_kernel::Module) -> Permission {
        self.module(module.name())
            .permission
            .unwrap_or_else(|| module.permission())
    }

    /// The module's rate limits.
    pub fn throttle(&self, module: &str) -> Throttle {
        let settings = self.module(module);
        let rate = |text: &str| text.trim().parse::<Rate>().ok();
        let mut throttle =
            Throttle::new(rate(&settings.throttle_anon), rate(&settings.throttle_user));
        if let Some(login) = rate(&settings.throttle_login) {
            throttle = throttle.scope("login", login);
        }
        throttle
    }

    /// Whether `APP_ENV` is one that may run on the development secret.
    pub fn is_development(&self) -> bool {
        DEVELOPMENT_ENVIRONMENTS.contains(&self.environment.as_str())
    }

    /// The token signer: the configured secret, or in development the development one.
    pub fn signer(&self) -> Signer {
        let secret = match self.auth.secret.as_str() {
            "" if self.is_development() => DEVELOPMENT_SECRET,
            secret => secret,
        };
        Signer::new(
            secret.as_bytes(),
            Duration::from_secs(self.auth.access_token_lifetime_secs),
            Duration::from_secs(self.auth.refresh_token_lifetime_secs),
        )
    }

    pub fn pool_options(&self, module: &str) -> tessera_kernel::db::PoolOptions {
        let size = match self.module(module).pool_size {
            0 => self.database.pool_size,
            n => n,
        };
        let sqlite = self.database_url(module).starts_with("sqlite");
        let threads = match self.database.threads {
            0 if sqlite => std::thread::available_parallelism().map_or(2, |n| n.get()),
            0 => size as usize,
            n => n,
        };
        // A SQLite module's writer needs a connection besides those of the query threads.
        let writers = u32::from(sqlite);
        tessera_kernel::db::PoolOptions {
            max_size: size.max(threads as u32 + writers),
            checkout_timeout: Duration::from_secs(self.database.checkout_timeout_secs),
            threads,
        }
    }
}
