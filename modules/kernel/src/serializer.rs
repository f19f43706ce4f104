//! Bodies that are not a resource's rows: the request and response of a custom endpoint, declared as a struct with
//! `#[derive(Serializer)]`, validated, described in OPTIONS and documented from the same fields as resources are.

use serde::Serialize;

use crate::fields::Field;
use crate::validate::Valid;

/// A body a handler answers with: a resource's row or a declared serializer, named and described by its fields in
/// OPTIONS and the OpenAPI document.
pub trait Body: Serialize + 'static {
    /// The schema's name in the OpenAPI document (requests get a `Request` suffix).
    const NAME: &'static str;
    /// Its fields, in body order.
    const FIELDS: &'static [Field];
}

/// A body of fields, as a Django REST framework `Serializer` that is not a `ModelSerializer` declares them.
pub trait Serializer: Body + Sized {
    /// The body as validation left it (a required field is always there; one that is not takes its type's
    /// default).
    fn from_valid(data: &Valid) -> Self;
}

/// No body: an endpoint that reads none, or answers with none.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Empty {}

impl Body for Empty {
    const NAME: &'static str = "Empty";
    const FIELDS: &'static [Field] = &[];
}

impl Serializer for Empty {
    fn from_valid(_: &Valid) -> Self {
        Empty {}
    }
}
