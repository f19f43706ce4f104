-- Written by `tessera makemigrations` from the module's declarations.
-- Trigram indexes of the searched columns: ?search= finds a term of 3 or more characters through them,
-- and LIKE decides on the rows they find.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX example_models_name_trgm ON example_models USING gin (lower(name) gin_trgm_ops);
CREATE INDEX example_models_description_trgm ON example_models USING gin (lower(description) gin_trgm_ops);
