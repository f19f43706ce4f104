//! A module's outbox: the publications of its events, rows of its own database written in the transactions that
//! published them, and what the relay does with them. A publication is `pending` until every consumer has it (in
//! process) or the broker has stored it; `failed` once its attempts ran out (kept, visible and resubmittable, and
//! holding back the later publications of its aggregate); `delivered` after that, until it is forgotten.

use std::time::Duration;

use diesel::{QueryResult, QueryableByName, RunQueryDsl};

use super::EventType;
use crate::db::AnyConnection;
use crate::fields::Field;
use crate::resource::Resource;
use crate::sql::{self, Bound, Dialect, Statement};
use crate::types::Timestamp;
use crate::validate::Valid;

pub const PENDING: &str = "pending";
pub const FAILED: &str = "failed";
pub const DELIVERED: &str = "delivered";

/// One publication of an event, in the publishing module's own database.
#[derive(Debug, Clone, PartialEq, Eq, crate::Resource)]
#[resource(
    table = "events_outbox",
    name = "Publication",
    count = false,
    filter(state)
)]
pub struct Publication {
    /// The order of publication.
    pub id: i64,
    /// The event's id: the broker's `Nats-Msg-Id` and the key of every consumer's inbox.
    #[field(max_length = 36, unique)]
    pub event_id: String,
    /// `orders.OrderPlaced`.
    #[field(max_length = 150)]
    pub event_type: String,
    /// The aggregate it is about: the events of one are relayed in order.
    #[field(max_length = 150)]
    pub aggregate_id: String,
    /// The event, as JSON.
    pub payload: String,
    #[field(max_length = 16, default = "pending")]
    pub state: String,
    /// Attempts that failed (a consumer's error); an unreachable database or broker does not count.
    #[field(default = 0)]
    pub attempts: i64,
    /// Not tried again before this moment.
    pub next_attempt_at: Timestamp,
    #[field(blank, default = "")]
    pub last_error: String,
    #[field(auto_now_add)]
    pub created_at: Timestamp,
    pub delivered_at: Option<Timestamp>,
}

/// How failed attempts are retried.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// The wait after the first failure, doubled after each one.
    pub initial: Duration,
    /// The longest wait.
    pub max: Duration,
    /// Failed attempts after which a publication is `failed`.
    pub max_attempts: i64,
}

impl Retry {
    /// The wait after `failures` consecutive failures.
    pub fn backoff(&self, failures: u32) -> Duration {
        let factor = 2u32.saturating_pow(failures.saturating_sub(1).min(20));
        self.initial.saturating_mul(factor).min(self.max)
    }
}

/// Appends a publication (`publish` calls it, in the caller's transaction).
pub(super) fn append(
    conn: &mut AnyConnection,
    event: EventType,
    aggregate: &str,
    payload: &str,
) -> QueryResult<()> {
    let mut data = Valid::default();
    data.set(Publication::EVENT_ID, super::new_event_id());
    data.set(Publication::EVENT_TYPE, event.full_name());
    data.set(Publication::AGGREGATE_ID, aggregate.to_owned());
    data.set(Publication::PAYLOAD, payload.to_owned());
    data.set(Publication::NEXT_ATTEMPT_AT, Timestamp::now());
    sql::insert::<Publication>(conn, &data).map(|_| ())
}

fn select() -> Statement {
    let mut st = Statement::new();
    st.sql("SELECT ")
        .idents(Publication::SPEC.fields.iter().map(Field::column_name))
        .sql(" FROM ")
        .ident(Publication::SPEC.table);
    st
}

fn incomplete(st: &mut Statement) {
    st.sql(" WHERE ")
        .ident("state")
        .sql(" IN (")
        .bind(Bound::Text(Some(PENDING.into())))
        .sql(", ")
        .bind(Bound::Text(Some(FAILED.into())))
        .sql(")");
}

/// Pending and failed publications after `after_id`, in publication order.
pub fn incomplete_after(
    conn: &mut AnyConnection,
    after_id: i64,
    limit: i64,
) -> QueryResult<Vec<Publication>> {
    let mut st = select();
    incomplete(&mut st);
    st.sql(" AND ")
        .ident("id")
        .sql(" > ")
        .bind(Bound::Int(Some(after_id)))
        .sql(" ORDER BY ")
        .ident("id")
        .limit(Dialect::of(conn), limit, None);
    st.load(conn)
}

/// Marks publications delivered.
pub fn mark_delivered(conn: &mut AnyConnection, ids: &[i64]) -> QueryResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    let mut st = Statement::new();
    st.sql("UPDATE ")
        .ident(Publication::SPEC.table)
        .sql(" SET ")
        .ident("state")
        .sql(" = ")
        .bind(Bound::Text(Some(DELIVERED.into())))
        .sql(", ")
        .ident("delivered_at")
        .sql(" = ")
        .bind(Bound::Int(Some(Timestamp::now().0)))
        .sql(" WHERE ")
        .ident("id")
        .sql(" IN (")
        .binds(ids.iter().map(|id| Bound::Int(Some(*id))))
        .sql(")");
    st.run(conn)
}

/// Records a failed attempt: the publication waits its backoff, or is `failed` once its attempts ran out.
pub fn record_failure(
    conn: &mut AnyConnection,
    publication: &Publication,
    error: &str,
    retry: &Retry,
) -> QueryResult<()> {
    let attempts = publication.attempts + 1;
    let wait = retry.backoff(u32::try_from(attempts).unwrap_or(u32::MAX));
    let mut data = Valid::default();
    data.set(Publication::ATTEMPTS, attempts);
    data.set(
        Publication::NEXT_ATTEMPT_AT,
        Timestamp(Timestamp::now().0 + wait.as_micros() as i64),
    );
    let error: String = error.chars().take(1000).collect();
    data.set(Publication::LAST_ERROR, error);
    if attempts >= retry.max_attempts {
        data.set(Publication::STATE, FAILED.to_owned());
    }
    sql::update::<Publication>(conn, publication.id, &data).map(|_| ())
}

/// Makes every failed publication pending again, due now, with its attempts reset; how many.
pub fn resubmit_failed(conn: &mut AnyConnection) -> QueryResult<usize> {
    let mut st = Statement::new();
    st.sql("UPDATE ")
        .ident(Publication::SPEC.table)
        .sql(" SET ")
        .ident("state")
        .sql(" = ")
        .bind(Bound::Text(Some(PENDING.into())))
        .sql(", ")
        .ident("attempts")
        .sql(" = 0, ")
        .ident("next_attempt_at")
        .sql(" = ")
        .bind(Bound::Int(Some(Timestamp::now().0)))
        .sql(" WHERE ")
        .ident("state")
        .sql(" = ")
        .bind(Bound::Text(Some(FAILED.into())));
    st.run(conn)
}

/// Forgets delivered publications older than `before`; how many.
pub fn forget_delivered(conn: &mut AnyConnection, before: Timestamp) -> QueryResult<usize> {
    let mut st = Statement::new();
    st.sql("DELETE FROM ")
        .ident(Publication::SPEC.table)
        .sql(" WHERE ")
        .ident("state")
        .sql(" = ")
        .bind(Bound::Text(Some(DELIVERED.into())))
        .sql(" AND ")
        .ident("delivered_at")
        .sql(" < ")
        .bind(Bound::Int(Some(before.0)));
    st.run(conn)
}

/// What an outbox holds back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub pending: i64,
    pub failed: i64,
    /// When the oldest pending or failed publication was published.
    pub oldest: Option<Timestamp>,
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = diesel::sql_types::Text)]
    state: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    oldest: i64,
}

/// The backlog of the outbox.
pub fn stats(conn: &mut AnyConnection) -> QueryResult<Stats> {
    let mut st = Statement::new();
    st.sql("SELECT ")
        .ident("state")
        .sql(", COUNT(*) AS n, MIN(")
        .ident("created_at")
        .sql(") AS oldest FROM ")
        .ident(Publication::SPEC.table);
    incomplete(&mut st);
    st.sql(" GROUP BY ").ident("state");
    let rows: Vec<Row> = st.load(conn)?;
    let mut stats = Stats::default();
    for row in rows {
        match row.state.as_str() {
            FAILED => stats.failed = row.n,
            _ => stats.pending = row.n,
        }
        let oldest = Timestamp(row.oldest);
        stats.oldest = Some(
            stats
                .oldest
                .map_or(oldest, |o| Timestamp(o.0.min(oldest.0))),
        );
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_maximum() {
        let retry = Retry {
            initial: Duration::from_millis(100),
            max: Duration::from_secs(1),
            max_attempts: 5,
        };
        let waits: Vec<u128> = (1..=6).map(|n| retry.backoff(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 800, 1000, 1000]);
    }
}
