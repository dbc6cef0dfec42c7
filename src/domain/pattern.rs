//! The rule library's pattern language: data that moderators write, compiled to
//! linear-time regular expressions (the `regex` crate never backtracks), over *folded* text.
//!
//! Folding: lower case; diacritics removed (é→e, ł→l, ß→ss, æ→ae, ø→o); every run of
//! characters that are not letters, digits or CJK becomes one space; no space between two
//! CJK characters. Patterns are folded the same way, so they are written in natural spelling.
//!
//! Syntax: terms separated by spaces must occur in order and adjacent. A term is a word
//! (matched whole), `word*` (a word starting so: endings and inflection), a run of CJK
//! characters (matched as written), or `(a b|c)`, alternatives that are sequences in turn
//! (a whole pattern may be `a b|c` without parentheses).
//! Between two terms `~N` (1–20) lets up to N other words (CJK: characters) come between, and
//! `..` lets the second come anywhere later in the clause (within 300 characters). Nothing
//! else is syntax: no regex reaches the engine from a pattern.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longest pattern accepted, in characters.
const MAX_LEN: usize = 500;
/// Deepest nesting of parentheses.
const MAX_DEPTH: usize = 8;
/// Largest `~N`.
const MAX_GAP: usize = 20;
/// How far `..` reaches, in bytes of folded text (about 300 letters in Latin script).
const FAR: usize = 300;
/// The largest compiled form of one pattern.
const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// Why a pattern was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("the pattern is empty")]
    Empty,
    #[error("keep patterns to {MAX_LEN} characters")]
    TooLong,
    #[error("a parenthesis is not closed")]
    Unclosed,
    #[error("a closing parenthesis has no opening one")]
    UnexpectedClose,
    #[error("parentheses nest deeper than {MAX_DEPTH}")]
    TooDeep,
    #[error("an alternative is empty (check the | signs)")]
    EmptyAlternative,
    #[error("“~” takes a number of words from 1 to {MAX_GAP}, like ~3")]
    BadGap,
    #[error("“~” and “..” go between two terms")]
    DanglingGap,
    #[error("“*” goes only at the end of a word, like recogni*")]
    BadStar,
    #[error("“{0}” is not part of the pattern language")]
    Stray(char),
    #[error("the pattern is too large to match quickly")]
    TooLarge,
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// Text folded for matching, with where each folded byte came from in the original.
#[derive(Debug, Clone)]
pub struct Folded {
    pub text: String,
    /// For each byte of `text`: the original byte range it came from.
    origin: Vec<(usize, usize)>,
}

impl Folded {
    /// The original text's byte range behind a folded range.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let from = self.origin.get(start).map_or(0, |o| o.0);
        let to = end
            .checked_sub(1)
            .and_then(|i| self.origin.get(i))
            .map_or(from, |o| o.1);
        (from, to.max(from))
    }
}

/// Folds one character into `out` (zero or more characters).
fn fold_char(c: char, out: &mut String) {
    match c {
        'ß' | 'ẞ' => out.push_str("ss"),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        'đ' | 'Đ' => out.push('d'),
        'þ' | 'Þ' => out.push_str("th"),
        'ı' => out.push('i'),
        c => {
            for d in c.nfkd().filter(|d| !is_combining_mark(*d)) {
                out.extend(d.to_lowercase());
            }
        }
    }
}

/// Folds text for matching.
pub fn fold(text: &str) -> Folded {
    let mut folded = Folded {
        text: String::with_capacity(text.len()),
        origin: Vec::with_capacity(text.len()),
    };
    // The last kept character: a pending space is written only between two kept ones, and
    // never between two CJK characters.
    let mut last: Option<char> = None;
    let mut gap: Option<(usize, usize)> = None;
    let mut buf = String::new();
    for (at, c) in text.char_indices() {
        let range = (at, at + c.len_utf8());
        buf.clear();
        // ASCII, most of most agreements, folds to itself in lower case: no decomposition.
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            fold_char(c, &mut buf);
        }
        for f in buf.chars() {
            if f.is_alphanumeric() || is_cjk(f) {
                if let (Some(prev), Some(g)) = (last, gap)
                    && !(is_cjk(prev) && is_cjk(f))
                {
                    folded.text.push(' ');
                    folded.origin.push(g);
                }
                gap = None;
                let before = folded.text.len();
                folded.text.push(f);
                folded
                    .origin
                    .extend(std::iter::repeat_n(range, folded.text.len() - before));
                last = Some(f);
            } else if last.is_some() && gap.is_none() {
                gap = Some(range);
            }
        }
    }
    folded
}

/// A pattern, compiled.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    /// The compiled form's source; the pattern is compiled with the rule's others, in one
    /// [`PatternSet`].
    expression: String,
    prefilter: String,
}

/// Several patterns compiled into one byte-oriented expression (a gap of "any character"
/// repeated hundreds of times then costs one state per byte instead of a UTF-8 automaton per
/// character; terms are whole folded words, so matches still start and end on characters): a rule's patterns, or its negative
/// context. One automaton per rule instead of one per pattern keeps the library's memory
/// and matching time down (its matching caches are per expression).
#[derive(Debug, Clone)]
pub struct PatternSet(regex_automata::meta::Regex);

impl PatternSet {
    /// Compiles the patterns as alternatives; `None` when there are none.
    pub fn new(patterns: &[Pattern]) -> Result<Option<PatternSet>, PatternError> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let expression = patterns
            .iter()
            .map(|p| format!("(?:{})", p.expression))
            .collect::<Vec<_>>()
            .join("|");
        use regex_automata::meta::{Config, Regex as Meta};
        use regex_automata::nfa::thompson::WhichCaptures;
        // Only the lazy DFA and the PikeVM: the backtracker's and one-pass DFA's work areas,
        // kept per expression, would cost more memory than the clauses they would speed up.
        // The lazy DFA's cache grows with the expression: long gaps between many words need
        // more states, and a cache too small for them falls back to the slow PikeVM.
        let config = Config::new()
            .which_captures(WhichCaptures::Implicit)
            .backtrack(false)
            .onepass(false)
            .nfa_size_limit(Some(PATTERN_SIZE_LIMIT.saturating_mul(patterns.len())))
            .hybrid_cache_capacity((expression.len() * 32).clamp(1 << 18, 1 << 22));
        let syntax = regex_automata::util::syntax::Config::new().utf8(false);
        Meta::builder()
            .configure(config)
            .syntax(syntax)
            .build(&expression)
            .map(|regex| Some(PatternSet(regex)))
            .map_err(|_| PatternError::TooLarge)
    }

    /// The leftmost match in folded text: its folded byte range, on character boundaries.
    pub fn find(&self, folded: &Folded) -> Option<(usize, usize)> {
        let m = self.0.find(folded.text.as_bytes())?;
        let text = &folded.text;
        let mut start = m.start();
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = m.end();
        while !text.is_char_boundary(end) {
            end += 1;
        }
        Some((start, end))
    }

    /// True when any of the patterns matches somewhere in the folded text.
    pub fn is_match(&self, folded: &Folded) -> bool {
        self.0.is_match(folded.text.as_bytes())
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Prefix(String),
    Cjk(String),
    Open,
    Close,
    Bar,
    Near(usize),
    Far,
}

fn tokenize(source: &str) -> Result<Vec<Token>, PatternError> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = source.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '(' => tokens.push(Token::Open),
            ')' => tokens.push(Token::Close),
            '|' => tokens.push(Token::Bar),
            '~' => {
                let digits: String = chars[i + 1..]
                    .iter()
                    .take_while(|d| d.is_ascii_digit())
                    .collect();
                let n: usize = digits.parse().map_err(|_| PatternError::BadGap)?;
                if !(1..=MAX_GAP).contains(&n) {
                    return Err(PatternError::BadGap);
                }
                tokens.push(Token::Near(n));
                i += digits.len();
            }
            '.' if chars.get(i + 1) == Some(&'.') => {
                tokens.push(Token::Far);
                i += 1;
            }
            '*' => return Err(PatternError::BadStar),
            c if c.is_whitespace() || c == '-' || c == '\'' || c == '’' || c == ',' => {}
            c if is_cjk(c) => {
                let run: String = chars[i..].iter().take_while(|c| is_cjk(**c)).collect();
                i += run.chars().count() - 1;
                tokens.push(Token::Cjk(run));
            }
            c if c.is_alphanumeric() => {
                let word: String = chars[i..]
                    .iter()
                    .take_while(|c| c.is_alphanumeric() && !is_cjk(**c))
                    .collect();
                i += word.chars().count() - 1;
                let folded = fold(&word).text.replace(' ', "");
                if chars.get(i + 1) == Some(&'*') {
                    i += 1;
                    if chars.get(i + 1).is_some_and(|c| c.is_alphanumeric()) {
                        return Err(PatternError::BadStar);
                    }
                    tokens.push(Token::Prefix(folded));
                } else {
                    tokens.push(Token::Word(folded));
                }
            }
            other => return Err(PatternError::Stray(other)),
        }
        i += 1;
    }
    Ok(tokens)
}

/// A compiled piece: its regex and whether it may begin or end with CJK (which takes no
/// space next to CJK).
struct Piece {
    regex: String,
    /// An expression every match of `regex` also matches: its most telling term (see
    /// [`Pattern::prefilter`]).
    first: String,
    /// How rarely `first` may be expected to match: the length of its shortest word.
    rarity: usize,
    cjk_start: bool,
    cjk_end: bool,
}

impl Piece {
    /// A single word, prefix or run of Chinese characters.
    fn term(regex: String, rarity: usize, cjk: bool) -> Piece {
        Piece {
            first: regex.clone(),
            rarity,
            regex,
            cjk_start: cjk,
            cjk_end: cjk,
        }
    }
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    /// alternatives := sequence ('|' sequence)*
    fn alternatives(&mut self, depth: usize) -> Result<Piece, PatternError> {
        if depth > MAX_DEPTH {
            return Err(PatternError::TooDeep);
        }
        let mut options = vec![self.sequence(depth)?];
        while self.peek() == Some(&Token::Bar) {
            self.at += 1;
            options.push(self.sequence(depth)?);
        }
        if options.len() == 1 {
            return Ok(options.remove(0));
        }
        Ok(Piece {
            rarity: options.iter().map(|o| o.rarity).min().unwrap_or(0),
            cjk_start: options.iter().any(|o| o.cjk_start),
            cjk_end: options.iter().any(|o| o.cjk_end),
            first: format!(
                "(?:{})",
                options
                    .iter()
                    .map(|o| o.first.as_str())
                    .collect::<Vec<_>>()
                    .join("|")
            ),
            regex: format!(
                "(?:{})",
                options
                    .iter()
                    .map(|o| o.regex.as_str())
                    .collect::<Vec<_>>()
                    .join("|")
            ),
        })
    }

    /// sequence := term (gap? term)*
    fn sequence(&mut self, depth: usize) -> Result<Piece, PatternError> {
        let mut pieces: Vec<(Option<Token>, Piece)> = Vec::new();
        let mut pending_gap: Option<Token> = None;
        loop {
            match self.peek().cloned() {
                None | Some(Token::Bar) | Some(Token::Close) => break,
                Some(gap @ (Token::Near(_) | Token::Far)) => {
                    if pieces.is_empty() || pending_gap.is_some() {
                        return Err(PatternError::DanglingGap);
                    }
                    pending_gap = Some(gap);
                    self.at += 1;
                }
                Some(_) => {
                    let piece = self.term(depth)?;
                    pieces.push((pending_gap.take(), piece));
                }
            }
        }
        if pending_gap.is_some() {
            return Err(PatternError::DanglingGap);
        }
        if pieces.is_empty() {
            return Err(PatternError::EmptyAlternative);
        }
        let mut regex = String::new();
        let mut previous_cjk_end = false;
        for (i, (gap, piece)) in pieces.iter().enumerate() {
            if i > 0 {
                let cjk = previous_cjk_end || piece.cjk_start;
                regex.push_str(&match (gap, cjk) {
                    (None, false) => " ".to_owned(),
                    (None, true) => " ?".to_owned(),
                    (Some(Token::Near(n)), false) => format!(" (?:(?-u:[^ ])+ ){{0,{n}}}"),
                    // A Chinese character is three bytes in UTF-8.
                    (Some(Token::Near(n)), true) => format!("(?s-u:.){{0,{}}}", n * 3),
                    _ => format!("(?s-u:.){{0,{FAR}}}"),
                });
            }
            regex.push_str(&piece.regex);
            previous_cjk_end = piece.cjk_end;
        }
        // Every match of the sequence holds a match of each of its terms: the prefilter takes
        // the one with the longest words, which common words ("the agreement") seldom are.
        let telling = pieces
            .iter()
            .map(|(_, piece)| piece)
            .max_by_key(|piece| piece.rarity)
            .unwrap_or(&pieces[0].1);
        Ok(Piece {
            cjk_start: pieces[0].1.cjk_start,
            cjk_end: previous_cjk_end,
            first: telling.first.clone(),
            rarity: telling.rarity,
            regex,
        })
    }

    fn term(&mut self, depth: usize) -> Result<Piece, PatternError> {
        let token = self.peek().cloned().ok_or(PatternError::Empty)?;
        self.at += 1;
        Ok(match token {
            Token::Word(w) => Piece::term(
                format!(r"(?-u:\b){}(?-u:\b)", regex::escape(&w)),
                w.len(),
                false,
            ),
            // A word's ending runs to a space or a Chinese character (lead bytes E4–E9:
            // U+4000–U+9FFF), as a byte class: the Unicode class costs a large automaton.
            Token::Prefix(w) => Piece::term(
                format!(r"(?-u:\b){}(?-u:[^ \xe4-\xe9])*", regex::escape(&w)),
                w.len(),
                false,
            ),
            // Three bytes a character: one Chinese character tells about as much as a word.
            Token::Cjk(run) => Piece::term(regex::escape(&run), run.len() * 2, true),
            Token::Open => {
                let inner = self.alternatives(depth + 1)?;
                if self.peek() != Some(&Token::Close) {
                    return Err(PatternError::Unclosed);
                }
                self.at += 1;
                Piece {
                    regex: format!("(?:{})", inner.regex),
                    first: format!("(?:{})", inner.first),
                    ..inner
                }
            }
            Token::Close => return Err(PatternError::UnexpectedClose),
            Token::Bar => return Err(PatternError::EmptyAlternative),
            Token::Near(_) | Token::Far => return Err(PatternError::DanglingGap),
        })
    }
}

impl Pattern {
    /// Compiles a pattern written in the pattern language.
    pub fn new(source: &str) -> Result<Pattern, PatternError> {
        let source = source.trim();
        if source.is_empty() {
            return Err(PatternError::Empty);
        }
        if source.chars().count() > MAX_LEN {
            return Err(PatternError::TooLong);
        }
        let tokens = tokenize(source)?;
        if tokens.is_empty() {
            return Err(PatternError::Empty);
        }
        let mut parser = Parser { tokens, at: 0 };
        let piece = parser.alternatives(0)?;
        match parser.peek() {
            None => {}
            Some(Token::Close) => return Err(PatternError::UnexpectedClose),
            Some(_) => return Err(PatternError::UnexpectedClose),
        }
        Ok(Pattern {
            source: source.to_owned(),
            expression: piece.regex,
            prefilter: piece.first,
        })
    }

    /// The pattern as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The compiled expression.
    pub fn expression(&self) -> &str {
        &self.expression
    }

    /// A looser expression that matches wherever the pattern does: one of its terms (in each
    /// alternative sequence, the one with the longest words), without the gaps and others. The library tests all of these in one pass to pick the
    /// rules worth trying; a set of the full expressions, with their bounded gaps, would
    /// take hundreds of megabytes to compile.
    pub fn prefilter(&self) -> &str {
        &self.prefilter
    }

    /// The first match in folded text: its folded byte range (compiles the pattern: for
    /// one-off checks; rules use a [`PatternSet`]).
    pub fn find(&self, folded: &Folded) -> Option<(usize, usize)> {
        PatternSet::new(std::slice::from_ref(self))
            .ok()??
            .find(folded)
    }

    /// True when the pattern matches somewhere in the folded text.
    pub fn is_match(&self, folded: &Folded) -> bool {
        self.find(folded).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(pattern: &str, text: &str) -> bool {
        Pattern::new(pattern).unwrap().is_match(&fold(text))
    }

    #[test]
    fn folding_removes_case_accents_and_punctuation() {
        assert_eq!(
            fold("Die Städte FÖRDERN „Zusammenarbeit“!").text,
            "die stadte fordern zusammenarbeit"
        );
        assert_eq!(
            fold("Společně, s.r.o. — Łódź; Straße").text,
            "spolecne s r o lodz strasse"
        );
        assert_eq!(
            fold("双方 确认，一个中国 原则。Taiwan").text,
            "双方确认一个中国原则 taiwan"
        );
    }

    #[test]
    fn words_prefixes_alternatives_and_gaps() {
        assert!(hits(
            "one china (principle|policy)",
            "adhere to the One-China policy."
        ));
        assert!(!hits("one china principle", "one chinaprinciple"));
        assert!(hits(
            "recogni* ~3 taiwan",
            "The city recognises that Taiwan is"
        ));
        assert!(!hits(
            "recogni* ~1 taiwan",
            "The city recognises that indeed Taiwan is"
        ));
        assert!(hits(
            "chinese (text|version) .. prevail*",
            "the Chinese text shall, in case of doubt, prevail"
        ));
        assert!(hits(
            "uznaj* zasad* jednych chin",
            "Miasto uznaje zasadę jednych Chin."
        ));
        assert!(
            !hits("taiwan", "the taiwanese delegation"),
            "words match whole"
        );
        assert!(hits("taiwan*", "the Taiwanese delegation"));
    }

    #[test]
    fn chinese_runs_match_without_word_boundaries() {
        assert!(hits("一个中国", "甲方承认一个中国原则"));
        assert!(hits("以中文 ~4 为准", "如有分歧，以中文文本为准。"));
        assert!(!hits("以中文 ~1 为准", "如有分歧，以中文文本为准。"));
        assert!(hits("(one china|一个中国)", "坚持一个中国"));
    }

    #[test]
    fn matches_map_back_to_the_original_words() {
        let text = "Die Stadt erkennt das „Ein-China-Prinzip“ an.";
        let folded = fold(text);
        let (s, e) = Pattern::new("ein china prinzip")
            .unwrap()
            .find(&folded)
            .unwrap();
        let (from, to) = folded.original_range(s, e);
        assert_eq!(&text[from..to], "Ein-China-Prinzip");
    }

    #[test]
    fn malformed_patterns_are_refused_with_a_reason() {
        for (pattern, error) in [
            ("", PatternError::Empty),
            ("(one china", PatternError::Unclosed),
            ("one china)", PatternError::UnexpectedClose),
            ("(one|)", PatternError::EmptyAlternative),
            ("one ~0 two", PatternError::BadGap),
            ("one ~99 two", PatternError::BadGap),
            ("~3 two", PatternError::DanglingGap),
            ("on*e", PatternError::BadStar),
            ("*", PatternError::BadStar),
            ("one [a-z]+", PatternError::Stray('[')),
            ("a\\b", PatternError::Stray('\\')),
        ] {
            assert_eq!(Pattern::new(pattern).err(), Some(error), "{pattern:?}");
        }
        let deep = format!("{}x{}", "(".repeat(12), ")".repeat(12));
        assert_eq!(Pattern::new(&deep).err(), Some(PatternError::TooDeep));
        assert_eq!(
            Pattern::new(&"a ".repeat(300)).err(),
            Some(PatternError::TooLong)
        );
    }

    #[test]
    fn hostile_input_matches_in_linear_time() {
        let pattern = Pattern::new("(a|a a|a a a) ~20 (a|a a) .. b").unwrap();
        let text = "a ".repeat(20_000);
        let started = std::time::Instant::now();
        assert!(!pattern.is_match(&fold(&text)));
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }
}
