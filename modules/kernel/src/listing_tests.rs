use diesel::Connection;

use super::*;
use crate::fields::Field;
use crate::resource::{FilterSpec, Pagination, SearchSpec};

const SPEC: ResourceSpec = ResourceSpec {
    model_name: "Thing",
    verbose_name: "thing",
    view_name: "Thing",
    table: "things",
    path: "",
    fields: &[
        Field::id(),
        Field::string("name", "Name", 10),
        Field::integer("stock", "Stock"),
        Field::new("active", "Active", FieldKind::Boolean),
        Field::new("made", "Made", FieldKind::Date),
    ],
    filters: &[
        FilterSpec {
            param: "name",
            path: "name",
            lookup: Lookup::Exact,
        },
        FilterSpec {
            param: "stock",
            path: "stock",
            lookup: Lookup::Exact,
        },
        FilterSpec {
            param: "stock__range",
            path: "stock",
            lookup: Lookup::Range,
        },
        FilterSpec {
            param: "active",
            path: "active",
            lookup: Lookup::Exact,
        },
        FilterSpec {
            param: "made__gte",
            path: "made",
            lookup: Lookup::Gte,
        },
    ],
    search: &[SearchSpec {
        path: "name",
        how: Match::Contains,
    }],
    ordering: &["id", "name"],
    pagination: Pagination::PageNumber,
    owner_field: None,
    kept_count: false,
    permission: None,
    actions: crate::resource::Actions::ALL,
};

fn query(qs: &str) -> Result<ListQuery, ApiError> {
    let mut conn = AnyConnection::Sqlite(diesel::SqliteConnection::establish(":memory:").unwrap());
    ListQuery::from_params(&SPEC, &QueryParams::parse(qs), &mut conn)
}

fn errors(qs: &str) -> String {
    match query(qs) {
        Err(ApiError::Validation(errors)) => serde_json::Value::Object(errors).to_string(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn ordering_keeps_declared_fields_and_ends_with_id() {
    let q = query("ordering=-name,bogus,,description").unwrap();
    assert_eq!(
        q.ordering,
        vec![
            Order {
                field: "name",
                descending: true
            },
            Order {
                field: "id",
                descending: false
            }
        ]
    );
    assert_eq!(query("ordering=-id,name").unwrap().ordering.len(), 2);
    assert_eq!(query("ordering=--name").unwrap().ordering[0].field, "id");
}

#[test]
fn filters_skip_empty_and_refuse_nul() {
    assert!(query("name=").unwrap().conditions.is_empty());
    let q = query("name=a&name=b").unwrap();
    assert_eq!(
        q.conditions[0].op,
        Op::Equals(Bound::Text(Some("b".into())))
    );
    assert_eq!(query("description=x").unwrap().conditions.len(), 0);
    assert!(matches!(query("name=a%00"), Err(ApiError::Validation(_))));
}

#[test]
fn filter_values_take_their_fields_kind_and_errors_come_in_declaration_order() {
    let q = query("stock=7.0&active=True&made__gte=2026-1-5").unwrap();
    assert_eq!(q.conditions[0].op, Op::Equals(Bound::Int(Some(7))));
    assert_eq!(q.conditions[1].op, Op::Equals(Bound::Bool(Some(true))));
    assert_eq!(
        q.conditions[2].op,
        Op::Compare(">=", Bound::Int(Some(20_458)))
    );
    assert_eq!(query("stock=7.5").unwrap().conditions[0].op, Op::Nothing);
    assert!(query("active=maybe").unwrap().conditions.is_empty());
    assert_eq!(
        errors("made__gte=2026&stock__range=1&name=a%00&stock=x"),
        r#"{"name":["Null characters are not allowed."],"stock":["Enter a number."],"stock__range":["Range query expects two values."],"made__gte":["Enter a valid date."]}"#
    );
    assert_eq!(
        query("stock__range=1,5").unwrap().conditions[0].op,
        Op::Between(Bound::Int(Some(1)), Bound::Int(Some(5)))
    );
    assert_eq!(
        query("stock__range=1,").unwrap().conditions[0].op,
        Op::Nothing
    );
}
