-- price_cents: hundredths; created_at/updated_at: microseconds since 1970-01-01 UTC.
CREATE TABLE catalog_products (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    sku VARCHAR(32) NOT NULL,
    name VARCHAR(200) NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    price_cents BIGINT NOT NULL CHECK (price_cents >= 0),
    stock BIGINT NOT NULL DEFAULT 0 CHECK (stock >= 0),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT catalog_products_sku_key UNIQUE (sku)
);
CREATE INDEX catalog_products_name ON catalog_products (name);
CREATE INDEX catalog_products_price ON catalog_products (price_cents);
CREATE INDEX catalog_products_created_at ON catalog_products (created_at);
