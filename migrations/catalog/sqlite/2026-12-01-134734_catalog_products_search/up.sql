-- Written by `tessera makemigrations` from the module's declarations.
-- A trigram index of the searched columns: ?search= looks a term of 3 or more characters up in it,
-- and LIKE decides on the rows it finds.
CREATE VIRTUAL TABLE catalog_products_search USING fts5(name, description, sku, content='catalog_products', content_rowid='id', tokenize='trigram');
INSERT INTO catalog_products_search (catalog_products_search) VALUES ('rebuild');
CREATE TRIGGER catalog_products_search_insert AFTER INSERT ON catalog_products BEGIN INSERT INTO catalog_products_search (rowid, name, description, sku) VALUES (new.id, new.name, new.description, new.sku); END;
CREATE TRIGGER catalog_products_search_delete AFTER DELETE ON catalog_products BEGIN INSERT INTO catalog_products_search (catalog_products_search, rowid, name, description, sku) VALUES ('delete', old.id, old.name, old.description, old.sku); END;
CREATE TRIGGER catalog_products_search_update AFTER UPDATE OF name, description, sku ON catalog_products BEGIN INSERT INTO catalog_products_search (catalog_products_search, rowid, name, description, sku) VALUES ('delete', old.id, old.name, old.description, old.sku); INSERT INTO catalog_products_search (rowid, name, description, sku) VALUES (new.id, new.name, new.description, new.sku); END;
