//! The serializer: fields in body order, with what the model allows.

use tessera_kernel::Field;

pub const FIELDS: &[Field] = &[
    Field::id(),
    Field::string("name", "Name", 100),
    Field::text("description", "Description"),
];
