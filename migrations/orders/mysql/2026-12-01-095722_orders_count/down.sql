-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER IF EXISTS orders_count_insert;
DROP TRIGGER IF EXISTS orders_count_delete;
DROP TABLE IF EXISTS orders_count;
