-- Written by hand: status was created without COLLATE "C"; every text column has it, so that text orders by code
-- point as on SQLite, whatever the cluster's locale.
ALTER TABLE orders ALTER COLUMN status TYPE VARCHAR(16) COLLATE "C";
