-- Written by `tessera makemigrations` from the module's declarations.
-- The row count of orders for unfiltered lists, kept in the same transaction as every insert and delete,
-- split over 8 rows (one per connection id modulo 8, read as their sum) so that concurrent inserts do not
-- queue. Written so that a run stopped half-way (MySQL commits each statement) can simply be run again.
CREATE TABLE IF NOT EXISTS orders_count (slot INT NOT NULL PRIMARY KEY, n BIGINT NOT NULL) ENGINE=InnoDB;
DROP TRIGGER IF EXISTS orders_count_insert;
DROP TRIGGER IF EXISTS orders_count_delete;
REPLACE INTO orders_count (slot, n) VALUES (0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0);
UPDATE orders_count SET n = (SELECT COUNT(*) FROM orders) WHERE slot = 0;
CREATE TRIGGER orders_count_insert AFTER INSERT ON orders FOR EACH ROW
    UPDATE orders_count SET n = n + 1 WHERE slot = CONNECTION_ID() % 8;
CREATE TRIGGER orders_count_delete AFTER DELETE ON orders FOR EACH ROW
    UPDATE orders_count SET n = n - 1 WHERE slot = CONNECTION_ID() % 8;
