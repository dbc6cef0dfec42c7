//! Splitting an agreement into clauses the way a lawyer reads it: the preamble (with its
//! recitals), numbered articles in the styles drafters use across Europe, North America and
//! China, annexes and the signature block. Sub-paragraphs and lettered items stay inside their
//! clause; lines wrapped by a PDF or an email are joined back first.
//!
//! Decided:
//! - An article heading is a line that starts with an article word and a number ("Article 1",
//!   "ARTICLE IV", "Art. 3", "§ 4", "Artikel 5", "Article premier", "Artículo 3", "Section
//!   2.3", "第三条"), followed by nothing, a separator and a title, or a capital letter. "Article
//!   3 of the Constitution" (a lower-case word after the number) is a reference, not a heading.
//! - A heading alone on its line takes the next line as its title when that line is short and
//!   reads like a title (no final full stop).
//! - Without article headings, numbered paragraphs are the clauses: the shallowest numbering
//!   that occurs ("1." before "1.1"); deeper numbers stay inside. Roman numerals ("IV.") count
//!   as the top level when there is no other.
//! - Text before the first clause is the preamble; a heading "Preamble" (in any of the
//!   languages) names it. Annexes and the signature block ("Done at…", "In witness whereof")
//!   are clauses of their own, without a number.
//! - A clause's text includes its heading line, as written.

use std::sync::LazyLock;

use regex::Regex;

/// What part of the agreement a clause is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClauseKind {
    Preamble,
    Article,
    Annex,
    Signatures,
}

/// One clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub kind: ClauseKind,
    /// The number as written ("Article 2", "§ 4", "1.2", "ARTICLE IV"); `None` for the
    /// preamble and the signature block.
    pub number: Option<String>,
    pub title: Option<String>,
    /// The clause as written, its heading included, wrapped lines joined.
    pub text: String,
}

/// Article words in the languages Twinwise reviews, then the number as written.
static ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)^(?P<number>
            (?:article|art\.|artikel|articolo|art[íi]culo|artigo|artyku[łl]|[čc]l[áa]nek|čl\.|
               paragraf|section|sec\.|clause|§)
            \s*
            (?:\d+(?:\.\d+)*[a-z]?|[ivxlc]+|premier|first|erste[rs]?|primo|primero|pierwszy)
            \.?)
          (?P<rest>.*)$",
    )
    .expect("article pattern")
});

/// "第三条", "第12条", optionally followed by a title.
static CHINESE_ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<number>第[一二三四五六七八九十百零〇两\d]+条)(?P<rest>.*)$")
        .expect("chinese article pattern")
});

/// "1.", "2.3", "4.1.2" at the start of a line, then text.
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<number>\d{1,3}(?:\.\d{1,3})*)(?:\.|\s)\s*(?P<rest>\S.*)$")
        .expect("numbered pattern")
});

/// "IV." or "IV " then a capital: a Roman-numbered part.
static ROMAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<number>[IVXLC]{1,7})\.\s+(?P<rest>\p{Lu}.*)$").expect("roman pattern")
});

static PREAMBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(preamble|pr[äa]ambel|pr[ée]ambule|pre[áa]mbulo|preambolo|preambu[łl]a|preambule|序言)\s*[.:]?\s*$",
    )
    .expect("preamble pattern")
});

static ANNEX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?P<number>(?:annex|appendix|schedule|anhang|anlage|annexe|anexo|allegato|bijlage|za[łl][ąa]cznik|p[řr][íi]loha|bilaga|附件)(?:\s*(?:nr\.?|no\.?|n[°º]\.?|č\.)?\s*(?:\d+|[ivxlc]+|[a-z]|[一二三四五六七八九十]+))?)\s*(?:[.:–—-]\s*(?P<title>.*))?$",
    )
    .expect("annex pattern")
});

/// The opening of a signature block.
static SIGNATURES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(done (?:at|in)\b|signed (?:at|in)\b|in witness whereof|geschehen (?:zu|in)\b|so geschehen|zu urkund|fait à|fait a\b|en foi de quoi|hecho en\b|firmado en\b|y en prueba de|en prueba de lo cual|en fe de lo cual|fatto a\b|fatto in\b|redatto a\b|firmato a\b|in fede\b|gedaan te\b|opgemaakt te\b|aldus overeengekomen|ten blijke waarvan|sporządzono (?:w|we)\b|na dowód czego|dáno v\b|podepsáno v\b|v \p{Lu}\p{L}+ dne\b|upprättat i\b|upprättad i\b|undertecknat i\b|undertecknad i\b|som bevis på detta|本(?:协议|协定|备忘录|谅解备忘录|意向书|议定书|合作协议|合同)于|双方代表签字)",
    )
    .expect("signature pattern")
});

/// Lines that continue a list or start an item: never joined onto the previous line.
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(?[a-z]\)|\(?[ivx]{1,4}\)|\d{1,3}\)|[-–•*·]\s|\(\d{1,3}\))").expect("item")
});

/// Normalises line ends and odd whitespace; drops invisible characters.
fn normalise(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
            )
        })
        .map(|c| match c {
            '\t' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
                ' '
            }
            '\u{2028}' | '\u{2029}' | '\u{000B}' | '\u{000C}' => '\n',
            c => c,
        })
        .collect()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// True when a line starts something of its own: a heading, an item, a recital.
fn starts_unit(line: &str) -> bool {
    heading(line).is_some()
        || PREAMBLE.is_match(line)
        || ANNEX.is_match(line)
        || SIGNATURES.is_match(line)
        || ITEM.is_match(line)
        || NUMBERED.is_match(line)
}

/// Joins lines a PDF or an email wrapped: a line that does not end a sentence, followed by a
/// line that starts in lower case (or, in Chinese, any line that does not start a unit).
fn join_wrapped(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut previous_blank = true;
    for raw in text.lines() {
        let line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            previous_blank = true;
            lines.push(String::new());
            continue;
        }
        let joins = !previous_blank
            && !starts_unit(&line)
            && lines.last().is_some_and(|last| {
                let end = last.chars().last().unwrap_or('.');
                let first = line.chars().next().unwrap_or('A');
                let open = !matches!(
                    end,
                    '.' | ';' | ':' | '!' | '?' | '。' | '；' | '：' | '！' | '？'
                );
                heading(last).is_none()
                    && !ANNEX.is_match(last)
                    && open
                    && (first.is_lowercase() || (is_cjk(end) && is_cjk(first)))
            });
        if joins && let Some(last) = lines.last_mut() {
            let glue = if last.chars().last().is_some_and(is_cjk) && line.starts_with(is_cjk) {
                ""
            } else if last.ends_with('-') && !last.ends_with(" -") {
                // A word hyphenated at the line end.
                last.pop();
                ""
            } else {
                " "
            };
            last.push_str(glue);
            last.push_str(&line);
        } else {
            lines.push(line);
        }
        previous_blank = false;
    }
    lines
}

/// An article heading: its number as written and what follows it on the line.
fn heading(line: &str) -> Option<(String, String)> {
    let caps = ARTICLE
        .captures(line)
        .or_else(|| CHINESE_ARTICLE.captures(line))?;
    let number = caps["number"].trim().trim_end_matches('.').to_owned();
    let rest = caps["rest"].trim();
    let separated = rest
        .strip_prefix(['.', ':', '–', '—', '-', ')'])
        .map(str::trim);
    match (rest.chars().next(), separated) {
        (None, _) => Some((number, String::new())),
        (_, Some(after)) => Some((number, after.to_owned())),
        // "Article 3 of the Constitution": a reference inside a sentence.
        (Some(c), None) if c.is_lowercase() => None,
        (Some(_), None) => Some((number, rest.to_owned())),
    }
}

/// A title after the number, when it reads like one rather than like the clause's first
/// sentence.
fn as_title(text: &str) -> Option<String> {
    let text = text.trim();
    let title_like = !text.is_empty()
        && text.chars().count() <= 120
        && !text.ends_with(['.', ';', ',', '。', '；'])
        && !text.contains(". ");
    title_like.then(|| text.to_owned())
}

/// How clauses are numbered in this document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// Article headings of one family (see [`family`]): "§ 3" inside a document of
    /// "Article"s is a reference to a statute, not a heading.
    Articles(&'static str),
    /// Numbered paragraphs at this depth (1 for "1.", 2 for "1.1").
    Numbered(usize),
    Roman,
    /// No structure found: one clause.
    None,
}

/// The kind of article word a heading number starts with.
fn family(number: &str) -> &'static str {
    let lower = number.to_lowercase();
    [
        ("§", "§"),
        ("第", "第"),
        ("section", "section"),
        ("sec.", "section"),
        ("clause", "clause"),
        ("paragraf", "paragraf"),
    ]
    .iter()
    .find(|(start, _)| lower.starts_with(start))
    .map_or("article", |(_, family)| family)
}

fn style(lines: &[String]) -> Style {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for (number, _) in lines.iter().filter_map(|l| heading(l)) {
        let f = family(&number);
        match counts.iter_mut().find(|(g, _)| *g == f) {
            Some((_, n)) => *n += 1,
            None => counts.push((f, 1)),
        }
    }
    // The most frequent family; the first one seen on a tie.
    if let Some(&(f, _)) = counts.iter().rev().max_by_key(|(_, n)| *n) {
        return Style::Articles(f);
    }
    let depths: Vec<usize> = lines
        .iter()
        .filter_map(|l| NUMBERED.captures(l))
        .map(|c| c["number"].split('.').count())
        .collect();
    if let Some(min) = depths.iter().min()
        && depths.iter().filter(|d| *d == min).count() >= 2
    {
        return Style::Numbered(*min);
    }
    if lines.iter().filter(|l| ROMAN.is_match(l)).count() >= 2 {
        return Style::Roman;
    }
    Style::None
}

/// A clause heading in this document's style: its number and the rest of the line.
fn clause_start(line: &str, style: Style) -> Option<(String, String)> {
    match style {
        Style::Articles(f) => heading(line).filter(|(number, _)| family(number) == f),
        Style::Numbered(depth) => NUMBERED
            .captures(line)
            .filter(|c| c["number"].split('.').count() == depth)
            .map(|c| (c["number"].to_owned(), c["rest"].to_owned())),
        Style::Roman => ROMAN
            .captures(line)
            .map(|c| (c["number"].to_owned(), c["rest"].to_owned())),
        Style::None => None,
    }
}

struct Builder {
    clauses: Vec<Clause>,
    current: Option<Clause>,
    /// The current clause's heading was alone on its line: the next line may be its title.
    awaiting_title: bool,
}

impl Builder {
    fn start(
        &mut self,
        kind: ClauseKind,
        number: Option<String>,
        title: Option<String>,
        line: &str,
    ) {
        self.finish();
        self.current = Some(Clause {
            kind,
            number,
            title,
            text: line.to_owned(),
        });
    }

    fn push(&mut self, line: &str) {
        match &mut self.current {
            Some(clause) => {
                if !clause.text.is_empty() {
                    clause.text.push('\n');
                }
                clause.text.push_str(line);
            }
            None => {
                self.current = Some(Clause {
                    kind: ClauseKind::Preamble,
                    number: None,
                    title: None,
                    text: line.to_owned(),
                });
            }
        }
    }

    fn finish(&mut self) {
        if let Some(mut clause) = self.current.take() {
            clause.text = clause.text.trim().to_owned();
            if !clause.text.is_empty() {
                self.clauses.push(clause);
            }
        }
    }
}

/// Splits an agreement's text into clauses, in order.
pub fn split(text: &str) -> Vec<Clause> {
    let lines = join_wrapped(&normalise(text));
    let style = style(&lines);
    let mut b = Builder {
        clauses: Vec::new(),
        current: None,
        awaiting_title: false,
    };
    let mut in_signatures = false;
    for line in &lines {
        if line.is_empty() {
            if let Some(clause) = &mut b.current
                && !clause.text.ends_with("\n\n")
            {
                clause.text.push('\n');
            }
            continue;
        }
        if b.awaiting_title {
            b.awaiting_title = false;
            if let Some(clause) = &mut b.current
                && clause_start(line, style).is_none()
                && let Some(title) = as_title(line)
            {
                clause.title = Some(title);
                clause.text.push('\n');
                clause.text.push_str(line);
                continue;
            }
        }
        if let Some((number, rest)) = clause_start(line, style) {
            in_signatures = false;
            let title = as_title(&rest);
            b.awaiting_title = rest.is_empty();
            b.start(ClauseKind::Article, Some(number), title, line);
        } else if let Some(caps) = ANNEX.captures(line) {
            in_signatures = false;
            let title = caps.name("title").and_then(|t| as_title(t.as_str()));
            b.awaiting_title = title.is_none();
            b.start(
                ClauseKind::Annex,
                Some(caps["number"].trim().to_owned()),
                title,
                line,
            );
        } else if PREAMBLE.is_match(line) && b.clauses.is_empty() {
            let title = Some(line.trim_end_matches([':', '.']).to_owned());
            match &mut b.current {
                // The document's title block above it belongs to the preamble.
                Some(clause) if clause.kind == ClauseKind::Preamble && clause.title.is_none() => {
                    clause.title = title;
                    b.push(line);
                }
                _ => b.start(ClauseKind::Preamble, None, title, line),
            }
        } else if !in_signatures
            && SIGNATURES.is_match(line)
            && (b.current.is_some() || !b.clauses.is_empty())
        {
            in_signatures = true;
            b.start(ClauseKind::Signatures, None, None, line);
        } else {
            b.push(line);
        }
    }
    b.finish();
    b.clauses
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<Option<String>> {
        split(text).into_iter().map(|c| c.number).collect()
    }

    fn n(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    #[test]
    fn english_articles_with_preamble_titles_items_and_signatures() {
        let text = "MEMORANDUM OF UNDERSTANDING\r\nbetween the City of Lund and the City of Xi'an\r\n\r\nWhereas the Parties wish to deepen their friendship;\r\nWhereas both cities value exchange;\r\n\r\nArticle 1 – Purpose\r\nThe Parties shall promote exchanges in:\r\n(a) culture;\r\n(b) education.\r\n\r\nArticle 2\r\nOne China\r\nThe City of Lund recognises that there is but one China,\r\nand that Taiwan is an inalienable part of China's territory.\r\n\r\nArticle 3 of the Charter applies mutatis mutandis to this Memorandum.\r\n\r\nDone at Lund on 1 May 2024 in two originals.\r\nFor the City of Lund\r\n";
        let clauses = split(text);
        assert_eq!(clauses[0].kind, ClauseKind::Preamble);
        assert!(clauses[0].text.contains("Whereas both cities"));
        assert_eq!(clauses[1].number, n("Article 1"));
        assert_eq!(clauses[1].title.as_deref(), Some("Purpose"));
        assert!(
            clauses[1].text.contains("(b) education."),
            "items stay inside"
        );
        assert_eq!(clauses[2].number, n("Article 2"));
        assert_eq!(clauses[2].title.as_deref(), Some("One China"));
        assert!(
            clauses[2].text.contains("one China, and that Taiwan"),
            "wrapped line joined: {}",
            clauses[2].text
        );
        assert!(
            clauses[2].text.contains("Article 3 of the Charter"),
            "a reference is no heading"
        );
        assert_eq!(clauses[3].kind, ClauseKind::Signatures);
        assert_eq!(clauses.len(), 4);
        assert!(
            clauses[1].text.starts_with("Article 1 – Purpose"),
            "heading kept"
        );
    }

    #[test]
    fn signature_blocks_and_annexes_in_every_language() {
        for opening in [
            "Y en prueba de conformidad, las Partes firman el presente Memorando.",
            "Aldus overeengekomen en in drievoud ondertekend te Rotterdam op 9 april 2024.",
            "Opgemaakt te Leuven op 20 januari 2025, in tweevoud.",
            "Sporządzono we Wrocławiu dnia 14 czerwca 2024 r.",
            "V Charbinu dne 3. dubna 2024",
            "En foi de quoi, les représentants ont signé le présent accord.",
            "本谅解备忘录于二〇二四年八月二十二日在大庆签订，一式两份。",
            "Upprättad i Umeå den 2 maj 2024.",
        ] {
            let text = format!("Article 1\nThe Parties cooperate.\n\n{opening}\n\nFor the City");
            let clauses = split(&text);
            assert_eq!(clauses.len(), 2, "{opening}");
            assert_eq!(clauses[1].kind, ClauseKind::Signatures, "{opening}");
        }
        for (heading, number) in [
            ("Załącznik nr 1", "Załącznik nr 1"),
            ("附件一\n二〇二四年度交流计划", "附件一"),
            ("Annex 2 – Programme", "Annex 2"),
            ("Příloha č. 1", "Příloha č. 1"),
        ] {
            let text =
                format!("Article 1\nText.\n\nDone at Lund on 1 May 2024.\n\n{heading}\n(a) item");
            let clauses = split(&text);
            assert_eq!(clauses.last().unwrap().kind, ClauseKind::Annex, "{heading}");
            assert_eq!(clauses.last().unwrap().number, n(number), "{heading}");
        }
    }

    #[test]
    fn heading_styles_across_languages() {
        assert_eq!(
            numbers(
                "ARTICLE IV\nTERM AND TERMINATION\nThis agreement runs five years.\n\nARTICLE V\nNOTICES\nIn writing."
            ),
            vec![n("ARTICLE IV"), n("ARTICLE V")]
        );
        assert_eq!(
            numbers("Präambel\nDie Städte ...\n\n§ 1 Zweck\nText.\n\n§ 2 Laufzeit\nText."),
            vec![None, n("§ 1"), n("§ 2")]
        );
        assert_eq!(
            numbers("Article premier\nLes parties...\n\nArticle 2\nTexte."),
            vec![n("Article premier"), n("Article 2")]
        );
        assert_eq!(
            numbers("Artículo 1. Objeto\nTexto.\nArtículo 2. Duración\nTexto."),
            vec![n("Artículo 1"), n("Artículo 2")]
        );
        assert_eq!(
            numbers("Art. 3 Durata\nTesto.\nArt. 4 Lingue\nTesto."),
            vec![n("Art. 3"), n("Art. 4")]
        );
        assert_eq!(
            numbers("Section 2.3 Confidentiality\nText.\nSection 2.4 Data\nText."),
            vec![n("Section 2.3"), n("Section 2.4")]
        );
        assert_eq!(
            numbers("Artykuł 1\nStrony...\nArtykuł 2\nTekst."),
            vec![n("Artykuł 1"), n("Artykuł 2")]
        );
        assert_eq!(
            numbers("Článek 1\nStrany...\nČlánek 2\nText."),
            vec![n("Článek 1"), n("Článek 2")]
        );
        assert_eq!(
            numbers(
                "双方本着友好合作的精神，达成如下协议：\n第一条 双方确认\n一个中国原则。\n第二条\n本协议以中文文本为准。"
            ),
            vec![None, n("第一条"), n("第二条")]
        );
    }

    #[test]
    fn numbered_paragraphs_are_clauses_when_there_are_no_articles() {
        let text = "PREMESSO CHE le città desiderano...\n\n1. Oggetto\n1.1 Le parti promuovono scambi.\n1.2 Le parti si consultano.\n2. Durata\nIl presente accordo dura cinque anni.";
        let clauses = split(text);
        assert_eq!(
            clauses.iter().map(|c| c.number.clone()).collect::<Vec<_>>(),
            vec![None, n("1"), n("2")]
        );
        assert!(clauses[1].text.contains("1.2 Le parti si consultano."));
        let deep = "1.1 Scope\nText.\n1.2 Secrecy\nText.\n2.1 Term\nText.";
        assert_eq!(numbers(deep), vec![n("1.1"), n("1.2"), n("2.1")]);
    }

    #[test]
    fn annexes_and_roman_parts() {
        let text =
            "I. General provisions\nText.\nII. Cooperation\nText.\n\nAnnex 1 – Programme\nVisits.";
        let clauses = split(text);
        assert_eq!(
            clauses
                .iter()
                .map(|c| (c.kind, c.number.clone()))
                .collect::<Vec<_>>(),
            vec![
                (ClauseKind::Article, n("I")),
                (ClauseKind::Article, n("II")),
                (ClauseKind::Annex, n("Annex 1")),
            ]
        );
        assert_eq!(clauses[2].title.as_deref(), Some("Programme"));
    }

    #[test]
    fn odd_whitespace_and_hyphenation_are_tolerated() {
        let text = "Article\u{00A0}1\u{200B}\tScope\n\nThe parties shall coop-\neration in culture\u{3000}and sport.";
        let clauses = split(text);
        assert_eq!(clauses.len(), 1);
        assert_eq!(clauses[0].number, n("Article 1"));
        assert!(
            clauses[0]
                .text
                .contains("cooperation in culture and sport."),
            "{}",
            clauses[0].text
        );
    }

    #[test]
    fn dutch_swedish_polish_and_czech_documents() {
        let dutch = "Artikel 1: Doel\nDe partijen werken samen op het gebied van:\na) cultuur;\nb) onderwijs.\n\nArtikel 2 De Nederlandse tekst is leidend.\n\nBijlage A – Programma\nBezoeken.";
        let clauses = split(dutch);
        assert_eq!(
            clauses.iter().map(|c| c.number.clone()).collect::<Vec<_>>(),
            vec![n("Artikel 1"), n("Artikel 2"), n("Bijlage A")]
        );
        assert_eq!(clauses[0].title.as_deref(), Some("Doel"));
        assert!(
            clauses[0].text.contains("\na) cultuur;\nb) onderwijs."),
            "items keep their lines"
        );
        assert_eq!(clauses[1].title, None, "a first sentence is no title");
        for (text, closing) in [
            (
                "Artikel 1\nText.\n\nUpprättat i Uppsala den 1 maj 2024.",
                "Upprättat",
            ),
            (
                "Artykuł 1\nTekst.\n\nSporządzono w Krakowie dnia 1 maja 2024 r.",
                "Sporządzono",
            ),
            ("Článek 1\nText.\n\nDáno v Brně dne 1. května 2024.", "Dáno"),
        ] {
            let clauses = split(text);
            assert_eq!(clauses.len(), 2, "{text}");
            assert_eq!(clauses[1].kind, ClauseKind::Signatures);
            assert!(clauses[1].text.starts_with(closing));
        }
    }

    #[test]
    fn statute_references_at_a_line_start_are_no_headings() {
        let text = "Artikel 1 Zweck\nDie Städte arbeiten zusammen.\n§ 3 BGB gilt entsprechend.\n\nArtikel 2 Laufzeit\nFünf Jahre.";
        assert_eq!(numbers(text), vec![n("Artikel 1"), n("Artikel 2")]);
        assert!(split(text)[0].text.contains("§ 3 BGB gilt entsprechend."));
    }

    #[test]
    fn text_without_structure_is_one_clause_and_empty_text_none() {
        assert_eq!(split("Just a letter.\nWith two lines.").len(), 1);
        assert!(split("  \n\r\n ").is_empty());
    }
}
