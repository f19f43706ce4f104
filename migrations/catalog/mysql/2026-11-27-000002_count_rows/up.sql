-- The row count of unfiltered lists, kept in the same transaction as every insert and delete: COUNT(*) scans the
-- whole table, which made page 2 of a 100,000-row list slower than the page itself.
CREATE TABLE catalog_products_count (n BIGINT NOT NULL PRIMARY KEY) ENGINE=InnoDB;
INSERT INTO catalog_products_count (n) SELECT COUNT(*) FROM catalog_products;
CREATE TRIGGER catalog_products_count_insert AFTER INSERT ON catalog_products FOR EACH ROW UPDATE catalog_products_count SET n = n + 1;
CREATE TRIGGER catalog_products_count_delete AFTER DELETE ON catalog_products FOR EACH ROW UPDATE catalog_products_count SET n = n - 1;
