DROP INDEX cases_newest_cover;
CREATE INDEX cases_newest_cover ON cases (
    status, published_at, id, tlp, author_id, response, anonymity, city_id, counterpart_id,
    occurred_on
);
ALTER TABLE cases DROP COLUMN demand_mask;
ALTER TABLE cases DROP COLUMN topic_mask;
