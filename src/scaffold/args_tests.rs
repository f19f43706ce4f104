//! `new-module`'s flags grouped by model, and `--filter`'s lookups checked.

use clap::Parser;

use super::super::tests::{check, fields, model};
use super::*;

#[derive(Debug, Parser)]
struct Command {
    #[command(flatten)]
    args: NewModuleArgs,
}

fn parse(line: &str) -> Result<NewModuleArgs, String> {
    let words = std::iter::once("new-module").chain(line.split(' '));
    Command::try_parse_from(words)
        .map(|c| c.args)
        .map_err(|e| e.to_string())
}

#[test]
fn flags_belong_to_the_model_before_them() {
    let args = parse(
        "shop --field title:string:80 --model Widget --filter title --model Part --field widget:fk:Widget \
         --field price:decimal:8,2 --filter price:gte,lte --filter widget --search sku --ordering price",
    )
    .unwrap();
    assert_eq!(args.name, "shop");
    let [widget, part] = &args.models[..] else {
        panic!("{args:?}")
    };
    assert_eq!(widget.name.as_deref(), Some("Widget"));
    assert_eq!(widget.fields, fields(&["title:string:80"]));
    assert_eq!(widget.filters.len(), 1);
    assert_eq!(
        part.fields,
        fields(&["widget:fk:Widget", "price:decimal:8,2"])
    );
    let filters: Vec<(&str, Vec<&str>)> = part
        .filters
        .iter()
        .map(|f| {
            (
                f.field.as_str(),
                f.lookups.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        filters,
        [("price", vec!["gte", "lte"]), ("widget", vec!["exact"])]
    );
    assert_eq!(
        (&part.search[..], &part.ordering[..]),
        (&["sku".to_owned()][..], &["price".to_owned()][..])
    );
    let single =
        parse("tasks --field title:text --filter title,done --ordering title,done").unwrap();
    assert_eq!(single.models.len(), 1);
    assert_eq!(single.models[0].name, None);
    assert_eq!(single.models[0].filters.len(), 2);
    assert_eq!(single.models[0].ordering, ["title", "done"]);
}

#[test]
fn lookups_are_checked() {
    let filters = |text: &str| text.parse::<Filters>().map(|f| f.0);
    let price = filters("price:gte,lte,range").unwrap();
    assert_eq!(price[0].lookups, ["gte", "lte", "range"]);
    assert!(filters("price:gte,above")
        .unwrap_err()
        .contains("unknown lookup \"above\""));
    assert!(filters("price,title:gte")
        .unwrap_err()
        .contains("names one field"));
    assert!(parse("x --field a:int --filter a:between").is_err());
    let mut widgets = vec![model("Widget", &["title:text", "active:bool", "due:date"])];
    for (bad, why) in [
        ("active:gte", "gte does not apply"),
        ("due:icontains", "icontains does not apply"),
        ("nope:exact", "no such field"),
    ] {
        widgets[0].filters = filters(bad).unwrap();
        let error = check("widgets", &widgets).unwrap_err();
        assert!(error.contains(why), "{bad}: {error}");
    }
}
