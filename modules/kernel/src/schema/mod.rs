//! Migrations derived from declarations, as Django's `makemigrations` derives them: the state a module's
//! migrations produce is compared with the state its declarations define, and the difference is written as the
//! next migration for SQLite, PostgreSQL and MySQL, each the backend's own way (a column keeps its collation,
//! nullability and default on every backend; SQLite changes a table by rebuilding it, keeping its id counter).

mod mysql;
mod postgres;
mod render;
mod search;
mod search_mysql;
mod sqlite;
pub mod state;

use std::fmt::Write;

use render::Backend;

pub use state::{ColumnState, ColumnType, DefaultState, IndexState, ModuleState, TableState};

/// What changed in one table.
#[derive(Debug, Clone, Copy)]
pub enum Change<'a> {
    Create(&'a TableState),
    Drop(&'a TableState),
    Alter {
        old: &'a TableState,
        new: &'a TableState,
    },
}

/// The tables that differ: new and changed ones in declaration order, then dropped ones.
pub fn changes<'a>(old: &'a ModuleState, new: &'a ModuleState) -> Vec<Change<'a>> {
    let mut changes: Vec<Change<'a>> = new
        .tables
        .iter()
        .filter_map(|table| match old.table(&table.name) {
            None => Some(Change::Create(table)),
            Some(before) if before != table => Some(Change::Alter {
                old: before,
                new: table,
            }),
            Some(_) => None,
        })
        .collect();
    // Dropped tables last, the later-declared first: a table that points at another goes before it.
    changes.extend(
        old.tables
            .iter()
            .rev()
            .filter(|t| new.table(&t.name).is_none())
            .map(Change::Drop),
    );
    changes
}

/// One backend's migration: its `up.sql` and `down.sql`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sql {
    pub up: String,
    pub down: String,
    /// `false` for SQLite table rebuilds, which turn foreign keys off around a transaction of their own (a
    /// `metadata.toml` beside the SQL says so to the migration runner).
    pub run_in_transaction: bool,
}

/// The next migration of a module, for every backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The folder name's part after the version: `create_tasks_task`.
    pub name: String,
    pub sqlite: Sql,
    pub postgres: Sql,
    pub mysql: Sql,
    /// What a reader of the migration should know (values existing rows were given).
    pub notes: Vec<String>,
}

/// The migration from `old` to `new`, or `None` when nothing changed.
pub fn migration(old: &ModuleState, new: &ModuleState) -> Option<Migration> {
    let changes = changes(old, new);
    if changes.is_empty() {
        return None;
    }
    let reversed: Vec<Change> = changes
        .iter()
        .rev()
        .map(|change| match *change {
            Change::Create(t) => Change::Drop(t),
            Change::Drop(t) => Change::Create(t),
            Change::Alter { old, new } => Change::Alter { old: new, new: old },
        })
        .collect();
    let render = |backend: &dyn Backend| Sql {
        up: join(backend, changes.iter().map(|c| backend.render(c))),
        down: join(backend, reversed.iter().map(|c| backend.render(c))),
        run_in_transaction: true,
    };
    let mut sqlite = render(&sqlite::Sqlite);
    if changes.iter().any(sqlite::rebuilds) {
        sqlite = Sql {
            up: sqlite::without_foreign_keys(&sqlite.up),
            down: sqlite::without_foreign_keys(&sqlite.down),
            run_in_transaction: false,
        };
    }
    Some(Migration {
        name: name(&changes),
        sqlite,
        postgres: render(&postgres::Postgres),
        mysql: render(&mysql::Mysql),
        notes: notes(&changes),
    })
}

/// The migration's SQL on one backend; a change that asks nothing of it (a newer kernel's machinery, made on one backend)
/// still gets a migration there, which does nothing, so that every backend has the same migration folders.
fn join(backend: &dyn Backend, parts: impl Iterator<Item = String>) -> String {
    let mut sql = String::from(HEADER);
    for part in parts {
        sql.push_str(&part);
    }
    if sql == HEADER {
        writeln!(
            sql,
            "-- Nothing changes on this backend.\n{}",
            backend.nothing()
        )
        .unwrap();
    }
    sql
}

/// The first line of every generated file.
const HEADER: &str = "-- Written by `tessera makemigrations` from the module's declarations.\n";

/// A name that says what the migration does, as Django's do: `create_tasks_task`, `tasks_task_add_due`,
/// `orders_count`.
fn name(changes: &[Change]) -> String {
    let parts: Vec<String> = changes
        .iter()
        .map(|change| match change {
            Change::Create(t) => format!("create_{}", t.name),
            Change::Drop(t) => format!("drop_{}", t.name),
            Change::Alter { old, new } => {
                let mut what = vec![new.name.clone()];
                for pair in column_pairs(old, new) {
                    match pair {
                        (None, Some(c)) => what.push(format!("add_{}", c.name)),
                        (Some(c), None) => what.push(format!("drop_{}", c.name)),
                        (Some(a), Some(b)) if a != b => what.push(format!("alter_{}", b.name)),
                        _ => {}
                    }
                }
                if old.indexes != new.indexes {
                    what.push("indexes".into());
                }
                if old.counted != new.counted {
                    what.push(if new.counted { "count" } else { "uncount" }.into());
                } else if old.machinery != new.machinery {
                    what.push("machinery".into());
                }
                if old.search != new.search {
                    what.push("search".into());
                }
                what.join("_")
            }
        })
        .collect();
    let mut name = parts.join("_");
    if name.len() > 80 {
        name.truncate(name[..80].rfind('_').unwrap_or(80));
    }
    name
}

fn notes(changes: &[Change]) -> Vec<String> {
    let mut notes = Vec::new();
    for change in changes {
        let Change::Alter { old, new } = change else {
            continue;
        };
        for column in &new.columns {
            let before = old.column(&column.name);
            let filled = match before {
                None => !column.nullable && column.default.is_none(),
                Some(before) => before.nullable && !column.nullable,
            };
            if filled {
                notes.push(format!(
                    "{}.{}: existing rows without a value get {} (edit the migration to choose another)",
                    new.name,
                    column.name,
                    column.fill().literal()
                ));
            }
        }
    }
    notes
}

/// Columns of two states side by side: the new table's in its order, then those only the old one has.
pub(crate) fn column_pairs<'a>(
    old: &'a TableState,
    new: &'a TableState,
) -> Vec<(Option<&'a ColumnState>, Option<&'a ColumnState>)> {
    let mut pairs: Vec<_> = new
        .columns
        .iter()
        .map(|c| (old.column(&c.name), Some(c)))
        .collect();
    pairs.extend(
        old.columns
            .iter()
            .filter(|c| new.column(&c.name).is_none())
            .map(|c| (Some(c), None)),
    );
    pairs
}

/// Indexes only the old state has, and only the new one has (a changed index is both).
pub(crate) fn index_changes<'a>(
    old: &'a TableState,
    new: &'a TableState,
) -> (Vec<&'a IndexState>, Vec<&'a IndexState>) {
    let gone = old
        .indexes
        .iter()
        .filter(|i| !new.indexes.contains(i))
        .collect();
    let added = new
        .indexes
        .iter()
        .filter(|i| !old.indexes.contains(i))
        .collect();
    (gone, added)
}

/// A `CHECK` of a column's bounds, if it has any: `price_cents >= 0 AND price_cents <= 100`.
pub(crate) fn check(column: &ColumnState) -> Option<String> {
    let mut terms = Vec::new();
    if let Some(min) = column.min {
        terms.push(format!("{} >= {min}", column.name));
    }
    if let Some(max) = column.max {
        terms.push(format!("{} <= {max}", column.name));
    }
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_search;
