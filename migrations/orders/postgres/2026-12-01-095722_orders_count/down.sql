-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER orders_count_change ON orders;
DROP FUNCTION orders_count_change();
DROP TABLE orders_count;
