DROP TRIGGER catalog_products_count_change ON catalog_products;
DROP FUNCTION catalog_products_count_change();
DROP TABLE catalog_products_count;
