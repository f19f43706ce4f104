//! Rows of `accounts_users`.

use diesel::prelude::*;

use crate::schema::accounts_users;

#[derive(Debug, Clone, Queryable)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub is_staff: bool,
    pub is_active: bool,
    pub date_joined: i64,
}

#[derive(Insertable)]
#[diesel(table_name = accounts_users)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub password_hash: &'a str,
    pub is_staff: bool,
    pub is_active: bool,
    pub date_joined: i64,
}
