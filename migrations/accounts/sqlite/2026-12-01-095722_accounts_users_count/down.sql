-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER accounts_users_count_insert;
DROP TRIGGER accounts_users_count_delete;
DROP TABLE accounts_users_count;
