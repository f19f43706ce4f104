-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER example_models_count_change ON example_models;
DROP FUNCTION example_models_count_change();
DROP TABLE example_models_count;
-- The row count of example_models for unfiltered lists, kept in the same transaction as every insert and delete,
-- spread over 16 rows so that concurrent inserts do not wait for each other's commit.
CREATE TABLE example_models_count (slot INT NOT NULL PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO example_models_count (slot, n) SELECT slot, 0 FROM generate_series(0, 15) AS slot;
UPDATE example_models_count SET n = (SELECT COUNT(*) FROM example_models) WHERE slot = 0;
CREATE FUNCTION example_models_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE example_models_count SET n = n + 1 WHERE slot = pg_backend_pid() % 16;
    ELSE
        UPDATE example_models_count SET n = n - 1 WHERE slot = pg_backend_pid() % 16;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER example_models_count_change AFTER INSERT OR DELETE ON example_models
    FOR EACH ROW EXECUTE FUNCTION example_models_count_change();
