//! Users in the module's own database: looked up to sign in, created by `tessera createuser`.

use diesel::prelude::*;
use tessera_kernel::db::{last_insert_id, AnyConnection};
use tessera_kernel::types::Timestamp;

use crate::models::{NewUser, User};
use crate::passwords;
use crate::schema::accounts_users::{self, dsl};

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("a username is 1 to 150 letters, digits and @/./+/-/_ characters")]
    InvalidUsername,
    #[error("the password may not be blank")]
    BlankPassword,
    #[error("a user named \"{0}\" already exists")]
    Exists(String),
    #[error("{0}")]
    Storage(String),
}

/// Django's username rule: 150 characters at most, letters, digits and `@.+-_`.
fn valid_username(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 150
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "@.+-_".contains(c))
}

pub fn create(
    conn: &mut AnyConnection,
    username: &str,
    password: &str,
    is_staff: bool,
) -> Result<i64, CreateUserError> {
    if !valid_username(username) {
        return Err(CreateUserError::InvalidUsername);
    }
    if password.trim().is_empty() {
        return Err(CreateUserError::BlankPassword);
    }
    let hash = passwords::hash(password).map_err(CreateUserError::Storage)?;
    // One path for every backend (MySQL has no RETURNING): the insert, then the id it generated.
    let inserted = conn.transaction(|conn| {
        diesel::insert_into(accounts_users::table)
            .values(NewUser {
                username,
                password_hash: &hash,
                is_staff,
                is_active: true,
                date_joined: Timestamp::now().0,
            })
            .execute(conn)?;
        last_insert_id(conn)
    });
    inserted.map_err(|e| match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => CreateUserError::Exists(username.to_owned()),
        other => CreateUserError::Storage(other.to_string()),
    })
}

pub fn by_username(conn: &mut AnyConnection, username: &str) -> QueryResult<Option<User>> {
    accounts_users::table
        .filter(dsl::username.eq(username))
        .first(conn)
        .optional()
}

pub fn by_id(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<User>> {
    accounts_users::table.find(id).first(conn).optional()
}
