-- Written by `tessera makemigrations` from the module's declarations.
DROP INDEX accounts_users_date_joined;
