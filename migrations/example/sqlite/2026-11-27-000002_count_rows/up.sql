-- The row count of unfiltered lists, kept in the same transaction as every insert and delete: COUNT(*) scans the
-- whole table, which made page 2 of a 100,000-row list slower than the page itself.
CREATE TABLE example_models_count (n BIGINT NOT NULL PRIMARY KEY);
INSERT INTO example_models_count (n) SELECT COUNT(*) FROM example_models;
CREATE TRIGGER example_models_count_insert AFTER INSERT ON example_models BEGIN UPDATE example_models_count SET n = n + 1; END;
CREATE TRIGGER example_models_count_delete AFTER DELETE ON example_models BEGIN UPDATE example_models_count SET n = n - 1; END;
