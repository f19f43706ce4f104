-- Written by `tessera makemigrations` from the module's declarations.
-- The row count of accounts_users for unfiltered lists, kept in the same transaction as every insert and delete,
-- split over 8 rows (one per connection id modulo 8, read as their sum) so that concurrent inserts do not
-- queue. Written so that a run stopped half-way (MySQL commits each statement) can simply be run again.
CREATE TABLE IF NOT EXISTS accounts_users_count (slot INT NOT NULL PRIMARY KEY, n BIGINT NOT NULL) ENGINE=InnoDB;
DROP TRIGGER IF EXISTS accounts_users_count_insert;
DROP TRIGGER IF EXISTS accounts_users_count_delete;
REPLACE INTO accounts_users_count (slot, n) VALUES (0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0);
UPDATE accounts_users_count SET n = (SELECT COUNT(*) FROM accounts_users) WHERE slot = 0;
CREATE TRIGGER accounts_users_count_insert AFTER INSERT ON accounts_users FOR EACH ROW
    UPDATE accounts_users_count SET n = n + 1 WHERE slot = CONNECTION_ID() % 8;
CREATE TRIGGER accounts_users_count_delete AFTER DELETE ON accounts_users FOR EACH ROW
    UPDATE accounts_users_count SET n = n - 1 WHERE slot = CONNECTION_ID() % 8;
