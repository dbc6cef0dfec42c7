//! What a member can follow, validated: a topic, a demand kind or a country by its code, or a
//! counterpart, case, playbook or partnership by its id (whose existence the store checks).

use super::case_fields::{DemandKind, Topic};
use super::country::Country;
use super::enums::text_enum;

/// The kinds of thing a member follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FollowKind {
    Topic,
    Demand,
    Country,
    Counterpart,
    Case,
    Playbook,
    Partnership,
}

text_enum!(FollowKind {
    Topic => "topic", "Topic",
    Demand => "demand", "Demand",
    Country => "country", "Country",
    Counterpart => "counterpart", "Counterpart",
    Case => "case", "Case",
    Playbook => "playbook", "Playbook",
    Partnership => "partnership", "Partnership",
});

/// Why a follow was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FollowError {
    #[error("there is nothing of that kind to follow")]
    UnknownKind,
    #[error("there is no such {0} to follow")]
    UnknownTarget(&'static str),
}

/// One thing to follow: its kind and its code or id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Followed {
    kind: FollowKind,
    target: String,
}

/// The longest id accepted (ids are UUIDs; playbooks are followed by id too).
const ID_MAX: usize = 64;

impl Followed {
    /// Reads a follow as a form sends it.
    pub fn parse(kind: &str, target: &str) -> Result<Followed, FollowError> {
        let kind = FollowKind::parse(kind).map_err(|_| FollowError::UnknownKind)?;
        let target = target.trim();
        let unknown = || FollowError::UnknownTarget(kind.noun());
        let target = match kind {
            FollowKind::Topic => Topic::parse(target).map_err(|_| unknown())?.as_str().into(),
            FollowKind::Demand => DemandKind::parse(target)
                .map_err(|_| unknown())?
                .as_str()
                .into(),
            FollowKind::Country => Country::parse(target)
                .map_err(|_| unknown())?
                .code
                .to_owned(),
            _ if !target.is_empty()
                && target.len() <= ID_MAX
                && target
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
            {
                target.to_owned()
            }
            _ => return Err(unknown()),
        };
        Ok(Followed { kind, target })
    }

    pub fn kind(&self) -> FollowKind {
        self.kind
    }

    pub fn target(&self) -> &str {
        &self.target
    }
}

impl FollowKind {
    /// The word for one thing of this kind, in a sentence.
    pub fn noun(self) -> &'static str {
        match self {
            FollowKind::Topic => "topic",
            FollowKind::Demand => "kind of demand",
            FollowKind::Country => "country",
            FollowKind::Counterpart => "counterpart",
            FollowKind::Case => "case",
            FollowKind::Playbook => "playbook",
            FollowKind::Partnership => "partnership",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_checked_and_ids_must_look_like_ids() {
        let topic = Followed::parse("topic", " taiwan ").unwrap();
        assert_eq!(
            (topic.kind(), topic.target()),
            (FollowKind::Topic, "taiwan")
        );
        assert_eq!(Followed::parse("country", "de").unwrap().target(), "DE");
        assert!(Followed::parse("topic", "atlantis").is_err());
        assert!(Followed::parse("demand", "").is_err());
        assert_eq!(Followed::parse("user", "x"), Err(FollowError::UnknownKind));
        assert!(Followed::parse("case", "0190a1b2-aaaa-7bbb-8ccc-0123456789ab").is_ok());
        for hostile in [
            "",
            "<script>",
            "a' OR '1'='1",
            &"a".repeat(65),
            "ca\u{202e}se",
        ] {
            assert!(Followed::parse("case", hostile).is_err(), "{hostile}");
        }
    }
}
