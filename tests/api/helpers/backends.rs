//! The backends a test runs on, and `on_both_backends!`, which declares one test per backend.

/// Where the test's module databases live, and how the modules are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
    /// MySQL/MariaDB, in a build with the `mysql` feature.
    Mysql,
    /// Every module runs in a second `tessera` process (on SQLite); the app under test forwards to it.
    Gateway,
}

/// Declares each listed `async fn name(backend: Backend)` as three tests: `sqlite::name`, `postgres::name`, and
/// `gateway::name`, where the modules run in another process behind the app's forwarding; and `mysql::name` in a
/// build with the `mysql` feature.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[actix_web::test]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[actix_web::test]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            )*
        }
        mod gateway {
            $(
                #[actix_web::test]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Gateway).await
                }
            )*
        }
        #[cfg(feature = "mysql")]
        mod mysql {
            $(
                #[actix_web::test]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Mysql).await
                }
            )*
        }
    };
}
