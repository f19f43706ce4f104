-- Written by `tessera makemigrations` from the module's declarations.
CREATE TABLE library_authors (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(100) /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL,
    country VARCHAR(2) /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    INDEX library_authors_country (country)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- The row count of library_authors for unfiltered lists, kept in the same transaction as every insert and delete,
-- split over 8 rows (one per connection id modulo 8, read as their sum) so that concurrent inserts do not
-- queue. Written so that a run stopped half-way (MySQL commits each statement) can simply be run again.
CREATE TABLE IF NOT EXISTS library_authors_count (slot INT NOT NULL PRIMARY KEY, n BIGINT NOT NULL) ENGINE=InnoDB;
DROP TRIGGER IF EXISTS library_authors_count_insert;
DROP TRIGGER IF EXISTS library_authors_count_delete;
REPLACE INTO library_authors_count (slot, n) VALUES (0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0);
UPDATE library_authors_count SET n = (SELECT COUNT(*) FROM library_authors) WHERE slot = 0;
CREATE TRIGGER library_authors_count_insert AFTER INSERT ON library_authors FOR EACH ROW
    UPDATE library_authors_count SET n = n + 1 WHERE slot = CONNECTION_ID() % 8;
CREATE TRIGGER library_authors_count_delete AFTER DELETE ON library_authors FOR EACH ROW
    UPDATE library_authors_count SET n = n - 1 WHERE slot = CONNECTION_ID() % 8;
CREATE TABLE library_books (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    title VARCHAR(200) /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL,
    author_id BIGINT NOT NULL,
    isbn VARCHAR(13) /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL,
    price BIGINT NOT NULL CHECK (price >= 0),
    pages BIGINT NOT NULL CHECK (pages >= 1),
    published BIGINT NOT NULL,
    in_print BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    CONSTRAINT library_books_isbn_key UNIQUE (isbn),
    CONSTRAINT library_books_author_id_fkey FOREIGN KEY (author_id) REFERENCES library_authors (id) ON DELETE CASCADE,
    INDEX library_books_title (title),
    INDEX library_books_title_desc (title DESC, id),
    INDEX library_books_author (author_id),
    INDEX library_books_price (price),
    INDEX library_books_price_desc (price DESC, id),
    INDEX library_books_pages (pages),
    INDEX library_books_published (published),
    INDEX library_books_published_desc (published DESC, id),
    INDEX library_books_in_print (in_print)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- The row count of library_books for unfiltered lists, kept in the same transaction as every insert and delete,
-- split over 8 rows (one per connection id modulo 8, read as their sum) so that concurrent inserts do not
-- queue. Written so that a run stopped half-way (MySQL commits each statement) can simply be run again.
CREATE TABLE IF NOT EXISTS library_books_count (slot INT NOT NULL PRIMARY KEY, n BIGINT NOT NULL) ENGINE=InnoDB;
DROP TRIGGER IF EXISTS library_books_count_insert;
DROP TRIGGER IF EXISTS library_books_count_delete;
REPLACE INTO library_books_count (slot, n) VALUES (0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0);
UPDATE library_books_count SET n = (SELECT COUNT(*) FROM library_books) WHERE slot = 0;
CREATE TRIGGER library_books_count_insert AFTER INSERT ON library_books FOR EACH ROW
    UPDATE library_books_count SET n = n + 1 WHERE slot = CONNECTION_ID() % 8;
CREATE TRIGGER library_books_count_delete AFTER DELETE ON library_books FOR EACH ROW
    UPDATE library_books_count SET n = n - 1 WHERE slot = CONNECTION_ID() % 8;
