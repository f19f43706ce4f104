-- AUTOINCREMENT: ids are never reused, even after the newest row is deleted.
CREATE TABLE example_models (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name VARCHAR(100) NOT NULL,
    description TEXT NOT NULL
);
CREATE INDEX example_models_name ON example_models (name);
