-- Written by `tessera makemigrations` from the module's declarations.
ALTER TABLE orders ADD COLUMN reservation VARCHAR(16) /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL DEFAULT 'awaiting';
-- Orders made before events existed never took stock: they hold none ('none'); new ones await catalog's answer.
UPDATE orders SET reservation = 'none';
CREATE TABLE events_outbox (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    event_id VARCHAR(36) /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL,
    event_type VARCHAR(150) /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL,
    aggregate_id VARCHAR(150) /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL,
    payload LONGTEXT /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL,
    state VARCHAR(16) /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL DEFAULT 'pending',
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error LONGTEXT /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL DEFAULT (''),
    created_at BIGINT NOT NULL,
    delivered_at BIGINT NULL,
    CONSTRAINT events_outbox_event_id_key UNIQUE (event_id),
    INDEX events_outbox_state (state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE events_inbox (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    event_id VARCHAR(36) /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL,
    event_type VARCHAR(150) /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL,
    redeliveries BIGINT NOT NULL DEFAULT 0,
    received_at BIGINT NOT NULL,
    CONSTRAINT events_inbox_event_id_key UNIQUE (event_id),
    INDEX events_inbox_received_at (received_at),
    INDEX events_inbox_received_at_desc (received_at DESC, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
