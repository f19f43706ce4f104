-- Written by hand: password_hash was created without COLLATE "C", which every text column has.
ALTER TABLE accounts_users ALTER COLUMN password_hash TYPE VARCHAR(255) COLLATE "C";
