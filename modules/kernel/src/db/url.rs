//! Parsing of a module's `database_url` into the backend it selects.

use std::fmt;
use std::path::PathBuf;

/// A database location, parsed from a module's `database_url` setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://relative/path.db` or `sqlite:///absolute/path.db`.
    Sqlite(PathBuf),
    /// `postgres://...` or `postgresql://...`, passed to libpq as given.
    Postgres(String),
    /// `mysql://user:password@host:port/database` (or `mariadb://...`); needs the `mysql` cargo feature.
    Mysql(String),
}

/// Why a `database_url` was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UrlError {
    #[error("empty database URL")]
    Empty,
    #[error("unsupported database URL scheme \"{0}\" (expected {SCHEMES})")]
    UnknownScheme(String),
    #[error("\"{0}\" has no scheme (expected {SCHEMES})")]
    NoScheme(String),
    #[error("{0}:// URLs need MySQL/MariaDB support, which this binary was built without: build it with `cargo build --release --features mysql` (needs the MySQL client library, e.g. Debian's libmariadb-dev)")]
    MysqlNotBuilt(String),
    #[error("a sqlite:// URL needs a file path")]
    NoPath,
    #[error("in-memory SQLite databases cannot be shared by a connection pool; use a file")]
    InMemory,
}

/// The schemes this binary accepts, for error messages.
#[cfg(feature = "mysql")]
const SCHEMES: &str = "sqlite://, postgres://, postgresql://, mysql:// or mariadb://";
#[cfg(not(feature = "mysql"))]
const SCHEMES: &str = "sqlite://, postgres:// or postgresql://";

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, UrlError> {
        let url = url.trim();
        if url.is_empty() {
            return Err(UrlError::Empty);
        }
        let Some((scheme, rest)) = url.split_once("://") else {
            return Err(UrlError::NoScheme(mask_password(url)));
        };
        match scheme.to_ascii_lowercase().as_str() {
            "sqlite" => {
                if rest.is_empty() {
                    Err(UrlError::NoPath)
                } else if rest == ":memory:" || rest.contains("mode=memory") {
                    Err(UrlError::InMemory)
                } else {
                    Ok(DatabaseUrl::Sqlite(PathBuf::from(rest)))
                }
            }
            "postgres" | "postgresql" => Ok(DatabaseUrl::Postgres(url.to_owned())),
            "mysql" | "mariadb" if cfg!(feature = "mysql") => {
                // The client library knows only mysql://.
                Ok(DatabaseUrl::Mysql(format!("mysql://{rest}")))
            }
            scheme @ ("mysql" | "mariadb") => Err(UrlError::MysqlNotBuilt(scheme.to_owned())),
            other => Err(UrlError::UnknownScheme(other.to_owned())),
        }
    }

    /// The backend's name as logs and health reports show it.
    pub fn backend_name(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite(_) => "sqlite",
            DatabaseUrl::Postgres(_) => "postgres",
            DatabaseUrl::Mysql(_) => "mysql",
        }
    }
}

/// Shows the URL with any password replaced by `***`, so it can be logged.
impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite(path) => write!(f, "sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) | DatabaseUrl::Mysql(url) => {
                f.write_str(&mask_password(url))
            }
        }
    }
}

/// Replaces the password of `scheme://user:password@host` with `***`.
pub fn mask_password(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_owned();
    };
    let authority_end = url[scheme_end..]
        .find(['/', '?'])
        .map_or(url.len(), |i| scheme_end + i);
    let authority = &url[scheme_end..authority_end];
    match (authority.rfind('@'), authority.find(':')) {
        (Some(at), Some(colon)) if colon < at => format!(
            "{}{}:***{}",
            &url[..scheme_end],
            &authority[..colon],
            &url[scheme_end + at..]
        ),
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_relative_and_absolute_paths() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/example.db"),
            Ok(DatabaseUrl::Sqlite("data/example.db".into()))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/tessera/x.db"),
            Ok(DatabaseUrl::Sqlite("/var/lib/tessera/x.db".into()))
        );
    }

    #[test]
    fn postgres_both_schemes() {
        for url in ["postgres://u:p@h:5432/db", "postgresql://u@h/db"] {
            assert_eq!(
                DatabaseUrl::parse(url),
                Ok(DatabaseUrl::Postgres(url.into()))
            );
        }
    }

    #[test]
    fn refused_urls_say_why() {
        assert_eq!(
            DatabaseUrl::parse("oracle://h/db"),
            Err(UrlError::UnknownScheme("oracle".into()))
        );
        assert_eq!(DatabaseUrl::parse(""), Err(UrlError::Empty));
        assert_eq!(DatabaseUrl::parse("sqlite://"), Err(UrlError::NoPath));
        assert_eq!(
            DatabaseUrl::parse("sqlite://:memory:"),
            Err(UrlError::InMemory)
        );
        assert!(matches!(
            DatabaseUrl::parse("data/x.db"),
            Err(UrlError::NoScheme(_))
        ));
    }

    #[cfg(feature = "mysql")]
    #[test]
    fn mysql_and_mariadb_schemes() {
        assert_eq!(
            DatabaseUrl::parse("mariadb://u:p@h:3307/db"),
            Ok(DatabaseUrl::Mysql("mysql://u:p@h:3307/db".into()))
        );
        let url = DatabaseUrl::parse("mysql://u:p@h/db").unwrap();
        assert_eq!(url.to_string(), "mysql://u:***@h/db");
        assert_eq!(url.backend_name(), "mysql");
    }

    #[cfg(not(feature = "mysql"))]
    #[test]
    fn mysql_without_the_feature_names_it() {
        let error = DatabaseUrl::parse("mysql://u:p@h/db").unwrap_err();
        assert_eq!(error, UrlError::MysqlNotBuilt("mysql".into()));
        assert!(error.to_string().contains("--features mysql"), "{error}");
    }

    #[test]
    fn passwords_are_masked() {
        assert_eq!(
            mask_password("postgres://tessera:secret@127.0.0.1:5433/db?x=1"),
            "postgres://tessera:***@127.0.0.1:5433/db?x=1"
        );
        assert_eq!(mask_password("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            DatabaseUrl::parse("postgresql://a:b@h/d")
                .unwrap()
                .to_string(),
            "postgresql://a:***@h/d"
        );
    }
}
