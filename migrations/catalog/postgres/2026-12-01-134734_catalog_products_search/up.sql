-- Written by `tessera makemigrations` from the module's declarations.
-- Trigram indexes of the searched columns: ?search= finds a term of 3 or more characters through them,
-- and LIKE decides on the rows they find.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX catalog_products_name_trgm ON catalog_products USING gin (lower(name) gin_trgm_ops);
CREATE INDEX catalog_products_description_trgm ON catalog_products USING gin (lower(description) gin_trgm_ops);
CREATE INDEX catalog_products_sku_trgm ON catalog_products USING gin (lower(sku) gin_trgm_ops);
