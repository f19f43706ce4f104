-- Written by hand: password_hash was created without MariaDB's no-pad collation, which every text column has.
ALTER TABLE accounts_users MODIFY COLUMN password_hash VARCHAR(255) /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL;
