PRAGMA foreign_keys = OFF;
BEGIN;
-- Written by `tessera makemigrations` from the module's declarations.
DROP TABLE events_inbox;
DROP TABLE events_outbox;
-- orders: rebuilt with its new columns; its rows and id counter are kept.
CREATE TABLE orders__new (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    product_id BIGINT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity >= 1),
    unit_price_cents BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL DEFAULT 'pending',
    owner BIGINT NULL,
    created_at BIGINT NOT NULL
);
INSERT INTO orders__new (id, product_id, quantity, unit_price_cents, status, owner, created_at) SELECT id, product_id, quantity, unit_price_cents, status, owner, created_at FROM orders;
DELETE FROM sqlite_sequence WHERE name = 'orders__new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'orders__new', seq FROM sqlite_sequence WHERE name = 'orders';
DROP TABLE orders;
ALTER TABLE orders__new RENAME TO orders;
CREATE INDEX orders_owner ON orders (owner);
CREATE INDEX orders_created_at ON orders (created_at);
CREATE TRIGGER orders_count_insert AFTER INSERT ON orders BEGIN UPDATE orders_count SET n = n + 1; END;
CREATE TRIGGER orders_count_delete AFTER DELETE ON orders BEGIN UPDATE orders_count SET n = n - 1; END;
COMMIT;
PRAGMA foreign_keys = ON;
