-- Newest-first walks. Lists, counts and searches all read published cases newest first and
-- stop after one page plus a look-ahead; this index holds every column their filters test,
-- in that order, so the walk never touches the wide case rows. It replaces the indexes that
-- started with (status, tlp), which sent member counts through every AMBER case first.
DROP INDEX cases_published_cover;
DROP INDEX cases_status_tlp_published;
DROP INDEX cases_status_published;
CREATE INDEX cases_newest_cover ON cases (
    status, published_at, id, tlp, author_id, response, anonymity, city_id, counterpart_id,
    occurred_on
);

-- Search order. A published case gets a `search_key` that grows with `published_at`
-- (seconds × 1,000,000 plus a counter within the second), and its full-text row uses that key
-- as rowid. A search then walks the full-text index itself newest first and stops after a
-- page, instead of collecting every match of a common word and sorting them.
ALTER TABLE cases ADD COLUMN search_key INTEGER;
CREATE UNIQUE INDEX cases_search_key ON cases (search_key);
-- A search joins its matches to cases by key and tests the list filters on this index alone.
CREATE INDEX cases_search_cover ON cases (
    search_key, status, tlp, author_id, response, anonymity, city_id, counterpart_id,
    occurred_on, id
);

CREATE TRIGGER cases_search_key_on_insert AFTER INSERT ON cases
WHEN NEW.published_at IS NOT NULL AND NEW.search_key IS NULL
BEGIN
    UPDATE cases SET search_key = (
        SELECT COALESCE(MAX(search_key) + 1, CAST(strftime('%s', NEW.published_at) AS INTEGER) * 1000000)
        FROM cases
        WHERE search_key BETWEEN CAST(strftime('%s', NEW.published_at) AS INTEGER) * 1000000
            AND CAST(strftime('%s', NEW.published_at) AS INTEGER) * 1000000 + 999999
    ) WHERE id = NEW.id;
END;

CREATE TRIGGER cases_search_key_on_publish AFTER UPDATE OF published_at ON cases
WHEN NEW.published_at IS NOT NULL AND NEW.search_key IS NULL
BEGIN
    UPDATE cases SET search_key = (
        SELECT COALESCE(MAX(search_key) + 1, CAST(strftime('%s', NEW.published_at) AS INTEGER) * 1000000)
        FROM cases
        WHERE search_key BETWEEN CAST(strftime('%s', NEW.published_at) AS INTEGER) * 1000000
            AND CAST(strftime('%s', NEW.published_at) AS INTEGER) * 1000000 + 999999
    ) WHERE id = NEW.id;
END;

UPDATE cases SET search_key = keyed.search_key
FROM (
    SELECT id, CAST(strftime('%s', published_at) AS INTEGER) * 1000000
        + ROW_NUMBER() OVER (PARTITION BY strftime('%s', published_at) ORDER BY published_at, id)
        - 1 AS search_key
    FROM cases WHERE published_at IS NOT NULL
) AS keyed
WHERE keyed.id = cases.id;

-- Only published cases are searchable, under their key. (The table is created afresh rather
-- than renamed, so its definition reads as written.)
CREATE TABLE case_search_copy AS SELECT case_id, title, body FROM case_search;
DROP TABLE case_search;
CREATE VIRTUAL TABLE case_search USING fts5 (
    case_id UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO case_search (rowid, case_id, title, body)
SELECT cases.search_key, case_search_copy.case_id, case_search_copy.title, case_search_copy.body
FROM case_search_copy JOIN cases ON cases.id = case_search_copy.case_id
WHERE cases.search_key IS NOT NULL;
DROP TABLE case_search_copy;
