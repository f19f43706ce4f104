-- Written by `tessera makemigrations` from the module's declarations.
-- The row count of orders for unfiltered lists, kept in the same transaction as every insert and delete.
CREATE TABLE orders_count (n BIGINT NOT NULL PRIMARY KEY);
INSERT INTO orders_count (n) SELECT COUNT(*) FROM orders;
CREATE FUNCTION orders_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE orders_count SET n = n + 1;
    ELSE
        UPDATE orders_count SET n = n - 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER orders_count_change AFTER INSERT OR DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION orders_count_change();
