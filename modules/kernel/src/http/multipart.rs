//! `multipart/form-data` bodies, as Django REST framework's `MultiPartParser` reads their fields. File parts
//! (those with a `filename`) are left out: no resource has a file field.

use serde_json::{Map, Value};

use crate::error::ApiError;

/// The fields of a multipart body whose `Content-Type` is `content_type`.
pub fn parse(content_type: &str, body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    let boundary = parameter(content_type, "boundary")
        .filter(|b| !b.is_empty() && b.len() <= 70)
        .ok_or_else(|| {
            ApiError::MultipartParse(format!(
                "Invalid boundary in multipart: {}",
                parameter(content_type, "boundary").unwrap_or_else(|| "None".into())
            ))
        })?;
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut fields = Map::new();
    let mut rest = match find(body, delimiter) {
        Some(at) => &body[at + delimiter.len()..],
        None => return Err(truncated()),
    };
    loop {
        if rest.starts_with(b"--") {
            return Ok(fields);
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .ok_or_else(truncated)?;
        let end = find(rest, delimiter).ok_or_else(truncated)?;
        let part = &rest[..end];
        let part = part
            .strip_suffix(b"\r\n")
            .or_else(|| part.strip_suffix(b"\n"))
            .unwrap_or(part);
        if let Some((name, value)) = field(part)? {
            fields.insert(name, Value::String(value));
        }
        rest = &rest[end + delimiter.len()..];
    }
}

fn truncated() -> ApiError {
    ApiError::MultipartParse("The multipart body is truncated or has no closing boundary.".into())
}

/// A part's field name and text, or `None` for a file part.
fn field(part: &[u8]) -> Result<Option<(String, String)>, ApiError> {
    let (head, data) = match find(part, b"\r\n\r\n") {
        Some(at) => (&part[..at], &part[at + 4..]),
        None => match find(part, b"\n\n") {
            Some(at) => (&part[..at], &part[at + 2..]),
            None => return Err(truncated()),
        },
    };
    let head = String::from_utf8_lossy(head);
    let disposition = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-disposition")
                .then(|| value.trim().to_owned())
        })
        .ok_or_else(|| ApiError::MultipartParse("A part has no Content-Disposition.".into()))?;
    if parameter(&disposition, "filename").is_some() {
        return Ok(None);
    }
    let name = parameter(&disposition, "name")
        .ok_or_else(|| ApiError::MultipartParse("A part has no field name.".into()))?;
    let text = std::str::from_utf8(data).map_err(|e| {
        ApiError::MultipartParse(format!(
            "'utf-8' codec can't decode byte 0x{:02x} in position {}: invalid start byte",
            data[e.valid_up_to()],
            e.valid_up_to()
        ))
    })?;
    Ok(Some((name, text.to_owned())))
}

/// A `; key=value` parameter of a header value, unquoted.
fn parameter(header: &str, key: &str) -> Option<String> {
    header.split(';').skip(1).find_map(|piece| {
        let (name, value) = piece.split_once('=')?;
        name.trim().eq_ignore_ascii_case(key).then(|| {
            let value = value.trim();
            value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value)
                .to_owned()
        })
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_and_files_left_out() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nalpha\r\n--XyZ\r\n\
                    Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n\
                    data\r\n--XyZ\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nline 1\r\nline 2\r\n--XyZ--\r\n";
        let fields = parse("multipart/form-data; boundary=XyZ", body.as_bytes()).unwrap();
        assert_eq!(
            serde_json::to_string(&fields).unwrap(),
            r#"{"name":"alpha","description":"line 1\r\nline 2"}"#
        );
    }

    #[test]
    fn malformed_bodies_are_refused() {
        let message = |ct: &str, body: &str| match parse(ct, body.as_bytes()) {
            Err(e) => e.to_string(),
            Ok(f) => format!("{f:?}"),
        };
        assert_eq!(
            message("multipart/form-data", "x"),
            "Multipart form parse error - Invalid boundary in multipart: None"
        );
        assert!(message(
            "multipart/form-data; boundary=a",
            "--a\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv"
        )
        .contains("truncated"));
        assert!(message("multipart/form-data; boundary=a", "no delimiter").contains("truncated"));
    }
}
