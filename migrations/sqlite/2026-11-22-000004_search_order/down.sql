CREATE TABLE case_search_copy AS SELECT case_id, title, body FROM case_search;
DROP TABLE case_search;
CREATE VIRTUAL TABLE case_search USING fts5 (
    case_id UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO case_search (case_id, title, body)
SELECT case_id, title, body FROM case_search_copy;
DROP TABLE case_search_copy;

DROP TRIGGER cases_search_key_on_publish;
DROP TRIGGER cases_search_key_on_insert;
DROP INDEX cases_search_cover;
DROP INDEX cases_search_key;
ALTER TABLE cases DROP COLUMN search_key;

DROP INDEX cases_newest_cover;
CREATE INDEX cases_status_published ON cases (status, published_at);
CREATE INDEX cases_status_tlp_published ON cases (status, tlp, published_at);
CREATE INDEX cases_published_cover ON cases (
    status, tlp, published_at, id, author_id, response, anonymity, city_id, counterpart_id,
    occurred_on
);
