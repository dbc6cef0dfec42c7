//! The sensitivity policy: who may read a case and whose identity they see. Every surface
//! (pages, lists, search, feeds, exports, emails) asks this module, directly or through the
//! SQL filter in `db::cases` that mirrors [`can_read`] and is tested against it.

use super::country::{Country, Region};
use super::enums::text_enum;
use super::playbook::PlaybookStatus;
use super::sensitivity::{Anonymity, Tlp};

/// Where a case is in its workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseStatus {
    Draft,
    Submitted,
    Published,
    Returned,
}

text_enum!(CaseStatus {
    Draft => "draft", "Draft",
    Submitted => "submitted", "Waiting for a moderator",
    Published => "published", "Published",
    Returned => "returned", "Returned to the author",
});

/// What the policy needs to know about the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader<'a> {
    /// Not signed in (or suspended: a suspended account counts as a visitor).
    Visitor,
    /// An active member; `city` is their city's id, `country` its country code.
    Member {
        id: &'a str,
        city: &'a str,
        country: &'a str,
        moderates: bool,
    },
}

impl<'a> Reader<'a> {
    fn id(&self) -> Option<&'a str> {
        match self {
            Reader::Visitor => None,
            Reader::Member { id, .. } => Some(id),
        }
    }

    /// True for moderators and admins.
    pub fn moderates(&self) -> bool {
        matches!(
            self,
            Reader::Member {
                moderates: true,
                ..
            }
        )
    }
}

/// What the policy needs to know about a case.
#[derive(Debug, Clone, Copy)]
pub struct Sensitivity<'a> {
    pub author_id: &'a str,
    pub status: CaseStatus,
    pub tlp: Tlp,
    /// For AMBER: the country codes whose members may read it.
    pub audience: &'a [String],
    pub anonymity: Anonymity,
}

/// True when the reader wrote the case.
pub fn is_author(reader: Reader<'_>, case: &Sensitivity<'_>) -> bool {
    reader.id() == Some(case.author_id)
}

/// May this reader see this case at all (page, lists, search, counts, feeds, exports, emails)?
pub fn can_read(reader: Reader<'_>, case: &Sensitivity<'_>) -> bool {
    if is_author(reader, case) {
        return true;
    }
    match case.status {
        CaseStatus::Published => {}
        // Moderators review what was submitted; drafts and returned cases stay the author's.
        CaseStatus::Submitted => return reader.moderates(),
        CaseStatus::Draft | CaseStatus::Returned => return false,
    }
    level_allows(reader, case.tlp, case.audience)
}

/// The sensitivity levels alone: CLEAR for everyone, GREEN for members, AMBER for members of
/// the listed countries, RED for moderators (moderators read every level).
fn level_allows(reader: Reader<'_>, tlp: Tlp, audience: &[String]) -> bool {
    match (tlp, reader) {
        (Tlp::Clear, _) => true,
        (_, Reader::Visitor) => false,
        (Tlp::Green, Reader::Member { .. }) => true,
        (
            Tlp::Amber,
            Reader::Member {
                country, moderates, ..
            },
        ) => moderates || audience.iter().any(|c| c == country),
        (Tlp::Red, Reader::Member { moderates, .. }) => moderates,
    }
}

/// May this reader see this playbook? Drafts are the moderators'; published and archived
/// playbooks follow the levels as cases do.
pub fn can_read_playbook(
    reader: Reader<'_>,
    status: PlaybookStatus,
    tlp: Tlp,
    audience: &[String],
) -> bool {
    match status {
        PlaybookStatus::Draft => reader.moderates(),
        PlaybookStatus::Published | PlaybookStatus::Archived => level_allows(reader, tlp, audience),
    }
}

/// What the policy needs to know about a record a city owns: an agreement (with its
/// versions, clauses, flags and annotations) or a partnership.
#[derive(Debug, Clone, Copy)]
pub struct CityRecord<'a> {
    pub city_id: &'a str,
    pub tlp: Tlp,
    /// For AMBER: the country codes whose members may read it.
    pub audience: &'a [String],
}

/// True when the reader is a member of the city that owns the record.
pub fn of_owning_city(reader: Reader<'_>, record: &CityRecord<'_>) -> bool {
    matches!(reader, Reader::Member { city, .. } if city == record.city_id)
}

/// May this reader see a city's agreement or partnership? The levels as for cases, and the
/// owning city's members always.
pub fn can_read_city_record(reader: Reader<'_>, record: &CityRecord<'_>) -> bool {
    of_owning_city(reader, record) || level_allows(reader, record.tlp, record.audience)
}

/// May this reader change it (details, texts, the clause split)? Its city's members and
/// moderators.
pub fn can_edit_city_record(reader: Reader<'_>, record: &CityRecord<'_>) -> bool {
    of_owning_city(reader, record) || reader.moderates()
}

/// May this reader annotate a clause of it? Every member who may read it.
pub fn can_annotate(reader: Reader<'_>, record: &CityRecord<'_>) -> bool {
    matches!(reader, Reader::Member { .. }) && can_read_city_record(reader, record)
}

/// May this reader see an annotation? Readers of the agreement; one its author kept to the
/// owning city, only that city's members.
pub fn can_read_annotation(reader: Reader<'_>, record: &CityRecord<'_>, city_only: bool) -> bool {
    can_read_city_record(reader, record) && (!city_only || of_owning_city(reader, record))
}

/// May this reader add or change rules of the clause library? Moderators: the library is
/// shared guidance for every city. Everyone may read it.
pub fn can_curate_rules(reader: Reader<'_>) -> bool {
    reader.moderates()
}

/// Does this reader see who reported the case (city, country, author)?
pub fn sees_identity(reader: Reader<'_>, case: &Sensitivity<'_>) -> bool {
    case.anonymity == Anonymity::None || is_author(reader, case) || reader.moderates()
}

/// May this reader see a comment written while the case stood at `written_under` (its level,
/// AMBER audience and anonymity then; always a published state)? Only when they may read the
/// case now, could have read it then, and, unless they see who reported it, the case hid at
/// least as much about its author then as it does now: a comment written while the city was
/// shown may name it.
pub fn can_read_comment(
    reader: Reader<'_>,
    now: &Sensitivity<'_>,
    written_under: &Sensitivity<'_>,
) -> bool {
    can_read(reader, now)
        && can_read(reader, written_under)
        && (sees_identity(reader, now)
            || written_under.anonymity.hiding() >= now.anonymity.hiding())
}

/// How the reporting place is named to a reader: "Prague, Czechia", "a city in Czechia" or
/// "a city in Europe".
pub fn place_label(
    anonymity: Anonymity,
    city: &str,
    country_code: &str,
    identity_visible: bool,
) -> String {
    let country = Country::from_code(country_code);
    let country_name = country.map_or(country_code, |c| c.name);
    let region = country.map_or(Region::Europe, |c| c.region);
    match (identity_visible, anonymity) {
        (true, _) | (false, Anonymity::None) => format!("{city}, {country_name}"),
        (false, Anonymity::HideCity) => format!("a city in {country_name}"),
        (false, Anonymity::HideCityAndCountry) => format!("a city in {}", region.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AUTHOR: &str = "author";

    fn case(
        status: CaseStatus,
        tlp: Tlp,
        audience: &[String],
        anonymity: Anonymity,
    ) -> Sensitivity<'_> {
        Sensitivity {
            author_id: AUTHOR,
            status,
            tlp,
            audience,
            anonymity,
        }
    }

    fn member(country: &str) -> Reader<'_> {
        Reader::Member {
            id: "someone",
            city: "elsewhere",
            country,
            moderates: false,
        }
    }

    const MODERATOR: Reader<'static> = Reader::Member {
        id: "mod",
        city: "paris",
        country: "FR",
        moderates: true,
    };
    const AUTHOR_READER: Reader<'static> = Reader::Member {
        id: AUTHOR,
        city: "prague",
        country: "CZ",
        moderates: false,
    };

    #[test]
    fn published_levels_follow_tlp() {
        let audience = vec!["CZ".to_owned(), "SK".to_owned()];
        let table = [
            (Tlp::Clear, [true, true, true, true, true]),
            (Tlp::Green, [false, true, true, true, true]),
            (Tlp::Amber, [false, false, true, true, true]),
            (Tlp::Red, [false, false, false, true, true]),
        ];
        for (tlp, expected) in table {
            let c = case(CaseStatus::Published, tlp, &audience, Anonymity::None);
            let readers = [
                Reader::Visitor,
                member("DE"),
                member("SK"),
                MODERATOR,
                AUTHOR_READER,
            ];
            for (reader, want) in readers.into_iter().zip(expected) {
                assert_eq!(can_read(reader, &c), want, "{tlp:?} {reader:?}");
            }
        }
    }

    #[test]
    fn unpublished_cases_stay_with_author_and_moderators() {
        for status in [CaseStatus::Draft, CaseStatus::Returned] {
            let c = case(status, Tlp::Clear, &[], Anonymity::None);
            assert!(can_read(AUTHOR_READER, &c));
            assert!(!can_read(MODERATOR, &c));
            assert!(!can_read(member("CZ"), &c));
            assert!(!can_read(Reader::Visitor, &c));
        }
        let submitted = case(CaseStatus::Submitted, Tlp::Clear, &[], Anonymity::None);
        assert!(can_read(MODERATOR, &submitted));
        assert!(!can_read(member("CZ"), &submitted));
    }

    #[test]
    fn anonymity_hides_identity_except_from_author_and_moderators() {
        let c = case(CaseStatus::Published, Tlp::Clear, &[], Anonymity::HideCity);
        assert!(!sees_identity(member("CZ"), &c));
        assert!(!sees_identity(Reader::Visitor, &c));
        assert!(sees_identity(MODERATOR, &c));
        assert!(sees_identity(AUTHOR_READER, &c));
        let open = case(CaseStatus::Published, Tlp::Clear, &[], Anonymity::None);
        assert!(sees_identity(Reader::Visitor, &open));
    }

    #[test]
    fn comments_reach_only_readers_of_the_case_then_and_now() {
        let cz = vec!["CZ".to_owned()];
        let red = case(CaseStatus::Published, Tlp::Red, &[], Anonymity::None);
        let green = case(CaseStatus::Published, Tlp::Green, &[], Anonymity::None);
        let amber = case(CaseStatus::Published, Tlp::Amber, &cz, Anonymity::None);
        // Written under RED, read under GREEN: only the author and moderators.
        assert!(!can_read_comment(member("DE"), &green, &red));
        assert!(can_read_comment(MODERATOR, &green, &red));
        assert!(can_read_comment(AUTHOR_READER, &green, &red));
        // Written under AMBER for CZ: a CZ member yes, a DE member no, even now it is GREEN.
        assert!(can_read_comment(member("CZ"), &green, &amber));
        assert!(!can_read_comment(member("DE"), &green, &amber));
        // Written under GREEN, the case now AMBER: the GREEN reader outside the audience
        // cannot read the case at all any more.
        assert!(!can_read_comment(member("DE"), &amber, &green));
        assert!(can_read_comment(member("CZ"), &amber, &green));
        assert!(can_read_comment(member("DE"), &green, &green));
        assert!(!can_read_comment(Reader::Visitor, &green, &green));
    }

    #[test]
    fn comments_written_while_the_city_showed_stay_with_those_who_see_it() {
        let shown = case(CaseStatus::Published, Tlp::Green, &[], Anonymity::None);
        let city = case(CaseStatus::Published, Tlp::Green, &[], Anonymity::HideCity);
        let region = case(
            CaseStatus::Published,
            Tlp::Green,
            &[],
            Anonymity::HideCityAndCountry,
        );
        // Anonymised after the comment: it may name the city.
        assert!(!can_read_comment(member("DE"), &city, &shown));
        assert!(!can_read_comment(member("DE"), &region, &city));
        assert!(can_read_comment(MODERATOR, &region, &shown));
        assert!(can_read_comment(AUTHOR_READER, &region, &shown));
        // Written while more was hidden: nothing new.
        assert!(can_read_comment(member("DE"), &city, &region));
        assert!(can_read_comment(member("DE"), &shown, &region));
        assert!(can_read_comment(member("DE"), &city, &city));
    }

    #[test]
    fn the_owning_city_always_reads_its_records() {
        let audience = vec!["SK".to_owned()];
        let prague_member = Reader::Member {
            id: "peer",
            city: "prague",
            country: "CZ",
            moderates: false,
        };
        let readers = [
            Reader::Visitor,
            member("DE"),
            member("SK"),
            MODERATOR,
            prague_member,
        ];
        let table = [
            (Tlp::Clear, [true, true, true, true, true]),
            (Tlp::Green, [false, true, true, true, true]),
            (Tlp::Amber, [false, false, true, true, true]),
            (Tlp::Red, [false, false, false, true, true]),
        ];
        for (tlp, expected) in table {
            let record = CityRecord {
                city_id: "prague",
                tlp,
                audience: &audience,
            };
            for (reader, want) in readers.into_iter().zip(expected) {
                assert_eq!(
                    can_read_city_record(reader, &record),
                    want,
                    "{tlp:?} {reader:?}"
                );
                assert_eq!(
                    can_annotate(reader, &record),
                    want && reader != Reader::Visitor
                );
                assert!(!can_read_annotation(reader, &record, true) || reader == prague_member);
            }
            assert!(can_edit_city_record(prague_member, &record));
            assert!(can_edit_city_record(MODERATOR, &record));
            assert!(!can_edit_city_record(member("SK"), &record));
            assert!(can_read_annotation(prague_member, &record, true));
            assert!(!can_read_annotation(MODERATOR, &record, true));
        }
    }

    #[test]
    fn place_labels_hide_what_the_author_chose() {
        assert_eq!(
            place_label(Anonymity::None, "Prague", "CZ", false),
            "Prague, Czechia"
        );
        assert_eq!(
            place_label(Anonymity::HideCity, "Prague", "CZ", false),
            "a city in Czechia"
        );
        assert_eq!(
            place_label(Anonymity::HideCityAndCountry, "Prague", "CZ", false),
            "a city in Europe"
        );
        assert_eq!(
            place_label(Anonymity::HideCityAndCountry, "Seattle", "US", false),
            "a city in North America"
        );
        assert_eq!(
            place_label(Anonymity::HideCityAndCountry, "Prague", "CZ", true),
            "Prague, Czechia"
        );
    }
}
