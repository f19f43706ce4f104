-- Written by `tessera makemigrations` from the module's declarations.
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
