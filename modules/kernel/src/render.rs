//! JSON bodies as Django REST framework's renderer writes them: compact, UTF-8 unescaped, except U+2028 and
//! U+2029, which it escapes so that the output is also valid JavaScript.

use actix_web::http::{header, StatusCode};
use actix_web::HttpResponse;
use serde::Serialize;

/// A response with `value` as its JSON body.
pub fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> HttpResponse {
    match to_json(value) {
        Ok(body) => HttpResponse::build(status)
            .insert_header((header::CONTENT_TYPE, "application/json"))
            .body(body),
        Err(e) => {
            let mut response = HttpResponse::InternalServerError()
                .insert_header((header::CONTENT_TYPE, "application/json"))
                .body(r#"{"detail":"A server error occurred."}"#);
            response
                .extensions_mut()
                .insert(crate::error::Cause(format!(
                    "cannot serialize a response: {e}"
                )));
            response
        }
    }
}

/// Serializes `value` compactly, escaping the two line separators that JSON allows but JavaScript does not.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let body = serde_json::to_vec(value)?;
    // U+2028 and U+2029 are encoded as E2 80 A8 / E2 80 A9.
    if !body.windows(2).any(|w| w == [0xE2, 0x80]) {
        return Ok(body);
    }
    let text = String::from_utf8(body).expect("serde_json writes UTF-8");
    Ok(text
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
        .into_bytes())
}

#[cfg(test)]
mod tests {
    use super::to_json;

    #[test]
    fn compact_unescaped_but_line_separators() {
        let body = to_json(&serde_json::json!({"a": "é ü", "b": "x\u{2028}y"})).unwrap();
        assert_eq!(
            String::from_utf8(body).unwrap(),
            "{\"a\":\"é ü\",\"b\":\"x\\u2028y\"}"
        );
    }
}
