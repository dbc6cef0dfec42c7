-- Full-text search over agreements: the title and the newest version of each language's text,
-- rebuilt whenever an agreement's title or texts change. Existing agreements are indexed here.
CREATE TABLE agreement_search (
    agreement_id TEXT PRIMARY KEY NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    document TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'B')
    ) STORED
);
CREATE INDEX agreement_search_document ON agreement_search USING GIN (document);

INSERT INTO agreement_search (agreement_id, title, body)
SELECT a.id, a.title, COALESCE((
    SELECT string_agg(t.body, E'\n\n' ORDER BY t.language)
    FROM agreement_texts t
    WHERE t.agreement_id = a.id
      AND t.version = (SELECT MAX(v.version) FROM agreement_texts v
                       WHERE v.agreement_id = t.agreement_id AND v.language = t.language)
), '')
FROM agreements a;
