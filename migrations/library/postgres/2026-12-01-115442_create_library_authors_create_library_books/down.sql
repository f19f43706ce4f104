-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER library_books_count_change ON library_books;
DROP FUNCTION library_books_count_change();
DROP TABLE library_books_count;
DROP TABLE library_books;
DROP TRIGGER library_authors_count_change ON library_authors;
DROP FUNCTION library_authors_count_change();
DROP TABLE library_authors_count;
DROP TABLE library_authors;
