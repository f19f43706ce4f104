//! A module's tables as its declarations define them, in a form kept beside its migrations
//! (`migrations/<module>/schema.json`) and compared, as Django's `makemigrations` compares models with the state
//! its migrations produce.

use serde::{Deserialize, Serialize};

use crate::fields::{Default, Field, FieldKind, INT_MAX, INT_MIN};
use crate::resource::ResourceSpec;

/// The version of what the kernel derives beside a table's columns (the count triggers, the search index). A
/// table made by an older version has a lower number, and `makemigrations` remakes on each backend what changed
/// there since:
/// 1. PostgreSQL's count spread over 16 rows: one row serialized every insert's commit behind the one before
///    (2,600 against 9,540 creates a second with `fsync` on).
/// 2. MySQL's search index, a trigram side table kept by triggers: a search read the whole table (4.8 against
///    891 requests a second at 300,000 rows and 1,000).
pub const MACHINERY: u32 = 2;

/// Every table of a module, in declaration order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleState {
    pub tables: Vec<TableState>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableState {
    pub name: String,
    pub columns: Vec<ColumnState>,
    /// Indexes for filter, ordering and owner fields (a unique column has its constraint's).
    #[serde(default)]
    pub indexes: Vec<IndexState>,
    /// Whether triggers keep the row count in `<table>_count`.
    #[serde(default)]
    pub counted: bool,
    /// The version of the machinery ([`MACHINERY`]) the table's count and search index were made by.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub machinery: u32,
    /// The columns of the trigram index `?search=` pre-filters with ([`crate::search_index`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub search: Vec<String>,
}

/// How a column stores its values: every backend stores integers, decimals (scaled) and moments
/// (microseconds) as `BIGINT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// The primary key, assigned by the database and never reused.
    Id,
    Integer,
    Text,
    Boolean,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultState {
    Text(String),
    Integer(i64),
    Boolean(bool),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnState {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ColumnType,
    /// For text: `VARCHAR(n)`; without it, unbounded text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<DefaultState>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    /// `CHECK` bounds, in stored units (a decimal's scaled value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// A foreign key: the table whose id the column holds; deleting that row deletes this one (`CASCADE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub references: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexState {
    pub name: String,
    pub column: String,
    /// An ordering field's: MySQL reads a descending order (ties by id ascending) only from an index of that
    /// direction, so it gets a second one, `(column DESC, id)`, named `<name>_desc`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub ordered: bool,
}

fn is_false(flag: &bool) -> bool {
    !flag
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl ModuleState {
    /// The state the declarations define.
    pub fn declared(specs: &[&ResourceSpec]) -> Self {
        ModuleState {
            tables: specs
                .iter()
                .map(|spec| TableState::declared(spec))
                .collect(),
        }
    }

    pub fn table(&self, name: &str) -> Option<&TableState> {
        self.tables.iter().find(|t| t.name == name)
    }
}

impl TableState {
    /// The table of a resource: a column for each stored field (not related fields or counts), an index for
    /// each field filtered (or filtered through, as `author` of `author__country`) or ordered by, and for the
    /// owner and every foreign key, and the search index's columns.
    pub fn declared(spec: &ResourceSpec) -> Self {
        let filtered = |f: &Field| {
            spec.filters
                .iter()
                .any(|filter| filter.path.split("__").next() == Some(f.name))
        };
        let ordered = |f: &Field| spec.ordering.contains(&f.name);
        let indexes = spec
            .fields
            .iter()
            .filter(|f| f.source.is_column() && !f.primary_key && !f.unique)
            .filter(|f| f.owner || f.source.target().is_some() || filtered(f) || ordered(f))
            .map(|f| IndexState {
                name: format!("{}_{}", spec.table, f.name),
                column: f.column_name().to_owned(),
                ordered: ordered(f),
            })
            .collect();
        let search: Vec<String> = crate::search_index::indexed_columns(spec)
            .into_iter()
            .map(str::to_owned)
            .collect();
        TableState {
            name: spec.table.to_owned(),
            columns: spec
                .fields
                .iter()
                .filter(|f| f.source.is_column())
                .map(ColumnState::declared)
                .collect(),
            indexes,
            counted: spec.kept_count,
            // A table with neither keeps no machinery to remake.
            machinery: if spec.kept_count || !search.is_empty() {
                MACHINERY
            } else {
                0
            },
            search,
        }
    }

    pub fn column(&self, name: &str) -> Option<&ColumnState> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn id_column(&self) -> &str {
        self.columns
            .iter()
            .find(|c| c.kind == ColumnType::Id)
            .map_or("id", |c| c.name.as_str())
    }
}

impl ColumnState {
    pub fn declared(field: &Field) -> Self {
        let (kind, scale) = match field.kind {
            _ if field.primary_key => (ColumnType::Id, 1),
            FieldKind::String | FieldKind::Choice(_) => (ColumnType::Text, 1),
            FieldKind::Boolean => (ColumnType::Boolean, 1),
            FieldKind::Decimal { places, .. } => (ColumnType::Integer, 10i64.pow(places)),
            FieldKind::Integer | FieldKind::DateTime | FieldKind::Date | FieldKind::Relation => {
                (ColumnType::Integer, 1)
            }
        };
        // Django's default integer bounds are validation only; a bound the declaration sets is a CHECK.
        let bound = |value: Option<i64>, unset: i64| {
            value
                .filter(|v| *v != unset && kind == ColumnType::Integer)
                .map(|v| v.saturating_mul(scale))
        };
        ColumnState {
            name: field.column_name().to_owned(),
            kind,
            max_length: match kind {
                ColumnType::Text => field.max_length.map(|n| n as u64),
                _ => None,
            },
            nullable: field.allow_null,
            default: field.default.map(|d| match d {
                Default::Str(s) => DefaultState::Text(s.to_owned()),
                Default::Int(n) => DefaultState::Integer(n),
                Default::Bool(b) => DefaultState::Boolean(b),
            }),
            unique: field.unique,
            min: bound(field.min_value, INT_MIN),
            max: bound(field.max_value, INT_MAX),
            references: field.source.target().map(|t| t.table.to_owned()),
        }
    }

    /// The value existing rows take when the column becomes required (`NOT NULL`) or is added without a
    /// default: its default, else its minimum when that is above zero, else zero, `''` or `FALSE`.
    pub fn fill(&self) -> DefaultState {
        if let Some(default) = &self.default {
            return default.clone();
        }
        match self.kind {
            ColumnType::Text => DefaultState::Text(String::new()),
            ColumnType::Boolean => DefaultState::Boolean(false),
            ColumnType::Id | ColumnType::Integer => {
                DefaultState::Integer(self.min.filter(|m| *m > 0).unwrap_or(0))
            }
        }
    }
}

impl DefaultState {
    /// As an SQL literal.
    pub fn literal(&self) -> String {
        match self {
            DefaultState::Text(s) => format!("'{}'", s.replace('\'', "''")),
            DefaultState::Integer(n) => n.to_string(),
            DefaultState::Boolean(true) => "TRUE".into(),
            DefaultState::Boolean(false) => "FALSE".into(),
        }
    }
}
