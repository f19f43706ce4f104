//! The Rust types a declared field may have, how each is stored and read back, and typed keys into validated
//! data, so that module code names a field by a constant the compiler checks (`data.get(Order::PRODUCT_ID)`),
//! never by a string.

use std::marker::PhantomData;

use diesel::deserialize::{self, FromSql};
use diesel::row::NamedRow;
use diesel::sql_types::{BigInt, Bool, Nullable, SingleValue, SqlType, Text};
use serde_json::Value;

use crate::db::AnyBackend;
use crate::types::{Date, Fixed, Timestamp};

/// A type a resource's field may be declared with: its SQL type, the raw value diesel reads, and its form in
/// validated data (a string, a bool, or an integer: decimals scaled, moments in microseconds).
pub trait FieldType: Sized + 'static {
    type Sql: SqlType + SingleValue;
    type Raw: FromSql<Self::Sql, AnyBackend>;

    fn from_raw(raw: Self::Raw) -> Self;

    /// The value as validation left it; `None` when it has another shape.
    fn from_json(value: &Value) -> Option<Self>;

    fn to_json(self) -> Value;
}

impl FieldType for i64 {
    type Sql = BigInt;
    type Raw = i64;

    fn from_raw(raw: i64) -> Self {
        raw
    }

    fn from_json(value: &Value) -> Option<Self> {
        value.as_i64()
    }

    fn to_json(self) -> Value {
        Value::from(self)
    }
}

impl FieldType for String {
    type Sql = Text;
    type Raw = String;

    fn from_raw(raw: String) -> Self {
        raw
    }

    fn from_json(value: &Value) -> Option<Self> {
        value.as_str().map(str::to_owned)
    }

    fn to_json(self) -> Value {
        Value::from(self)
    }
}

impl FieldType for bool {
    type Sql = Bool;
    type Raw = bool;

    fn from_raw(raw: bool) -> Self {
        raw
    }

    fn from_json(value: &Value) -> Option<Self> {
        value.as_bool()
    }

    fn to_json(self) -> Value {
        Value::from(self)
    }
}

impl<const P: u32> FieldType for Fixed<P> {
    type Sql = BigInt;
    type Raw = i64;

    fn from_raw(raw: i64) -> Self {
        Fixed(raw)
    }

    fn from_json(value: &Value) -> Option<Self> {
        value.as_i64().map(Fixed)
    }

    fn to_json(self) -> Value {
        Value::from(self.0)
    }
}

impl FieldType for Timestamp {
    type Sql = BigInt;
    type Raw = i64;

    fn from_raw(raw: i64) -> Self {
        Timestamp(raw)
    }

    fn from_json(value: &Value) -> Option<Self> {
        value.as_i64().map(Timestamp)
    }

    fn to_json(self) -> Value {
        Value::from(self.0)
    }
}

impl FieldType for Date {
    type Sql = BigInt;
    type Raw = i64;

    fn from_raw(raw: i64) -> Self {
        Date(raw)
    }

    fn from_json(value: &Value) -> Option<Self> {
        value.as_i64().map(Date)
    }

    fn to_json(self) -> Value {
        Value::from(self.0)
    }
}

/// A nullable field: `null` in validated data is `Some(None)`, a missing value `None`.
impl<T> FieldType for Option<T>
where
    T: FieldType,
    T::Sql: SqlType<IsNull = diesel::sql_types::is_nullable::NotNull>,
{
    type Sql = Nullable<T::Sql>;
    type Raw = Option<T::Raw>;

    fn from_raw(raw: Option<T::Raw>) -> Self {
        raw.map(T::from_raw)
    }

    fn from_json(value: &Value) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            other => T::from_json(other).map(Some),
        }
    }

    fn to_json(self) -> Value {
        self.map_or(Value::Null, T::to_json)
    }
}

/// Reads one declared field's column from a row (the derive's `QueryableByName` calls this).
pub fn read<'a, T: FieldType>(
    row: &impl NamedRow<'a, AnyBackend>,
    column: &str,
) -> deserialize::Result<T> {
    NamedRow::get::<T::Sql, T::Raw>(row, column).map(T::from_raw)
}

/// A declared field of type `T`, as a constant of its resource (`Product::PRICE`).
pub struct Key<T> {
    pub name: &'static str,
    kind: PhantomData<fn() -> T>,
}

impl<T> Key<T> {
    pub const fn new(name: &'static str) -> Self {
        Key {
            name,
            kind: PhantomData,
        }
    }
}

impl<T> Clone for Key<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Key<T> {}

impl<T> std::fmt::Debug for Key<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Key({})", self.name)
    }
}
