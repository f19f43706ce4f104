-- product_id names a product of catalog's own database: no foreign key crosses modules.
-- unit_price_cents: hundredths; created_at: microseconds since 1970-01-01 UTC.
CREATE TABLE orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    product_id BIGINT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity >= 1),
    unit_price_cents BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL DEFAULT 'pending',
    owner BIGINT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX orders_created_at ON orders (created_at);
CREATE INDEX orders_owner ON orders (owner);
