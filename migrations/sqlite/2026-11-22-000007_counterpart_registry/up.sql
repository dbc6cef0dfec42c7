-- The counterparts registry under the policy. An entry is shown to a reader only when a case
-- they may read names it and shows them who reported it, or when a moderator marked the
-- entry public (`is_public`); moderators see every entry.
ALTER TABLE counterparts ADD COLUMN is_public BOOLEAN NOT NULL DEFAULT FALSE;
-- /counterparts pages through the registry by name.
CREATE INDEX counterparts_name ON counterparts (name, id);
-- The registry's EXISTS over cases: probes the cases naming one counterpart and tests the
-- policy's columns in the index itself, without reading the case rows.
CREATE INDEX cases_counterpart_policy ON cases (counterpart_id, status, tlp, anonymity, author_id, id);
