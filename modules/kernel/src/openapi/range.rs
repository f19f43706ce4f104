//! A regular expression matching exactly the integers of a range, written without leading zeros: what an integer
//! field accepts as a digit string, for its request schema (`"9"` is no value of a 1..5 field).

/// `^(?:...)$` for the integers from `min` to `max`.
pub fn integer_pattern(min: i64, max: i64) -> String {
    let mut parts = Vec::new();
    if min < 0 {
        // The negative ones, as a minus and their magnitudes.
        let high = min.unsigned_abs();
        let low = if max < 0 { max.unsigned_abs() } else { 1 };
        for part in positive(low, high) {
            parts.push(format!("-{part}"));
        }
    }
    if min <= 0 && max >= 0 {
        parts.push("0".into());
    }
    if max > 0 {
        parts.extend(positive(min.max(1) as u64, max as u64));
    }
    format!("^(?:{})$", parts.join("|"))
}

/// Patterns for `low..=high` (both at least 1), one per run of numbers of one length whose digits vary in ranges.
fn positive(low: u64, high: u64) -> Vec<String> {
    let mut stops = vec![high];
    let mut nines = 1;
    loop {
        let stop = with_nines(low, nines);
        if stop < low || stop >= high {
            break;
        }
        stops.push(stop);
        nines += 1;
    }
    let mut zeros = 1;
    while let Some(stop) = with_zeros(high + 1, zeros).checked_sub(1) {
        if stop <= low || stop >= high {
            break;
        }
        stops.push(stop);
        zeros += 1;
    }
    stops.sort_unstable();
    stops.dedup();
    let mut start = low;
    let mut patterns = Vec::new();
    for stop in stops {
        patterns.push(digits_pattern(start, stop));
        start = stop + 1;
    }
    patterns
}

/// `n` with its last `count` digits made 9 (more than its digits: all of them and beyond).
fn with_nines(n: u64, count: u32) -> u64 {
    let unit = 10u64.saturating_pow(count);
    (n / unit).saturating_mul(unit).saturating_add(unit - 1)
}

/// `n` with its last `count` digits made 0.
fn with_zeros(n: u64, count: u32) -> u64 {
    let unit = 10u64.saturating_pow(count);
    n / unit * unit
}

/// `start..=stop`, two numbers of one length whose split makes each digit a range: `1[0-4][0-9]`.
fn digits_pattern(start: u64, stop: u64) -> String {
    let (a, b) = (start.to_string(), stop.to_string());
    let mut pattern = String::new();
    let mut any_digit = 0;
    for (x, y) in a.bytes().zip(b.bytes()) {
        if x == b'0' && y == b'9' {
            any_digit += 1;
            continue;
        }
        flush(&mut pattern, &mut any_digit);
        if x == y {
            pattern.push(x as char);
        } else {
            pattern.push_str(&format!("[{}-{}]", x as char, y as char));
        }
    }
    flush(&mut pattern, &mut any_digit);
    pattern
}

fn flush(pattern: &mut String, any_digit: &mut u32) {
    match *any_digit {
        0 => {}
        1 => pattern.push_str("[0-9]"),
        n => pattern.push_str(&format!("[0-9]{{{n}}}")),
    }
    *any_digit = 0;
}

#[cfg(test)]
mod tests {
    use super::integer_pattern;

    /// The pattern read back by a tiny matcher of its own shapes: alternatives of digits, `[a-b]` and `{n}`.
    fn matches(pattern: &str, text: &str) -> bool {
        let body = &pattern[4..pattern.len() - 2];
        body.split('|')
            .any(|alt| matches_one(alt.as_bytes(), text.as_bytes()))
    }

    fn matches_one(alt: &[u8], text: &[u8]) -> bool {
        let (mut i, mut t) = (0, 0);
        while i < alt.len() {
            let (lo, hi, next) = if alt[i] == b'[' {
                (alt[i + 1], alt[i + 3], i + 5)
            } else {
                (alt[i], alt[i], i + 1)
            };
            let (count, next) = if alt.get(next) == Some(&b'{') {
                let close = next + alt[next..].iter().position(|b| *b == b'}').unwrap();
                (
                    std::str::from_utf8(&alt[next + 1..close])
                        .unwrap()
                        .parse()
                        .unwrap(),
                    close + 1,
                )
            } else {
                (1, next)
            };
            for _ in 0..count {
                match text.get(t) {
                    Some(c) if (lo..=hi).contains(c) => t += 1,
                    _ => return false,
                }
            }
            i = next;
        }
        t == text.len()
    }

    #[test]
    fn exactly_the_range() {
        for (min, max) in [
            (1, 5),
            (0, 2_147_483_647),
            (-2_147_483_648, 2_147_483_647),
            (1, 1),
            (7, 1234),
            (-15, -3),
            (-3, 12),
        ] {
            let pattern = integer_pattern(min, max);
            let mut seed: u64 = 42;
            let random = (0..2000).map(move |_| {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                (seed >> 32) as i64 - (1 << 31) + ((seed >> 20) & 1) as i64
            });
            let probe: Vec<i64> = (-3000..3000)
                .chain([
                    min,
                    max,
                    min - 1,
                    max + 1,
                    99_999,
                    999_999_999,
                    1_000_000_000,
                    2_147_483_648,
                ])
                .chain(random)
                .collect();
            for n in probe {
                assert_eq!(
                    matches(&pattern, &n.to_string()),
                    (min..=max).contains(&n),
                    "{n} in {min}..={max}: {pattern}"
                );
            }
            assert!(!matches(&pattern, "007"), "{pattern}");
        }
        assert_eq!(integer_pattern(1, 5), "^(?:[1-5])$");
    }
}
