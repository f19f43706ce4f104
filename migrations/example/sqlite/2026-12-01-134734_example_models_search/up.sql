-- Written by `tessera makemigrations` from the module's declarations.
-- A trigram index of the searched columns: ?search= looks a term of 3 or more characters up in it,
-- and LIKE decides on the rows it finds.
CREATE VIRTUAL TABLE example_models_search USING fts5(name, description, content='example_models', content_rowid='id', tokenize='trigram');
INSERT INTO example_models_search (example_models_search) VALUES ('rebuild');
CREATE TRIGGER example_models_search_insert AFTER INSERT ON example_models BEGIN INSERT INTO example_models_search (rowid, name, description) VALUES (new.id, new.name, new.description); END;
CREATE TRIGGER example_models_search_delete AFTER DELETE ON example_models BEGIN INSERT INTO example_models_search (example_models_search, rowid, name, description) VALUES ('delete', old.id, old.name, old.description); END;
CREATE TRIGGER example_models_search_update AFTER UPDATE OF name, description ON example_models BEGIN INSERT INTO example_models_search (example_models_search, rowid, name, description) VALUES ('delete', old.id, old.name, old.description); INSERT INTO example_models_search (rowid, name, description) VALUES (new.id, new.name, new.description); END;
