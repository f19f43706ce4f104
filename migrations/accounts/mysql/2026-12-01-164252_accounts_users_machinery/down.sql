-- Written by `tessera makemigrations` from the module's declarations.
-- Nothing changes on this backend.
DO 0;
