-- Written by `tessera makemigrations` from the module's declarations.
DROP INDEX catalog_products_name_trgm;
DROP INDEX catalog_products_description_trgm;
DROP INDEX catalog_products_sku_trgm;
