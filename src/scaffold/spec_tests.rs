//! `--field`'s types and rules, and the combinations refused.

use super::*;

#[test]
fn types_and_rules() {
    let title: FieldSpec = "title:string:80:unique".parse().unwrap();
    assert_eq!((title.kind, title.rules.unique), (Kind::String(80), true));
    let priority: FieldSpec = "priority:int:min=1:max=5:default=3".parse().unwrap();
    assert_eq!((priority.rules.min, priority.rules.max), (Some(1), Some(5)));
    assert!(!priority.required());
    let due: FieldSpec = "due:datetime:null".parse().unwrap();
    assert!(due.rules.null && !due.required());
    let made: FieldSpec = "made_at:timestamp".parse().unwrap();
    assert_eq!(made.rules.auto, Some("auto_now_add"));
    assert!(!made.writable());
    let status: FieldSpec = "status:string:16:choices=new|done:default=new"
        .parse()
        .unwrap();
    assert_eq!(status.rules.choices, ["new", "done"]);
    assert_eq!(
        "price:decimal:10,2".parse::<FieldSpec>().unwrap().kind,
        Kind::Decimal(10, 2)
    );
    assert_eq!(
        "notes:text:blank".parse::<FieldSpec>().unwrap().kind,
        Kind::Text
    );
    let published: FieldSpec = "published:date".parse().unwrap();
    assert_eq!(published.kind, Kind::Date);
    let widget: FieldSpec = "widget:fk:Widget".parse().unwrap();
    assert_eq!(widget.target(), Some("Widget"));
    assert!(widget.required());
    assert!(
        "owner:fk:Widget:null"
            .parse::<FieldSpec>()
            .unwrap()
            .rules
            .null
    );
    for bad in [
        "Title:text",
        "id:int",
        "x:float",
        "p:decimal:10",
        "s:string:0",
        "fn:text",
        "n:int:blank",
        "t:text:min=1",
        "d:bool:default=maybe",
        "s:string:8:choices=a|b:default=c",
        "n:int:optional",
        "w:int:wat",
        "d:date:default=2026-01-31",
        "d:date:auto_now",
        "w:fk",
        "w:fk:widget",
        "w:fk:Widget:unique",
        "w:fk:Widget:default=1",
    ] {
        assert!(bad.parse::<FieldSpec>().is_err(), "{bad}");
    }
}
