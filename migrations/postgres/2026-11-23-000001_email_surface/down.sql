ALTER TABLE outbox DROP COLUMN fallback_html;
ALTER TABLE outbox DROP COLUMN fallback_text;
ALTER TABLE outbox DROP COLUMN fallback_subject;
ALTER TABLE outbox DROP COLUMN guard;
