-- Written by `tessera makemigrations` from the module's declarations.
CREATE TABLE library_authors (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name VARCHAR(100) NOT NULL,
    country VARCHAR(2) NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX library_authors_country ON library_authors (country);
-- The row count of library_authors for unfiltered lists, kept in the same transaction as every insert and delete.
CREATE TABLE library_authors_count (n BIGINT NOT NULL PRIMARY KEY);
INSERT INTO library_authors_count (n) SELECT COUNT(*) FROM library_authors;
CREATE TRIGGER library_authors_count_insert AFTER INSERT ON library_authors BEGIN UPDATE library_authors_count SET n = n + 1; END;
CREATE TRIGGER library_authors_count_delete AFTER DELETE ON library_authors BEGIN UPDATE library_authors_count SET n = n - 1; END;
CREATE TABLE library_books (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    title VARCHAR(200) NOT NULL,
    author_id BIGINT NOT NULL,
    isbn VARCHAR(13) NOT NULL,
    price BIGINT NOT NULL CHECK (price >= 0),
    pages BIGINT NOT NULL CHECK (pages >= 1),
    published BIGINT NOT NULL,
    in_print BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    CONSTRAINT library_books_isbn_key UNIQUE (isbn),
    CONSTRAINT library_books_author_id_fkey FOREIGN KEY (author_id) REFERENCES library_authors (id) ON DELETE CASCADE
);
CREATE INDEX library_books_title ON library_books (title);
CREATE INDEX library_books_author ON library_books (author_id);
CREATE INDEX library_books_price ON library_books (price);
CREATE INDEX library_books_pages ON library_books (pages);
CREATE INDEX library_books_published ON library_books (published);
CREATE INDEX library_books_in_print ON library_books (in_print);
-- The row count of library_books for unfiltered lists, kept in the same transaction as every insert and delete.
CREATE TABLE library_books_count (n BIGINT NOT NULL PRIMARY KEY);
INSERT INTO library_books_count (n) SELECT COUNT(*) FROM library_books;
CREATE TRIGGER library_books_count_insert AFTER INSERT ON library_books BEGIN UPDATE library_books_count SET n = n + 1; END;
CREATE TRIGGER library_books_count_delete AFTER DELETE ON library_books BEGIN UPDATE library_books_count SET n = n - 1; END;
