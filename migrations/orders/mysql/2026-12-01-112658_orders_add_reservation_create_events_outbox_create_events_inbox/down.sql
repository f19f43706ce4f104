-- Written by `tessera makemigrations` from the module's declarations.
DROP TABLE events_inbox;
DROP TABLE events_outbox;
ALTER TABLE orders DROP COLUMN reservation;
