//! Whether MySQL's search index pays for a term: it is read one row per trigram of each row it finds, which beats
//! reading the whole table only when the term has a rare trigram. `?search=benchmark` over 300,000 rows that all
//! hold it took 2.1 s through the side table against 0.12 s for the scan; `?search=quetzal`, in 20 rows, 1 ms.

use diesel::{QueryResult, QueryableByName, RunQueryDsl};

use super::statement::{Bound, Dialect, Statement};
use crate::db::AnyConnection;
use crate::resource::ResourceSpec;
use crate::search_index::{is_indexed, search_table, trigrams};

/// A trigram is counted up to this many rows: past them the scan is the cheaper way (or about as cheap) at any
/// table size, and counting further would cost more than it could save.
pub const RARE: i64 = 1_000;

/// The side table is worth reading for a term when its rarest trigram is in fewer than one row in this many of
/// the table (each row found costs a look-up per trigram and one of the row: some 20 times a scanned row).
pub const SCAN_RATIO: i64 = 20;

/// For each search term, the trigrams MySQL looks it up with in the side table, rarest first: none when no
/// trigram of it is rare enough ([`RARE`], [`SCAN_RATIO`]), when it is too short, and on other backends (SQLite's
/// FTS5 and PostgreSQL's GIN indexes choose for themselves). One statement per term counts its trigrams.
pub fn rare_trigrams(
    conn: &mut AnyConnection,
    spec: &ResourceSpec,
    terms: &[String],
) -> QueryResult<Vec<Vec<String>>> {
    if Dialect::of(conn) != Dialect::Mysql || !is_indexed(spec) {
        return Ok(Vec::new());
    }
    terms
        .iter()
        .map(|term| {
            let grams = trigrams(term);
            if grams.is_empty() {
                return Ok(grams);
            }
            let counts = count(spec, &grams).load::<Counted>(conn)?;
            Ok(choose(grams, &counts))
        })
        .collect()
}

#[derive(QueryableByName, Debug, Clone, Copy, PartialEq, Eq)]
struct Counted {
    /// -1 for the table's largest id (its size, near enough), else the trigram's index in the term's.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    i: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// `SELECT -1 AS i, COALESCE(MAX(id), 0) AS n FROM t UNION ALL SELECT 0, COUNT(*) FROM (SELECT 1 FROM t_search
/// WHERE gram = ? LIMIT 1000) AS c0 UNION ALL ...`: a few entries of the primary keys each.
fn count(spec: &ResourceSpec, grams: &[String]) -> Statement {
    let mut st = Statement::new();
    st.sql("SELECT -1 AS i, COALESCE(MAX(")
        .ident(spec.id_column())
        .sql("), 0) AS n FROM ")
        .ident(spec.table);
    for (i, gram) in grams.iter().enumerate() {
        st.sql(format!(
            " UNION ALL SELECT {i}, COUNT(*) FROM (SELECT 1 FROM "
        ))
        .ident(search_table(spec.table))
        .sql(" WHERE gram = ")
        .bind(Bound::Text(Some(gram.clone())))
        .sql(format!(" LIMIT {RARE}) AS "))
        .ident(format!("c{i}"));
    }
    st
}

/// The grams by their counts, rarest first, if the rarest is rare enough for a table of this size.
fn choose(grams: Vec<String>, counts: &[Counted]) -> Vec<String> {
    let size = counts.iter().find(|c| c.i < 0).map_or(0, |c| c.n);
    let mut counted: Vec<(i64, String)> = grams
        .into_iter()
        .enumerate()
        .map(|(i, gram)| {
            let n = counts
                .iter()
                .find(|c| c.i == i as i64)
                .map_or(RARE, |c| c.n);
            (n, gram)
        })
        .collect();
    counted.sort_by_key(|(n, _)| *n);
    match counted.first() {
        Some((rarest, _)) if *rarest < RARE && rarest * SCAN_RATIO < size => {
            counted.into_iter().map(|(_, gram)| gram).collect()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(size: i64, each: &[i64]) -> Vec<Counted> {
        let mut all = vec![Counted { i: -1, n: size }];
        all.extend(
            each.iter()
                .enumerate()
                .map(|(i, n)| Counted { i: i as i64, n: *n }),
        );
        all
    }

    fn grams(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_rare_trigram_is_looked_up_first_and_common_ones_scan() {
        let three = grams(&["del", "ta-", "005"]);
        assert_eq!(
            choose(three.clone(), &counts(300_000, &[1000, 1000, 900])),
            ["005", "del", "ta-"]
        );
        assert!(
            choose(three.clone(), &counts(300_000, &[1000, 1000, 1000])).is_empty(),
            "no rare trigram"
        );
        assert!(
            choose(three.clone(), &counts(1_000, &[1000, 1000, 101])).is_empty(),
            "a small table is scanned unless the trigram is in few of its rows"
        );
        assert_eq!(choose(three, &counts(1_000, &[1000, 30, 101]))[0], "ta-");
    }

    #[test]
    fn each_trigram_is_counted_up_to_rare_rows() {
        let st = count(
            &crate::search_index::tests::spec(&[]),
            &grams(&["abc", "bcd"]),
        );
        assert_eq!(
            st.debug_sql(),
            r#"SELECT -1 AS i, COALESCE(MAX("id"), 0) AS n FROM "items" UNION ALL SELECT 0, COUNT(*) FROM (SELECT 1 FROM "items_search" WHERE gram = ? LIMIT 1000) AS "c0" UNION ALL SELECT 1, COUNT(*) FROM (SELECT 1 FROM "items_search" WHERE gram = ? LIMIT 1000) AS "c1""#
        );
        assert_eq!(
            st.debug_binds(),
            vec![
                Bound::Text(Some("abc".into())),
                Bound::Text(Some("bcd".into()))
            ]
        );
    }
}
