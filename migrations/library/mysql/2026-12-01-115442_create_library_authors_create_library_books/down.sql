-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER IF EXISTS library_books_count_insert;
DROP TRIGGER IF EXISTS library_books_count_delete;
DROP TABLE IF EXISTS library_books_count;
DROP TABLE library_books;
DROP TRIGGER IF EXISTS library_authors_count_insert;
DROP TRIGGER IF EXISTS library_authors_count_delete;
DROP TABLE IF EXISTS library_authors_count;
DROP TABLE library_authors;
