//! Short free-text fields (names, positions): trimmed, NFC-normalised, bounded, and free of
//! control and bidirectional-override characters that could disguise what a reader sees.

use unicode_normalization::UnicodeNormalization;

/// Why a short text field was refused; the message is shown next to the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("Enter {0}.")]
    Empty(&'static str),
    #[error("Keep {what} to {max} characters or fewer.")]
    TooLong { what: &'static str, max: usize },
    #[error("Remove the invisible or control characters from {0}.")]
    HiddenCharacters(&'static str),
}

/// True for characters that change how text displays without being visible themselves.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Normalises a single-line field and checks its length in characters.
pub fn clean_line(input: &str, what: &'static str, max: usize) -> Result<String, TextError> {
    let text: String = input.trim().nfc().collect();
    if text.is_empty() {
        return Err(TextError::Empty(what));
    }
    if text.chars().count() > max {
        return Err(TextError::TooLong { what, max });
    }
    if text.chars().any(is_hidden) {
        return Err(TextError::HiddenCharacters(what));
    }
    Ok(text)
}

/// Normalises a multi-line text (line breaks and tabs allowed) and checks its length in
/// characters; `required` refuses an empty value.
pub fn clean_text(
    input: &str,
    what: &'static str,
    max: usize,
    required: bool,
) -> Result<String, TextError> {
    let text: String = input.replace("\r\n", "\n").trim().nfc().collect();
    if text.is_empty() {
        return if required {
            Err(TextError::Empty(what))
        } else {
            Ok(text)
        };
    }
    if text.chars().count() > max {
        return Err(TextError::TooLong { what, max });
    }
    if text.chars().any(|c| c != '\n' && c != '\t' && is_hidden(c)) {
        return Err(TextError::HiddenCharacters(what));
    }
    Ok(text)
}

macro_rules! line_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $max:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// The longest accepted value, in characters.
            pub const MAX: usize = $max;

            /// Validates and normalises user input.
            pub fn parse(input: &str) -> Result<Self, TextError> {
                clean_line(input, $what, $max).map($name)
            }

            /// The normalised text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Gives the normalised text up.
            pub fn into_inner(self) -> String {
                self.0
            }
        }
    };
}

line_type!(
    /// The name other members see.
    DisplayName, "your name", 100
);
line_type!(
    /// A member's job title in the city administration.
    Position, "your position", 120
);
line_type!(
    /// A city's name as the member writes it.
    CityName, "your city", 100
);

impl CityName {
    /// The key two spellings of the same city share (case and accents ignored no further
    /// than case, so "Praha" and "Prague" stay distinct but "prague" matches "Prague").
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_accepts_ordinary_names() {
        assert_eq!(
            DisplayName::parse("  Jana Nováková ").unwrap().as_str(),
            "Jana Nováková"
        );
    }

    #[test]
    fn refuses_empty_and_blank() {
        assert_eq!(
            DisplayName::parse("   "),
            Err(TextError::Empty("your name"))
        );
    }

    #[test]
    fn refuses_overlong_by_characters_not_bytes() {
        assert!(DisplayName::parse(&"é".repeat(100)).is_ok());
        assert!(matches!(
            DisplayName::parse(&"é".repeat(101)),
            Err(TextError::TooLong { .. })
        ));
    }

    #[test]
    fn refuses_bidi_overrides_and_zero_width_characters() {
        assert!(matches!(
            DisplayName::parse("Admin\u{202E}nimda"),
            Err(TextError::HiddenCharacters(_))
        ));
        assert!(matches!(
            Position::parse("Head\u{200B}of office"),
            Err(TextError::HiddenCharacters(_))
        ));
        assert!(matches!(
            CityName::parse("Ber\nlin"),
            Err(TextError::HiddenCharacters(_))
        ));
    }

    #[test]
    fn keeps_html_as_plain_text() {
        // Escaping happens when rendering; the value itself is kept as typed.
        assert_eq!(
            DisplayName::parse("<b>Jan</b>").unwrap().as_str(),
            "<b>Jan</b>"
        );
    }

    #[test]
    fn normalises_to_nfc() {
        let decomposed = "Zu\u{308}rich";
        assert_eq!(CityName::parse(decomposed).unwrap().as_str(), "Zürich");
    }
}
