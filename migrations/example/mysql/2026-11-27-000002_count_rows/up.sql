-- The row count of unfiltered lists, kept in the same transaction as every insert and delete: COUNT(*) scans the
-- whole table, which made page 2 of a 100,000-row list slower than the page itself.
CREATE TABLE example_models_count (n BIGINT NOT NULL PRIMARY KEY) ENGINE=InnoDB;
INSERT INTO example_models_count (n) SELECT COUNT(*) FROM example_models;
CREATE TRIGGER example_models_count_insert AFTER INSERT ON example_models FOR EACH ROW UPDATE example_models_count SET n = n + 1;
CREATE TRIGGER example_models_count_delete AFTER DELETE ON example_models FOR EACH ROW UPDATE example_models_count SET n = n - 1;
