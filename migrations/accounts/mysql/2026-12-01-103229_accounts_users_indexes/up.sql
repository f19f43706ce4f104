-- Written by `tessera makemigrations` from the module's declarations.
ALTER TABLE accounts_users ADD INDEX accounts_users_date_joined (date_joined);
ALTER TABLE accounts_users ADD INDEX accounts_users_date_joined_desc (date_joined DESC, id);
