//! `tessera new-module`'s arguments: each `--field`, `--filter`, `--search` and `--ordering` belongs to the
//! `--model` before it (those before the first `--model` to the first), so that one command declares several
//! models.

use clap::{ArgMatches, Args, FromArgMatches};

use super::filters::Filters;
use super::model::ModelSpec;
use super::spec::FieldSpec;

/// The flags as clap reads them, before they are grouped by model.
#[derive(Debug, Args)]
struct Flags {
    /// The module's name: its crate, its scope /api/<name>/ and its settings section.
    name: String,
    /// A model (CamelCase), repeated for a module of several: the --field, --filter, --search and --ordering
    /// after it are its own, and it is served at /api/<name>/<model>s/ (a module's only model at /api/<name>/).
    /// By default one model, the module's name in CamelCase without a plural s.
    #[arg(long = "model")]
    models: Vec<String>,
    /// A field as name:type[:ARG][:RULE]..., repeated. Types: string:N, text, int, bool, decimal:DIGITS,PLACES,
    /// datetime (ISO 8601), date (YYYY-MM-DD), timestamp (read-only, set on create), fk:Model (a foreign key to a
    /// model given before, deleted with it), source:FK.FIELD (read-only, a field of the row the fk FK refers to).
    /// Rules: null, blank, unique, optional, read_only, auto_now, auto_now_add, default=V, min=N, max=N, choices=a|b|c.
    #[arg(long = "field", required = true)]
    fields: Vec<FieldSpec>,
    /// Filters: fields matched exactly (title,status), or one field with django-filter's lookups
    /// (price:gte,lte,range): exact, in, gt, gte, lt, lte, range, icontains, istartswith, isnull.
    #[arg(long = "filter")]
    filters: Vec<Filters>,
    /// Text fields `?search=` looks in (comma-separated).
    #[arg(long, value_delimiter = ',')]
    search: Vec<String>,
    /// Fields `?ordering=` accepts (comma-separated; id is always one).
    #[arg(long, value_delimiter = ',')]
    ordering: Vec<String>,
    /// allow_any (default), authenticated, authenticated_or_read_only or staff_or_read_only.
    #[arg(long)]
    permission: Option<String>,
}

/// A module to generate: its name, its models and its permission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewModuleArgs {
    pub name: String,
    pub models: Vec<ModelSpec>,
    pub permission: Option<String>,
}

/// Each value of `id` with the index of the model it belongs to.
fn by_model<T: Clone + Send + Sync + 'static>(
    matches: &ArgMatches,
    id: &str,
    starts: &[usize],
) -> Vec<(usize, T)> {
    let values = matches.get_many::<T>(id).into_iter().flatten();
    let indices = matches.indices_of(id).into_iter().flatten();
    values
        .zip(indices)
        .map(|(value, at)| {
            let model = starts.iter().filter(|&&start| start < at).count();
            (model.saturating_sub(1), value.clone())
        })
        .collect()
}

impl FromArgMatches for NewModuleArgs {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let flags = Flags::from_arg_matches(matches)?;
        let starts: Vec<usize> = matches.indices_of("models").into_iter().flatten().collect();
        let mut models: Vec<ModelSpec> = if flags.models.is_empty() {
            vec![ModelSpec::default()]
        } else {
            flags
                .models
                .iter()
                .map(|name| ModelSpec {
                    name: Some(name.clone()),
                    ..ModelSpec::default()
                })
                .collect()
        };
        for (i, field) in by_model::<FieldSpec>(matches, "fields", &starts) {
            models[i].fields.push(field);
        }
        for (i, filters) in by_model::<Filters>(matches, "filters", &starts) {
            models[i].filters.extend(filters.0);
        }
        for (i, name) in by_model::<String>(matches, "search", &starts) {
            models[i].search.push(name);
        }
        for (i, name) in by_model::<String>(matches, "ordering", &starts) {
            models[i].ordering.push(name);
        }
        Ok(NewModuleArgs {
            name: flags.name,
            models,
            permission: flags.permission,
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for NewModuleArgs {
    fn augment_args(command: clap::Command) -> clap::Command {
        Flags::augment_args(command)
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        Flags::augment_args_for_update(command)
    }
}

#[cfg(test)]
#[path = "args_tests.rs"]
mod tests;
