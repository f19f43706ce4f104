//! Rows of `example_models`: as read, as inserted and as changed.

use diesel::prelude::*;
use serde::Serialize;
use tessera_kernel::Valid;

use crate::schema::example_models;

/// `ExampleModel { id, name, description }`, serialized in that order.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Serialize)]
pub struct ExampleModel {
    pub id: i64,
    pub name: String,
    pub description: String,
}

#[derive(Insertable)]
#[diesel(table_name = example_models)]
pub struct NewExampleModel<'a> {
    pub name: &'a str,
    pub description: &'a str,
}

/// The fields a PUT or PATCH gave; `None` leaves the column as it is.
#[derive(AsChangeset)]
#[diesel(table_name = example_models)]
pub struct ExampleModelChanges<'a> {
    pub name: Option<&'a str>,
    pub description: Option<&'a str>,
}

impl<'a> From<&'a Valid> for NewExampleModel<'a> {
    fn from(data: &'a Valid) -> Self {
        NewExampleModel {
            name: data.str("name").unwrap_or_default(),
            description: data.str("description").unwrap_or_default(),
        }
    }
}

impl<'a> From<&'a Valid> for ExampleModelChanges<'a> {
    fn from(data: &'a Valid) -> Self {
        ExampleModelChanges {
            name: data.str("name"),
            description: data.str("description"),
        }
    }
}
