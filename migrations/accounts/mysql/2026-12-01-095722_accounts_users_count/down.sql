-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER IF EXISTS accounts_users_count_insert;
DROP TRIGGER IF EXISTS accounts_users_count_delete;
DROP TABLE IF EXISTS accounts_users_count;
