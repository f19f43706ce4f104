-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER example_models_search_insert;
DROP TRIGGER example_models_search_delete;
DROP TRIGGER example_models_search_update;
DROP TABLE example_models_search;
