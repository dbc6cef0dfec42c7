//! Email addresses as accounts use them.

use std::fmt;

/// Why an email address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Enter your email address.")]
    Empty,
    #[error("Keep the email address to 254 characters or fewer.")]
    TooLong,
    #[error("Enter an email address like name@city.example.")]
    Malformed,
}

/// A syntactically valid address, trimmed and lower-cased so one person has one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Validates and normalises an address typed by a user.
    pub fn parse(input: &str) -> Result<Self, EmailError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.len() > 254 {
            return Err(EmailError::TooLong);
        }
        let lowered = trimmed.to_lowercase();
        // The crate accepts quoted local parts and IP-literal domains; officials' addresses
        // never need them, and refusing them keeps the value safe to put in a mail header.
        let plain = lowered
            .chars()
            .all(|c| c.is_alphanumeric() || "@.!#$%&'*+/=?^_`{|}~-".contains(c));
        let (_, domain) = lowered.rsplit_once('@').ok_or(EmailError::Malformed)?;
        if !plain || !domain.contains('.') || !email_address::EmailAddress::is_valid(&lowered) {
            return Err(EmailError::Malformed);
        }
        Ok(EmailAddress(lowered))
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(local, _)| local)
    }

    /// The part after the `@`, e.g. `prague.eu`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Normalises an email domain typed by an admin for the auto-approval list.
pub fn parse_domain(input: &str) -> Result<String, EmailError> {
    let domain = input.trim().trim_start_matches('@').to_lowercase();
    if domain.is_empty() {
        return Err(EmailError::Empty);
    }
    EmailAddress::parse(&format!("x@{domain}")).map(|e| e.domain().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_whitespace() {
        let e = EmailAddress::parse("  Jana.Novak@Prague.EU ").unwrap();
        assert_eq!(e.as_str(), "jana.novak@prague.eu");
        assert_eq!(e.domain(), "prague.eu");
        assert_eq!(e.local_part(), "jana.novak");
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in [
            "jana",
            "jana@",
            "@prague.eu",
            "jana@localhost",
            "a b@c.eu",
            "\"x\"@c.eu",
            "a@[127.0.0.1]",
            "a@b.eu\r\nBcc: x@y.eu",
        ] {
            assert_eq!(
                EmailAddress::parse(bad),
                Err(EmailError::Malformed),
                "{bad}"
            );
        }
    }

    #[test]
    fn refuses_empty_and_overlong() {
        assert_eq!(EmailAddress::parse(" "), Err(EmailError::Empty));
        let long = format!("{}@city.eu", "a".repeat(250));
        assert_eq!(EmailAddress::parse(&long), Err(EmailError::TooLong));
    }

    #[test]
    fn parses_allowlist_domains() {
        assert_eq!(parse_domain("@Prague.EU").unwrap(), "prague.eu");
        assert!(parse_domain("not a domain").is_err());
    }
}
