-- Topics and demand kinds as bit sets on the case row, so that the list filters and related
-- cases test them on the newest-first index itself instead of probing case_topics and
-- case_demands once per case walked. Bit i is the i-th value of `Topic::ALL` /
-- `DemandKind::ALL` (append-only enumerations; `src/domain/case_fields.rs` tests the order).
-- case_topics and case_demands stay the record; the application writes both together.
ALTER TABLE cases ADD COLUMN topic_mask BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN demand_mask BIGINT NOT NULL DEFAULT 0;
UPDATE cases SET
    topic_mask = COALESCE((SELECT SUM(CASE topic WHEN 'taiwan' THEN 1 WHEN 'tibet' THEN 2 WHEN 'xinjiang' THEN 4 WHEN 'hong_kong' THEN 8 WHEN 'tiananmen' THEN 16 WHEN 'dissidents' THEN 32 WHEN 'falun_gong' THEN 64 WHEN 'belt_and_road' THEN 128 WHEN 'covid19' THEN 256 WHEN 'technology' THEN 512 WHEN 'academic_freedom' THEN 1024 WHEN 'other' THEN 2048 ELSE 0 END) FROM case_topics WHERE case_topics.case_id = cases.id), 0),
    demand_mask = COALESCE((SELECT SUM(CASE demand WHEN 'cancel_event' THEN 1 WHEN 'remove_symbol' THEN 2 WHEN 'refuse_meeting' THEN 4 WHEN 'change_wording' THEN 8 WHEN 'endorse_policy' THEN 16 WHEN 'restrict_group' THEN 32 WHEN 'end_taiwan_contacts' THEN 64 WHEN 'threat' THEN 128 WHEN 'inducement' THEN 256 WHEN 'information_request' THEN 512 WHEN 'other' THEN 1024 ELSE 0 END) FROM case_demands WHERE case_demands.case_id = cases.id), 0);
DROP INDEX cases_newest_cover;
CREATE INDEX cases_newest_cover ON cases (
    status, published_at, id, tlp, author_id, response, anonymity, city_id, counterpart_id,
    occurred_on, topic_mask, demand_mask
);
