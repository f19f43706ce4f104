//! The derives of tessera's declarations. A resource is one struct: its fields are the model's fields, their
//! `#[field(...)]` rules the serializer's, and `#[resource(...)]` the viewset's choices. Everything the kernel
//! needs is derived from it, and a name that is not a field is a compile error.
//!
//! ```ignore
//! #[derive(Resource)]
//! #[resource(path = "products", filter(sku), search(name, sku), ordering(id, name, price))]
//! pub struct Product {
//!     pub id: i64,
//!     #[field(max_length = 32, unique)]
//!     pub sku: String,
//!     #[field(max_length = 200)]
//!     pub name: String,
//!     #[field(max_digits = 10, min = 0)]
//!     pub price: Fixed<2>,
//!     #[field(auto_now_add)]
//!     pub created_at: Timestamp,
//! }
//! ```

mod choices;
mod event;
mod field;
mod model;
mod names;
mod serialize;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// A resource: the kernel's `Resource` for the struct (fields, rules, filters, search, ordering, table), reading
/// it from a row, serializing it in field order, and a typed key per field (`Product::PRICE`).
///
/// Field types: `i64`, `String` (with `max_length` a `CharField`, without a `TextField`), `bool`,
/// `Fixed<PLACES>` (with `max_digits`), `Timestamp`, and `Option<..>` of one for a nullable field. Field rules:
/// `max_length`, `max_digits`, `min`, `max`, `default`, `choices = CONST`, `unique`, `blank`, `read_only`,
/// `write_only`, `hidden`, `owner`, `auto_now_add`, `auto_now`, `required`, `optional`, `column`, `label`.
/// Resource choices: `table`, `path`, `name`, `verbose_name`, `view_name`, `filter(..)`, `search(..)`,
/// `ordering(..)`, `pagination = ..`, `prepare = function`, `on_write = function` (an after-write hook run in the
/// write's transaction), `count = false`, `permission = Staff` (a `Permission` variant: the resource's own instead
/// of the module's), `actions(list, retrieve, ..)` (the viewset's actions it serves; all of list, create,
/// retrieve, update, partial_update and destroy by default).
#[proc_macro_derive(Resource, attributes(resource, field))]
pub fn derive_resource(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    model::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// A body that is not a resource (a custom endpoint's request or response): the kernel's `Serializer`, its
/// serialization in field order and a typed key per field. `#[serializer(name = "...")]` names its schema.
#[proc_macro_derive(Serializer, attributes(serializer, field))]
pub fn derive_serializer(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    serialize::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// An event type of a module's published interface crate: `#[event(publisher = "orders", key = order_id)]` names
/// the module that publishes it and the field naming the aggregate it is about (events with the same key are
/// handled in the order they were published); `name = ".."` renames it (the struct's name by default). The struct
/// also derives serde's `Serialize` and `Deserialize`: its JSON is what travels.
#[proc_macro_derive(Event, attributes(event))]
pub fn derive_event(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    event::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
