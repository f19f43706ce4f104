-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER catalog_products_search_insert;
DROP TRIGGER catalog_products_search_delete;
DROP TRIGGER catalog_products_search_update;
DROP TABLE catalog_products_search;
