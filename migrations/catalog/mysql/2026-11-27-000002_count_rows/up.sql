-- The row count of unfiltered lists, kept in the same transaction as every insert and delete: COUNT(*) scans the
-- whole table, which made page 2 of a 100,000-row list slower than the page itself. The count is split over 8
-- rows, one per connection id modulo 8, and read as their sum: an insert holds its row's lock until it commits,
-- and with MySQL the new row is read back before the commit, so one shared row made concurrent creates queue.
-- MySQL commits each statement here on its own: written so that a run stopped half-way (creating triggers needs
-- more privileges when binary logging is on) can simply be run again.
CREATE TABLE IF NOT EXISTS catalog_products_count (slot INT NOT NULL PRIMARY KEY, n BIGINT NOT NULL) ENGINE=InnoDB;
DROP TRIGGER IF EXISTS catalog_products_count_insert;
DROP TRIGGER IF EXISTS catalog_products_count_delete;
REPLACE INTO catalog_products_count (slot, n) VALUES (0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0);
UPDATE catalog_products_count SET n = (SELECT COUNT(*) FROM catalog_products) WHERE slot = 0;
CREATE TRIGGER catalog_products_count_insert AFTER INSERT ON catalog_products FOR EACH ROW
    UPDATE catalog_products_count SET n = n + 1 WHERE slot = CONNECTION_ID() % 8;
CREATE TRIGGER catalog_products_count_delete AFTER DELETE ON catalog_products FOR EACH ROW
    UPDATE catalog_products_count SET n = n - 1 WHERE slot = CONNECTION_ID() % 8;
