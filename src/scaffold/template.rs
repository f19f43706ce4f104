//! The generator's templates, kept as files beside it (`templates/`), filled in with `{{name}}` values and
//! `{{#flag}}...{{/flag}}` sections kept only when the flag is on.

use std::collections::BTreeMap;

/// Values and flags for one template.
#[derive(Debug, Default)]
pub struct Context {
    values: BTreeMap<&'static str, String>,
    flags: BTreeMap<&'static str, bool>,
}

impl Context {
    pub fn set(&mut self, name: &'static str, value: impl Into<String>) -> &mut Self {
        self.values.insert(name, value.into());
        self
    }

    pub fn flag(&mut self, name: &'static str, on: bool) -> &mut Self {
        self.flags.insert(name, on);
        self
    }
}

/// Fills `template`. A name or flag the context lacks is an error, so that a template and its generator cannot
/// drift apart silently.
pub fn fill(template: &str, context: &Context) -> Result<String, String> {
    let mut text = template.to_owned();
    for (flag, on) in &context.flags {
        let (open, close) = (format!("{{{{#{flag}}}}}"), format!("{{{{/{flag}}}}}"));
        while let Some(start) = text.find(&open) {
            let end = text[start..]
                .find(&close)
                .map(|i| start + i)
                .ok_or_else(|| format!("{open} is not closed"))?;
            let inner = text[start + open.len()..end].to_owned();
            let kept = if *on { inner } else { String::new() };
            text.replace_range(start..end + close.len(), &kept);
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find("}}")
            .ok_or("an unclosed {{ in a template")?;
        let name = &rest[start + 2..start + end];
        let value = context.values.get(name).ok_or_else(|| {
            format!("the template names {{{{{name}}}}}, which the generator does not give")
        })?;
        out.push_str(value);
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_sections() {
        let mut context = Context::default();
        context
            .set("name", "tasks")
            .flag("extra", false)
            .flag("main", true);
        let filled = fill(
            "a {{name}}{{#extra}} gone{{/extra}}{{#main}} kept{{/main}}",
            &context,
        );
        assert_eq!(filled.as_deref(), Ok("a tasks kept"));
        assert!(fill("{{missing}}", &context).is_err());
        assert!(fill("{{#main}} unclosed", &context).is_err());
    }
}
