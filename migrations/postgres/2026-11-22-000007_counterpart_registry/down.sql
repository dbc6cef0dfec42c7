DROP INDEX cases_counterpart_policy;
DROP INDEX counterparts_name;
ALTER TABLE counterparts DROP COLUMN is_public;
