ALTER TABLE accounts_users ALTER COLUMN password_hash TYPE VARCHAR(255) COLLATE "default";
