-- Agreement review: the partnerships registry, agreements with their language versions and
-- clauses, annotations, the rule library once it lives in the database, the job runner's
-- schedule, reminders sent, and members' calendar feeds.

-- A Twinwise city and its counterpart city. Public facts (CLEAR) unless the city sets a level.
-- Dates may be partial ("2016", "2016-03", "2016-03-29"); '' when unknown.
CREATE TABLE partnerships (
    id TEXT PRIMARY KEY NOT NULL,
    city_id TEXT NOT NULL REFERENCES cities (id),
    counterpart_city TEXT NOT NULL,
    counterpart_province TEXT NOT NULL,
    counterpart_country TEXT NOT NULL,
    kind TEXT NOT NULL,
    since TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'terminated')),
    status_on TEXT NOT NULL,
    status_reason TEXT NOT NULL,
    case_id TEXT REFERENCES cases (id) ON DELETE SET NULL,
    sources TEXT NOT NULL,
    tlp TEXT NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'red')),
    created_by TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (city_id, counterpart_city, kind)
);
CREATE INDEX partnerships_counterpart ON partnerships (counterpart_city, city_id);

CREATE TABLE partnership_audience (
    partnership_id TEXT NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    country_code TEXT NOT NULL,
    PRIMARY KEY (partnership_id, country_code)
);

-- An agreement belongs to the city that reviews it. `renews_on` and `notice_by` are computed
-- from the dates, term, renewal and notice period whenever the agreement is saved, so that
-- the deadlines list and the reminders read an index.
CREATE TABLE agreements (
    id TEXT PRIMARY KEY NOT NULL,
    city_id TEXT NOT NULL REFERENCES cities (id),
    partnership_id TEXT REFERENCES partnerships (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'signed', 'expired', 'terminated')),
    signed_on DATE,
    effective_on DATE,
    term TEXT NOT NULL,
    renewal TEXT NOT NULL CHECK (renewal IN ('automatic', 'written', 'none')),
    notice TEXT NOT NULL,
    reminder_days TEXT NOT NULL,
    renews_on DATE,
    notice_by DATE,
    tlp TEXT NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'red')),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX agreements_updated ON agreements (updated_at, id);
CREATE INDEX agreements_city ON agreements (city_id, updated_at);
CREATE INDEX agreements_partnership ON agreements (partnership_id);
CREATE INDEX agreements_notice_by ON agreements (notice_by);

CREATE TABLE agreement_audience (
    agreement_id TEXT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    country_code TEXT NOT NULL,
    PRIMARY KEY (agreement_id, country_code)
);
CREATE INDEX agreement_audience_country ON agreement_audience (country_code, agreement_id);

-- Each upload or paste of one language's text is a new version of it.
CREATE TABLE agreement_texts (
    id TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    version INTEGER NOT NULL,
    source TEXT NOT NULL,
    body TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (agreement_id, language, version)
);

-- The clauses of one text, as split and as corrected by its readers.
CREATE TABLE agreement_clauses (
    id TEXT PRIMARY KEY NOT NULL,
    text_id TEXT NOT NULL REFERENCES agreement_texts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    number TEXT,
    title TEXT,
    body TEXT NOT NULL,
    language TEXT,
    UNIQUE (text_id, position)
);

-- A member's note on a clause; `city_only` keeps it to the owning city's members.
CREATE TABLE agreement_annotations (
    id TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    clause_id TEXT NOT NULL REFERENCES agreement_clauses (id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users (id),
    concern TEXT NOT NULL CHECK (concern IN ('note', 'low', 'medium', 'high')),
    body TEXT NOT NULL,
    city_only BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX agreement_annotations_clause ON agreement_annotations (clause_id, created_at);
CREATE INDEX agreement_annotations_agreement ON agreement_annotations (agreement_id, created_at);

-- The rule library. Filled from the starter files on a fresh database; every save is a
-- revision. Lists are JSON arrays of strings.
CREATE TABLE rules (
    id TEXT PRIMARY KEY NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('red', 'amber', 'info')),
    title TEXT NOT NULL,
    guidance TEXT NOT NULL,
    alternative TEXT NOT NULL,
    patterns TEXT NOT NULL,
    unless_patterns TEXT NOT NULL,
    must_match TEXT NOT NULL,
    must_not_match TEXT NOT NULL,
    case_ids TEXT NOT NULL,
    playbook_slugs TEXT NOT NULL,
    revision INTEGER NOT NULL,
    updated_by TEXT REFERENCES users (id),
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX rules_category ON rules (category, severity, id);

CREATE TABLE rule_revisions (
    rule_id TEXT NOT NULL REFERENCES rules (id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    content TEXT NOT NULL,
    note TEXT NOT NULL,
    author_id TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (rule_id, revision)
);

INSERT INTO change_counters (name, value) VALUES ('rules', 0);

-- The job runner: one row per periodic job. A runner claims a due job by taking its lease
-- in one conditional UPDATE, so two instances never run it at once.
CREATE TABLE jobs (
    name TEXT PRIMARY KEY NOT NULL,
    due_at TIMESTAMP NOT NULL,
    lease_owner TEXT,
    lease_until TIMESTAMP,
    last_started_at TIMESTAMP,
    last_finished_at TIMESTAMP,
    last_outcome TEXT
);

-- One row per reminder sent: the key that makes each (agreement, deadline, lead time) go out
-- exactly once, written in the same transaction as the mail.
CREATE TABLE agreement_reminders (
    agreement_id TEXT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    deadline DATE NOT NULL,
    lead_days INTEGER NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (agreement_id, deadline, lead_days)
);

-- A member's private calendar feed: only the token's hash is kept.
CREATE TABLE calendar_feeds (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);
