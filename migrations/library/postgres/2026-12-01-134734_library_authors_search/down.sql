-- Written by `tessera makemigrations` from the module's declarations.
DROP INDEX library_authors_name_trgm;
