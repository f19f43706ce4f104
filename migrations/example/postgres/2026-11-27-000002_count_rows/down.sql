DROP TRIGGER example_models_count_change ON example_models;
DROP FUNCTION example_models_count_change();
DROP TABLE example_models_count;
