-- Full-text search over agreements: the title and the newest version of each language's text,
-- rebuilt whenever an agreement's title or texts change. Existing agreements are indexed here.
CREATE VIRTUAL TABLE agreement_search USING fts5 (
    agreement_id UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO agreement_search (agreement_id, title, body)
SELECT a.id, a.title, COALESCE((
    SELECT group_concat(t.body, char(10) || char(10))
    FROM agreement_texts t
    WHERE t.agreement_id = a.id
      AND t.version = (SELECT MAX(v.version) FROM agreement_texts v
                       WHERE v.agreement_id = t.agreement_id AND v.language = t.language)
), '')
FROM agreements a;
