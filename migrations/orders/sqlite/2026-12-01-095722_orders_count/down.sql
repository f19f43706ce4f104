-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER orders_count_insert;
DROP TRIGGER orders_count_delete;
DROP TABLE orders_count;
