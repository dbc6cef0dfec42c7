//! The rules a new password must meet (NIST SP 800-63B style: length and guessability, no
//! composition rules).

use zxcvbn::{Score, zxcvbn};

/// Why a new password was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("Use at least 12 characters.")]
    TooShort,
    #[error("Use 128 characters or fewer.")]
    TooLong,
    #[error("Don't use your email address or name in your password.")]
    ContainsPersonalInfo,
    #[error("This password is too common or easy to guess. Try a few unrelated words.")]
    TooGuessable,
}

/// A password that met the rules; it is only ever hashed, never stored.
pub struct NewPassword(String);

impl NewPassword {
    /// The shortest and longest accepted lengths, in characters.
    pub const MIN: usize = 12;
    pub const MAX: usize = 128;

    /// Checks a candidate against the rules, given what the account is known by.
    pub fn parse(candidate: &str, email: &str, name: &str) -> Result<Self, PasswordError> {
        let length = candidate.chars().count();
        if length < Self::MIN {
            return Err(PasswordError::TooShort);
        }
        if length > Self::MAX {
            return Err(PasswordError::TooLong);
        }
        let lowered = candidate.to_lowercase();
        let local = email.split('@').next().unwrap_or("").to_lowercase();
        let personal = [email.to_lowercase(), local, name.trim().to_lowercase()];
        if personal
            .iter()
            .any(|p| p.chars().count() >= 3 && lowered.contains(p.as_str()))
        {
            return Err(PasswordError::ContainsPersonalInfo);
        }
        let inputs: Vec<&str> = personal
            .iter()
            .map(String::as_str)
            .chain(name.split_whitespace())
            .collect();
        if zxcvbn(candidate, &inputs).score() < Score::Three {
            return Err(PasswordError::TooGuessable);
        }
        Ok(NewPassword(candidate.to_owned()))
    }

    /// The password, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMAIL: &str = "jana.novak@prague.eu";
    const NAME: &str = "Jana Novak";

    #[test]
    fn accepts_a_long_unrelated_passphrase() {
        assert!(NewPassword::parse("lantern orbit velvet quarry", EMAIL, NAME).is_ok());
    }

    #[test]
    fn enforces_length_in_characters() {
        assert_eq!(
            NewPassword::parse("short", EMAIL, NAME).err(),
            Some(PasswordError::TooShort)
        );
        assert_eq!(
            NewPassword::parse(&"x".repeat(129), EMAIL, NAME).err(),
            Some(PasswordError::TooLong)
        );
    }

    #[test]
    fn refuses_common_passwords() {
        for common in [
            "password1234",
            "123456789012",
            "qwertyuiopas",
            "iloveyou1234",
        ] {
            assert_eq!(
                NewPassword::parse(common, EMAIL, NAME).err(),
                Some(PasswordError::TooGuessable),
                "{common}"
            );
        }
    }

    #[test]
    fn refuses_email_or_name_inside_the_password() {
        assert_eq!(
            NewPassword::parse("my jana.novak secret!", EMAIL, NAME).err(),
            Some(PasswordError::ContainsPersonalInfo)
        );
        assert_eq!(
            NewPassword::parse("xx Jana Novak rules 42", EMAIL, NAME).err(),
            Some(PasswordError::ContainsPersonalInfo)
        );
    }
}
