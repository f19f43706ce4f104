//! How a change becomes SQL, written once for every backend: a backend says how it defines a column, an index
//! and the count machinery, and how it changes a column in place; creating, dropping and altering a table are
//! the same steps everywhere (SQLite alone replaces in-place column changes by a rebuild).

use std::fmt::Write;

use super::state::{ColumnState, IndexState, TableState};
use super::{column_pairs, index_changes, Change};

pub(super) trait Backend {
    /// A column's definition, in `CREATE TABLE` and `ADD COLUMN`.
    fn column_def(&self, column: &ColumnState) -> String;

    /// The statements that turn column `before` into `after` (both present, different).
    fn alter_column(&self, table: &TableState, before: &ColumnState, after: &ColumnState)
        -> String;

    /// The count table and the triggers that keep it.
    fn create_count(&self, table: &str) -> String;

    fn drop_count(&self, table: &str) -> String;

    /// Whether the count machinery made by [`MACHINERY`](super::state::MACHINERY) version `made` is made
    /// another way now.
    fn count_changed_since(&self, made: u32) -> bool {
        let _ = made;
        false
    }

    /// Whether the search index made by [`MACHINERY`](super::state::MACHINERY) version `made` is made another
    /// way now (or was not made at all).
    fn search_changed_since(&self, made: u32) -> bool {
        let _ = made;
        false
    }

    /// A statement that does nothing (MySQL refuses a query of comments alone).
    fn nothing(&self) -> &'static str {
        "SELECT 1;"
    }

    /// The search index of a table whose `search` columns are not empty (none, on a backend without one).
    fn create_search(&self, _table: &TableState) -> String {
        String::new()
    }

    fn drop_search(&self, _table: &TableState) -> String {
        String::new()
    }

    /// What a unique constraint or an index covers of a column (a prefix, for MySQL's `LONGTEXT`).
    fn key_part(&self, _table: &TableState, column: &str) -> String {
        column.to_owned()
    }

    /// Indexes written inside `CREATE TABLE` (MySQL's); the others get `CREATE INDEX` after it.
    fn inline_indexes(&self) -> bool {
        false
    }

    /// After `CREATE TABLE`'s closing parenthesis.
    fn table_options(&self) -> &'static str {
        ""
    }

    /// The definitions of one declared index (MySQL's ordering fields have two).
    fn index_defs(&self, table: &TableState, index: &IndexState) -> Vec<(String, String)> {
        vec![(index.name.clone(), self.key_part(table, &index.column))]
    }

    fn drop_index(&self, table: &str, name: &str) -> String {
        let _ = table;
        format!("DROP INDEX {name};\n")
    }

    /// The statement that drops a foreign key's constraint.
    fn drop_foreign_key(&self, table: &str, name: &str) -> String {
        format!("ALTER TABLE {table} DROP CONSTRAINT {name};\n")
    }

    /// Whether an index must be made again although it did not change (its column's type did, on MySQL).
    fn remakes(&self, _old: &TableState, _new: &TableState, _index: &IndexState) -> bool {
        false
    }

    /// How `old` becomes `new`.
    fn alter(&self, old: &TableState, new: &TableState) -> String {
        alter_in_place(self, old, new)
    }

    fn render(&self, change: &Change) -> String {
        match change {
            Change::Create(table) => create(self, table),
            Change::Drop(table) => drop(self, table),
            Change::Alter { old, new } => self.alter(old, new),
        }
    }
}

/// What follows a column's type on every backend: ` NULL` or ` NOT NULL`, its default (in parentheses where only
/// an expression is allowed, MySQL's `LONGTEXT`), its bounds' `CHECK`.
pub(super) fn column_rules(column: &ColumnState, default_as_expression: bool) -> String {
    let mut rules = String::from(if column.nullable {
        " NULL"
    } else {
        " NOT NULL"
    });
    if let Some(default) = &column.default {
        let literal = default.literal();
        if default_as_expression {
            write!(rules, " DEFAULT ({literal})").unwrap();
        } else {
            write!(rules, " DEFAULT {literal}").unwrap();
        }
    }
    if let Some(check) = super::check(column) {
        write!(rules, " CHECK ({check})").unwrap();
    }
    rules
}

/// `CREATE TABLE` with its columns, unique constraints (named `<table>_<column>_key`) and foreign keys.
pub(super) fn create_table(
    backend: &(impl Backend + ?Sized),
    table: &TableState,
    name: &str,
) -> String {
    let mut lines: Vec<String> = table
        .columns
        .iter()
        .map(|c| backend.column_def(c))
        .collect();
    for column in table.columns.iter().filter(|c| c.unique) {
        let part = backend.key_part(table, &column.name);
        lines.push(format!(
            "CONSTRAINT {}_{}_key UNIQUE ({part})",
            table.name, column.name
        ));
    }
    lines.extend(
        table
            .columns
            .iter()
            .filter_map(|column| foreign_key(&table.name, column)),
    );
    if backend.inline_indexes() {
        for index in &table.indexes {
            for (index_name, part) in backend.index_defs(table, index) {
                lines.push(format!("INDEX {index_name} ({part})"));
            }
        }
    }
    format!(
        "CREATE TABLE {name} (\n    {}\n){};\n",
        lines.join(",\n    "),
        backend.table_options()
    )
}

/// `CONSTRAINT <table>_<column>_fkey FOREIGN KEY ...` of a column that references another table.
fn foreign_key(table: &str, column: &ColumnState) -> Option<String> {
    let target = column.references.as_ref()?;
    Some(format!(
        "CONSTRAINT {table}_{0}_fkey FOREIGN KEY ({0}) REFERENCES {target} (id) ON DELETE CASCADE",
        column.name
    ))
}

/// `CREATE INDEX` for each of an index's definitions.
pub(super) fn create_index(
    backend: &(impl Backend + ?Sized),
    table: &TableState,
    index: &IndexState,
) -> String {
    backend
        .index_defs(table, index)
        .into_iter()
        .map(|(name, part)| format!("CREATE INDEX {name} ON {} ({part});\n", table.name))
        .collect()
}

fn create(backend: &(impl Backend + ?Sized), table: &TableState) -> String {
    let mut sql = create_table(backend, table, &table.name);
    if !backend.inline_indexes() {
        for index in &table.indexes {
            sql.push_str(&create_index(backend, table, index));
        }
    }
    if table.counted {
        sql.push_str(&backend.create_count(&table.name));
    }
    if !table.search.is_empty() {
        sql.push_str(&backend.create_search(table));
    }
    sql
}

fn drop(backend: &(impl Backend + ?Sized), table: &TableState) -> String {
    let mut sql = String::new();
    if !table.search.is_empty() {
        sql.push_str(&backend.drop_search(table));
    }
    if table.counted {
        sql.push_str(&backend.drop_count(&table.name));
    }
    writeln!(sql, "DROP TABLE {};", table.name).unwrap();
    sql
}

/// A new column. One that is required and has no default is added with its fill as a default for this statement
/// only, so that existing rows get a value.
fn add_column(
    backend: &(impl Backend + ?Sized),
    table: &TableState,
    column: &ColumnState,
) -> String {
    let name = &table.name;
    let mut sql = String::new();
    if !column.nullable && column.default.is_none() {
        let mut filled = column.clone();
        filled.default = Some(column.fill());
        writeln!(
            sql,
            "ALTER TABLE {name} ADD COLUMN {};",
            backend.column_def(&filled)
        )
        .unwrap();
        writeln!(
            sql,
            "ALTER TABLE {name} ALTER COLUMN {} DROP DEFAULT;",
            column.name
        )
        .unwrap();
    } else {
        writeln!(
            sql,
            "ALTER TABLE {name} ADD COLUMN {};",
            backend.column_def(column)
        )
        .unwrap();
    }
    if column.unique {
        let part = backend.key_part(table, &column.name);
        writeln!(
            sql,
            "ALTER TABLE {name} ADD CONSTRAINT {name}_{}_key UNIQUE ({part});",
            column.name
        )
        .unwrap();
    }
    sql
}

/// Indexes that went away first (a changed search index whole), then the columns, then the new indexes, then
/// the count machinery and the search index.
pub(super) fn alter_in_place(
    backend: &(impl Backend + ?Sized),
    old: &TableState,
    new: &TableState,
) -> String {
    let table = &new.name;
    let mut sql = String::new();
    let (gone, added) = index_changes(old, new);
    let remade: Vec<&IndexState> = new
        .indexes
        .iter()
        .filter(|i| !added.contains(i) && backend.remakes(old, new, i))
        .collect();
    // Foreign keys that change or go are dropped before the columns change, and made again after.
    let moved_key = |pair: &(Option<&ColumnState>, Option<&ColumnState>)| match pair {
        (Some(a), Some(b)) => a.references != b.references,
        _ => false,
    };
    for pair in column_pairs(old, new) {
        if let (Some(before), after) = pair {
            if before.references.is_some() && (after.is_none() || moved_key(&pair)) {
                sql.push_str(
                    &backend.drop_foreign_key(table, &format!("{table}_{}_fkey", before.name)),
                );
            }
        }
    }
    for index in gone.iter().chain(&remade) {
        for (name, _) in backend.index_defs(old, index) {
            sql.push_str(&backend.drop_index(table, &name));
        }
    }
    let search_changed = old.search != new.search || search_remade(backend, old, new);
    if search_changed && !old.search.is_empty() {
        sql.push_str(&backend.drop_search(old));
    }
    for pair in column_pairs(old, new) {
        match pair {
            (None, Some(column)) => sql.push_str(&add_column(backend, new, column)),
            (Some(column), None) => {
                writeln!(sql, "ALTER TABLE {table} DROP COLUMN {};", column.name).unwrap()
            }
            (Some(before), Some(after)) if before != after => {
                sql.push_str(&backend.alter_column(new, before, after));
            }
            _ => {}
        }
    }
    for index in added.iter().chain(&remade) {
        sql.push_str(&create_index(backend, new, index));
    }
    for pair in column_pairs(old, new) {
        if let (before, Some(after)) = pair {
            if after.references.is_some() && (before.is_none() || moved_key(&pair)) {
                let constraint = foreign_key(table, after).unwrap_or_default();
                writeln!(sql, "ALTER TABLE {table} ADD {constraint};").unwrap();
            }
        }
    }
    sql.push_str(&count_change(backend, old, new));
    if search_changed && !new.search.is_empty() {
        sql.push_str(&backend.create_search(new));
    }
    sql
}

/// Whether a newer kernel makes the same search index another way on this backend: it is dropped and made again
/// whole; a migration back keeps the newer way, which finds the same rows.
fn search_remade(backend: &(impl Backend + ?Sized), old: &TableState, new: &TableState) -> bool {
    !new.search.is_empty()
        && old.machinery < new.machinery
        && backend.search_changed_since(old.machinery)
}

/// The count machinery made or dropped when the declaration turns it on or off, and made again (recounted)
/// when a newer kernel keeps it another way; a migration back keeps the newer way, which reads the same.
pub(super) fn count_change(
    backend: &(impl Backend + ?Sized),
    old: &TableState,
    new: &TableState,
) -> String {
    match (old.counted, new.counted) {
        (false, true) => backend.create_count(&new.name),
        (true, false) => backend.drop_count(&new.name),
        (true, true)
            if old.machinery < new.machinery && backend.count_changed_since(old.machinery) =>
        {
            backend.drop_count(&new.name) + &backend.create_count(&new.name)
        }
        _ => String::new(),
    }
}
