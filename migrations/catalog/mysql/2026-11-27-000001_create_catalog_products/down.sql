DROP TABLE catalog_products;
