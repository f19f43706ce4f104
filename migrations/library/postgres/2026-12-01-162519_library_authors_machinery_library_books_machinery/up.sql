-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER library_authors_count_change ON library_authors;
DROP FUNCTION library_authors_count_change();
DROP TABLE library_authors_count;
-- The row count of library_authors for unfiltered lists, kept in the same transaction as every insert and delete,
-- spread over 16 rows so that concurrent inserts do not wait for each other's commit.
CREATE TABLE library_authors_count (slot INT NOT NULL PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO library_authors_count (slot, n) SELECT slot, 0 FROM generate_series(0, 15) AS slot;
UPDATE library_authors_count SET n = (SELECT COUNT(*) FROM library_authors) WHERE slot = 0;
CREATE FUNCTION library_authors_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE library_authors_count SET n = n + 1 WHERE slot = pg_backend_pid() % 16;
    ELSE
        UPDATE library_authors_count SET n = n - 1 WHERE slot = pg_backend_pid() % 16;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER library_authors_count_change AFTER INSERT OR DELETE ON library_authors
    FOR EACH ROW EXECUTE FUNCTION library_authors_count_change();
DROP TRIGGER library_books_count_change ON library_books;
DROP FUNCTION library_books_count_change();
DROP TABLE library_books_count;
-- The row count of library_books for unfiltered lists, kept in the same transaction as every insert and delete,
-- spread over 16 rows so that concurrent inserts do not wait for each other's commit.
CREATE TABLE library_books_count (slot INT NOT NULL PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO library_books_count (slot, n) SELECT slot, 0 FROM generate_series(0, 15) AS slot;
UPDATE library_books_count SET n = (SELECT COUNT(*) FROM library_books) WHERE slot = 0;
CREATE FUNCTION library_books_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE library_books_count SET n = n + 1 WHERE slot = pg_backend_pid() % 16;
    ELSE
        UPDATE library_books_count SET n = n - 1 WHERE slot = pg_backend_pid() % 16;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER library_books_count_change AFTER INSERT OR DELETE ON library_books
    FOR EACH ROW EXECUTE FUNCTION library_books_count_change();
