-- A counter every change to a case, its topics, demands or AMBER audience moves on, so that
-- anything cached from cases (the statistics) can tell at once that it is stale.
CREATE TABLE change_counters (
    name TEXT PRIMARY KEY NOT NULL,
    value BIGINT NOT NULL
);
INSERT INTO change_counters (name, value) VALUES ('cases', 0);

CREATE TRIGGER cases_epoch_insert AFTER INSERT ON cases
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'cases';
END;
CREATE TRIGGER cases_epoch_update AFTER UPDATE ON cases
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'cases';
END;
CREATE TRIGGER cases_epoch_delete AFTER DELETE ON cases
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'cases';
END;
CREATE TRIGGER case_topics_epoch_insert AFTER INSERT ON case_topics
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'cases';
END;
CREATE TRIGGER case_topics_epoch_update AFTER UPDATE ON case_topics
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'cases';
END;
CREATE TRIGGER case_topics_epoch_delete AFTER DELETE ON case_topics
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'cases';
END;
CREATE TRIGGER case_demands_epoch_insert AFTER INSERT ON case_demands
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'cases';
END;
CREATE TRIGGER case_demands_epoch_update AFTER UPDATE ON case_demands
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'cases';
END;
CREATE TRIGGER case_demands_epoch_delete AFTER DELETE ON case_demands
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'cases';
END;
CREATE TRIGGER case_audience_epoch_insert AFTER INSERT ON case_audience
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'cases';
END;
CREATE TRIGGER case_audience_epoch_update AFTER UPDATE ON case_audience
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'cases';
END;
CREATE TRIGGER case_audience_epoch_delete AFTER DELETE ON case_audience
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'cases';
END;
