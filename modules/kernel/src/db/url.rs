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

impl DatabaseUrl {
    /// `text` (a driver's error) with every password of this URL replaced by `***`, in case the driver quoted it.
    pub fn redact(&self, text: &str) -> String {
        let url = match self {
            DatabaseUrl::Sqlite(_) => return text.to_owned(),
            DatabaseUrl::Postgres(url) | DatabaseUrl::Mysql(url) => url,
        };
        let masked = mask_password(url);
        // The secrets are what masking took out: compare the two word by word.
        let mut out = text.to_owned();
        for secret in secrets(url, &masked) {
            if secret.len() >= 3 {
                out = out.replace(&secret, "***");
            }
        }
        out
    }
}

/// The passages of `url` that `masked` replaced by `***`.
fn secrets(url: &str, masked: &str) -> Vec<String> {
    let mut found = Vec::new();
    let (mut u, mut m) = (url, masked);
    while let Some(at) = m.find("***") {
        let prefix = &m[..at];
        if !u.starts_with(prefix) {
            break;
        }
        u = &u[prefix.len()..];
        m = &m[at + 3..];
        // The secret runs up to where the rest of the masked text starts again.
        let next = m.chars().next();
        let end = match next {
            Some(c) => u.find(c).unwrap_or(u.len()),
            None => u.len(),
        };
        found.push(u[..end].to_owned());
        u = &u[end..];
    }
    found
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

/// Shows a database URL, or a keyword connection string, with every password in it replaced by `***`: the
/// userinfo's (`scheme://user:password@host`), a query parameter's (`?password=`, `&sslpassword=`) and a keyword's
/// (`host=h password=secret`, quoted or not).
pub fn mask_password(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return mask_keywords(url);
    };
    let authority_end = url[scheme_end..]
        .find(['/', '?'])
        .map_or(url.len(), |i| scheme_end + i);
    let authority = &url[scheme_end..authority_end];
    let head = match (authority.rfind('@'), authority.find(':')) {
        (Some(at), Some(colon)) if colon < at => format!(
            "{}{}:***{}",
            &url[..scheme_end],
            &authority[..colon],
            &authority[at..]
        ),
        _ => url[..authority_end].to_owned(),
    };
    let rest = &url[authority_end..];
    let Some((path, query)) = rest.split_once('?') else {
        return format!("{head}{rest}");
    };
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if is_password_key(key) => format!("{key}=***"),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{head}{path}?{}", query.join("&"))
}

/// Whether a parameter names a password (`password`, `sslpassword`, `pass`, `pwd`), in any case or encoding.
fn is_password_key(key: &str) -> bool {
    let key = key.trim().to_ascii_lowercase().replace("%5f", "_");
    key.contains("password") || key == "pass" || key == "pwd"
}

/// libpq's keyword form: `host=h user=u password='s e c r e t'`.
fn mask_keywords(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(eq) = rest.find('=') {
        let (before, after) = rest.split_at(eq);
        let key = before
            .trim_end()
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        out.push_str(before);
        out.push('=');
        let after = &after[1..];
        let after = after.trim_start();
        let (value_len, quoted) = if let Some(stripped) = after.strip_prefix('\'') {
            // Up to the closing quote that is not escaped.
            let mut end = stripped.len();
            let mut escaped = false;
            for (i, c) in stripped.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '\'' if !escaped => {
                        end = i;
                        break;
                    }
                    _ => escaped = false,
                }
            }
            ((end + 2).min(after.len()), true)
        } else {
            (
                after.find(char::is_whitespace).unwrap_or(after.len()),
                false,
            )
        };
        if is_password_key(key) {
            out.push_str(if quoted { "'***'" } else { "***" });
        } else {
            out.push_str(&after[..value_len]);
        }
        rest = &after[value_len..];
    }
    out.push_str(rest);
    out
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
    fn passwords_in_every_form_are_masked() {
        assert_eq!(
            mask_password("postgres://u@h:5432/db?sslmode=disable&password=hunter2"),
            "postgres://u@h:5432/db?sslmode=disable&password=***"
        );
        assert_eq!(
            mask_password("mysql://u@h/db?PASSWORD=hunter2&sslpassword=x"),
            "mysql://u@h/db?PASSWORD=***&sslpassword=***"
        );
        assert_eq!(
            mask_password("host=h user=u password=hunter2 dbname=d"),
            "host=h user=u password=*** dbname=d"
        );
        assert_eq!(
            mask_password("host=h password = 'hunter 2\\' x' dbname=d"),
            "host=h password ='***' dbname=d"
        );
        assert_eq!(
            mask_password("postgres://u:p@ss@h/db"),
            "postgres://u:***@h/db"
        );
        for url in [
            "host=h password=hunter2",
            "postgres://u:hunter2@h/d?password=hunter2",
        ] {
            assert!(!mask_password(url).contains("hunter2"), "{url}");
        }
        let url =
            DatabaseUrl::parse("postgres://u:hunter2@h/d?sslmode=x&password=swordfish").unwrap();
        assert_eq!(
            url.redact("bad password hunter2 or swordfish"),
            "bad password *** or ***"
        );
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
