ALTER TABLE approved_domains DROP COLUMN country_code;
