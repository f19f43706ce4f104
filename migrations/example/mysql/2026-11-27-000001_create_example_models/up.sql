-- AUTO_INCREMENT: InnoDB keeps the counter across restarts, so ids are not reused after the newest row is deleted.
-- Text columns compare and order by code point with no trailing-space padding, as PostgreSQL's COLLATE "C" does:
-- utf8mb4_nopad_bin on MariaDB (in its version comments), utf8mb4_bin, the table default, on MySQL.
-- LONGTEXT: MySQL's TEXT holds only 64 KiB, and the other backends' TEXT has no limit.
-- A list ordered by a column descending is ordered by id ascending within ties; MySQL reads such an order from
-- an index only if the index has that direction, hence the (column DESC, id) indexes.
CREATE TABLE example_models (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(100) /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL,
    description LONGTEXT /*M!100202 COLLATE utf8mb4_nopad_bin */ NOT NULL,
    INDEX example_models_name (name),
    INDEX example_models_name_desc (name DESC, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
