DROP INDEX cases_newest_cover;
CREATE INDEX cases_status_published ON cases (status, published_at);
CREATE INDEX cases_status_tlp_published ON cases (status, tlp, published_at);
CREATE INDEX cases_published_cover ON cases (
    status, tlp, published_at, id, author_id, response, anonymity, city_id, counterpart_id,
    occurred_on
);
