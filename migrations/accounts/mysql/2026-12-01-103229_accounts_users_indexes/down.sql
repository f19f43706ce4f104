-- Written by `tessera makemigrations` from the module's declarations.
DROP INDEX accounts_users_date_joined ON accounts_users;
DROP INDEX accounts_users_date_joined_desc ON accounts_users;
