-- password_hash: argon2id PHC string; date_joined: microseconds since 1970-01-01 UTC.
-- Text columns compare and order by code point with no trailing-space padding, as PostgreSQL's COLLATE "C" does:
-- utf8mb4_nopad_bin on MariaDB (in its version comments), utf8mb4_bin, the table default, on MySQL.
CREATE TABLE accounts_users (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    username VARCHAR(150) /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    is_staff BOOLEAN NOT NULL DEFAULT FALSE,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    date_joined BIGINT NOT NULL,
    CONSTRAINT accounts_users_username_key UNIQUE (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
