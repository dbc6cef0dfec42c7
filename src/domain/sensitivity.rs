//! Traffic Light Protocol levels and anonymised publishing.

use super::enums::text_enum;

/// Who may see a case (TLP 2.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tlp {
    /// Anyone, visitors and public-digest subscribers included.
    Clear,
    /// All verified members.
    Green,
    /// Moderators, the author, and members in the countries the author chose.
    Amber,
    /// The author and moderators only.
    Red,
}

text_enum!(Tlp {
    Clear => "clear", "TLP:CLEAR",
    Green => "green", "TLP:GREEN",
    Amber => "amber", "TLP:AMBER",
    Red => "red", "TLP:RED",
});

impl Tlp {
    /// One line on who may see it, for forms and badges.
    pub fn audience(self) -> &'static str {
        match self {
            Tlp::Clear => "Anyone, including the public",
            Tlp::Green => "All verified members",
            Tlp::Amber => "Moderators and members in the countries you choose",
            Tlp::Red => "Only you and the moderators",
        }
    }
}

/// How much of the reporting city's identity a case hides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Anonymity {
    None,
    HideCity,
    HideCityAndCountry,
}

impl Anonymity {
    /// How much it hides, from 0 (nothing) to 2 (the city and the country): a reader of a
    /// version that hides more learns less about who reported the case.
    pub fn hiding(self) -> u8 {
        match self {
            Anonymity::None => 0,
            Anonymity::HideCity => 1,
            Anonymity::HideCityAndCountry => 2,
        }
    }
}

text_enum!(Anonymity {
    None => "none", "Show the city",
    HideCity => "city", "Hide the city (show the country)",
    HideCityAndCountry => "city_and_country", "Hide the city and the country (show the region)",
});
