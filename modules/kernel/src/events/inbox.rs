//! A module's inbox: the ids of the events it has handled, recorded in the transaction that handled each, so that
//! an event delivered again (after a crash, a lost acknowledgement, a resubmission) has no second effect.

use diesel::QueryResult;

use super::Consumer;
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::resource::Resource;
use crate::sql::{self, Bound, Statement};
use crate::types::Timestamp;
use crate::validate::Valid;

/// One event a module has handled.
#[derive(Debug, Clone, PartialEq, Eq, crate::Resource)]
#[resource(
    table = "events_inbox",
    name = "Receipt",
    count = false,
    ordering(received_at)
)]
pub struct Receipt {
    pub id: i64,
    #[field(max_length = 36, unique)]
    pub event_id: String,
    #[field(max_length = 150)]
    pub event_type: String,
    /// Times it was delivered again after it was handled.
    #[field(default = 0)]
    pub redeliveries: i64,
    #[field(auto_now_add)]
    pub received_at: Timestamp,
}

/// An event as it arrives.
#[derive(Debug, Clone, Copy)]
pub struct Delivery<'a> {
    pub event_id: &'a str,
    pub event_type: &'a str,
    pub payload: &'a str,
}

/// What became of a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Handled,
    /// Handled before: nothing was done but counting it.
    Duplicate,
}

/// Handles a delivery for the consuming module, on its connection, in the caller's transaction: records the event
/// in the inbox and runs the handler, or counts a redelivery of an event already recorded. An error means the
/// caller must roll the transaction back.
pub fn receive(
    conn: &mut AnyConnection,
    consumer: &Consumer,
    delivery: &Delivery<'_>,
) -> Result<Outcome, ApiError> {
    if let Some(seen) =
        sql::first_by::<Receipt, String>(conn, Receipt::EVENT_ID, delivery.event_id.to_owned())?
    {
        sql::add::<Receipt>(conn, seen.id, Receipt::REDELIVERIES, 1)?;
        return Ok(Outcome::Duplicate);
    }
    let mut data = Valid::default();
    data.set(Receipt::EVENT_ID, delivery.event_id.to_owned());
    data.set(Receipt::EVENT_TYPE, delivery.event_type.to_owned());
    // A concurrent delivery of the same event fails here on the unique id and is rolled back.
    sql::insert::<Receipt>(conn, &data)?;
    consumer.handle(conn, delivery.payload)?;
    Ok(Outcome::Handled)
}

/// Forgets receipts older than `before` (after the broker has stopped keeping those events); how many.
pub fn forget(conn: &mut AnyConnection, before: Timestamp) -> QueryResult<usize> {
    let mut st = Statement::new();
    st.sql("DELETE FROM ")
        .ident(Receipt::SPEC.table)
        .sql(" WHERE ")
        .ident("received_at")
        .sql(" < ")
        .bind(Bound::Int(Some(before.0)));
    st.run(conn)
}

/// Redeliveries counted so far (for tests and operators).
pub fn redeliveries(conn: &mut AnyConnection) -> QueryResult<i64> {
    #[derive(diesel::QueryableByName)]
    struct Sum {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let integer = sql::Dialect::of(conn).integer();
    let mut st = Statement::new();
    st.sql("SELECT CAST(COALESCE(SUM(")
        .ident("redeliveries")
        .sql("), 0) AS ")
        .sql(integer)
        .sql(") AS n FROM ")
        .ident(Receipt::SPEC.table);
    use diesel::RunQueryDsl;
    let sums: Vec<Sum> = st.load(conn)?;
    Ok(sums.first().map_or(0, |s| s.n))
}
