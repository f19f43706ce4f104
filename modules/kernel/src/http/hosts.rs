//! Django's `ALLOWED_HOSTS`: a request whose `Host` (or, from a trusted proxy, `X-Forwarded-Host`) names no
//! allowed host gets `400 {"detail":"Invalid host header."}` before anything else sees it, so that no link the API
//! builds (the API root, pagination) can name a host an attacker chose.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::web::Data;
use actix_web::HttpRequest;

use super::origin::from_trusted_proxy;
use crate::render;

/// The host patterns a request may name: `example.com`, `.example.com` (it and its subdomains) or `*`.
/// Held as application data; without it every host is allowed.
#[derive(Debug, Clone, Default)]
pub struct AllowedHosts(pub Vec<String>);

impl AllowedHosts {
    /// Whether `host` (with or without a port) matches a pattern, as Django's `validate_host` decides.
    pub fn allows(&self, host: &str) -> bool {
        let Some(domain) = domain(host) else {
            return false;
        };
        self.0.iter().any(|pattern| {
            let pattern = pattern.to_ascii_lowercase();
            pattern == "*"
                || match pattern.strip_prefix('.') {
                    Some(parent) => domain == parent || domain.ends_with(&pattern),
                    None => domain == pattern,
                }
        })
    }
}

/// The host without its port, lowercased, without a trailing dot; `None` when it is no host name, IPv4 or
/// bracketed IPv6 address (Django's `split_domain_port`).
fn domain(host: &str) -> Option<String> {
    let host = host.to_ascii_lowercase();
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let (name, rest) = host.split_at(end + 1);
        let inner = &name[1..name.len() - 1];
        if !inner.contains(':')
            || !inner
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b":.".contains(&b))
        {
            return None;
        }
        (
            name.to_owned(),
            rest.strip_prefix(':')
                .map(str::to_owned)
                .or_else(|| (!rest.is_empty()).then(String::new)),
        )
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) => (name.to_owned(), Some(port.to_owned())),
            None => (host.clone(), None),
        }
    };
    if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    if !name.starts_with('[')
        && (name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-.".contains(&b)))
    {
        return None;
    }
    Some(name.strip_suffix('.').unwrap_or(&name).to_owned())
}

/// The host the request names: a trusted proxy's `X-Forwarded-Host`, else `Host`, else the URI's authority.
pub fn requested_host(req: &HttpRequest) -> Option<String> {
    let header = |name: &str| {
        req.headers().get(name).map(|v| {
            String::from_utf8_lossy(v.as_bytes())
                .split(',')
                .next()
                .unwrap_or("")
                .trim()
                .to_owned()
        })
    };
    if from_trusted_proxy(req) {
        if let Some(forwarded) = header("x-forwarded-host") {
            return Some(forwarded);
        }
    }
    header("host").or_else(|| req.uri().authority().map(|a| a.to_string()))
}

/// Middleware: refuses a request whose host is not allowed.
pub async fn check_host(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if let Some(allowed) = req.app_data::<Data<AllowedHosts>>() {
        let host = requested_host(req.request())
            .unwrap_or_else(|| req.request().app_config().local_addr().ip().to_string());
        if !allowed.allows(&host) {
            log::warn!("refused a request for host {host:?}: not in server.allowed_hosts");
            let response = render::json(
                StatusCode::BAD_REQUEST,
                &serde_json::json!({"detail": "Invalid host header."}),
            );
            return Ok(req.into_response(response).map_into_right_body());
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

#[cfg(test)]
mod tests {
    use super::AllowedHosts;

    #[test]
    fn django_allowed_hosts() {
        let hosts = AllowedHosts(vec![
            "localhost".into(),
            "127.0.0.1".into(),
            "[::1]".into(),
            ".example.com".into(),
        ]);
        for ok in [
            "localhost",
            "LOCALHOST:8000",
            "127.0.0.1:80",
            "[::1]:8000",
            "[::1]",
            "example.com",
            "api.example.com",
            "a.b.example.com.",
            "localhost.",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for bad in [
            "evil.com",
            "example.com.evil.com",
            "badexample.com",
            "",
            "localhost:x",
            "a b",
            "[::2]",
            "local host",
            "localhost:8000:1",
            "évil",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
        assert!(AllowedHosts(vec!["*".into()]).allows("anything.test:1"));
        assert!(!AllowedHosts(vec!["*".into()]).allows("bad/host"));
    }
}
