//! Limit/offset pagination as Django REST framework's `LimitOffsetPagination` does it: `?limit=N` (a default,
//! capped at a maximum, the default for 0, negative or non-numbers) and `?offset=M` (0 for negative or
//! non-numbers), `next`/`previous` links with the values used.

use super::link;
use crate::params::{parse_int, QueryParams};

/// The rows a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub limit: i64,
    pub offset: i64,
}

impl Window {
    pub fn from_params(params: &QueryParams, default: i64, max: i64) -> Self {
        let limit = params
            .get("limit")
            .and_then(parse_int)
            .filter(|n| *n > 0)
            .map_or(default, |n| n.min(max));
        let offset = params
            .get("offset")
            .and_then(parse_int)
            .filter(|n| *n >= 0)
            .unwrap_or(0);
        Window { limit, offset }
    }

    /// `next` and `previous` for a window of `count` rows: `previous` goes back by the limit (to no `offset` at
    /// the start), without being clamped to the count.
    pub fn links(
        &self,
        url: &str,
        params: &QueryParams,
        count: i64,
    ) -> (Option<String>, Option<String>) {
        let Window { limit, offset } = *self;
        let with_limit = params.with("limit", Some(&limit.to_string()));
        let with_limit = QueryParams::parse(&with_limit);
        let next = (offset + limit < count).then(|| {
            link(
                url,
                with_limit.with("offset", Some(&(offset + limit).to_string())),
            )
        });
        let previous = (offset > 0).then(|| {
            if offset - limit <= 0 {
                link(url, with_limit.with("offset", None))
            } else {
                link(
                    url,
                    with_limit.with("offset", Some(&(offset - limit).to_string())),
                )
            }
        });
        (next, previous)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(qs: &str) -> Window {
        Window::from_params(&QueryParams::parse(qs), 5, 20)
    }

    #[test]
    fn limits_and_offsets_as_drf_reads_them() {
        assert_eq!(
            window(""),
            Window {
                limit: 5,
                offset: 0
            }
        );
        assert_eq!(
            window("limit=50&offset=7"),
            Window {
                limit: 20,
                offset: 7
            }
        );
        for bad in ["limit=0", "limit=-1", "limit=x", "limit=1.5"] {
            assert_eq!(window(bad).limit, 5, "{bad}");
        }
        assert_eq!(window("offset=-3").offset, 0);
        assert_eq!(window("offset=x").offset, 0);
    }

    #[test]
    fn links_with_the_values_used() {
        let params = QueryParams::parse("author__in=3,4&offset=20&limit=10&ordering=title,-id");
        let (next, previous) = window("offset=20&limit=10").links("http://h/b/", &params, 45);
        assert_eq!(
            next.unwrap(),
            "http://h/b/?author__in=3%2C4&limit=10&offset=30&ordering=title%2C-id"
        );
        assert_eq!(
            previous.unwrap(),
            "http://h/b/?author__in=3%2C4&limit=10&offset=10&ordering=title%2C-id"
        );
        let params = QueryParams::parse("offset=100&limit=10");
        let far = window("offset=100&limit=10").links("http://h/b/", &params, 12);
        assert_eq!(far.0, None);
        assert_eq!(far.1.unwrap(), "http://h/b/?limit=10&offset=90");
        let near = window("offset=3").links("http://h/b/", &QueryParams::parse("offset=3"), 12);
        assert_eq!(near.1.unwrap(), "http://h/b/?limit=5");
        let first = window("").links("http://h/b/", &QueryParams::default(), 12);
        assert_eq!(
            (first.0.unwrap(), first.1),
            ("http://h/b/?limit=5&offset=5".into(), None)
        );
    }
}
