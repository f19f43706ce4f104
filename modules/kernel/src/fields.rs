//! A resource's declared fields: one declaration drives validation, the OPTIONS metadata, the OpenAPI schema, the
//! queries and the migrations, so none of them can disagree. `#[derive(Resource)]` writes these from a struct.

/// What kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A whole number (ids, counts).
    Integer,
    /// A string; with `max_length` a Django `CharField`, without it a `TextField`.
    String,
    /// A fixed-point number (`DecimalField`), validated into its value scaled by `10^places`.
    Decimal { max_digits: u32, places: u32 },
    /// One of the listed `(value, display name)` choices.
    Choice(&'static [(&'static str, &'static str)]),
    /// A moment in UTC: ISO 8601 in, ISO 8601 with `Z` out, stored as microseconds since the epoch.
    DateTime,
    /// `true` or `false`, read as DRF's `BooleanField` reads them (`"yes"`, `"off"`, `1`, ...).
    Boolean,
    /// A calendar date: `YYYY-MM-DD` in and out, stored as days since 1970-01-01.
    Date,
    /// The id of a row of another resource of the module (DRF's `PrimaryKeyRelatedField`).
    Relation,
}

impl FieldKind {
    /// The name Django REST framework's metadata uses for this kind.
    pub fn metadata_type(self) -> &'static str {
        match self {
            FieldKind::Integer => "integer",
            FieldKind::String => "string",
            FieldKind::Decimal { .. } => "decimal",
            FieldKind::Choice(_) => "choice",
            FieldKind::DateTime => "datetime",
            FieldKind::Boolean => "boolean",
            FieldKind::Date => "date",
            FieldKind::Relation => "field",
        }
    }

    /// Whether values are integers in the database (ids, counts, scaled decimals, moments, days).
    pub fn is_integer(self) -> bool {
        !matches!(
            self,
            FieldKind::String | FieldKind::Choice(_) | FieldKind::Boolean
        )
    }

    /// Whether the value is text in the database (search looks only in those).
    pub fn is_text(self) -> bool {
        matches!(self, FieldKind::String | FieldKind::Choice(_))
    }
}

/// A value used when a field is missing on create (never on update).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Default {
    Str(&'static str),
    /// An integer; for a decimal, its value scaled by `10^places`.
    Int(i64),
    Bool(bool),
}

/// A value the server sets by itself, as Django's `auto_now_add` and `auto_now` do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auto {
    /// Set by the client, or by the module's own code.
    No,
    /// The moment of the insert (`auto_now_add`).
    Created,
    /// The moment of every insert and update (`auto_now`).
    Updated,
}

/// Where a field's value comes from.
#[derive(Debug, Clone, Copy)]
pub enum Source {
    /// A column of the resource's own table.
    Stored,
    /// A column holding the id of a row of another resource of the module, with a foreign key (Django's
    /// `ForeignKey(on_delete=CASCADE)`: deleting that row deletes this one).
    ForeignKey(fn() -> &'static crate::resource::ResourceSpec),
    /// Read-only: the field `field` of the row the foreign key `via` points at (`source='author.name'`).
    Related {
        via: &'static str,
        field: &'static str,
    },
    /// Read-only: how many rows of `of` point at this one through their foreign key `via` (an annotated
    /// `Count`).
    Count {
        of: fn() -> &'static crate::resource::ResourceSpec,
        via: &'static str,
    },
}

impl Source {
    /// Whether the value is a column of the resource's own table.
    pub fn is_column(self) -> bool {
        matches!(self, Source::Stored | Source::ForeignKey(_))
    }

    /// The resource a foreign key points at.
    pub fn target(self) -> Option<&'static crate::resource::ResourceSpec> {
        match self {
            Source::ForeignKey(target) => Some(target()),
            _ => None,
        }
    }
}

/// Sources compare by kind and names; function pointers are not compared.
impl PartialEq for Source {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Source::Stored, Source::Stored) | (Source::ForeignKey(_), Source::ForeignKey(_)) => {
                true
            }
            (Source::Related { via: a, field: b }, Source::Related { via: c, field: d }) => {
                a == c && b == d
            }
            (Source::Count { via: a, .. }, Source::Count { via: b, .. }) => a == b,
            _ => false,
        }
    }
}

impl Eq for Source {}

/// One field of a resource, in the order bodies list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    /// The column that stores it, when it is not named like the field.
    pub column: Option<&'static str>,
    pub kind: FieldKind,
    pub read_only: bool,
    /// Accepted in requests, never shown in responses (a password).
    pub write_only: bool,
    /// Stored, but neither shown nor accepted (a password hash): the module's own code sets it.
    pub hidden: bool,
    pub required: bool,
    pub allow_blank: bool,
    pub max_length: Option<usize>,
    pub min_value: Option<i64>,
    pub max_value: Option<i64>,
    pub default: Option<Default>,
    /// May be `null` (in responses; a writable nullable field also accepts `null`).
    pub allow_null: bool,
    /// Backed by a unique constraint; a duplicate is reported on this field.
    pub unique: bool,
    pub auto: Auto,
    /// The primary key, `id`, assigned by the database.
    pub primary_key: bool,
    /// Holds the creating user's id; users see only their own rows (staff see all).
    pub owner: bool,
    pub source: Source,
    /// An integer whose largest value is the database's (Django's `PositiveIntegerField`: its range is the
    /// backend's, as `connection.ops.integer_field_range` gives it).
    pub positive: bool,
}

/// Django's integer column bounds, which a ModelSerializer turns into validators.
pub const INT_MIN: i64 = -2_147_483_648;
pub const INT_MAX: i64 = 2_147_483_647;

impl Field {
    /// A required field of `kind`, labelled as Django labels it (`created_at` -> `Created at`) only when given a
    /// label; `#[derive(Resource)]` always gives one.
    pub const fn new(name: &'static str, label: &'static str, kind: FieldKind) -> Self {
        Field {
            name,
            label,
            column: None,
            kind,
            read_only: false,
            write_only: false,
            hidden: false,
            required: true,
            allow_blank: false,
            max_length: None,
            min_value: None,
            max_value: None,
            default: None,
            unique: false,
            allow_null: false,
            auto: Auto::No,
            primary_key: false,
            owner: false,
            source: Source::Stored,
            positive: false,
        }
    }

    /// The database-assigned primary key, `id`, read-only.
    pub const fn id() -> Self {
        Field::new("id", "ID", FieldKind::Integer).primary_key()
    }

    /// The primary key: assigned by the database, read-only.
    pub const fn primary_key(mut self) -> Self {
        self.primary_key = true;
        self.read_only()
    }

    /// A required string of at most `max_length` characters (Django `CharField`).
    pub const fn string(name: &'static str, label: &'static str, max_length: usize) -> Self {
        Field::new(name, label, FieldKind::String).max_length(max_length)
    }

    /// A required string of any length (Django `TextField`).
    pub const fn text(name: &'static str, label: &'static str) -> Self {
        Field::new(name, label, FieldKind::String)
    }

    /// A required integer within Django's `IntegerField` range.
    pub const fn integer(name: &'static str, label: &'static str) -> Self {
        Field::new(name, label, FieldKind::Integer)
            .min_value(INT_MIN)
            .max_value(INT_MAX)
    }

    /// A required decimal of at most `max_digits` digits, `places` of them after the point.
    pub const fn decimal(
        name: &'static str,
        label: &'static str,
        max_digits: u32,
        places: u32,
    ) -> Self {
        Field::new(name, label, FieldKind::Decimal { max_digits, places })
    }

    /// A required choice among `(value, display name)` pairs.
    pub const fn choice(
        name: &'static str,
        label: &'static str,
        choices: &'static [(&'static str, &'static str)],
    ) -> Self {
        Field::new(name, label, FieldKind::Choice(choices))
    }

    pub const fn column(mut self, column: &'static str) -> Self {
        self.column = Some(column);
        self
    }

    pub const fn max_length(mut self, max_length: usize) -> Self {
        self.max_length = Some(max_length);
        self
    }

    pub const fn unique(mut self) -> Self {
        self.unique = true;
        self
    }

    pub const fn read_only(mut self) -> Self {
        self.read_only = true;
        self.required = false;
        self
    }

    pub const fn write_only(mut self) -> Self {
        self.write_only = true;
        self
    }

    pub const fn hidden(mut self) -> Self {
        self.hidden = true;
        self.required = false;
        self
    }

    /// Not required on create; `default` fills it in there (a PUT that leaves it out keeps the stored value).
    pub const fn default(mut self, default: Default) -> Self {
        self.required = false;
        self.default = Some(default);
        self
    }

    pub const fn allow_blank(mut self) -> Self {
        self.allow_blank = true;
        self
    }

    pub const fn nullable(mut self) -> Self {
        self.allow_null = true;
        self
    }

    pub const fn required(mut self, required: bool) -> Self {
        self.required = required;
        self
    }

    pub const fn min_value(mut self, min: i64) -> Self {
        self.min_value = Some(min);
        self
    }

    pub const fn max_value(mut self, max: i64) -> Self {
        self.max_value = Some(max);
        self
    }

    /// Set by the server on insert (`Created`) or on every write (`Updated`); read-only.
    pub const fn auto(mut self, auto: Auto) -> Self {
        self.auto = auto;
        self.read_only().required(false)
    }

    /// The field that holds the creating user's id: read-only, set from the request's token.
    pub const fn owner(mut self) -> Self {
        self.owner = true;
        self.read_only()
    }

    /// A column holding the id of a row of `target` (the derive names the column `<field>_id`).
    pub const fn foreign_key(
        mut self,
        target: fn() -> &'static crate::resource::ResourceSpec,
    ) -> Self {
        self.source = Source::ForeignKey(target);
        self
    }

    /// Read-only: a field of the row the foreign key `via` points at.
    pub const fn related(mut self, via: &'static str, field: &'static str) -> Self {
        self.source = Source::Related { via, field };
        self.read_only()
    }

    /// Read-only: the number of rows of `of` whose foreign key `via` points at this row.
    pub const fn count_of(
        mut self,
        of: fn() -> &'static crate::resource::ResourceSpec,
        via: &'static str,
    ) -> Self {
        self.source = Source::Count { of, via };
        self.read_only()
    }

    /// An integer up to the database's largest (and at least 0, unless a higher minimum is set).
    pub const fn positive(mut self) -> Self {
        self.positive = true;
        if self.min_value.is_none() {
            self.min_value = Some(0);
        }
        self
    }

    /// The largest value, for a database of `dialect`: a positive integer's is the backend's own.
    pub fn max_for(&self, dialect: crate::sql::Dialect) -> Option<i64> {
        use crate::sql::Dialect;
        match (self.positive, dialect) {
            (false, _) => self.max_value,
            (true, Dialect::Sqlite) => Some(i64::MAX),
            (true, Dialect::Postgres) => Some(INT_MAX),
            (true, Dialect::Mysql) => Some(4_294_967_295),
        }
    }

    /// Whether a client may send it.
    pub const fn writable(&self) -> bool {
        !self.read_only && !self.hidden
    }

    /// Whether responses show it.
    pub const fn readable(&self) -> bool {
        !self.write_only && !self.hidden
    }

    /// The column that stores it.
    pub fn column_name(&self) -> &'static str {
        match self.column {
            Some(column) => column,
            None => self.name,
        }
    }
}
