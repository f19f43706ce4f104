//! The generator's parsing and checks, and what it writes for a module of related models.

use clap::Parser;

use super::model::check;
use super::*;

fn fields(list: &[&str]) -> Vec<FieldSpec> {
    list.iter().map(|f| f.parse().unwrap()).collect()
}

fn model(name: &str, list: &[&str]) -> ModelSpec {
    ModelSpec {
        name: Some(name.into()),
        fields: fields(list),
        ..ModelSpec::default()
    }
}

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
fn names_that_exist_or_are_not_identifiers_are_refused() {
    let dir = std::env::temp_dir().join(format!("tessera-scaffold-{}", std::process::id()));
    let one = vec![model("Thing", &["a:text"])];
    for bad in ["catalog", "Bad", "9lives", "with-dash", "self", ""] {
        assert!(new_module(&dir, bad, &one, None).is_err(), "{bad}");
    }
    assert!(new_module(&dir, "fine", &[model("Thing", &[])], None).is_err());
    assert!(new_module(&dir, "fine", &one, Some("everyone")).is_err());
    let mut searched = one.clone();
    searched[0].search = vec!["nope".into()];
    assert!(new_module(&dir, "fine", &searched, None).is_err());
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

#[test]
fn a_foreign_key_names_a_model_declared_before() {
    let parent = model("Widget", &["title:text"]);
    let child = model("Part", &["widget:fk:Widget"]);
    assert!(check("shop", &[parent.clone(), child.clone()]).is_ok());
    let error = check("shop", &[child.clone(), parent.clone()]).unwrap_err();
    assert!(
        error.contains("fk:Widget names no model declared before Part"),
        "{error}"
    );
    let own = model("Part", &["name:text", "parent:fk:Part:null"]);
    assert!(check("shop", &[own]).is_err());
    assert!(check("shop", &[parent.clone(), parent.clone()])
        .unwrap_err()
        .contains("declared twice"));
    assert!(check("shop", &[model("widget", &["a:text"])]).is_err());
    let paths: Vec<String> = check("shop", &[parent, child])
        .unwrap()
        .into_iter()
        .map(|m| m.path)
        .collect();
    assert_eq!(paths, ["widgets", "parts"]);
}

#[test]
fn the_declaration_says_each_rule_once() {
    let specs = vec![ModelSpec {
        name: Some("Task".into()),
        fields: fields(&[
            "title:string:200:unique",
            "notes:text:blank",
            "done:bool:default=false",
            "due:datetime:null",
            "priority:int:min=1:max=5:default=3",
            "status:string:16:choices=open|closed:default=open",
            "started:date",
        ]),
        filters: "priority:gte,range".parse::<Filters>().unwrap().0,
        ..ModelSpec::default()
    }];
    let models = check("tasks", &specs).unwrap();
    let lib = declaration::lib_rs("tasks", &models, "AllowAny").unwrap();
    assert!(
        lib.contains("#[field(max_length = 200, unique)]\n    pub title: String,"),
        "{lib}"
    );
    assert!(lib.contains("#[field(blank)]\n    pub notes: String,"));
    assert!(lib.contains("#[field(default = false)]\n    pub done: bool,"));
    assert!(lib.contains("    pub due: Option<Timestamp>,"));
    assert!(lib.contains("    pub started: Date,"));
    assert!(lib.contains("#[field(min = 1, max = 5, default = 3)]\n    pub priority: i64,"));
    assert!(lib.contains("choices = STATUS_CHOICES, default = \"open\")]"));
    assert!(lib.contains("#[resource(filter(priority(gte, range)))]"));
    assert!(lib.contains("pub const STATUS_CHOICES: &[(&str, &str)] = &[(\"open\", \"Open\"), (\"closed\", \"Closed\")];"));
    let test = test_file::test_rs("tasks", &models).unwrap();
    assert!(
        test.contains(r#"const REQUIRED: &[&str] = &["title", "started"];"#),
        "{test}"
    );
    assert!(test.contains(r#"const NULLABLE: &[&str] = &["due"];"#));
    assert!(
        test.contains(r##"("priority", r#"6"#, "Ensure this value is less than or equal to 5.")"##)
    );
    assert!(test.contains(r#"("title", "task with this title already exists.")"#));
    assert!(test.contains(r#"("priority__gte", "{second}", false, true)"#));
    assert!(test.contains(r#"("priority__range", "{first},{first}", true, false)"#));
    assert!(test.contains(r#"("priority__range", "x,x", "Enter a number.")"#));
    assert!(test.contains(r##"("started", r#""yesterday""#, "Date has wrong format."##));
}

#[test]
fn a_foreign_key_is_declared_and_tested_through_its_target() {
    let specs = [
        model(
            "Widget",
            &["title:string:80:unique", "status:string:8:choices=a|b"],
        ),
        model(
            "Part",
            &[
                "widget:fk:Widget",
                "spare:fk:Widget:null",
                "sku:text",
                "widget_title:source:widget.title",
                "spare_status:source:spare.status",
            ],
        ),
    ];
    let models = check("shop", &specs).unwrap();
    let lib = declaration::lib_rs("shop", &models, "AllowAny").unwrap();
    assert!(
        lib.contains("#[field(foreign_key = Widget)]\n    pub widget: i64,"),
        "{lib}"
    );
    assert!(lib.contains("#[field(foreign_key = Widget)]\n    pub spare: Option<i64>,"));
    assert!(lib.contains("choices = WIDGET_STATUS_CHOICES"));
    assert!(lib.contains("#[resource(path = \"parts\")]"));
    assert!(lib.contains("resources: [Widget, Part],"));
    assert!(lib.contains("#[field(source = \"widget.title\")]\n    pub widget_title: String,"));
    assert!(
        lib.contains("#[field(source = \"spare.status\")]\n    pub spare_status: Option<String>,")
    );
    let test = test_file::test_rs("shop", &models).unwrap();
    assert!(
        test.contains("pub const LIST: &str = \"/api/shop/parts/\";"),
        "{test}"
    );
    assert!(test.contains(
        r##"("widget", r#""abc""#, "Incorrect type. Expected pk value, received str.")"##
    ));
    assert!(test.contains(
        r##"("widget", r#"999999"#, "Invalid pk \"999999\" - object does not exist.")"##
    ));
    assert!(test.contains(r#"const PARENTS: &[(&str, &str)] = &[("widget", super::widget::LIST), ("spare", super::widget::LIST)];"#));
    assert_eq!(
        test.matches("super::widget::row(app, second, rows)")
            .count(),
        2
    );
    assert!(test.contains(r#"stored.insert("widget_title".into(), row["title"].clone());"#));
    assert!(test.contains(r#"const REQUIRED: &[&str] = &["widget", "sku"];"#));
    assert!(!test.contains("{{"), "every value filled");
    for (bad, why) in [
        ("sku_title:source:sku.title", "sku is no fk field"),
        ("widget_name:source:widget.name", "has no field name"),
        ("widget_title:source:widget", "source:FOREIGN_KEY.FIELD"),
        ("widget_title:source:widget.title:unique", "takes no rules"),
    ] {
        let mut broken = specs.clone();
        broken[1]
            .fields
            .retain(|f| !matches!(f.kind, spec::Kind::Source(..)));
        let error = match bad.parse::<FieldSpec>() {
            Ok(field) => {
                broken[1].fields.push(field);
                check("shop", &broken).unwrap_err()
            }
            Err(error) => error,
        };
        assert!(error.contains(why), "{bad}: {error}");
    }
}
