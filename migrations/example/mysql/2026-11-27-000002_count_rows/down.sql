DROP TRIGGER example_models_count_insert;
DROP TRIGGER example_models_count_delete;
DROP TABLE example_models_count;
