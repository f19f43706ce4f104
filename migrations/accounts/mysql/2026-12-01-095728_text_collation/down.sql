ALTER TABLE accounts_users MODIFY COLUMN password_hash VARCHAR(255) NOT NULL;
