DROP TABLE example_models;
