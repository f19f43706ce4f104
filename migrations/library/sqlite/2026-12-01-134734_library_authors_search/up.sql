-- Written by `tessera makemigrations` from the module's declarations.
-- A trigram index of the searched columns: ?search= looks a term of 3 or more characters up in it,
-- and LIKE decides on the rows it finds.
CREATE VIRTUAL TABLE library_authors_search USING fts5(name, content='library_authors', content_rowid='id', tokenize='trigram');
INSERT INTO library_authors_search (library_authors_search) VALUES ('rebuild');
CREATE TRIGGER library_authors_search_insert AFTER INSERT ON library_authors BEGIN INSERT INTO library_authors_search (rowid, name) VALUES (new.id, new.name); END;
CREATE TRIGGER library_authors_search_delete AFTER DELETE ON library_authors BEGIN INSERT INTO library_authors_search (library_authors_search, rowid, name) VALUES ('delete', old.id, old.name); END;
CREATE TRIGGER library_authors_search_update AFTER UPDATE OF name ON library_authors BEGIN INSERT INTO library_authors_search (library_authors_search, rowid, name) VALUES ('delete', old.id, old.name); INSERT INTO library_authors_search (rowid, name) VALUES (new.id, new.name); END;
