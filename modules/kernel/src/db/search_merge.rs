//! Keeps SQLite's search indexes compact. FTS5 writes each transaction's index entries as a new segment and
//! merges segments only once several of a size pile up, so a table written one row at a time carries a dozen of
//! them, and every `MATCH` looks each of its trigrams up in each segment. Measured on 1,000 rows written through
//! the API: `MATCH "quetzal"` took 77 µs against 16 µs once merged, and the whole search page 226 µs against 64.
//! Once no write has come for [`IDLE`], the writer thread merges a few pages at a time (FTS5's `merge` command,
//! with `usermerge` 2: down to one segment per size), each step its own short transaction, until FTS5 reports no
//! more work; a write that arrives meanwhile waits for one step at most. A steady write load leaves no such pause
//! (merging in every gap between batches doubled the creates' p99 latency), so it never pays for merges.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::{QueryableByName, RunQueryDsl};

use super::connection::AnyConnection;
use super::pool::Database;

/// Pages one merge step writes at most (FTS5 pages are 4 KiB by default).
const PAGES_PER_STEP: u32 = 64;
/// How long the writes pause before merging starts.
const IDLE: Duration = Duration::from_millis(20);

/// The FTS5 tables of one SQLite database and whether writes have left work for them.
#[derive(Default)]
pub struct SearchMerge {
    /// `None` until first needed (the writer starts before migrations create the tables).
    tables: Option<Vec<String>>,
    work: Work,
}

/// What the indexes wait for.
#[derive(Default, Clone, Copy)]
enum Work {
    /// Nothing: no write since the last step that found no work.
    #[default]
    None,
    /// A write committed: merging starts once writes pause for [`IDLE`].
    AfterPause,
    /// A step found work: the next follows at once.
    Now,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Changes {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

impl SearchMerge {
    /// A batch committed: its rows may have added segments.
    pub fn wrote(&mut self) {
        self.work = Work::AfterPause;
    }

    /// How long to wait for a write before the next merge step; `None` when there is no work.
    pub fn pause(&self) -> Option<Duration> {
        match self.work {
            Work::None => None,
            Work::AfterPause => Some(IDLE),
            Work::Now => Some(Duration::ZERO),
        }
    }

    /// Merges up to [`PAGES_PER_STEP`] pages in each index; no longer due once no index had work.
    pub fn step(&mut self, database: &Database) {
        let merged = database
            .get()
            .map_err(|e| e.to_string())
            .and_then(|mut conn| self.merge(&mut conn).map_err(|e| e.to_string()));
        self.work = match merged {
            Ok(true) => Work::Now,
            Ok(false) => Work::None,
            Err(e) => {
                log::warn!("search index merge of module {}: {e}", database.module());
                Work::None
            }
        };
    }

    fn merge(&mut self, conn: &mut AnyConnection) -> diesel::QueryResult<bool> {
        if self.tables.is_none() {
            let tables: Vec<String> = diesel::sql_query(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'",
            )
            .load::<Name>(conn)?
            .into_iter()
            .map(|t| t.name.replace('"', "\"\""))
            .collect();
            for table in &tables {
                conn.batch_execute(&format!(
                    "INSERT INTO \"{table}\" (\"{table}\", rank) VALUES ('usermerge', 2);"
                ))?;
            }
            self.tables = Some(tables);
        }
        let total = |conn: &mut AnyConnection| {
            diesel::sql_query("SELECT total_changes() AS n")
                .get_result::<Changes>(conn)
                .map(|c| c.n)
        };
        let mut changed = false;
        let mut before = total(conn)?;
        for table in self.tables.iter().flatten() {
            conn.batch_execute(&format!(
                "INSERT INTO \"{table}\" (\"{table}\", rank) VALUES ('merge', {PAGES_PER_STEP});"
            ))?;
            let after = total(conn)?;
            // The command counts as one change itself; FTS5 documents a difference of 2 or more as work done.
            changed |= after - before >= 2;
            before = after;
        }
        Ok(changed)
    }
}
