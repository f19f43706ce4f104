-- The row count of unfiltered lists, kept in the same transaction as every insert and delete: COUNT(*) scans the
-- whole table, which made page 2 of a 100,000-row list slower than the page itself.
CREATE TABLE catalog_products_count (n BIGINT NOT NULL PRIMARY KEY);
INSERT INTO catalog_products_count (n) SELECT COUNT(*) FROM catalog_products;
CREATE FUNCTION catalog_products_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE catalog_products_count SET n = n + 1;
    ELSE
        UPDATE catalog_products_count SET n = n - 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER catalog_products_count_change AFTER INSERT OR DELETE ON catalog_products
    FOR EACH ROW EXECUTE FUNCTION catalog_products_count_change();
