-- Written by `tessera makemigrations` from the module's declarations.
-- The row count of orders for unfiltered lists, kept in the same transaction as every insert and delete.
CREATE TABLE orders_count (n BIGINT NOT NULL PRIMARY KEY);
INSERT INTO orders_count (n) SELECT COUNT(*) FROM orders;
CREATE TRIGGER orders_count_insert AFTER INSERT ON orders BEGIN UPDATE orders_count SET n = n + 1; END;
CREATE TRIGGER orders_count_delete AFTER DELETE ON orders BEGIN UPDATE orders_count SET n = n - 1; END;
