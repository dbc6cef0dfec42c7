DROP TABLE rate_limit_events;
DROP TABLE approved_domains;
DROP TABLE audit_log;
DROP TABLE outbox;
DROP TABLE email_tokens;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE cities;
