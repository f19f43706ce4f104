-- Written by `tessera makemigrations` from the module's declarations.
CREATE INDEX accounts_users_date_joined ON accounts_users (date_joined);
