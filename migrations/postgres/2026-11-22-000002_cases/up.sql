-- Cases: the incident log, its counterparts registry, discussion, revisions, flags and
-- pattern alerts. Multi-valued fields live in their own tables, indexed for the filters.

CREATE TABLE counterparts (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    country_code TEXT NOT NULL,
    city TEXT NOT NULL,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (name_key, country_code)
);
CREATE INDEX counterparts_kind ON counterparts (kind);

CREATE TABLE cases (
    id TEXT PRIMARY KEY NOT NULL,
    author_id TEXT NOT NULL REFERENCES users (id),
    city_id TEXT NOT NULL REFERENCES cities (id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    narrative TEXT NOT NULL,
    narrative_html TEXT NOT NULL,
    counterpart_id TEXT REFERENCES counterparts (id),
    channel TEXT NOT NULL,
    response TEXT NOT NULL,
    outcome TEXT NOT NULL,
    lessons TEXT NOT NULL,
    occurred_on DATE NOT NULL,
    tlp TEXT NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'red')),
    anonymity TEXT NOT NULL CHECK (anonymity IN ('none', 'city', 'city_and_country')),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'published', 'returned')),
    return_reason TEXT,
    faced_count INTEGER NOT NULL DEFAULT 0,
    comment_count INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP,
    published_at TIMESTAMP
);
-- /cases newest first, for everyone and per level.
CREATE INDEX cases_status_published ON cases (status, published_at);
CREATE INDEX cases_status_tlp_published ON cases (status, tlp, published_at);
-- /cases sorted by "we faced this too".
CREATE INDEX cases_status_faced ON cases (status, faced_count);
-- The author's own cases; the moderation queue.
CREATE INDEX cases_author ON cases (author_id, updated_at);
CREATE INDEX cases_status_submitted ON cases (status, submitted_at);
-- Counterpart pages and pattern alerts.
CREATE INDEX cases_counterpart ON cases (counterpart_id, published_at);
CREATE INDEX cases_city ON cases (city_id);

CREATE TABLE case_topics (
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    PRIMARY KEY (case_id, topic)
);
CREATE INDEX case_topics_topic ON case_topics (topic, case_id);

CREATE TABLE case_demands (
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    demand TEXT NOT NULL,
    PRIMARY KEY (case_id, demand)
);
CREATE INDEX case_demands_demand ON case_demands (demand, case_id);

-- AMBER audience: the countries whose members may read the case.
CREATE TABLE case_audience (
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    country_code TEXT NOT NULL,
    PRIMARY KEY (case_id, country_code)
);
CREATE INDEX case_audience_country ON case_audience (country_code, case_id);

CREATE TABLE case_references (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    url TEXT NOT NULL
);
CREATE INDEX case_references_case ON case_references (case_id, position);

CREATE TABLE case_timeline (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    occurred_on DATE NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX case_timeline_case ON case_timeline (case_id, occurred_on);

CREATE TABLE case_comments (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    hidden_at TIMESTAMP
);
CREATE INDEX case_comments_case ON case_comments (case_id, created_at);

CREATE TABLE case_faced (
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, user_id)
);

CREATE TABLE case_revisions (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    editor_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    snapshot TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX case_revisions_case ON case_revisions (case_id, created_at);

CREATE TABLE flags (
    id TEXT PRIMARY KEY NOT NULL,
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    comment_id TEXT REFERENCES case_comments (id) ON DELETE CASCADE,
    reporter_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    resolved_by TEXT REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX flags_open ON flags (resolved_at, created_at);

CREATE TABLE pattern_alerts (
    id TEXT PRIMARY KEY NOT NULL,
    pattern_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('counterpart', 'topic_demand')),
    counterpart_id TEXT REFERENCES counterparts (id) ON DELETE CASCADE,
    topic TEXT,
    demand TEXT,
    city_count INTEGER NOT NULL,
    window_start DATE NOT NULL,
    window_end DATE NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    dismissed_at TIMESTAMP
);
CREATE INDEX pattern_alerts_open ON pattern_alerts (dismissed_at, updated_at);
CREATE INDEX pattern_alerts_counterpart ON pattern_alerts (counterpart_id);

-- Full-text search over title, summary, narrative, outcome, lessons and timeline.
CREATE TABLE case_search (
    case_id TEXT PRIMARY KEY NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    document TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'B')
    ) STORED
);
CREATE INDEX case_search_document ON case_search USING GIN (document);
