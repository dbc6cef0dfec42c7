-- Playbooks: curated response guides. The current text of a playbook is its latest revision;
-- the `playbooks` row keeps what lists, filters and the policy need.

CREATE TABLE playbooks (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
    tlp TEXT NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'red')),
    current_revision INTEGER NOT NULL,
    featured_at TIMESTAMP,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP
);
-- /playbooks by status, alphabetical; the home page's featured playbooks.
CREATE INDEX playbooks_status_title ON playbooks (status, title);
CREATE INDEX playbooks_featured ON playbooks (featured_at);

-- The topics and demand kinds a playbook applies to: filters, and matching on case pages.
CREATE TABLE playbook_topics (
    playbook_id TEXT NOT NULL REFERENCES playbooks (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    PRIMARY KEY (playbook_id, topic)
);
CREATE INDEX playbook_topics_topic ON playbook_topics (topic, playbook_id);

CREATE TABLE playbook_demands (
    playbook_id TEXT NOT NULL REFERENCES playbooks (id) ON DELETE CASCADE,
    demand TEXT NOT NULL,
    PRIMARY KEY (playbook_id, demand)
);
CREATE INDEX playbook_demands_demand ON playbook_demands (demand, playbook_id);

-- AMBER playbooks: the countries whose members may read them.
CREATE TABLE playbook_audience (
    playbook_id TEXT NOT NULL REFERENCES playbooks (id) ON DELETE CASCADE,
    country_code TEXT NOT NULL,
    PRIMARY KEY (playbook_id, country_code)
);
CREATE INDEX playbook_audience_country ON playbook_audience (country_code, playbook_id);

-- Every save: the whole document as JSON, who saved it, whose suggestion it was, and why.
CREATE TABLE playbook_revisions (
    id TEXT PRIMARY KEY NOT NULL,
    playbook_id TEXT NOT NULL REFERENCES playbooks (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    author_id TEXT NOT NULL REFERENCES users (id),
    credited_id TEXT REFERENCES users (id),
    restored_from INTEGER,
    note TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (playbook_id, number)
);

-- Members' suggested edits, made against one revision (`base_revision`).
CREATE TABLE playbook_suggestions (
    id TEXT PRIMARY KEY NOT NULL,
    playbook_id TEXT NOT NULL REFERENCES playbooks (id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users (id),
    base_revision INTEGER NOT NULL,
    note TEXT NOT NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'rejected')),
    decided_by TEXT REFERENCES users (id),
    decision_note TEXT,
    decided_at TIMESTAMP,
    accepted_revision INTEGER,
    created_at TIMESTAMP NOT NULL
);
-- The moderators' queue; a playbook's and a member's suggestions.
CREATE INDEX playbook_suggestions_status ON playbook_suggestions (status, created_at);
CREATE INDEX playbook_suggestions_playbook ON playbook_suggestions (playbook_id, created_at);
CREATE INDEX playbook_suggestions_author ON playbook_suggestions (author_id, created_at);

-- "We used this playbook" on a case, with how it went.
CREATE TABLE playbook_uses (
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    playbook_id TEXT NOT NULL REFERENCES playbooks (id) ON DELETE CASCADE,
    outcome TEXT NOT NULL CHECK (outcome IN ('worked', 'partly', 'did_not_work')),
    recorded_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, playbook_id)
);
CREATE INDEX playbook_uses_playbook ON playbook_uses (playbook_id, created_at);

-- Full-text search over the current text of each playbook.
CREATE VIRTUAL TABLE playbook_search USING fts5 (
    playbook_id UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
