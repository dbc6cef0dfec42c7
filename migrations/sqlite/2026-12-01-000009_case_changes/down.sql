ALTER TABLE case_comments DROP COLUMN written_anonymity;
ALTER TABLE case_comments DROP COLUMN written_audience;
ALTER TABLE case_comments DROP COLUMN written_tlp;
DROP TABLE case_changes;
