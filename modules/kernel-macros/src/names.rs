//! The names Django and Django REST framework derive from a model's and a field's names.

/// `created_at` -> `Created at`: the field's verbose name (underscores as spaces), first letter capitalised, as
/// a ModelSerializer labels it. The primary key is `ID`.
pub fn label(field: &str) -> String {
    if field == "id" {
        return "ID".into();
    }
    capitalise(&field.replace('_', " "))
}

pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `ExampleModel` -> `["Example", "Model"]`.
fn words(camel: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in camel.chars() {
        match words.last_mut() {
            Some(word) if !c.is_uppercase() => word.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}

/// `ExampleModel` -> `example model`: Django's default verbose name.
pub fn verbose_name(model: &str) -> String {
    words(model)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `ExampleModel` -> `Example Model`: the viewset's name in OPTIONS metadata.
pub fn view_name(model: &str) -> String {
    words(model).join(" ")
}

/// `ExampleModel` -> `example_model`.
pub fn snake(model: &str) -> String {
    words(model)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// The default table: `<module>_<model>` as Django's `<app>_<model>`, the module named by its crate
/// (`tessera-tasks` -> `tasks`).
pub fn table(model: &str) -> String {
    let model = snake(model);
    match std::env::var("CARGO_PKG_NAME") {
        Ok(package) => match package.strip_prefix("tessera-") {
            Some(module) => format!("{}_{model}", module.replace('-', "_")),
            None => model,
        },
        Err(_) => model,
    }
}

/// `unit_price` -> `UNIT_PRICE`: the field's key constant.
pub fn constant(field: &str) -> String {
    field.to_uppercase()
}
