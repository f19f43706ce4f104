//! Removing a module's migrations and generating them again from its declarations makes the schema the committed
//! migrations make, on every backend: the same columns (types, nullability, defaults, collations), indexes,
//! constraints and count triggers.

use tessera_kernel::db::run_pending;
use tessera_kernel::schema::{migration, ModuleState};

use crate::introspect::{scratch, Kind};

fn committed_and_regenerated_schemas_agree(kind: Kind) {
    for module in tessera::modules::MODULES {
        let (Some(mut committed), Some(mut regenerated)) = (scratch(kind), scratch(kind)) else {
            return;
        };
        run_pending(&mut committed.conn, tessera::migrations::of(module.name())).unwrap();
        let declared = ModuleState::declared(&module.tables());
        let fresh = migration(&ModuleState::default(), &declared).expect("a module has tables");
        regenerated.run(match kind {
            Kind::Sqlite => &fresh.sqlite.up,
            Kind::Postgres => &fresh.postgres.up,
            Kind::Mysql => &fresh.mysql.up,
        });
        let (committed, regenerated) = (committed.facts(), regenerated.facts());
        assert!(!committed.is_empty(), "module {}", module.name());
        assert_eq!(committed, regenerated, "module {}", module.name());
    }
}

crate::on_each_database!(committed_and_regenerated_schemas_agree);

/// The recorded state of every module is what its declarations define (CI's `makemigrations --check`, here).
#[test]
fn every_module_has_the_migrations_of_its_declarations() {
    let options = tessera::makemigrations::Options {
        check: true,
        ..Default::default()
    };
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    tessera::makemigrations::run(root, tessera::modules::MODULES, &options).unwrap();
}
