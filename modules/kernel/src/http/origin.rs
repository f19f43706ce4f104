//! The scheme and host that absolute URLs (API root, pagination links) are built on: the request's own, or those a
//! trusted proxy forwarded (`X-Forwarded-Proto`, `X-Forwarded-Host`), so that links point at the gateway.

use std::net::IpAddr;

use actix_web::http::header::HeaderMap;
use actix_web::{HttpMessage, HttpRequest};

/// Peers whose `X-Forwarded-*` headers are believed. Held as application data.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<IpAddr>);

impl TrustedProxies {
    fn trusts(&self, req: &HttpRequest) -> bool {
        req.peer_addr()
            .is_some_and(|peer| self.0.iter().any(|ip| *ip == peer.ip().to_canonical()))
    }
}

/// Whether the request's peer is one of the application's trusted proxies.
pub fn from_trusted_proxy(req: &HttpRequest) -> bool {
    req.app_data::<actix_web::web::Data<TrustedProxies>>()
        .is_some_and(|p| p.trusts(req))
}

/// `scheme://host` of the request as the client addressed it.
pub fn origin(req: &HttpRequest) -> String {
    let (scheme, host) = forwarded_origin(req);
    format!("{scheme}://{host}")
}

/// The scheme and host the client addressed: the request's own, or what a trusted proxy forwarded.
pub fn forwarded_origin(req: &HttpRequest) -> (String, String) {
    let trusted = from_trusted_proxy(req);
    let headers = req.headers();
    let forwarded = |name: &str| trusted.then(|| first_value(headers, name)).flatten();
    let scheme = forwarded("x-forwarded-proto")
        .filter(|s| s == "http" || s == "https")
        // Not `connection_info()`: it believes forwarding headers from any peer.
        .unwrap_or_else(|| {
            if req.app_config().secure() {
                "https"
            } else {
                "http"
            }
            .to_owned()
        });
    let host = forwarded("x-forwarded-host")
        .filter(|h| is_valid_host(h))
        .or_else(|| first_value(headers, "host").filter(|h| is_valid_host(h)))
        .unwrap_or_else(|| req.app_config().local_addr().to_string());
    (scheme, host)
}

/// The client's address. From a trusted proxy: the rightmost `X-Forwarded-For` entry that is not itself a trusted
/// proxy (what nginx's `real_ip_recursive` and Django's guidance take), since every proxy appends what it saw and a
/// client can only put entries in front; else the peer's.
pub fn client_ip(req: &HttpRequest) -> String {
    let peer = req.peer_addr().map(|a| a.ip().to_canonical());
    let Some(proxies) = req.app_data::<actix_web::web::Data<TrustedProxies>>() else {
        return peer.map(|ip| ip.to_string()).unwrap_or_default();
    };
    if !proxies.trusts(req) {
        return peer.map(|ip| ip.to_string()).unwrap_or_default();
    }
    let entries = forwarded_for(req.headers());
    rightmost_untrusted(&entries, &proxies.0)
        .or_else(|| peer.map(|ip| ip.to_string()))
        .unwrap_or_default()
}

/// Every `X-Forwarded-For` entry, in order, across all such headers.
pub fn forwarded_for(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The rightmost entry that is not a trusted proxy; the leftmost when every entry is one.
fn rightmost_untrusted(entries: &[String], trusted: &[IpAddr]) -> Option<String> {
    let is_trusted = |entry: &str| {
        entry
            .parse::<IpAddr>()
            .is_ok_and(|ip| trusted.contains(&ip.to_canonical()))
    };
    entries
        .iter()
        .rev()
        .find(|e| !is_trusted(e))
        .or_else(|| entries.first())
        .cloned()
}

/// The absolute URL of the request's path (as the client sent it), without the query.
pub fn absolute_path(req: &HttpRequest) -> String {
    let path = req
        .extensions()
        .get::<super::routes::OriginalPath>()
        .map(|p| p.0.clone())
        .unwrap_or_else(|| req.path().to_owned());
    format!("{}{}", origin(req), path)
}

fn first_value(headers: &HeaderMap, name: &str) -> Option<String> {
    let value = headers.get(name)?.to_str().ok()?;
    let first = value.split(',').next()?.trim();
    (!first.is_empty()).then(|| first.to_owned())
}

/// A host name, IPv4 or bracketed IPv6 address, with an optional port: nothing that could break a URL.
fn is_valid_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._:[]".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::{is_valid_host, rightmost_untrusted};

    #[test]
    fn the_client_is_the_rightmost_entry_no_trusted_proxy_wrote() {
        let trusted = ["127.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap()];
        let pick = |entries: &[&str]| {
            let entries: Vec<String> = entries.iter().map(|e| e.to_string()).collect();
            rightmost_untrusted(&entries, &trusted)
        };
        assert_eq!(
            pick(&["10.1.0.9", "203.0.113.7"]).as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(
            pick(&["1.2.3.4", "203.0.113.7", "10.0.0.2"]).as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(
            pick(&["127.0.0.1", "10.0.0.2"]).as_deref(),
            Some("127.0.0.1")
        );
        assert_eq!(pick(&[]), None);
    }

    #[test]
    fn hosts_that_cannot_break_a_url() {
        for ok in ["localhost", "127.0.0.1:8000", "[::1]:80", "api.example.com"] {
            assert!(is_valid_host(ok), "{ok}");
        }
        for bad in ["", "a b", "x/y", "evil.com?x", "a@b", "<script>"] {
            assert!(!is_valid_host(bad), "{bad}");
        }
    }
}
