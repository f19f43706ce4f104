//! Reading a decimal as Python's `Decimal` does and checking it as DRF's `DecimalField` does: digits in total,
//! decimal places, digits before the point. The result is the value scaled to the field's places.

/// Parses `text` (already trimmed) into `value × 10^places`, or returns DRF's message.
pub fn parse_scaled(text: &str, max_digits: u32, places: u32) -> Result<i64, String> {
    const INVALID: &str = "A valid number is required.";
    if text.len() > 1000 {
        return Err("String value too large.".into());
    }
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => {
            let exp: i64 = unsigned[i + 1..].parse().map_err(|_| INVALID.to_owned())?;
            (&unsigned[..i], exp)
        }
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
        return Err(INVALID.into());
    }
    // Python's Decimal: coefficient digits without leading zeros (at least one), and an exponent.
    let digits = format!("{whole}{fraction}");
    let coefficient = digits.trim_start_matches('0');
    let coefficient = if coefficient.is_empty() {
        "0"
    } else {
        coefficient
    };
    let exponent = exponent - fraction.len() as i64;
    let count = coefficient.len() as i64;
    let (total, whole_digits, decimal_places) = if exponent >= 0 {
        (count + exponent, count + exponent, 0)
    } else if count > -exponent {
        (count, count + exponent, -exponent)
    } else {
        (-exponent, 0, -exponent)
    };
    if total > i64::from(max_digits) {
        return Err(format!(
            "Ensure that there are no more than {max_digits} digits in total."
        ));
    }
    if decimal_places > i64::from(places) {
        return Err(format!(
            "Ensure that there are no more than {places} decimal places."
        ));
    }
    let max_whole = i64::from(max_digits) - i64::from(places);
    if whole_digits > max_whole {
        return Err(format!(
            "Ensure that there are no more than {max_whole} digits before the decimal point."
        ));
    }
    // At most max_digits (< 19) digits: the scaled value fits an i64.
    let shift = u32::try_from(exponent + i64::from(places)).map_err(|_| INVALID.to_owned())?;
    let magnitude: i64 =
        coefficient.parse::<i64>().map_err(|_| INVALID.to_owned())? * 10i64.pow(shift);
    Ok(if negative { -magnitude } else { magnitude })
}

/// How a number between two values at a scale is taken: not at all, or as the one below or above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    Exact,
    Floor,
    Ceiling,
}

/// A number as Python's `Decimal` reads it (sign, digits, a fraction, an exponent), as `value × 10^places`: `Err`
/// when it is not a number, `Ok(None)` when it is out of range or, with [`Rounding::Exact`], when no value at that
/// scale equals it (`7.5` for an integer). Filters compare with it: `10` and `10.00` are the same price, and
/// comparisons with `7.5` on an integer are comparisons with 7 (`<=`, `>`: [`Rounding::Floor`]) or 8 (`>=`, `<`).
pub fn scaled(text: &str, places: u32, rounding: Rounding) -> Result<Option<i64>, ()> {
    let text = text.trim();
    if text.is_empty() || text.len() > 1000 {
        return Err(());
    }
    let (negative, unsigned) = match text.as_bytes()[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (
            &unsigned[..i],
            unsigned[i + 1..].parse::<i64>().map_err(|_| ())?,
        ),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
        return Err(());
    }
    let digits = format!("{whole}{fraction}");
    let significant = digits.trim_start_matches('0');
    let trimmed = significant.trim_end_matches('0');
    if trimmed.is_empty() {
        return Ok(Some(0));
    }
    let shift = exponent - fraction.len() as i64
        + (significant.len() - trimmed.len()) as i64
        + i64::from(places);
    if shift < 0 && rounding != Rounding::Exact {
        // Digits below the scale (never all zeros: `trimmed` ends in one that is not) are dropped, and the
        // value is moved one step towards the side asked for.
        let kept = trimmed.len().saturating_sub(shift.unsigned_abs() as usize);
        let Some(whole) = (if kept == 0 {
            Some(0)
        } else {
            trimmed[..kept].parse::<i64>().ok()
        }) else {
            return Ok(None);
        };
        let up = (rounding == Rounding::Ceiling) != negative;
        let magnitude = if up {
            whole.checked_add(1)
        } else {
            Some(whole)
        };
        return Ok(magnitude.map(|m| if negative { -m } else { m }));
    }
    if !(0..=18).contains(&shift) || trimmed.len() > 18 {
        return Ok(None);
    }
    let magnitude = trimmed
        .parse::<i64>()
        .ok()
        .and_then(|m| m.checked_mul(10i64.pow(shift as u32)));
    Ok(magnitude.map(|m| if negative { -m } else { m }))
}

#[cfg(test)]
mod tests {
    use super::{parse_scaled, scaled, Rounding};

    #[test]
    fn values_between_two_at_a_scale_round_as_asked() {
        assert_eq!(scaled("183.5", 0, Rounding::Floor), Ok(Some(183)));
        assert_eq!(scaled("183.5", 0, Rounding::Ceiling), Ok(Some(184)));
        assert_eq!(scaled("-1.5", 0, Rounding::Floor), Ok(Some(-2)));
        assert_eq!(scaled("-1.5", 0, Rounding::Ceiling), Ok(Some(-1)));
        assert_eq!(scaled("9.999", 2, Rounding::Ceiling), Ok(Some(1000)));
        assert_eq!(scaled("0.001", 2, Rounding::Floor), Ok(Some(0)));
        assert_eq!(scaled("0.001", 2, Rounding::Ceiling), Ok(Some(1)));
        assert_eq!(scaled("-0.001", 2, Rounding::Floor), Ok(Some(-1)));
        assert_eq!(
            scaled("12.50", 2, Rounding::Floor),
            Ok(Some(1250)),
            "exact values stay"
        );
        assert_eq!(scaled("7.5", 0, Rounding::Exact), Ok(None));
    }

    fn parse(s: &str) -> Result<i64, String> {
        parse_scaled(s, 10, 2)
    }

    #[test]
    fn accepted_values_are_scaled() {
        assert_eq!(parse("19.99"), Ok(1999));
        assert_eq!(parse("5"), Ok(500));
        assert_eq!(parse("007.5"), Ok(750));
        assert_eq!(parse("0.00"), Ok(0));
        assert_eq!(parse("-1.5"), Ok(-150));
        assert_eq!(parse("1e3"), Ok(100_000));
        assert_eq!(parse(".5"), Ok(50));
        assert_eq!(parse("12345678.99"), Ok(1_234_567_899));
    }

    #[test]
    fn exact_values_at_a_scale() {
        assert_eq!(scaled("7.0", 0, Rounding::Exact), Ok(Some(7)));
        assert_eq!(scaled("7.5", 0, Rounding::Exact), Ok(None));
        assert_eq!(scaled("10", 2, Rounding::Exact), Ok(Some(1000)));
        assert_eq!(scaled("-1e1", 2, Rounding::Exact), Ok(Some(-1000)));
        assert_eq!(scaled("0.00", 0, Rounding::Exact), Ok(Some(0)));
        assert_eq!(scaled("1.239", 2, Rounding::Exact), Ok(None));
        assert_eq!(scaled("99999999999999999999", 0, Rounding::Exact), Ok(None));
        for bad in ["", "x", "1.2.3", "1e", "--1", ".", "e5"] {
            assert_eq!(
                super::scaled(bad, 2, super::Rounding::Floor),
                Err(()),
                "{bad}"
            );
            assert_eq!(scaled(bad, 2, Rounding::Exact), Err(()), "{bad}");
        }
    }

    #[test]
    fn drf_messages() {
        for bad in ["abc", "", "1.2.3", "NaN", "Infinity", "1e", "--1", "1,5"] {
            assert_eq!(
                parse(bad),
                Err("A valid number is required.".into()),
                "{bad}"
            );
        }
        assert_eq!(
            parse("1.234"),
            Err("Ensure that there are no more than 2 decimal places.".into())
        );
        assert_eq!(
            parse("12345678901"),
            Err("Ensure that there are no more than 10 digits in total.".into())
        );
        assert_eq!(
            parse("123456789.5"),
            Err("Ensure that there are no more than 8 digits before the decimal point.".into())
        );
        assert_eq!(
            parse("0.001"),
            Err("Ensure that there are no more than 2 decimal places.".into())
        );
    }
}
