PRAGMA foreign_keys = OFF;
BEGIN;
-- Written by `tessera makemigrations` from the module's declarations.
-- orders: rebuilt with its new columns; its rows and id counter are kept.
CREATE TABLE orders__new (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    product_id BIGINT NOT NULL,
    quantity BIGINT NOT NULL CHECK (quantity >= 1),
    unit_price_cents BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL DEFAULT 'pending',
    owner BIGINT NULL,
    created_at BIGINT NOT NULL,
    reservation VARCHAR(16) NOT NULL DEFAULT 'awaiting'
);
-- Orders made before events existed never took stock: they hold none ('none'); new ones await catalog's answer.
INSERT INTO orders__new (id, product_id, quantity, unit_price_cents, status, owner, created_at, reservation) SELECT id, product_id, quantity, unit_price_cents, status, owner, created_at, 'none' FROM orders;
DELETE FROM sqlite_sequence WHERE name = 'orders__new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'orders__new', seq FROM sqlite_sequence WHERE name = 'orders';
DROP TABLE orders;
ALTER TABLE orders__new RENAME TO orders;
CREATE INDEX orders_owner ON orders (owner);
CREATE INDEX orders_created_at ON orders (created_at);
CREATE TRIGGER orders_count_insert AFTER INSERT ON orders BEGIN UPDATE orders_count SET n = n + 1; END;
CREATE TRIGGER orders_count_delete AFTER DELETE ON orders BEGIN UPDATE orders_count SET n = n - 1; END;
CREATE TABLE events_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    event_id VARCHAR(36) NOT NULL,
    event_type VARCHAR(150) NOT NULL,
    aggregate_id VARCHAR(150) NOT NULL,
    payload TEXT NOT NULL,
    state VARCHAR(16) NOT NULL DEFAULT 'pending',
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    delivered_at BIGINT NULL,
    CONSTRAINT events_outbox_event_id_key UNIQUE (event_id)
);
CREATE INDEX events_outbox_state ON events_outbox (state);
CREATE TABLE events_inbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    event_id VARCHAR(36) NOT NULL,
    event_type VARCHAR(150) NOT NULL,
    redeliveries BIGINT NOT NULL DEFAULT 0,
    received_at BIGINT NOT NULL,
    CONSTRAINT events_inbox_event_id_key UNIQUE (event_id)
);
CREATE INDEX events_inbox_received_at ON events_inbox (received_at);
COMMIT;
PRAGMA foreign_keys = ON;
