-- product_id names a product of catalog's own database: no foreign key crosses modules.
-- unit_price_cents: hundredths; created_at: microseconds since 1970-01-01 UTC.
-- Text columns compare and order by code point with no trailing-space padding, as PostgreSQL's COLLATE "C" does:
-- utf8mb4_nopad_bin on MariaDB (in its version comments), utf8mb4_bin, the table default, on MySQL.
-- A list ordered by a column descending is ordered by id ascending within ties; MySQL reads such an order from
-- an index only if the index has that direction, hence the (column DESC, id) indexes.
CREATE TABLE orders (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    product_id BIGINT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity >= 1),
    unit_price_cents BIGINT NOT NULL,
    status VARCHAR(16) /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL DEFAULT 'pending',
    owner BIGINT NULL,
    created_at BIGINT NOT NULL,
    INDEX orders_created_at (created_at),
    INDEX orders_created_at_desc (created_at DESC, id),
    INDEX orders_owner (owner)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
