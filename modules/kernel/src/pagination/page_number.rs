//! Page-number pagination as Django REST framework's `PageNumberPagination` does it: `?page=N|last`,
//! `?page_size=N` up to 100, absolute `next`/`previous` links that keep the other parameters.

use super::link;
use crate::error::ApiError;
use crate::params::{parse_int, QueryParams};

pub const PAGE_SIZE: i64 = 20;
pub const MAX_PAGE_SIZE: i64 = 100;

/// The page a request asks for, before the row count is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    number: Option<i64>,
    last: bool,
    pub size: i64,
}

/// A resolved page: which rows to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSlice {
    /// The rows of the whole list.
    pub count: i64,
    pub number: i64,
    pub pages: i64,
    pub limit: i64,
    pub offset: i64,
}

impl PageRequest {
    pub fn from_params(params: &QueryParams) -> Self {
        // DRF: `query_params.get("page") or 1`, so an empty value is page 1.
        let raw = params.get("page").filter(|p| !p.is_empty()).unwrap_or("1");
        let size = params
            .get("page_size")
            .and_then(parse_int)
            .filter(|n| *n > 0)
            .map_or(PAGE_SIZE, |n| n.min(MAX_PAGE_SIZE));
        PageRequest {
            number: parse_int(raw),
            last: raw == "last",
            size,
        }
    }

    /// The first row of a page asked for by its number (not `last`), before the count is known.
    pub fn offset(&self) -> Option<i64> {
        let number = self.number.filter(|n| *n >= 1 && !self.last)?;
        (number - 1).checked_mul(self.size)
    }

    /// The page within `count` rows, or `Invalid page.` (Django's paginator: page 1 always exists).
    pub fn resolve(&self, count: i64) -> Result<PageSlice, ApiError> {
        let pages = if count == 0 {
            1
        } else {
            (count + self.size - 1) / self.size
        };
        let number = if self.last {
            pages
        } else {
            self.number.ok_or(ApiError::InvalidPage)?
        };
        if number < 1 || number > pages {
            return Err(ApiError::InvalidPage);
        }
        Ok(PageSlice {
            count,
            number,
            pages,
            limit: self.size,
            offset: (number - 1) * self.size,
        })
    }
}

/// `next` and `previous` for `slice`, from the request's absolute URL without its query.
pub fn links(
    url: &str,
    params: &QueryParams,
    slice: &PageSlice,
) -> (Option<String>, Option<String>) {
    let next = (slice.number < slice.pages).then(|| {
        link(
            url,
            params.with("page", Some(&(slice.number + 1).to_string())),
        )
    });
    let previous = (slice.number > 1).then(|| {
        if slice.number == 2 {
            link(url, params.with("page", None))
        } else {
            link(
                url,
                params.with("page", Some(&(slice.number - 1).to_string())),
            )
        }
    });
    (next, previous)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(qs: &str) -> PageRequest {
        PageRequest::from_params(&QueryParams::parse(qs))
    }

    #[test]
    fn page_numbers_and_last() {
        assert_eq!(request("").resolve(0).unwrap().number, 1);
        assert_eq!(request("page=").resolve(45).unwrap().number, 1);
        assert_eq!(request("page=last").resolve(45).unwrap().number, 3);
        assert_eq!(request("page=3").resolve(45).unwrap().offset, 40);
        for bad in [
            "page=0",
            "page=-1",
            "page=4",
            "page=x",
            "page=1.0",
            "page=LAST",
        ] {
            assert!(
                matches!(request(bad).resolve(45), Err(ApiError::InvalidPage)),
                "{bad}"
            );
        }
        assert!(request("page=2").resolve(0).is_err());
    }

    #[test]
    fn page_size_is_capped_and_bad_values_ignored() {
        assert_eq!(request("page_size=5").size, 5);
        assert_eq!(request("page_size=500").size, 100);
        for ignored in ["page_size=0", "page_size=-3", "page_size=x", "page_size="] {
            assert_eq!(request(ignored).size, 20, "{ignored}");
        }
    }

    #[test]
    fn links_keep_other_parameters_sorted() {
        let params = QueryParams::parse("search=a&page=2&page_size=0");
        let slice = request("page=2").resolve(45).unwrap();
        let (next, previous) = links("http://h/api/x/", &params, &slice);
        assert_eq!(next.unwrap(), "http://h/api/x/?page=3&page_size=0&search=a");
        assert_eq!(previous.unwrap(), "http://h/api/x/?page_size=0&search=a");
        let first = request("").resolve(45).unwrap();
        let (next, previous) = links("http://h/api/x/", &QueryParams::default(), &first);
        assert_eq!(next.unwrap(), "http://h/api/x/?page=2");
        assert_eq!(previous, None);
    }
}
