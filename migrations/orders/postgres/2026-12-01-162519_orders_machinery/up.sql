-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER orders_count_change ON orders;
DROP FUNCTION orders_count_change();
DROP TABLE orders_count;
-- The row count of orders for unfiltered lists, kept in the same transaction as every insert and delete,
-- spread over 16 rows so that concurrent inserts do not wait for each other's commit.
CREATE TABLE orders_count (slot INT NOT NULL PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO orders_count (slot, n) SELECT slot, 0 FROM generate_series(0, 15) AS slot;
UPDATE orders_count SET n = (SELECT COUNT(*) FROM orders) WHERE slot = 0;
CREATE FUNCTION orders_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE orders_count SET n = n + 1 WHERE slot = pg_backend_pid() % 16;
    ELSE
        UPDATE orders_count SET n = n - 1 WHERE slot = pg_backend_pid() % 16;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER orders_count_change AFTER INSERT OR DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION orders_count_change();
