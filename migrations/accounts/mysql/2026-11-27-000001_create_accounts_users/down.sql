DROP TABLE accounts_users;
