-- password_hash: argon2id PHC string; date_joined: microseconds since 1970-01-01 UTC.
CREATE TABLE accounts_users (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    username VARCHAR(150) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    is_staff BOOLEAN NOT NULL DEFAULT FALSE,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    date_joined BIGINT NOT NULL,
    CONSTRAINT accounts_users_username_key UNIQUE (username)
);
