//! The countries member cities are in, with the region shown when an author hides the country.

use std::fmt;

/// The wider area named in place of a hidden country ("a city in Europe").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Europe,
    NorthAmerica,
    AsiaPacific,
}

impl Region {
    /// The region's name.
    pub fn name(self) -> &'static str {
        match self {
            Region::Europe => "Europe",
            Region::NorthAmerica => "North America",
            Region::AsiaPacific => "the Asia-Pacific region",
        }
    }
}

/// A country, identified by its ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    pub code: &'static str,
    pub name: &'static str,
    pub region: Region,
}

/// Every country a member city may be in, sorted by name.
pub const COUNTRIES: &[Country] = &[
    Country {
        code: "AL",
        name: "Albania",
        region: Region::Europe,
    },
    Country {
        code: "AD",
        name: "Andorra",
        region: Region::Europe,
    },
    Country {
        code: "AM",
        name: "Armenia",
        region: Region::Europe,
    },
    Country {
        code: "AU",
        name: "Australia",
        region: Region::AsiaPacific,
    },
    Country {
        code: "AT",
        name: "Austria",
        region: Region::Europe,
    },
    Country {
        code: "AZ",
        name: "Azerbaijan",
        region: Region::Europe,
    },
    Country {
        code: "BY",
        name: "Belarus",
        region: Region::Europe,
    },
    Country {
        code: "BE",
        name: "Belgium",
        region: Region::Europe,
    },
    Country {
        code: "BA",
        name: "Bosnia and Herzegovina",
        region: Region::Europe,
    },
    Country {
        code: "BG",
        name: "Bulgaria",
        region: Region::Europe,
    },
    Country {
        code: "CA",
        name: "Canada",
        region: Region::NorthAmerica,
    },
    Country {
        code: "CN",
        name: "China",
        region: Region::AsiaPacific,
    },
    Country {
        code: "HR",
        name: "Croatia",
        region: Region::Europe,
    },
    Country {
        code: "CY",
        name: "Cyprus",
        region: Region::Europe,
    },
    Country {
        code: "CZ",
        name: "Czechia",
        region: Region::Europe,
    },
    Country {
        code: "DK",
        name: "Denmark",
        region: Region::Europe,
    },
    Country {
        code: "EE",
        name: "Estonia",
        region: Region::Europe,
    },
    Country {
        code: "FI",
        name: "Finland",
        region: Region::Europe,
    },
    Country {
        code: "FR",
        name: "France",
        region: Region::Europe,
    },
    Country {
        code: "GE",
        name: "Georgia",
        region: Region::Europe,
    },
    Country {
        code: "DE",
        name: "Germany",
        region: Region::Europe,
    },
    Country {
        code: "GR",
        name: "Greece",
        region: Region::Europe,
    },
    Country {
        code: "HU",
        name: "Hungary",
        region: Region::Europe,
    },
    Country {
        code: "IS",
        name: "Iceland",
        region: Region::Europe,
    },
    Country {
        code: "IE",
        name: "Ireland",
        region: Region::Europe,
    },
    Country {
        code: "IT",
        name: "Italy",
        region: Region::Europe,
    },
    Country {
        code: "JP",
        name: "Japan",
        region: Region::AsiaPacific,
    },
    Country {
        code: "XK",
        name: "Kosovo",
        region: Region::Europe,
    },
    Country {
        code: "LV",
        name: "Latvia",
        region: Region::Europe,
    },
    Country {
        code: "LI",
        name: "Liechtenstein",
        region: Region::Europe,
    },
    Country {
        code: "LT",
        name: "Lithuania",
        region: Region::Europe,
    },
    Country {
        code: "LU",
        name: "Luxembourg",
        region: Region::Europe,
    },
    Country {
        code: "MT",
        name: "Malta",
        region: Region::Europe,
    },
    Country {
        code: "MX",
        name: "Mexico",
        region: Region::NorthAmerica,
    },
    Country {
        code: "MD",
        name: "Moldova",
        region: Region::Europe,
    },
    Country {
        code: "MC",
        name: "Monaco",
        region: Region::Europe,
    },
    Country {
        code: "ME",
        name: "Montenegro",
        region: Region::Europe,
    },
    Country {
        code: "NL",
        name: "Netherlands",
        region: Region::Europe,
    },
    Country {
        code: "NZ",
        name: "New Zealand",
        region: Region::AsiaPacific,
    },
    Country {
        code: "MK",
        name: "North Macedonia",
        region: Region::Europe,
    },
    Country {
        code: "NO",
        name: "Norway",
        region: Region::Europe,
    },
    Country {
        code: "PL",
        name: "Poland",
        region: Region::Europe,
    },
    Country {
        code: "PT",
        name: "Portugal",
        region: Region::Europe,
    },
    Country {
        code: "RO",
        name: "Romania",
        region: Region::Europe,
    },
    Country {
        code: "SM",
        name: "San Marino",
        region: Region::Europe,
    },
    Country {
        code: "RS",
        name: "Serbia",
        region: Region::Europe,
    },
    Country {
        code: "SK",
        name: "Slovakia",
        region: Region::Europe,
    },
    Country {
        code: "SI",
        name: "Slovenia",
        region: Region::Europe,
    },
    Country {
        code: "KR",
        name: "South Korea",
        region: Region::AsiaPacific,
    },
    Country {
        code: "ES",
        name: "Spain",
        region: Region::Europe,
    },
    Country {
        code: "SE",
        name: "Sweden",
        region: Region::Europe,
    },
    Country {
        code: "CH",
        name: "Switzerland",
        region: Region::Europe,
    },
    Country {
        code: "TW",
        name: "Taiwan",
        region: Region::AsiaPacific,
    },
    Country {
        code: "TR",
        name: "Türkiye",
        region: Region::Europe,
    },
    Country {
        code: "UA",
        name: "Ukraine",
        region: Region::Europe,
    },
    Country {
        code: "GB",
        name: "United Kingdom",
        region: Region::Europe,
    },
    Country {
        code: "US",
        name: "United States",
        region: Region::NorthAmerica,
    },
];

/// Why a country was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CountryError {
    #[error("Choose your country.")]
    Empty,
    #[error("Choose a country from the list.")]
    Unknown,
}

impl Country {
    /// Finds a country by its code ("DE") or its name ("Germany"), ignoring case.
    pub fn parse(input: &str) -> Result<Self, CountryError> {
        let wanted = input.trim();
        if wanted.is_empty() {
            return Err(CountryError::Empty);
        }
        COUNTRIES
            .iter()
            .find(|c| {
                c.code.eq_ignore_ascii_case(wanted)
                    || c.name.to_lowercase() == wanted.to_lowercase()
            })
            .copied()
            .ok_or(CountryError::Unknown)
    }

    /// Finds a country by its stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        COUNTRIES.iter().find(|c| c.code == code).copied()
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_by_code_or_name() {
        assert_eq!(Country::parse("cz").unwrap().name, "Czechia");
        assert_eq!(Country::parse(" germany ").unwrap().code, "DE");
        assert_eq!(Country::parse("US").unwrap().region, Region::NorthAmerica);
    }

    #[test]
    fn refuses_unknown_and_empty() {
        assert_eq!(Country::parse("Atlantis"), Err(CountryError::Unknown));
        assert_eq!(Country::parse(""), Err(CountryError::Empty));
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<_> = COUNTRIES.iter().map(|c| c.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), COUNTRIES.len());
    }
}
