//! A database's schema as a sorted list of facts read from the backend's own catalog (columns with their types,
//! nullability, defaults and collations; indexes; constraints; triggers), so that two databases can be compared:
//! one migrated by the committed migrations and one made from scratch by the generator, say.

use diesel::connection::SimpleConnection;
use diesel::{QueryableByName, RunQueryDsl};
use tessera_kernel::db::{AnyConnection, ConnectionManager, DatabaseUrl};

use crate::helpers::{drop_test_database, fresh_data_dir, fresh_postgres_database};

/// Declares `fn check(kind: Kind)` as three tests, `on_sqlite`, `on_postgres` and (feature `mysql`) `on_mariadb`.
#[macro_export]
macro_rules! on_each_database {
    ($check:ident) => {
        #[test]
        fn on_sqlite() {
            $check($crate::introspect::Kind::Sqlite);
        }

        #[test]
        fn on_postgres() {
            $check($crate::introspect::Kind::Postgres);
        }

        #[cfg(feature = "mysql")]
        #[test]
        fn on_mariadb() {
            $check($crate::introspect::Kind::Mysql);
        }
    };
}

/// A database of a test's own, dropped when it goes.
pub struct Scratch {
    pub url: String,
    pub conn: AnyConnection,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        drop_test_database(&self.url);
    }
}

/// Which backend a scratch database is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
    /// Constructed only in a build with the `mysql` feature.
    #[cfg_attr(not(feature = "mysql"), allow(dead_code))]
    Mysql,
}

/// A fresh, empty database, or `None` when the backend's server is not configured (the test then skips).
pub fn scratch(kind: Kind) -> Option<Scratch> {
    let url = match kind {
        Kind::Sqlite => format!("sqlite://{}/scratch.db", fresh_data_dir().display()),
        Kind::Postgres => fresh_postgres_database()?,
        #[cfg(feature = "mysql")]
        Kind::Mysql => crate::helpers::fresh_mysql_database()?,
        #[cfg(not(feature = "mysql"))]
        Kind::Mysql => return None,
    };
    let conn = ConnectionManager::new(DatabaseUrl::parse(&url).unwrap())
        .connect()
        .expect("connect to the scratch database");
    Some(Scratch { url, conn })
}

impl Scratch {
    pub fn run(&mut self, sql: &str) {
        self.conn
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{e}\n{sql}"));
    }

    /// One integer a query returns (as column `n`).
    pub fn number(&mut self, sql: &str) -> i64 {
        #[derive(QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::sql_query(sql).load::<N>(&mut self.conn).unwrap()[0].n
    }

    /// The schema's facts, sorted; the migration history is left out.
    pub fn facts(&mut self) -> Vec<String> {
        #[derive(QueryableByName)]
        struct Fact {
            #[diesel(sql_type = diesel::sql_types::Text)]
            fact: String,
        }
        let queries: &[&str] = match self.conn {
            AnyConnection::Sqlite(_) => &[
                "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') AS fact FROM sqlite_master \
                 WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '__diesel%'",
            ],
            AnyConnection::Postgresql(_) => &[
                "SELECT concat_ws(' | ', 'column', table_name, column_name, data_type, \
                 COALESCE(character_maximum_length::text, '-'), is_nullable, COALESCE(column_default, '-'), \
                 COALESCE(collation_name, '-'), is_identity)::text AS fact FROM information_schema.columns \
                 WHERE table_schema = 'public' AND table_name NOT LIKE '__diesel%'",
                "SELECT concat_ws(' | ', 'index', indexname, indexdef)::text AS fact FROM pg_indexes \
                 WHERE schemaname = 'public' AND tablename NOT LIKE '__diesel%'",
                "SELECT concat_ws(' | ', 'constraint', c.conname, pg_get_constraintdef(c.oid))::text AS fact \
                 FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n \
                 ON n.oid = t.relnamespace WHERE n.nspname = 'public' AND t.relname NOT LIKE '__diesel%'",
                "SELECT concat_ws(' | ', 'trigger', tgname, pg_get_triggerdef(oid))::text AS fact \
                 FROM pg_trigger WHERE NOT tgisinternal",
                // An extension's functions (pg_trgm's) are not the migrations' own, and stay when they go.
                "SELECT concat_ws(' | ', 'function', proname, prosrc)::text AS fact FROM pg_proc p \
                 JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND NOT EXISTS \
                 (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')",
            ],
            #[cfg(feature = "mysql")]
            AnyConnection::Mysql(_) => &[
                "SELECT CONCAT_WS(' | ', 'column', TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, \
                 COALESCE(COLUMN_DEFAULT, '-'), COALESCE(COLLATION_NAME, '-'), EXTRA) AS fact \
                 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
                 AND TABLE_NAME NOT LIKE '\\_\\_diesel%'",
                "SELECT CONCAT_WS(' | ', 'index', TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, \
                 COALESCE(COLLATION, '-'), COALESCE(SUB_PART, '-'), NON_UNIQUE) AS fact \
                 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
                 AND TABLE_NAME NOT LIKE '\\_\\_diesel%'",
                "SELECT CONCAT_WS(' | ', 'check', TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE) AS fact \
                 FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()",
                "SELECT CONCAT_WS(' | ', 'trigger', TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_STATEMENT) AS fact \
                 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()",
            ],
        };
        let mut facts: Vec<String> = queries
            .iter()
            .flat_map(|q| diesel::sql_query(*q).load::<Fact>(&mut self.conn).unwrap())
            .map(|f| normalize(&f.fact))
            .collect();
        facts.sort();
        facts
    }
}

/// White space collapsed, and SQLite's quotes around a renamed table's name dropped.
fn normalize(fact: &str) -> String {
    fact.replace('"', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
