-- A counter every change to a case, its topics, demands or AMBER audience moves on, so that
-- anything cached from cases (the statistics) can tell at once that it is stale. Statement
-- triggers: a bulk load moves it once per statement, not once per row.
CREATE TABLE change_counters (
    name TEXT PRIMARY KEY NOT NULL,
    value BIGINT NOT NULL
);
INSERT INTO change_counters (name, value) VALUES ('cases', 0);

CREATE FUNCTION bump_cases_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'cases';
    RETURN NULL;
END;
$$;

CREATE TRIGGER cases_epoch AFTER INSERT OR UPDATE OR DELETE ON cases
    FOR EACH STATEMENT EXECUTE FUNCTION bump_cases_epoch();
CREATE TRIGGER case_topics_epoch AFTER INSERT OR UPDATE OR DELETE ON case_topics
    FOR EACH STATEMENT EXECUTE FUNCTION bump_cases_epoch();
CREATE TRIGGER case_demands_epoch AFTER INSERT OR UPDATE OR DELETE ON case_demands
    FOR EACH STATEMENT EXECUTE FUNCTION bump_cases_epoch();
CREATE TRIGGER case_audience_epoch AFTER INSERT OR UPDATE OR DELETE ON case_audience
    FOR EACH STATEMENT EXECUTE FUNCTION bump_cases_epoch();
