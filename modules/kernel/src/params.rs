//! Query strings read and written as Django does (`parse_qsl` with blank values kept, `urlencode` with
//! `quote_plus`), and integers read as Python's `int()` reads them.

/// The query string's pairs, decoded, in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryParams(Vec<(String, String)>);

impl QueryParams {
    pub fn parse(query: &str) -> Self {
        let pairs = query
            .split('&')
            .filter(|part| !part.is_empty())
            .map(|part| {
                let (key, value) = part.split_once('=').unwrap_or((part, ""));
                (decode(key), decode(value))
            })
            .collect();
        QueryParams(pairs)
    }

    /// The last value given for `key`, as Django's `QueryDict.get` returns it.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The query string with `key` set to `value` (or removed), sorted by key, each key's values in order.
    pub fn with(&self, key: &str, value: Option<&str>) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .0
            .iter()
            .filter(|(k, _)| k != key)
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        if let Some(value) = value {
            pairs.push((key, value));
        }
        // A stable sort keeps the values of one key in their order, as Python's sorted() over a dict does.
        pairs.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = String::new();
        for (k, v) in pairs {
            if !out.is_empty() {
                out.push('&');
            }
            encode_into(&mut out, k);
            out.push('=');
            encode_into(&mut out, v);
        }
        out
    }
}

/// Percent-decoding with `+` as space; invalid UTF-8 becomes U+FFFD, invalid escapes stay as they are.
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Python's `quote_plus`: letters, digits and `_.-~` stay, space becomes `+`, the rest is `%XX`.
fn encode_into(out: &mut String, s: &str) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
}

/// An integer as Python's `int()` reads a string: surrounding white space, an optional sign, ASCII digits with
/// single underscores between them. `None` where Python raises `ValueError`, or beyond `i64`.
pub fn parse_int(s: &str) -> Option<i64> {
    let s = s.trim();
    let (negative, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return None;
    }
    let cleaned: String = digits.chars().filter(|c| *c != '_').collect();
    let magnitude: i128 = cleaned.parse().ok()?;
    i64::try_from(if negative { -magnitude } else { magnitude }).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_parse_qsl_with_blank_values() {
        let q = QueryParams::parse("a=1&&b=&c&a=x+y%21&bad=%zz%4");
        assert_eq!(q.get("a"), Some("x y!"));
        assert_eq!(q.get("b"), Some(""));
        assert_eq!(q.get("c"), Some(""));
        assert_eq!(q.get("bad"), Some("%zz%4"));
        assert_eq!(q.get("missing"), None);
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        assert_eq!(QueryParams::parse("s=%FF").get("s"), Some("\u{FFFD}"));
    }

    #[test]
    fn rewrites_sorted_and_encoded() {
        let q = QueryParams::parse("search=a+b&page=2&ordering=-name&page_size=3&x=1&x=0");
        assert_eq!(
            q.with("page", Some("3")),
            "ordering=-name&page=3&page_size=3&search=a+b&x=1&x=0"
        );
        assert_eq!(
            q.with("page", None),
            "ordering=-name&page_size=3&search=a+b&x=1&x=0"
        );
        assert_eq!(
            QueryParams::parse("q=%C3%A9%2F%26").with("page", Some("2")),
            "page=2&q=%C3%A9%2F%26"
        );
    }

    #[test]
    fn integers_as_python_reads_them() {
        assert_eq!(parse_int("42"), Some(42));
        assert_eq!(parse_int(" 7 "), Some(7));
        assert_eq!(parse_int("+3"), Some(3));
        assert_eq!(parse_int("-3"), Some(-3));
        assert_eq!(parse_int("007"), Some(7));
        assert_eq!(parse_int("1_000"), Some(1000));
        for bad in [
            "",
            " ",
            "1.5",
            "abc",
            "1__0",
            "_1",
            "1_",
            "--1",
            "0x10",
            "1e3",
            "99999999999999999999",
        ] {
            assert_eq!(parse_int(bad), None, "{bad:?}");
        }
    }
}
