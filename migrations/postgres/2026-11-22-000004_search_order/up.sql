-- Newest-first walks. Lists, counts and searches read published cases newest first and stop
-- after one page plus a look-ahead; this index holds every column their filters test, so the
-- walk never touches the wide case rows. It replaces the indexes that started with
-- (status, tlp). (SQLite also gets a search order key here; PostgreSQL sorts its matches.)
DROP INDEX cases_published_cover;
DROP INDEX cases_status_tlp_published;
DROP INDEX cases_status_published;
CREATE INDEX cases_newest_cover ON cases (
    status, published_at, id, tlp, author_id, response, anonymity, city_id, counterpart_id,
    occurred_on
);
