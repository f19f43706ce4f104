//! The migrations makemigrations writes for a changed declaration, applied to a database holding rows, on every
//! backend: after each step the schema is the one a fresh table of the new declaration has (so a column keeps its
//! collation, nullability and default: PostgreSQL's `ALTER COLUMN ... TYPE` and MySQL's `MODIFY` traps), the rows
//! are kept, SQLite's rebuilt table keeps its id counter and its row count, and the down migrations come back.

use tessera_kernel::schema::{
    migration, ColumnState, ColumnType, DefaultState, IndexState, ModuleState, TableState,
};

use crate::introspect::{scratch, Kind, Scratch};

fn column(name: &str, kind: ColumnType) -> ColumnState {
    ColumnState {
        name: name.into(),
        kind,
        max_length: None,
        nullable: false,
        default: None,
        unique: false,
        min: None,
        max: None,
        references: None,
    }
}

/// The first declaration: an id, a short name, nullable notes, a code, a legacy number.
fn first() -> TableState {
    let mut name = column("name", ColumnType::Text);
    name.max_length = Some(100);
    let mut notes = column("notes", ColumnType::Text);
    notes.nullable = true;
    let mut code = column("code", ColumnType::Text);
    code.max_length = Some(20);
    code.default = Some(DefaultState::Text("none".into()));
    TableState {
        name: "lab_things".into(),
        columns: vec![
            column("id", ColumnType::Id),
            name,
            notes,
            code,
            column("legacy", ColumnType::Integer),
        ],
        indexes: vec![IndexState {
            name: "lab_things_name".into(),
            column: "name".into(),
            ordered: true,
        }],
        counted: true,
        // As tables migrated before PostgreSQL spread its count: the step below spreads it.
        machinery: 0,
        search: Vec::new(),
    }
}

/// The declarations after each change, in order.
fn steps() -> Vec<TableState> {
    let mut steps = vec![first()];
    let mut next = |change: &dyn Fn(&mut TableState)| {
        let mut table = steps.last().unwrap().clone();
        change(&mut table);
        steps.push(table);
    };
    next(&|t| t.search = vec!["name".into(), "notes".into()]);
    next(&|t| t.machinery = tessera_kernel::schema::state::MACHINERY);
    next(&|t| t.columns[1].max_length = Some(200));
    next(&|t| {
        t.columns[2].nullable = false;
        t.columns[2].default = Some(DefaultState::Text(String::new()));
    });
    next(&|t| {
        t.columns.retain(|c| c.name != "legacy");
        let mut priority = column("priority", ColumnType::Integer);
        (priority.min, priority.max) = (Some(1), Some(5));
        t.columns.push(priority);
        t.indexes.push(IndexState {
            name: "lab_things_priority".into(),
            column: "priority".into(),
            ordered: true,
        });
    });
    next(&|t| {
        t.columns[3].unique = true;
        t.columns[3].default = None;
    });
    next(&|t| t.counted = false);
    next(&|t| t.counted = true);
    steps
}

fn state(table: &TableState) -> ModuleState {
    ModuleState {
        tables: vec![table.clone()],
    }
}

fn sql(kind: Kind, m: &tessera_kernel::schema::Migration, up: bool) -> String {
    let sql = match kind {
        Kind::Sqlite => &m.sqlite,
        Kind::Postgres => &m.postgres,
        Kind::Mysql => &m.mysql,
    };
    if up {
        sql.up.clone()
    } else {
        sql.down.clone()
    }
}

/// The facts of a fresh database made straight at `table`.
fn fresh_facts(kind: Kind, table: &TableState) -> Vec<String> {
    let mut fresh = scratch(kind).unwrap();
    fresh.run(&sql(
        kind,
        &migration(&ModuleState::default(), &state(table)).unwrap(),
        true,
    ));
    fresh.facts()
}

fn count(db: &mut Scratch, sql: &str) -> i64 {
    db.number(sql)
}

fn each_change_keeps_rows_and_comes_back(kind: Kind) {
    let Some(mut db) = scratch(kind) else {
        return;
    };
    let steps = steps();
    db.run(&sql(
        kind,
        &migration(&ModuleState::default(), &state(&steps[0])).unwrap(),
        true,
    ));
    db.run(
        "INSERT INTO lab_things (name, notes, code, legacy) VALUES ('Éclair', NULL, 'a', 1), ('b', 'kept', 'b', 2), \
         ('c', NULL, 'c', 3)",
    );
    db.run("DELETE FROM lab_things WHERE name = 'c'");
    for pair in steps.windows(2) {
        let m = migration(&state(&pair[0]), &state(&pair[1])).expect("a change");
        db.run(&sql(kind, &m, true));
        assert_eq!(
            db.facts(),
            fresh_facts(kind, &pair[1]),
            "{kind:?}: up to {:?}",
            m.name
        );
    }
    assert_eq!(count(&mut db, "SELECT COUNT(*) AS n FROM lab_things"), 2);
    assert_eq!(
        count(
            &mut db,
            "SELECT COUNT(*) AS n FROM lab_things WHERE notes = ''"
        ),
        1,
        "NULL filled"
    );
    assert_eq!(
        count(
            &mut db,
            "SELECT COUNT(*) AS n FROM lab_things WHERE priority = 1"
        ),
        2,
        "added, filled"
    );
    assert_eq!(
        count(
            &mut db,
            "SELECT COUNT(*) AS n FROM lab_things WHERE name = 'Éclair'"
        ),
        1
    );
    db.run("INSERT INTO lab_things (name, notes, code, priority) VALUES ('d', 'x', 'd', 2)");
    assert_eq!(
        count(&mut db, "SELECT id AS n FROM lab_things WHERE name = 'd'"),
        4,
        "the id of the deleted row is never given again"
    );
    let integer = match kind {
        Kind::Sqlite => "INTEGER",
        Kind::Postgres => "BIGINT",
        Kind::Mysql => "SIGNED",
    };
    let kept = count(
        &mut db,
        &format!("SELECT CAST(SUM(n) AS {integer}) AS n FROM lab_things_count"),
    );
    assert_eq!(kept, 3, "the count triggers keep counting");
    if kind == Kind::Sqlite {
        // The search index, made again by every rebuild, holds exactly the table's rows.
        db.run("UPDATE lab_things SET notes = 'quetzal' WHERE name = 'b'");
        db.run(
            "INSERT INTO lab_things_search (lab_things_search, rank) VALUES ('integrity-check', 1)",
        );
        let found = |db: &mut Scratch, term: &str| {
            count(
                db,
                &format!("SELECT COUNT(*) AS n FROM lab_things_search WHERE lab_things_search MATCH '\"{term}\"'"),
            )
        };
        assert_eq!(found(&mut db, "CLAI"), 1);
        assert_eq!(found(&mut db, "uetz"), 1);
        assert_eq!(found(&mut db, "kept"), 0, "updated away");
    }
    for pair in steps.windows(2).rev() {
        let m = migration(&state(&pair[0]), &state(&pair[1])).unwrap();
        db.run(&sql(kind, &m, false));
        assert_eq!(
            db.facts(),
            fresh_facts(kind, &pair[0]),
            "{kind:?}: down from {:?}",
            m.name
        );
    }
}

crate::on_each_database!(each_change_keeps_rows_and_comes_back);
