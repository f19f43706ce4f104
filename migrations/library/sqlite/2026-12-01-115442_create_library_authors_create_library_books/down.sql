-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER library_books_count_insert;
DROP TRIGGER library_books_count_delete;
DROP TABLE library_books_count;
DROP TABLE library_books;
DROP TRIGGER library_authors_count_insert;
DROP TRIGGER library_authors_count_delete;
DROP TABLE library_authors_count;
DROP TABLE library_authors;
