//! Why the process could not start. Each renders as one line naming the module or key and the real cause.

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("invalid configuration: {0}")]
    Config(#[from] config::ConfigError),
    #[error("unknown module \"{0}\" (compiled in: {1})")]
    UnknownModule(String, String),
    #[error("module {module}: database_url: {cause}")]
    DatabaseUrl {
        module: &'static str,
        cause: tessera_kernel::db::UrlError,
    },
    #[error("module {module}: {cause}")]
    Database { module: &'static str, cause: String },
    #[error("module {module}: migrations failed: {cause}")]
    Migration { module: &'static str, cause: String },
    /// A command's arguments were refused (`new-module` with a taken name, say).
    #[error("{0}")]
    Usage(String),
    #[error("cannot listen on {address}: {cause}")]
    Bind {
        address: String,
        cause: std::io::Error,
    },
}
