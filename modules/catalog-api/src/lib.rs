//! `catalog`'s published interface. Other modules depend on this crate, never on `catalog` itself: the
//! application hands them an implementation, in process when catalog runs here, over HTTP when it runs elsewhere;
//! and the events catalog publishes.

mod events;

pub use events::{StockRejected, StockReserved};

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use tessera_kernel::types::Fixed;

/// What other modules may know of a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProductSummary {
    pub id: i64,
    pub price: Fixed<2>,
}

/// catalog could not be asked.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the catalog module is unavailable: {0}")]
pub struct CatalogUnavailable(pub String);

pub type Lookup<'a> =
    Pin<Box<dyn Future<Output = Result<Option<ProductSummary>, CatalogUnavailable>> + 'a>>;

/// The questions catalog answers for other modules.
pub trait Catalog: 'static {
    /// The product with this id, or `None` when there is none.
    fn product(&self, id: i64) -> Lookup<'_>;
}

/// catalog over HTTP: `GET <base>/api/catalog/products/<id>/`.
pub struct HttpCatalog {
    base_url: String,
    client: awc::Client,
}

impl HttpCatalog {
    pub fn new(base_url: &str, connect_timeout: Duration, read_timeout: Duration) -> Self {
        let client = awc::Client::builder()
            .connector(awc::Connector::new().timeout(connect_timeout))
            .timeout(read_timeout)
            .disable_redirects()
            .finish();
        HttpCatalog {
            base_url: base_url.trim_end_matches('/').to_owned(),
            client,
        }
    }

    async fn fetch(&self, id: i64) -> Result<Option<ProductSummary>, CatalogUnavailable> {
        let unavailable = |e: &dyn std::fmt::Display| CatalogUnavailable(e.to_string());
        let url = format!("{}/api/catalog/products/{id}/", self.base_url);
        let mut request = self
            .client
            .get(&url)
            .insert_header(("Accept", "application/json"));
        // The request this lookup is made for: catalog's log lines name the same id.
        if let Some(id) = tessera_kernel::http::request_id::current() {
            request =
                request.insert_header((tessera_kernel::http::request_id::HEADER, id.as_str()));
        }
        let mut response = request.send().await.map_err(|e| unavailable(&e))?;
        match response.status().as_u16() {
            404 => Ok(None),
            200 => {
                let body: serde_json::Value = response.json().await.map_err(|e| unavailable(&e))?;
                let price = body["price"]
                    .as_str()
                    .and_then(Fixed::parse)
                    .ok_or_else(|| unavailable(&format!("unexpected body from {url}")))?;
                Ok(Some(ProductSummary { id, price }))
            }
            status => Err(unavailable(&format!("{url} answered {status}"))),
        }
    }
}

impl Catalog for HttpCatalog {
    fn product(&self, id: i64) -> Lookup<'_> {
        Box::pin(self.fetch(id))
    }
}

/// catalog is neither served here nor reachable anywhere configured.
pub struct NoCatalog;

impl Catalog for NoCatalog {
    fn product(&self, _id: i64) -> Lookup<'_> {
        Box::pin(std::future::ready(Err(CatalogUnavailable(
            "it is not served by this process and has no remote_url".into(),
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_from_the_wire() {
        let parse = Fixed::<2>::parse;
        assert_eq!(parse("19.99"), Some(Fixed(1999)));
        assert_eq!(parse("5.00"), Some(Fixed(500)));
        assert_eq!(parse("7"), Some(Fixed(700)));
        assert_eq!(
            parse("-0.50"),
            Some(Fixed(-50)),
            "the sign of a value under 1 is kept"
        );
        assert_eq!(parse("x"), None);
        assert_eq!(parse("1.234"), None);
    }
}
