-- What members follow: a topic, demand kind, country, counterpart, case, playbook or
-- partnership, by its code or id.
CREATE TABLE follows (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, kind, target)
);
-- The fan-out: who follows this?
CREATE INDEX follows_by_target ON follows (kind, target);

-- Things that happened, written in the transaction that made them happen; a worker turns
-- each into notifications for its followers (so a write never waits for the fan-out).
CREATE TABLE events (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    actor_id TEXT,
    created_at TIMESTAMP NOT NULL,
    done_at TIMESTAMP
);
-- The worker's queue: pending events, oldest first.
CREATE INDEX events_pending ON events (created_at) WHERE done_at IS NULL;

-- A member's notifications. Events of one kind about one subject collapse into one unread
-- notification: `group_key` is (member, kind, subject) while unread, the row's id once read.
CREATE TABLE notifications (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    group_key TEXT NOT NULL UNIQUE,
    events INTEGER NOT NULL,
    first_at TIMESTAMP NOT NULL,
    last_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP
);
-- /notifications, newest first.
CREATE INDEX notifications_by_member ON notifications (user_id, last_at);
-- The unread count in every signed-in page's navigation.
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
