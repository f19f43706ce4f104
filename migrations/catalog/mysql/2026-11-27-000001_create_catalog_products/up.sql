-- price_cents: hundredths; created_at/updated_at: microseconds since 1970-01-01 UTC.
-- Text columns compare and order by code point with no trailing-space padding, as PostgreSQL's COLLATE "C" does:
-- utf8mb4_nopad_bin on MariaDB (in its version comments), utf8mb4_bin, the table default, on MySQL.
-- LONGTEXT: MySQL's TEXT holds only 64 KiB, and the other backends' TEXT has no limit.
-- A list ordered by a column descending is ordered by id ascending within ties; MySQL reads such an order from
-- an index only if the index has that direction, hence the (column DESC, id) indexes.
CREATE TABLE catalog_products (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    sku VARCHAR(32) /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL,
    name VARCHAR(200) /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL,
    description LONGTEXT /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL DEFAULT (''),
    price_cents BIGINT NOT NULL CHECK (price_cents >= 0),
    stock BIGINT NOT NULL DEFAULT 0 CHECK (stock >= 0),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT catalog_products_sku_key UNIQUE (sku),
    INDEX catalog_products_name (name),
    INDEX catalog_products_name_desc (name DESC, id),
    INDEX catalog_products_price (price_cents),
    INDEX catalog_products_price_desc (price_cents DESC, id),
    INDEX catalog_products_created_at (created_at),
    INDEX catalog_products_created_at_desc (created_at DESC, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
