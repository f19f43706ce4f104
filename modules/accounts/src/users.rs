//! Users in the module's own database: looked up to sign in, created by `tessera createuser`.

use tessera_kernel::db::{AnyConnection, DatabaseErrorKind, QueryError, QueryResult};
use tessera_kernel::prelude::*;
use tessera_kernel::sql;

use crate::{passwords, User};

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

/// Adds an active user; its id.
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
    let mut data = Valid::default();
    data.set(User::USERNAME, username.to_owned());
    data.set(User::PASSWORD_HASH, hash);
    data.set(User::IS_STAFF, is_staff);
    data.set(User::IS_ACTIVE, true);
    match sql::insert::<User>(conn, &data) {
        Ok(user) => Ok(user.id),
        Err(QueryError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            Err(CreateUserError::Exists(username.to_owned()))
        }
        Err(other) => Err(CreateUserError::Storage(other.to_string())),
    }
}

pub fn by_username(conn: &mut AnyConnection, username: &str) -> QueryResult<Option<User>> {
    sql::first_by::<User, _>(conn, User::USERNAME, username.to_owned())
}

pub fn by_id(conn: &mut AnyConnection, id: i64) -> QueryResult<Option<User>> {
    User::fetch(conn, id)
}
