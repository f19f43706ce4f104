-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER library_authors_search_insert;
DROP TRIGGER library_authors_search_delete;
DROP TRIGGER library_authors_search_update;
DROP TABLE library_authors_search;
