//! Whether MySQL's search index pays for a term: it is read one row per trigram of each row it finds, which beats
//! reading the whole table only when the term has a rare trigram. `?search=benchmark` over 300,000 rows that all
//! hold it took 2.1 s through the side table against 0.12 s for the scan; `?search=quetzal`, in 20 rows, 1 ms.

use diesel::{QueryResult, QueryableByName, RunQueryDsl};

use super::statement::{Bound, Dialect, Statement};
use crate::db::AnyConnection;
use crate::resource::ResourceSpec;
use crate::search_index::{is_indexed, search_table, trigrams};

/// A trigram in this many rows or more is not looked up at any table size: the scan is as cheap or cheaper.
pub const RARE: i64 = 1_000;

/// The side table is worth reading for a term when its rarest trigram is in fewer than one row in this many of
/// the table (each row found costs a look-up per trigram and one of the row: some 20 times a scanned row).
pub const SCAN_RATIO: i64 = 20;

/// For each search term, the trigrams MySQL looks it up with in the side table, rarest first: none when its
/// rarest trigram is in [`RARE`] rows or more, or in a [`SCAN_RATIO`]th of the table, when it is too short, and
/// on other backends (SQLite's FTS5 and PostgreSQL's GIN indexes choose for themselves). The table's largest id
/// stands for its size; then one statement per term counts its trigrams' rows, each only up to that threshold.
pub fn rare_trigrams(
    conn: &mut AnyConnection,
    spec: &ResourceSpec,
    terms: &[String],
) -> QueryResult<Vec<Vec<String>>> {
    if Dialect::of(conn) != Dialect::Mysql || !is_indexed(spec) {
        return Ok(Vec::new());
    }
    let terms: Vec<Vec<String>> = terms.iter().map(|term| trigrams(term)).collect();
    if terms.iter().all(Vec::is_empty) {
        return Ok(Vec::new());
    }
    let mut size = Statement::new();
    size.sql("SELECT -1 AS i, COALESCE(MAX(")
        .ident(spec.id_column())
        .sql("), 0) AS n FROM ")
        .ident(spec.table);
    let size = size.load::<Counted>(conn)?.first().map_or(0, |c| c.n);
    let threshold = RARE.min(size / SCAN_RATIO);
    terms
        .into_iter()
        .map(|grams| {
            if grams.is_empty() || threshold == 0 {
                return Ok(Vec::new());
            }
            let counts = count(spec, &grams, threshold).load::<Counted>(conn)?;
            Ok(choose(grams, &counts, threshold))
        })
        .collect()
}

#[derive(QueryableByName, Debug, Clone, Copy, PartialEq, Eq)]
struct Counted {
    /// The trigram's index in the term's (-1: the table's largest id).
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    i: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// `SELECT 0 AS i, COUNT(*) AS n FROM (SELECT 1 FROM t_search WHERE gram = ? LIMIT ?) AS c0 UNION ALL ...`: at
/// most `threshold` entries of the side table's primary key for each trigram.
fn count(spec: &ResourceSpec, grams: &[String], threshold: i64) -> Statement {
    let mut st = Statement::new();
    for (i, gram) in grams.iter().enumerate() {
        st.sql(if i > 0 { " UNION ALL " } else { "" })
            .sql(format!(
                "SELECT {i} AS i, COUNT(*) AS n FROM (SELECT 1 FROM "
            ))
            .ident(search_table(spec.table))
            .sql(" WHERE gram = ")
            .bind(Bound::Text(Some(gram.clone())))
            .limit(Dialect::Mysql, threshold, None)
            .sql(") AS ")
            .ident(format!("c{i}"));
    }
    st
}

/// The grams by their counts, rarest first, if the rarest is in fewer rows than `threshold`.
fn choose(grams: Vec<String>, counts: &[Counted], threshold: i64) -> Vec<String> {
    let mut counted: Vec<(i64, String)> = grams
        .into_iter()
        .enumerate()
        .map(|(i, gram)| {
            let n = counts
                .iter()
                .find(|c| c.i == i as i64)
                .map_or(threshold, |c| c.n);
            (n, gram)
        })
        .collect();
    counted.sort_by_key(|(n, _)| *n);
    match counted.first() {
        Some((rarest, _)) if *rarest < threshold => {
            counted.into_iter().map(|(_, gram)| gram).collect()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(each: &[i64]) -> Vec<Counted> {
        each.iter()
            .enumerate()
            .map(|(i, n)| Counted { i: i as i64, n: *n })
            .collect()
    }

    fn grams(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_rare_trigram_is_looked_up_first_and_common_ones_scan() {
        let three = grams(&["del", "ta-", "005"]);
        assert_eq!(
            choose(three.clone(), &counts(&[1000, 1000, 900]), 1000),
            ["005", "del", "ta-"]
        );
        assert!(
            choose(three.clone(), &counts(&[1000, 1000, 1000]), 1000).is_empty(),
            "no rare trigram"
        );
        assert!(
            choose(three.clone(), &counts(&[50, 50, 50]), 50).is_empty(),
            "a small table (1,000 rows) is scanned unless a trigram is in fewer than 50 rows"
        );
        assert_eq!(choose(three, &counts(&[50, 30, 50]), 50)[0], "ta-");
    }

    #[test]
    fn each_trigram_is_counted_up_to_the_threshold() {
        let st = count(
            &crate::search_index::tests::spec(&[]),
            &grams(&["abc", "bcd"]),
            50,
        );
        assert_eq!(
            st.debug_sql(),
            r#"SELECT 0 AS i, COUNT(*) AS n FROM (SELECT 1 FROM "items_search" WHERE gram = ? LIMIT ?) AS "c0" UNION ALL SELECT 1 AS i, COUNT(*) AS n FROM (SELECT 1 FROM "items_search" WHERE gram = ? LIMIT ?) AS "c1""#
        );
        let text = |s: &str| Bound::Text(Some(s.into()));
        assert_eq!(
            st.debug_binds(),
            vec![
                text("abc"),
                Bound::Int(Some(50)),
                text("bcd"),
                Bound::Int(Some(50))
            ]
        );
    }
}
