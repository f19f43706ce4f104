-- The row count of unfiltered lists, kept in the same transaction as every insert and delete: COUNT(*) scans the
-- whole table, which made page 2 of a 100,000-row list slower than the page itself.
CREATE TABLE example_models_count (n BIGINT NOT NULL PRIMARY KEY);
INSERT INTO example_models_count (n) SELECT COUNT(*) FROM example_models;
CREATE FUNCTION example_models_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE example_models_count SET n = n + 1;
    ELSE
        UPDATE example_models_count SET n = n - 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER example_models_count_change AFTER INSERT OR DELETE ON example_models
    FOR EACH ROW EXECUTE FUNCTION example_models_count_change();
