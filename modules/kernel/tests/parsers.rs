//! Properties of the parsers that read untrusted input: query strings, integers, decimals and request bodies.
//! None may panic, and what they accept must round-trip.

use proptest::prelude::*;
use serde_json::Value;
use tessera_kernel::params::{parse_int, QueryParams};
use tessera_kernel::sql::contains_pattern;
use tessera_kernel::types::Fixed;
use tessera_kernel::validate::{validate, Mode};
use tessera_kernel::{ApiError, Field};

const FIELDS: &[Field] = &[
    Field::id(),
    Field::string("name", "Name", 100),
    Field::text("description", "Description"),
    Field::decimal("price", "Price", 10, 2).min_value(0),
    Field::integer("stock", "Stock").min_value(0),
    Field::choice("status", "Status", &[("a", "A"), ("b", "B")]),
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".*".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn integers_round_trip(n in any::<i64>(), pad in "[ \t]{0,3}") {
        prop_assert_eq!(parse_int(&format!("{pad}{n}{pad}")), Some(n));
    }

    #[test]
    fn integer_parsing_never_panics(s in ".*") {
        let _ = parse_int(&s);
    }

    #[test]
    fn query_values_round_trip_through_links(key in "[a-z]{1,8}", value in ".*", other in ".*") {
        let params = QueryParams::parse(&QueryParams::parse("").with("other", Some(&other)));
        let written = params.with(&key, Some(&value));
        let read = QueryParams::parse(&written);
        prop_assert_eq!(read.get(&key), Some(value.as_str()));
        if key != "other" {
            prop_assert_eq!(read.get("other"), Some(other.as_str()));
        }
    }

    #[test]
    fn query_parsing_never_panics(raw in ".*") {
        let params = QueryParams::parse(&raw);
        let _ = params.with("page", Some("2"));
    }

    #[test]
    fn validation_never_panics_and_reports_only_declared_fields(body in json_value(), partial in any::<bool>()) {
        let mode = if partial { Mode::Partial } else { Mode::Create };
        match validate(FIELDS, &body, mode) {
            Ok(_) => {}
            Err(ApiError::Validation(errors)) => {
                for key in errors.keys() {
                    prop_assert!(key == "non_field_errors" || FIELDS.iter().any(|f| f.name == key), "{}", key);
                }
            }
            Err(other) => prop_assert!(false, "unexpected {:?}", other),
        }
    }

    #[test]
    fn prices_round_trip(cents in 0i64..10_000_000_000) {
        let text = Fixed::<2>(cents).to_string();
        let body = serde_json::json!({"name": "n", "description": "d", "price": text, "stock": 1, "status": "a"});
        let valid = validate(FIELDS, &body, Mode::Create).unwrap();
        prop_assert_eq!(valid.value("price").and_then(Value::as_i64), Some(cents));
    }

    #[test]
    fn like_patterns_escape_every_wildcard(term in ".*") {
        let pattern = contains_pattern(&term);
        let inner = &pattern[1..pattern.len() - 1];
        let mut unescaped = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => unescaped.push(chars.next().expect("an escape is followed by its character")),
                '%' | '_' => prop_assert!(false, "unescaped wildcard in {}", pattern),
                c => unescaped.push(c),
            }
        }
        prop_assert_eq!(unescaped, term.to_ascii_lowercase());
    }
}
