-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER accounts_users_count_change ON accounts_users;
DROP FUNCTION accounts_users_count_change();
DROP TABLE accounts_users_count;
