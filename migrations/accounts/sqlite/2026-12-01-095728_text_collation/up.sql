-- Nothing to do here: the column already compares by code point on this backend.
SELECT 1;
