-- Written by `tessera makemigrations` from the module's declarations.
DROP INDEX example_models_name_trgm;
DROP INDEX example_models_description_trgm;
