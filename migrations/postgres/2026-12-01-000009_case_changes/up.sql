-- A change to a published case that widens who may read it or what they learn about who
-- reported it waits here for a moderator; the case itself stays as published. One row per
-- case: a newer change replaces it. `fields` is the proposed version as the form's fields
-- (JSON, the counterpart resolved to a registry id), NULL when only timeline entries wait;
-- `timeline` lists new entries held for review (JSON); `widenings` says why it waits.
-- A returned change stays, with the moderator's note, until its author changes the case.
CREATE TABLE case_changes (
    case_id TEXT PRIMARY KEY NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    editor_id TEXT NOT NULL REFERENCES users (id),
    fields TEXT,
    timeline TEXT NOT NULL DEFAULT '[]',
    widenings TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT,
    created_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP
);
CREATE INDEX case_changes_queue ON case_changes (status, created_at);

-- What the case was when a comment was written: a comment reaches only readers who could
-- have read the case then. Existing comments take the case's present state.
ALTER TABLE case_comments ADD COLUMN written_tlp TEXT NOT NULL DEFAULT 'red';
ALTER TABLE case_comments ADD COLUMN written_audience TEXT NOT NULL DEFAULT '';
ALTER TABLE case_comments ADD COLUMN written_anonymity TEXT NOT NULL DEFAULT 'city_and_country';
UPDATE case_comments SET
    written_tlp = (SELECT tlp FROM cases WHERE cases.id = case_comments.case_id),
    written_anonymity = (SELECT anonymity FROM cases WHERE cases.id = case_comments.case_id),
    written_audience = COALESCE((
        SELECT string_agg(country_code, ',' ORDER BY country_code) FROM case_audience
        WHERE case_audience.case_id = case_comments.case_id
    ), '');
