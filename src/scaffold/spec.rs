//! `--field name:type[:ARG][:RULE]...`: a field of a generated module, with the rules `#[field(..)]` takes.
//!
//! Types: `string[:N]` (255 by default), `text`, `int`, `bool`, `decimal:DIGITS,PLACES`, `datetime`, `date`,
//! `timestamp` (a datetime set on create, read-only), `fk:Model` (a foreign key to another model of the
//! module, deleted with its target) and `source:FK.FIELD` (read-only, the field of the row the foreign key `FK`
//! refers to). Rules: `null`, `blank`, `unique`, `optional`, `read_only`,
//! `auto_now`, `auto_now_add`, `default=V`, `min=N`, `max=N`, `choices=a|b|c`.

use super::kind::kind;
pub use super::kind::{is_identifier, is_model_name, Kind};

/// What `#[field(..)]` says besides the type.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rules {
    pub null: bool,
    pub blank: bool,
    pub unique: bool,
    pub optional: bool,
    pub read_only: bool,
    pub auto: Option<&'static str>,
    pub default: Option<String>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub choices: Vec<String>,
}

/// One `--field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: String,
    pub kind: Kind,
    pub rules: Rules,
}

impl std::str::FromStr for FieldSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let mut parts = text.split(':');
        let name = parts.next().unwrap_or("").to_owned();
        if !is_identifier(&name) {
            return Err(format!(
                "field \"{name}\": a field is a lowercase identifier other than id"
            ));
        }
        let fail = |why: String| format!("field \"{name}\": {why}");
        let ty = parts
            .next()
            .ok_or_else(|| fail("give a type: name:type".into()))?;
        let rest: Vec<&str> = parts.collect();
        let (kind, used_arg) = kind(ty, rest.first().copied()).map_err(fail)?;
        let mut rules = Rules::default();
        if ty == "timestamp" {
            rules.auto = Some("auto_now_add");
        }
        for rule in &rest[usize::from(used_arg)..] {
            let (key, value) = rule.split_once('=').unwrap_or((rule, ""));
            let int = |v: &str| {
                v.parse::<i64>()
                    .map_err(|_| fail(format!("{key}= takes an integer")))
            };
            match key {
                "null" => rules.null = true,
                "blank" => rules.blank = true,
                "unique" => rules.unique = true,
                "optional" => rules.optional = true,
                "read_only" => rules.read_only = true,
                "auto_now" => rules.auto = Some("auto_now"),
                "auto_now_add" => rules.auto = Some("auto_now_add"),
                "default" => rules.default = Some(value.to_owned()),
                "min" => rules.min = Some(int(value)?),
                "max" => rules.max = Some(int(value)?),
                "choices" => rules.choices = value.split('|').map(str::to_owned).collect(),
                other => return Err(fail(format!("unknown rule \"{other}\""))),
            }
        }
        let check = FieldSpec {
            name: name.clone(),
            kind,
            rules,
        };
        check.check().map_err(fail)?;
        Ok(check)
    }
}

impl FieldSpec {
    fn check(&self) -> Result<(), String> {
        let r = &self.rules;
        let text = matches!(self.kind, Kind::String(_) | Kind::Text);
        if (r.blank || !r.choices.is_empty()) && !text {
            return Err("blank and choices apply to string and text fields".into());
        }
        if (r.min.is_some() || r.max.is_some())
            && !matches!(self.kind, Kind::Int | Kind::Decimal(..))
        {
            return Err("min and max apply to int and decimal fields".into());
        }
        if r.auto.is_some() && self.kind != Kind::DateTime {
            return Err("auto_now and auto_now_add apply to datetime fields".into());
        }
        if matches!(self.kind, Kind::Source(..)) && *r != Rules::default() {
            return Err("a source field takes no rules".into());
        }
        if self.target().is_some() && (r.unique || r.read_only || r.default.is_some()) {
            return Err("a foreign key takes null and optional only".into());
        }
        if r.choices
            .iter()
            .any(|c| c.is_empty() || c.contains(['"', '\\']))
        {
            return Err("choices are non-empty values separated by |, without quotes".into());
        }
        if let Some(default) = &r.default {
            let ok = match &self.kind {
                Kind::String(_) | Kind::Text => r.choices.is_empty() || r.choices.contains(default),
                Kind::Int => default.parse::<i64>().is_ok(),
                Kind::Bool => default == "true" || default == "false",
                Kind::Decimal(..) => default.parse::<f64>().is_ok(),
                Kind::DateTime | Kind::Date | Kind::ForeignKey(_) | Kind::Source(..) => false,
            };
            if !ok {
                return Err(format!("default \"{default}\" does not fit the field"));
            }
        }
        let filled = r.default.is_some() || r.null || text;
        if r.optional && !filled {
            return Err(
                "an optional field needs a default, or :null to store NULL when it is left out"
                    .into(),
            );
        }
        Ok(())
    }

    /// Whether a create must give it.
    pub fn required(&self) -> bool {
        let r = &self.rules;
        self.writable()
            && !(r.read_only
                || r.auto.is_some()
                || r.default.is_some()
                || r.blank
                || r.null
                || r.optional)
    }

    /// Whether a client may send it.
    pub fn writable(&self) -> bool {
        !self.rules.read_only && self.rules.auto.is_none() && !matches!(self.kind, Kind::Source(..))
    }

    pub fn is_text(&self) -> bool {
        matches!(self.kind, Kind::String(_) | Kind::Text)
    }

    /// The model a foreign key refers to.
    pub fn target(&self) -> Option<&str> {
        match &self.kind {
            Kind::ForeignKey(model) => Some(model),
            _ => None,
        }
    }

    /// Its maximum length, for text with one.
    pub fn max_length(&self) -> Option<usize> {
        match self.kind {
            Kind::String(n) => Some(n),
            _ => None,
        }
    }
}

#[cfg(test)]
#[path = "spec_tests.rs"]
mod tests;
