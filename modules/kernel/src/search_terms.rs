//! `?search=` split into terms as Django REST framework splits it (`search_smart_split` over Django's
//! `smart_split`): on white space, keeping a quoted phrase together (quotes removed, `\"` unescaped), then on
//! commas outside quotes; NUL characters are dropped.

/// The terms of a search, in order; every one must match.
pub fn search_terms(raw: &str) -> Vec<String> {
    let raw = raw.replace('\0', "");
    let mut terms = Vec::new();
    for token in smart_split(&raw) {
        let token = token.trim_matches(',');
        let quoted = token.len() >= 2
            && (token.starts_with('"') || token.starts_with('\''))
            && token.as_bytes()[0] == token.as_bytes()[token.len() - 1];
        if quoted {
            terms.push(unescape(
                &token[1..token.len() - 1],
                token.as_bytes()[0] as char,
            ));
        } else {
            terms.extend(
                token
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned),
            );
        }
    }
    terms.retain(|t| !t.is_empty());
    terms
}

/// Django's `smart_split`: tokens separated by white space, where a quoted part (with backslash escapes) may
/// hold white space; an unclosed quote is an ordinary character.
fn smart_split(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() {
            if chars[i] == '"' || chars[i] == '\'' {
                match closing_quote(&chars, i) {
                    Some(end) => i = end + 1,
                    None => i += 1,
                }
            } else {
                i += 1;
            }
        }
        tokens.push(chars[start..i].iter().collect());
    }
    tokens
}

/// Where the quote opened at `open` closes, skipping backslash escapes.
fn closing_quote(chars: &[char], open: usize) -> Option<usize> {
    let quote = chars[open];
    let mut i = open + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            c if c == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Django's `unescape_string_literal` of a phrase's inside: `\"` and `\\` become `"` and `\`.
fn unescape(inner: &str, quote: char) -> String {
    inner
        .replace(&format!("\\{quote}"), &quote.to_string())
        .replace("\\\\", "\\")
}

#[cfg(test)]
mod tests {
    use super::search_terms;

    #[test]
    fn whitespace_commas_and_quoted_phrases() {
        assert_eq!(search_terms(" a,b  c\u{0}d ,"), vec!["a", "b", "cd"]);
        assert_eq!(
            search_terms(r#""the old man" sea"#),
            vec!["the old man", "sea"]
        );
        assert_eq!(
            search_terms(r#"'single quoted' x"#),
            vec!["single quoted", "x"]
        );
        // A phrase followed by more text is one token, which is not quoted as a whole: split on commas as is.
        assert_eq!(
            search_terms(r#"'single quoted',x"#),
            vec!["'single quoted'", "x"]
        );
        assert_eq!(
            search_terms(r#""a \"quoted\" word""#),
            vec![r#"a "quoted" word"#]
        );
        assert_eq!(
            search_terms(r#""unclosed phrase"#),
            vec![r#""unclosed"#, "phrase"]
        );
        assert_eq!(search_terms(r#"",a,""#), vec![",a,"]);
        assert!(search_terms("").is_empty());
        assert!(search_terms(" , ").is_empty());
    }
}
