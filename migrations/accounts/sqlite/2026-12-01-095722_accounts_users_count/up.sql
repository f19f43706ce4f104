-- Written by `tessera makemigrations` from the module's declarations.
-- The row count of accounts_users for unfiltered lists, kept in the same transaction as every insert and delete.
CREATE TABLE accounts_users_count (n BIGINT NOT NULL PRIMARY KEY);
INSERT INTO accounts_users_count (n) SELECT COUNT(*) FROM accounts_users;
CREATE TRIGGER accounts_users_count_insert AFTER INSERT ON accounts_users BEGIN UPDATE accounts_users_count SET n = n + 1; END;
CREATE TRIGGER accounts_users_count_delete AFTER DELETE ON accounts_users BEGIN UPDATE accounts_users_count SET n = n - 1; END;
