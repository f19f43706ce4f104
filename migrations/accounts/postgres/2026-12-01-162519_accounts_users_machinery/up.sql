-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER accounts_users_count_change ON accounts_users;
DROP FUNCTION accounts_users_count_change();
DROP TABLE accounts_users_count;
-- The row count of accounts_users for unfiltered lists, kept in the same transaction as every insert and delete,
-- spread over 16 rows so that concurrent inserts do not wait for each other's commit.
CREATE TABLE accounts_users_count (slot INT NOT NULL PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO accounts_users_count (slot, n) SELECT slot, 0 FROM generate_series(0, 15) AS slot;
UPDATE accounts_users_count SET n = (SELECT COUNT(*) FROM accounts_users) WHERE slot = 0;
CREATE FUNCTION accounts_users_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE accounts_users_count SET n = n + 1 WHERE slot = pg_backend_pid() % 16;
    ELSE
        UPDATE accounts_users_count SET n = n - 1 WHERE slot = pg_backend_pid() % 16;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER accounts_users_count_change AFTER INSERT OR DELETE ON accounts_users
    FOR EACH ROW EXECUTE FUNCTION accounts_users_count_change();
