//! The structured fields of a case: every enumeration lives here, stored as text.

use super::enums::text_enum;

/// What a case is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Topic {
    Taiwan,
    Tibet,
    Xinjiang,
    HongKong,
    Tiananmen,
    Dissidents,
    FalunGong,
    BeltAndRoad,
    Covid19,
    Technology,
    AcademicFreedom,
    Other,
}

text_enum!(Topic {
    Taiwan => "taiwan", "Taiwan",
    Tibet => "tibet", "Tibet",
    Xinjiang => "xinjiang", "Xinjiang / Uyghurs",
    HongKong => "hong_kong", "Hong Kong",
    Tiananmen => "tiananmen", "Tiananmen",
    Dissidents => "dissidents", "Dissidents and political prisoners",
    FalunGong => "falun_gong", "Falun Gong",
    BeltAndRoad => "belt_and_road", "Belt and Road",
    Covid19 => "covid19", "COVID-19",
    Technology => "technology", "Technology and surveillance",
    AcademicFreedom => "academic_freedom", "Academic freedom",
    Other => "other", "Other",
});

/// Who made the demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CounterpartKind {
    Embassy,
    Consulate,
    PartnerCity,
    ProvincialFao,
    FriendshipAssociation,
    Company,
    University,
    Media,
    Unknown,
}

text_enum!(CounterpartKind {
    Embassy => "embassy", "Embassy",
    Consulate => "consulate", "Consulate",
    PartnerCity => "partner_city", "Partner-city government",
    ProvincialFao => "provincial_fao", "Provincial foreign affairs office",
    FriendshipAssociation => "friendship_association", "Friendship association",
    Company => "company", "Company",
    University => "university", "University / Confucius Institute",
    Media => "media", "Media",
    Unknown => "unknown", "Unknown",
});

/// What the counterpart asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DemandKind {
    CancelEvent,
    RemoveSymbol,
    RefuseMeeting,
    ChangeWording,
    EndorsePolicy,
    RestrictGroup,
    EndTaiwanContacts,
    Threat,
    Inducement,
    InformationRequest,
    Other,
}

text_enum!(DemandKind {
    CancelEvent => "cancel_event", "Cancel or move an event",
    RemoveSymbol => "remove_symbol", "Remove a flag or symbol",
    RefuseMeeting => "refuse_meeting", "Refuse a meeting or visit",
    ChangeWording => "change_wording", "Change wording or maps",
    EndorsePolicy => "endorse_policy", "Endorse or praise a policy",
    RestrictGroup => "restrict_group", "Restrict a civil-society group",
    EndTaiwanContacts => "end_taiwan_contacts", "End contacts with Taiwan",
    Threat => "threat", "Threat or retaliation",
    Inducement => "inducement", "Inducement, gift or funding offer",
    InformationRequest => "information_request", "Information request",
    Other => "other", "Other",
});

/// How the demand reached the city.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    Letter,
    Email,
    Meeting,
    Phone,
    SocialMedia,
    ThirdParty,
}

text_enum!(Channel {
    Letter => "letter", "Letter",
    Email => "email", "Email",
    Meeting => "meeting", "Meeting",
    Phone => "phone", "Phone",
    SocialMedia => "social_media", "Social media",
    ThirdParty => "third_party", "Via a third party",
});

/// How the city responded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CaseResponse {
    Declined,
    Complied,
    PartlyComplied,
    Negotiated,
    NoResponseYet,
}

text_enum!(CaseResponse {
    Declined => "declined", "Declined",
    Complied => "complied", "Complied",
    PartlyComplied => "partly_complied", "Partly complied",
    Negotiated => "negotiated", "Negotiated",
    NoResponseYet => "no_response_yet", "No response yet",
});

/// Topics as a bit set (bit i is `Topic::ALL[i]`), as stored in `cases.topic_mask`.
pub fn topic_mask(topics: &[Topic]) -> i64 {
    bits(Topic::ALL, topics)
}

/// Demand kinds as a bit set (bit i is `DemandKind::ALL[i]`), as in `cases.demand_mask`.
pub fn demand_mask(demands: &[DemandKind]) -> i64 {
    bits(DemandKind::ALL, demands)
}

fn bits<T: PartialEq>(all: &[T], chosen: &[T]) -> i64 {
    all.iter()
        .enumerate()
        .filter(|(_, v)| chosen.contains(v))
        .fold(0, |mask, (i, _)| mask | (1 << i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_positions_match_the_stored_masks() {
        // Migration 000006 wrote these positions into existing rows: append new values only.
        let topics: Vec<&str> = Topic::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(
            topics,
            [
                "taiwan",
                "tibet",
                "xinjiang",
                "hong_kong",
                "tiananmen",
                "dissidents",
                "falun_gong",
                "belt_and_road",
                "covid19",
                "technology",
                "academic_freedom",
                "other"
            ]
        );
        let demands: Vec<&str> = DemandKind::ALL.iter().map(|d| d.as_str()).collect();
        assert_eq!(
            demands,
            [
                "cancel_event",
                "remove_symbol",
                "refuse_meeting",
                "change_wording",
                "endorse_policy",
                "restrict_group",
                "end_taiwan_contacts",
                "threat",
                "inducement",
                "information_request",
                "other"
            ]
        );
        assert_eq!(topic_mask(&[Topic::Taiwan, Topic::HongKong]), 1 | 8);
        assert_eq!(demand_mask(&[DemandKind::Other]), 1024);
    }

    #[test]
    fn every_enumeration_round_trips_and_refuses_unknown_values() {
        for t in Topic::ALL {
            assert_eq!(Topic::parse(t.as_str()), Ok(*t));
        }
        for k in CounterpartKind::ALL {
            assert_eq!(CounterpartKind::parse(k.as_str()), Ok(*k));
        }
        for d in DemandKind::ALL {
            assert_eq!(DemandKind::parse(d.as_str()), Ok(*d));
        }
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Ok(*c));
        }
        for r in CaseResponse::ALL {
            assert_eq!(CaseResponse::parse(r.as_str()), Ok(*r));
        }
        assert!(
            Topic::parse("Taiwan").is_err(),
            "labels are not stored forms"
        );
        assert!(DemandKind::parse("' OR 1=1").is_err());
    }
}
