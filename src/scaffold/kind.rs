//! A field's type as `--field` names it (`string:80`, `fk:Widget`), and the names it checks.

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    String(usize),
    Text,
    Int,
    Bool,
    Decimal(u32, u32),
    DateTime,
    Date,
    /// The model whose row's id the field holds.
    ForeignKey(String),
    /// A field of the row a foreign key of the model refers to, read-only: (foreign key, its target's field).
    Source(String, String),
}

const RESERVED: &[&str] = &[
    "id", "kernel", "api", "self", "super", "crate", "type", "fn", "mod", "struct", "enum", "impl",
    "use", "match", "loop", "move", "ref", "static", "const", "trait", "where", "async", "await",
    "dyn", "box", "in", "for", "if", "else", "while", "return", "let", "mut", "pub", "true",
    "false", "as", "break", "continue", "extern", "unsafe",
];

/// A lowercase Rust identifier that is no keyword (nor `id`, which every resource has).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !RESERVED.contains(&name)
        && name.len() <= 40
}

/// A CamelCase Rust type name: `Widget`, `OrderLine`.
pub fn is_model_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric())
        && name.len() <= 40
}

pub fn kind(ty: &str, arg: Option<&str>) -> Result<(Kind, bool), String> {
    let number = |text: &str| {
        text.parse::<u32>()
            .map_err(|_| format!("\"{text}\" is not a number"))
    };
    Ok(match (ty, arg) {
        ("string", Some(n)) if n.bytes().all(|b| b.is_ascii_digit()) => {
            let n = number(n)?;
            if n == 0 {
                return Err("string:N needs N > 0".into());
            }
            (Kind::String(n as usize), true)
        }
        ("string", _) => (Kind::String(255), false),
        ("text", _) => (Kind::Text, false),
        ("int" | "integer", _) => (Kind::Int, false),
        ("bool" | "boolean", _) => (Kind::Bool, false),
        ("decimal", Some(spec)) if spec.contains(',') => {
            let (digits, places) = spec.split_once(',').unwrap_or_default();
            let (digits, places) = (number(digits)?, number(places)?);
            if digits == 0 || digits > 18 || places > digits {
                return Err("decimal digits are 1 to 18, places at most the digits".into());
            }
            (Kind::Decimal(digits, places), true)
        }
        ("decimal", _) => return Err("decimal:DIGITS,PLACES".into()),
        ("datetime" | "timestamp", _) => (Kind::DateTime, false),
        ("date", _) => (Kind::Date, false),
        ("fk" | "foreign_key", Some(model)) if is_model_name(model) => {
            (Kind::ForeignKey(model.to_owned()), true)
        }
        ("fk" | "foreign_key", _) => return Err("fk:Model names a model in CamelCase".into()),
        ("source", Some(path)) => match path.split_once('.') {
            Some((fk, field)) if is_identifier(fk) && is_identifier(field) => {
                (Kind::Source(fk.to_owned(), field.to_owned()), true)
            }
            _ => return Err("source:FOREIGN_KEY.FIELD".into()),
        },
        ("source", None) => return Err("source:FOREIGN_KEY.FIELD".into()),
        (other, _) => {
            return Err(format!(
                "unknown type \"{other}\" (string:N, text, int, bool, decimal:D,P, datetime, date, timestamp, \
                 fk:Model, source:FK.FIELD)"
            ))
        }
    })
}
