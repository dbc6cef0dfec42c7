-- Mail about content is checked against the policy again when it is sent: `guard` names the
-- content, the recipient and what the queued rendering says (JSON, written by
-- `email::surface`); the fallback is the rendering that says nothing of the content, sent
-- instead when the check fails. All four are NULL for mail that is not about content.
ALTER TABLE outbox ADD COLUMN guard TEXT;
ALTER TABLE outbox ADD COLUMN fallback_subject TEXT;
ALTER TABLE outbox ADD COLUMN fallback_text TEXT;
ALTER TABLE outbox ADD COLUMN fallback_html TEXT;
