//! A resource's declared fields: one declaration drives validation, the OPTIONS metadata and the OpenAPI schema,
//! so the three cannot disagree.

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
        }
    }
}

/// A value used when a field is missing on create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Default {
    Str(&'static str),
    Int(i64),
    Bool(bool),
}

/// One field of a resource, in the order bodies list them.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub read_only: bool,
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
}

/// Django's integer column bounds, which a ModelSerializer turns into validators.
const INT_MIN: i64 = -2_147_483_648;
const INT_MAX: i64 = 2_147_483_647;

impl Field {
    const fn new(name: &'static str, label: &'static str, kind: FieldKind) -> Self {
        Field {
            name,
            label,
            kind,
            read_only: false,
            required: true,
            allow_blank: false,
            max_length: None,
            min_value: None,
            max_value: None,
            default: None,
            unique: false,
            allow_null: false,
        }
    }

    /// The database-assigned primary key, `id`, read-only.
    pub const fn id() -> Self {
        Field::new("id", "ID", FieldKind::Integer).read_only()
    }

    /// A required string of at most `max_length` characters (Django `CharField`).
    pub const fn string(name: &'static str, label: &'static str, max_length: usize) -> Self {
        let mut field = Field::new(name, label, FieldKind::String);
        field.max_length = Some(max_length);
        field
    }

    /// A required string of any length (Django `TextField`).
    pub const fn text(name: &'static str, label: &'static str) -> Self {
        Field::new(name, label, FieldKind::String)
    }

    /// A required integer within Django's `IntegerField` range.
    pub const fn integer(name: &'static str, label: &'static str) -> Self {
        let mut field = Field::new(name, label, FieldKind::Integer);
        field.min_value = Some(INT_MIN);
        field.max_value = Some(INT_MAX);
        field
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

    /// A boolean, `false` when missing on create (a Django `BooleanField` with `default=False`).
    pub const fn boolean(name: &'static str, label: &'static str) -> Self {
        Field::new(name, label, FieldKind::Boolean).default(Default::Bool(false))
    }

    /// A required moment, sent as ISO 8601.
    pub const fn datetime(name: &'static str, label: &'static str) -> Self {
        Field::new(name, label, FieldKind::DateTime)
    }

    /// A read-only timestamp set by the server.
    pub const fn timestamp(name: &'static str, label: &'static str) -> Self {
        Field::new(name, label, FieldKind::DateTime).read_only()
    }

    /// A read-only integer set by the server, `null` when unset (an owner).
    pub const fn read_only_reference(name: &'static str, label: &'static str) -> Self {
        let mut field = Field::new(name, label, FieldKind::Integer).read_only();
        field.allow_null = true;
        field
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

    /// Not required on create; `default` fills it in.
    pub const fn default(mut self, default: Default) -> Self {
        self.required = false;
        self.default = Some(default);
        self
    }

    pub const fn allow_blank(mut self) -> Self {
        self.allow_blank = true;
        self
    }

    pub const fn min_value(mut self, min: i64) -> Self {
        self.min_value = Some(min);
        self
    }

    /// Whether a client may send it.
    pub const fn writable(&self) -> bool {
        !self.read_only
    }
}
