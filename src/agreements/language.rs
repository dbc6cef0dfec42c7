//! Which language a text is written in, for the review (overridable by the reader).

/// The languages a reader can choose for a text or a clause: (ISO 639-1 code, name).
pub const LANGUAGES: &[(&str, &str)] = &[
    ("en", "English"),
    ("zh", "Chinese"),
    ("cs", "Czech"),
    ("nl", "Dutch"),
    ("fr", "French"),
    ("de", "German"),
    ("it", "Italian"),
    ("pl", "Polish"),
    ("es", "Spanish"),
    ("sv", "Swedish"),
    ("da", "Danish"),
    ("fi", "Finnish"),
    ("hu", "Hungarian"),
    ("lt", "Lithuanian"),
    ("lv", "Latvian"),
    ("et", "Estonian"),
    ("no", "Norwegian"),
    ("pt", "Portuguese"),
    ("sk", "Slovak"),
    ("sl", "Slovenian"),
    ("ro", "Romanian"),
    ("bg", "Bulgarian"),
    ("hr", "Croatian"),
    ("el", "Greek"),
];

/// The name of a language code ("zh" → "Chinese"); the code itself when unknown.
pub fn name(code: &str) -> &str {
    LANGUAGES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, n)| n)
}

/// A language code from a form: one of [`LANGUAGES`].
pub fn parse(code: &str) -> Option<&'static str> {
    LANGUAGES
        .iter()
        .find(|(c, _)| *c == code.trim())
        .map(|(c, _)| *c)
}

/// The language's ISO 639-1 code for the languages the starter library covers, else the
/// ISO 639-3 code; `None` when the text is too short or too mixed to tell.
pub fn detect(text: &str) -> Option<String> {
    let info = whatlang::detect(text)?;
    let code = match info.lang() {
        whatlang::Lang::Eng => "en",
        whatlang::Lang::Deu => "de",
        whatlang::Lang::Fra => "fr",
        whatlang::Lang::Spa => "es",
        whatlang::Lang::Ita => "it",
        whatlang::Lang::Nld => "nl",
        whatlang::Lang::Pol => "pl",
        whatlang::Lang::Ces => "cs",
        whatlang::Lang::Swe => "sv",
        whatlang::Lang::Cmn => "zh",
        whatlang::Lang::Dan => "da",
        whatlang::Lang::Fin => "fi",
        whatlang::Lang::Hun => "hu",
        whatlang::Lang::Lit => "lt",
        whatlang::Lang::Lav => "lv",
        whatlang::Lang::Est => "et",
        whatlang::Lang::Nob => "no",
        whatlang::Lang::Por => "pt",
        whatlang::Lang::Slk => "sk",
        whatlang::Lang::Slv => "sl",
        whatlang::Lang::Ron => "ro",
        whatlang::Lang::Bul => "bg",
        whatlang::Lang::Hrv => "hr",
        whatlang::Lang::Ell => "el",
        other => other.code(),
    };
    Some(code.to_owned())
}

/// A clause's own language, when it is long enough to tell reliably and differs from its
/// text's (a bilingual document, a Chinese annex to an English text): `None` otherwise, and
/// the clause reads in its text's language.
pub fn of_clause(clause: &str, text_language: &str) -> Option<&'static str> {
    if clause.chars().filter(|c| c.is_alphabetic()).count() < 40 {
        return None;
    }
    let info = whatlang::detect(clause).filter(whatlang::Info::is_reliable)?;
    let code = detect(clause).and_then(|c| parse(&c))?;
    (code != text_language && info.confidence() > 0.9).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_the_reviewed_languages_apart() {
        for (text, code) in [
            (
                "The Parties shall promote exchanges in culture, education and sport.",
                "en",
            ),
            (
                "Die Parteien fördern den Austausch in Kultur, Bildung und Sport.",
                "de",
            ),
            (
                "Les parties encouragent les échanges dans la culture, l'éducation et le sport.",
                "fr",
            ),
            (
                "Las partes fomentarán los intercambios en cultura, educación y deporte.",
                "es",
            ),
            (
                "Le parti promuovono gli scambi nella cultura, nell'istruzione e nello sport.",
                "it",
            ),
            (
                "De partijen bevorderen uitwisselingen op het gebied van cultuur, onderwijs en sport.",
                "nl",
            ),
            (
                "Strony wspierają wymianę w dziedzinie kultury, edukacji i sportu.",
                "pl",
            ),
            (
                "Smluvní strany podporují výměny v oblasti kultury, vzdělávání a sportu.",
                "cs",
            ),
            (
                "Parterna främjar utbyten inom kultur, utbildning och idrott.",
                "sv",
            ),
            ("双方鼓励在文化、教育和体育领域开展交流。", "zh"),
        ] {
            assert_eq!(detect(text).as_deref(), Some(code), "{text}");
        }
    }

    #[test]
    fn a_clause_in_another_language_than_its_text_is_told_apart() {
        let chinese = "附件一：双方应当尊重彼此的核心利益，不得支持任何损害对方主权和领土完整的活动或者组织。";
        assert_eq!(of_clause(chinese, "en"), Some("zh"));
        assert_eq!(of_clause(chinese, "zh"), None);
        assert_eq!(of_clause("Article 3", "de"), None, "too short to tell");
        let english = "The Parties shall promote exchanges in culture, education and sport between their schools.";
        assert_eq!(of_clause(english, "en"), None);
    }
}
