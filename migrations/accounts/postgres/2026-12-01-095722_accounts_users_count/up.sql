-- Written by `tessera makemigrations` from the module's declarations.
-- The row count of accounts_users for unfiltered lists, kept in the same transaction as every insert and delete.
CREATE TABLE accounts_users_count (n BIGINT NOT NULL PRIMARY KEY);
INSERT INTO accounts_users_count (n) SELECT COUNT(*) FROM accounts_users;
CREATE FUNCTION accounts_users_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE accounts_users_count SET n = n + 1;
    ELSE
        UPDATE accounts_users_count SET n = n - 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER accounts_users_count_change AFTER INSERT OR DELETE ON accounts_users
    FOR EACH ROW EXECUTE FUNCTION accounts_users_count_change();
