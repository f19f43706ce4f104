-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER catalog_products_count_change ON catalog_products;
DROP FUNCTION catalog_products_count_change();
DROP TABLE catalog_products_count;
-- The row count of catalog_products for unfiltered lists, kept in the same transaction as every insert and delete,
-- spread over 16 rows so that concurrent inserts do not wait for each other's commit.
CREATE TABLE catalog_products_count (slot INT NOT NULL PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO catalog_products_count (slot, n) SELECT slot, 0 FROM generate_series(0, 15) AS slot;
UPDATE catalog_products_count SET n = (SELECT COUNT(*) FROM catalog_products) WHERE slot = 0;
CREATE FUNCTION catalog_products_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE catalog_products_count SET n = n + 1 WHERE slot = pg_backend_pid() % 16;
    ELSE
        UPDATE catalog_products_count SET n = n - 1 WHERE slot = pg_backend_pid() % 16;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER catalog_products_count_change AFTER INSERT OR DELETE ON catalog_products
    FOR EACH ROW EXECUTE FUNCTION catalog_products_count_change();
