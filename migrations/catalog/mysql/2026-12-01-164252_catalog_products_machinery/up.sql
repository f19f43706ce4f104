-- Written by `tessera makemigrations` from the module's declarations.
DROP TRIGGER IF EXISTS catalog_products_search_insert;
DROP TRIGGER IF EXISTS catalog_products_search_update;
DROP TRIGGER IF EXISTS catalog_products_search_delete;
DROP PROCEDURE IF EXISTS catalog_products_search_add;
DROP PROCEDURE IF EXISTS catalog_products_search_remove;
DROP PROCEDURE IF EXISTS catalog_products_search_fill;
DROP TABLE IF EXISTS catalog_products_search;
-- A trigram index of the searched columns: each distinct 3-character substring of a row's texts, ASCII
-- letters lower-cased, beside its id. ?search= looks a term of 3 or more characters up in it, and LIKE
-- decides on the rows it finds. Kept by triggers in the same transaction as every insert, update and
-- delete; written so that a run stopped half-way (MySQL commits each statement) can simply be run again.
CREATE TABLE IF NOT EXISTS catalog_products_search (gram VARBINARY(12) NOT NULL, id BIGINT NOT NULL, PRIMARY KEY (gram, id)) ENGINE=InnoDB;
DROP TRIGGER IF EXISTS catalog_products_search_insert;
DROP TRIGGER IF EXISTS catalog_products_search_update;
DROP TRIGGER IF EXISTS catalog_products_search_delete;
DROP PROCEDURE IF EXISTS catalog_products_search_add;
DROP PROCEDURE IF EXISTS catalog_products_search_remove;
DROP PROCEDURE IF EXISTS catalog_products_search_fill;
TRUNCATE TABLE catalog_products_search;
CREATE PROCEDURE catalog_products_search_add(p_id BIGINT, p_text LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)
BEGIN
    DECLARE rest LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(p_text, 'A', 'a'), 'B', 'b'), 'C', 'c'), 'D', 'd'), 'E', 'e'), 'F', 'f'), 'G', 'g'), 'H', 'h'), 'I', 'i'), 'J', 'j'), 'K', 'k'), 'L', 'l'), 'M', 'm'), 'N', 'n'), 'O', 'o'), 'P', 'p'), 'Q', 'q'), 'R', 'r'), 'S', 's'), 'T', 't'), 'U', 'u'), 'V', 'v'), 'W', 'w'), 'X', 'x'), 'Y', 'y'), 'Z', 'z');
    DECLARE part VARCHAR(502) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    WHILE CHAR_LENGTH(rest) >= 3 DO
        SET part = LEFT(rest, 502);
        INSERT IGNORE INTO catalog_products_search (gram, id) SELECT SUBSTRING(part, n.k, 3), p_id FROM JSON_TABLE(CONCAT('[', REPEAT('0,', CHAR_LENGTH(part) - 3), '0]'), '$[*]' COLUMNS (k FOR ORDINALITY)) AS n;
        SET rest = SUBSTRING(rest, 501);
    END WHILE;
END;
CREATE PROCEDURE catalog_products_search_remove(p_id BIGINT, p_text LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin)
BEGIN
    DECLARE rest LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(p_text, 'A', 'a'), 'B', 'b'), 'C', 'c'), 'D', 'd'), 'E', 'e'), 'F', 'f'), 'G', 'g'), 'H', 'h'), 'I', 'i'), 'J', 'j'), 'K', 'k'), 'L', 'l'), 'M', 'm'), 'N', 'n'), 'O', 'o'), 'P', 'p'), 'Q', 'q'), 'R', 'r'), 'S', 's'), 'T', 't'), 'U', 'u'), 'V', 'v'), 'W', 'w'), 'X', 'x'), 'Y', 'y'), 'Z', 'z');
    DECLARE part VARCHAR(502) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    WHILE CHAR_LENGTH(rest) >= 3 DO
        SET part = LEFT(rest, 502);
        DELETE g FROM catalog_products_search AS g JOIN JSON_TABLE(CONCAT('[', REPEAT('0,', CHAR_LENGTH(part) - 3), '0]'), '$[*]' COLUMNS (k FOR ORDINALITY)) AS n ON g.gram = SUBSTRING(part, n.k, 3) WHERE g.id = p_id;
        SET rest = SUBSTRING(rest, 501);
    END WHILE;
END;
CREATE TRIGGER catalog_products_search_insert AFTER INSERT ON catalog_products FOR EACH ROW
    BEGIN CALL catalog_products_search_add(NEW.id, NEW.name); CALL catalog_products_search_add(NEW.id, NEW.description); CALL catalog_products_search_add(NEW.id, NEW.sku); END;
CREATE TRIGGER catalog_products_search_update AFTER UPDATE ON catalog_products FOR EACH ROW
    IF NOT (CAST(OLD.name AS BINARY) <=> CAST(NEW.name AS BINARY)) OR NOT (CAST(OLD.description AS BINARY) <=> CAST(NEW.description AS BINARY)) OR NOT (CAST(OLD.sku AS BINARY) <=> CAST(NEW.sku AS BINARY)) THEN CALL catalog_products_search_remove(OLD.id, OLD.name); CALL catalog_products_search_remove(OLD.id, OLD.description); CALL catalog_products_search_remove(OLD.id, OLD.sku); CALL catalog_products_search_add(NEW.id, NEW.name); CALL catalog_products_search_add(NEW.id, NEW.description); CALL catalog_products_search_add(NEW.id, NEW.sku); END IF;
CREATE TRIGGER catalog_products_search_delete AFTER DELETE ON catalog_products FOR EACH ROW
    BEGIN CALL catalog_products_search_remove(OLD.id, OLD.name); CALL catalog_products_search_remove(OLD.id, OLD.description); CALL catalog_products_search_remove(OLD.id, OLD.sku); END;
CREATE PROCEDURE catalog_products_search_fill()
BEGIN
    DECLARE done BOOLEAN DEFAULT FALSE;
    DECLARE row_id BIGINT;
    DECLARE v0 LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    DECLARE v1 LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    DECLARE v2 LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    DECLARE rows_there CURSOR FOR SELECT id, name, description, sku FROM catalog_products;
    DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;
    START TRANSACTION;
    OPEN rows_there;
    each_row: LOOP
        FETCH rows_there INTO row_id, v0, v1, v2;
        IF done THEN LEAVE each_row; END IF;
        CALL catalog_products_search_add(row_id, v0); CALL catalog_products_search_add(row_id, v1); CALL catalog_products_search_add(row_id, v2);
    END LOOP;
    CLOSE rows_there;
    COMMIT;
END;
CALL catalog_products_search_fill();
DROP PROCEDURE catalog_products_search_fill;
