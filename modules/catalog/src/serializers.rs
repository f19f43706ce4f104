//! The serializer: fields in body order, with what the model allows.

use tessera_kernel::{Default, Field};

pub const FIELDS: &[Field] = &[
    Field::id(),
    Field::string("sku", "Sku", 32).unique(),
    Field::string("name", "Name", 200),
    Field::text("description", "Description")
        .allow_blank()
        .default(Default::Str("")),
    Field::decimal("price", "Price", 10, 2).min_value(0),
    Field::integer("stock", "Stock")
        .min_value(0)
        .default(Default::Int(0)),
    Field::timestamp("created_at", "Created at"),
    Field::timestamp("updated_at", "Updated at"),
];
