//! Content negotiation and request bodies: `?format=` and `.json` suffixes, the `Accept` header (406), the body's
//! media type (415), its size (413) and its parsing (400), in the order Django REST framework checks them.

use actix_web::http::header;
use actix_web::{HttpMessage, HttpRequest};
use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::params::QueryParams;

/// The format a `.json`-style suffix asked for, set by the routing middleware.
#[derive(Debug, Clone)]
pub struct FormatSuffix(pub String);

pub use super::body::{read_body, BodyLimit};

/// 404 for a format other than JSON, then 406 when `Accept` admits no JSON.
pub fn negotiate(req: &HttpRequest) -> Result<(), ApiError> {
    let suffix = req.extensions().get::<FormatSuffix>().map(|f| f.0.clone());
    let format = suffix.or_else(|| {
        QueryParams::parse(req.query_string())
            .get("format")
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
    });
    if format.is_some_and(|f| f != "json") {
        return Err(ApiError::NotFound);
    }
    match req.headers().get(header::ACCEPT) {
        None => Ok(()),
        Some(accept) if accepts_json(accept.to_str().unwrap_or("")) => Ok(()),
        Some(_) => Err(ApiError::NotAcceptable),
    }
}

/// Whether any media range of an `Accept` value matches `application/json`.
fn accepts_json(accept: &str) -> bool {
    accept.split(',').any(|range| {
        let media = range
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let (main, sub) = media.split_once('/').unwrap_or((&media, ""));
        (main == "*" || main == "application") && (sub == "*" || sub == "json")
    })
}

/// The body as a JSON value: JSON or form data; an empty body is `{}`.
pub fn parse_body(req: &HttpRequest, body: &[u8]) -> Result<Value, ApiError> {
    if body.is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match media.as_str() {
        "application/json" => parse_json(body),
        "application/x-www-form-urlencoded" => {
            let text = String::from_utf8_lossy(body);
            let params = QueryParams::parse(&text);
            Ok(Value::Object(
                params
                    .pairs()
                    .map(|(k, v)| (k.to_owned(), Value::from(v)))
                    .collect(),
            ))
        }
        "multipart/form-data" => super::multipart::parse(&content_type, body).map(Value::Object),
        _ => Err(ApiError::UnsupportedMediaType(content_type)),
    }
}

fn parse_json(body: &[u8]) -> Result<Value, ApiError> {
    let text = std::str::from_utf8(body).map_err(|e| {
        ApiError::Parse(format!(
            "'utf-8' codec can't decode byte 0x{:02x} in position {}: invalid start byte",
            body[e.valid_up_to()],
            e.valid_up_to()
        ))
    })?;
    serde_json::from_str(text).map_err(|e| ApiError::Parse(python_json_error(text, &e)))
}

/// serde_json's error in the words of Python's `json` module, which DRF's message quotes.
fn python_json_error(text: &str, e: &serde_json::Error) -> String {
    let message = e.to_string();
    let what = if message.starts_with("trailing characters") {
        "Extra data"
    } else if message.starts_with("key must be a string") {
        "Expecting property name enclosed in double quotes"
    } else if message.starts_with("expected `:`") {
        "Expecting ':' delimiter"
    } else if message.starts_with("expected `,`")
        || message.starts_with("EOF while parsing a list")
        || message.starts_with("EOF while parsing an object")
    {
        "Expecting ',' delimiter"
    } else if message.starts_with("EOF while parsing a string") {
        "Unterminated string starting at"
    } else if message.starts_with("control character") {
        "Invalid control character at"
    } else {
        "Expecting value"
    };
    let (line, column) = (e.line().max(1), e.column().max(1));
    let offset: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(|l| l.chars().count())
        .sum::<usize>()
        + column
        - 1;
    format!("{what}: line {line} column {column} (char {offset})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_ranges() {
        for ok in [
            "*/*",
            "application/json",
            "application/*",
            "text/html, application/json;q=0.9",
            "APPLICATION/JSON; indent=4",
        ] {
            assert!(accepts_json(ok), "{ok}");
        }
        for refused in [
            "application/xml",
            "text/html",
            "",
            "text/*",
            "application/jsonx",
        ] {
            assert!(!accepts_json(refused), "{refused}");
        }
    }

    #[test]
    fn json_errors_read_like_python() {
        let err = |s: &str| match parse_json(s.as_bytes()) {
            Err(ApiError::Parse(m)) => m,
            other => panic!("{other:?}"),
        };
        assert!(err("{").starts_with("Expecting "), "{}", err("{"));
        assert!(err("{\"a\":1} x").starts_with("Extra data: line 1"));
        assert!(err("{'a':1}").starts_with("Expecting property name enclosed in double quotes"));
        assert_eq!(err("nope"), "Expecting value: line 1 column 2 (char 1)");
        assert!(parse_json(b"\xff").is_err());
    }
}
