//! The generator's parsing and checks, and what it writes for a module of related models.

pub use super::model::check;
use super::*;

pub fn fields(list: &[&str]) -> Vec<FieldSpec> {
    list.iter().map(|f| f.parse().unwrap()).collect()
}

pub fn model(name: &str, list: &[&str]) -> ModelSpec {
    ModelSpec {
        name: Some(name.into()),
        fields: fields(list),
        ..ModelSpec::default()
    }
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
        (
            "spare_title:source:spare.title",
            "a foreign key that is not null",
        ),
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
