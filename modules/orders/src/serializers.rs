//! The serializer: fields in body order, with what the model allows.

use tessera_kernel::{Default, Field};

pub const STATUSES: &[(&str, &str)] = &[
    ("pending", "Pending"),
    ("paid", "Paid"),
    ("cancelled", "Cancelled"),
];

pub const FIELDS: &[Field] = &[
    Field::id(),
    Field::integer("product_id", "Product id"),
    Field::integer("quantity", "Quantity").min_value(1),
    Field::decimal("unit_price", "Unit price", 10, 2).read_only(),
    Field::choice("status", "Status", STATUSES).default(Default::Str("pending")),
    Field::read_only_reference("owner", "Owner"),
    Field::timestamp("created_at", "Created at"),
];
