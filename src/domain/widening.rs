//! Edits to a published case: which of them widen who may read it or what its readers learn
//! about who reported it (those wait for a moderator, with the redaction check, while the
//! published version stays as it is), and which narrow it (those apply at once).
//!
//! Decided:
//! - **Readers** are compared as sets: CLEAR (everyone) ⊇ GREEN (members) ⊇ AMBER (members
//!   in its countries) ⊇ RED (nobody beyond the author and the moderators, who read every
//!   level). A proposal widens when it lets in anyone the published version keeps out: a
//!   lower level, or an AMBER audience gaining a country.
//! - **Anonymity** ranks none < hide the city < hide the city and the country; showing more
//!   widens.
//! - **Text**: while the published version hides who reported it, any change to what its
//!   readers read (title, summary, narrative, outcome, lessons learned, references) widens:
//!   it may name the city, so the redaction check must see it first. So does a new timeline
//!   entry ([`new_text_needs_review`]) and a different counterpart (its kind is shown, and a
//!   partner city's name is one of the words the redaction check looks for). While the
//!   published version shows who reported it, text changes are neutral: its readers already
//!   know. (Anonymising a published case therefore applies at once, text and all.)
//! - Topics, demand kinds, channel, response and the date are neutral.
//! - **Both at once**: an edit that narrows one thing and widens another narrows at once and
//!   waits for the rest. [`Assessment::narrowed`] is what the published version becomes now:
//!   the readers both versions allow and the more hiding anonymity; the whole proposal then
//!   waits for a moderator (its text, counterpart and neutral fields included, so that the
//!   moderator reviews one version).

use std::collections::BTreeSet;

use super::case::Reference;
use super::country::Country;
use super::sensitivity::{Anonymity, Tlp};

/// Who may read a case and how much they learn about who reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    pub tlp: Tlp,
    /// AMBER only: the countries whose members may read it, sorted.
    pub audience: Vec<String>,
    pub anonymity: Anonymity,
}

/// One version of a case, as far as widening is concerned.
#[derive(Debug, Clone, Copy)]
pub struct Version<'a> {
    pub tlp: Tlp,
    pub audience: &'a [String],
    pub anonymity: Anonymity,
    pub title: &'a str,
    pub summary: &'a str,
    pub narrative: &'a str,
    pub outcome: &'a str,
    pub lessons: &'a str,
    pub references: &'a [Reference],
    /// The registry entry it names (its id), or a description of a new one.
    pub counterpart: &'a str,
}

impl Version<'_> {
    /// Its level, audience and anonymity.
    pub fn exposure(&self) -> Exposure {
        Exposure::new(self.tlp, self.audience, self.anonymity)
    }
}

impl Exposure {
    /// The audience is kept only for AMBER, sorted and without repeats.
    pub fn new(tlp: Tlp, audience: &[String], anonymity: Anonymity) -> Self {
        let audience = if tlp == Tlp::Amber {
            audience
                .iter()
                .cloned()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect()
        } else {
            Vec::new()
        };
        Exposure {
            tlp,
            audience,
            anonymity,
        }
    }
}

/// One way a proposal reaches further than the published version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Widening {
    /// Readers the published level keeps out may read it.
    LowerLevel { from: Tlp, to: Tlp },
    /// The AMBER audience gains these countries.
    WiderAudience { added: Vec<String> },
    /// Less of who reported it is hidden.
    LessAnonymity { from: Anonymity, to: Anonymity },
    /// Text of a case that hides who reported it changes (the parts named).
    NewText { parts: Vec<&'static str> },
    /// A case that hides who reported it names a different counterpart.
    NewCounterpart,
    /// New timeline entries on a case that hides who reported it.
    NewTimelineEntries(usize),
}

fn country_names(codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| Country::from_code(c).map_or(c.as_str(), |c| c.name))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Widening {
    /// One sentence for the author and the moderators.
    pub fn describe(&self) -> String {
        match self {
            Widening::LowerLevel { from, to } => {
                format!("Lowers the level from {} to {}.", from.label(), to.label())
            }
            Widening::WiderAudience { added } => format!(
                "Shares the case with members in {} as well.",
                country_names(added)
            ),
            Widening::LessAnonymity { from, to } => format!(
                "Shows more of who reported it: “{}” instead of “{}”.",
                to.label(),
                from.label()
            ),
            Widening::NewText { parts } => format!(
                "Changes text that readers who do not know who reported the case read: {}.",
                parts.join(", ")
            ),
            Widening::NewCounterpart => {
                "Names a different counterpart on a case that hides who reported it.".to_owned()
            }
            Widening::NewTimelineEntries(n) => format!(
                "Adds {n} timeline entr{} to a case that hides who reported it.",
                if *n == 1 { "y" } else { "ies" }
            ),
        }
    }
}

/// What an edit to a published case does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// Every way it widens; empty when the edit may apply at once.
    pub widenings: Vec<Widening>,
    /// What the published version's level, audience and anonymity become at once: the
    /// proposal's where it narrows, the published ones where it widens. Equal to the
    /// proposal's when nothing widens.
    pub narrowed: Exposure,
}

impl Assessment {
    /// True when the edit must wait for a moderator.
    pub fn widens(&self) -> bool {
        !self.widenings.is_empty()
    }
}

/// Who may read, as a set (moderators and the author always may).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Readers {
    Everyone,
    Members,
    /// Members in these countries; none for RED.
    Countries(BTreeSet<String>),
}

fn readers(exposure: &Exposure) -> Readers {
    match exposure.tlp {
        Tlp::Clear => Readers::Everyone,
        Tlp::Green => Readers::Members,
        Tlp::Amber => Readers::Countries(exposure.audience.iter().cloned().collect()),
        Tlp::Red => Readers::Countries(BTreeSet::new()),
    }
}

/// `a` ⊆ `b`.
fn within(a: &Readers, b: &Readers) -> bool {
    match (a, b) {
        (_, Readers::Everyone) => true,
        (Readers::Everyone, _) => false,
        (_, Readers::Members) => true,
        (Readers::Members, Readers::Countries(_)) => false,
        (Readers::Countries(x), Readers::Countries(y)) => x.is_subset(y),
    }
}

/// The readers and anonymity both allow: what a narrowing-and-widening edit applies at once.
pub fn meet(a: &Exposure, b: &Exposure) -> Exposure {
    let readers = match (readers(a), readers(b)) {
        (Readers::Everyone, other) | (other, Readers::Everyone) => other,
        (Readers::Members, other) | (other, Readers::Members) => other,
        (Readers::Countries(x), Readers::Countries(y)) => {
            Readers::Countries(x.intersection(&y).cloned().collect())
        }
    };
    let anonymity = if a.anonymity.hiding() >= b.anonymity.hiding() {
        a.anonymity
    } else {
        b.anonymity
    };
    let (tlp, audience) = match readers {
        Readers::Everyone => (Tlp::Clear, Vec::new()),
        Readers::Members => (Tlp::Green, Vec::new()),
        // AMBER for nobody is RED: the author and the moderators.
        Readers::Countries(set) if set.is_empty() => (Tlp::Red, Vec::new()),
        Readers::Countries(set) => (Tlp::Amber, set.into_iter().collect()),
    };
    Exposure {
        tlp,
        audience,
        anonymity,
    }
}

/// True when new text on a case published with this anonymity must be checked by a moderator
/// before readers see it (a new timeline entry, for one).
pub fn new_text_needs_review(published: Anonymity) -> bool {
    published != Anonymity::None
}

/// Compares the published version with the proposed one.
pub fn assess(published: &Version<'_>, proposed: &Version<'_>) -> Assessment {
    let (before, after) = (published.exposure(), proposed.exposure());
    let mut widenings = Vec::new();
    if !within(&readers(&after), &readers(&before)) {
        if before.tlp == Tlp::Amber && after.tlp == Tlp::Amber {
            let added = after
                .audience
                .iter()
                .filter(|c| !before.audience.contains(c))
                .cloned()
                .collect();
            widenings.push(Widening::WiderAudience { added });
        } else {
            widenings.push(Widening::LowerLevel {
                from: before.tlp,
                to: after.tlp,
            });
        }
    }
    if after.anonymity.hiding() < before.anonymity.hiding() {
        widenings.push(Widening::LessAnonymity {
            from: before.anonymity,
            to: after.anonymity,
        });
    }
    if new_text_needs_review(published.anonymity) {
        let texts = [
            ("Title", published.title, proposed.title),
            ("Summary", published.summary, proposed.summary),
            ("Narrative", published.narrative, proposed.narrative),
            ("Outcome", published.outcome, proposed.outcome),
            ("Lessons learned", published.lessons, proposed.lessons),
        ];
        let mut parts: Vec<&'static str> = texts
            .iter()
            .filter(|(_, old, new)| old.trim() != new.trim())
            .map(|(part, _, _)| *part)
            .collect();
        if published.references != proposed.references {
            parts.push("References");
        }
        if !parts.is_empty() {
            widenings.push(Widening::NewText { parts });
        }
        if published.counterpart != proposed.counterpart {
            widenings.push(Widening::NewCounterpart);
        }
    }
    Assessment {
        widenings,
        narrowed: meet(&before, &after),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|c| (*c).to_owned()).collect()
    }

    const NO_REFERENCES: &[Reference] = &[];

    fn version<'a>(tlp: Tlp, audience: &'a [String], anonymity: Anonymity) -> Version<'a> {
        Version {
            tlp,
            audience,
            anonymity,
            title: "Embassy letter",
            summary: "A letter came.",
            narrative: "The embassy wrote.",
            outcome: "",
            lessons: "",
            references: NO_REFERENCES,
            counterpart: "cp-1",
        }
    }

    fn levels(published: Tlp, proposed: Tlp) -> Assessment {
        let aud = codes(&["CZ"]);
        assess(
            &version(published, &aud, Anonymity::None),
            &version(proposed, &aud, Anonymity::None),
        )
    }

    #[test]
    fn a_lower_level_widens_and_a_higher_one_narrows() {
        for (i, from) in Tlp::ALL.iter().enumerate() {
            for (j, to) in Tlp::ALL.iter().enumerate() {
                let a = levels(*from, *to);
                assert_eq!(a.widens(), j < i, "{from:?} -> {to:?}");
                if j < i {
                    assert_eq!(
                        a.widenings,
                        vec![Widening::LowerLevel {
                            from: *from,
                            to: *to
                        }]
                    );
                    assert_eq!(a.narrowed.tlp, *from, "the published level stays");
                } else {
                    assert_eq!(a.narrowed.tlp, *to, "narrowing applies at once");
                }
            }
        }
    }

    #[test]
    fn an_amber_audience_gaining_a_country_widens() {
        let (cz, cz_sk, sk_pl) = (codes(&["CZ"]), codes(&["CZ", "SK"]), codes(&["PL", "SK"]));
        let gain = assess(
            &version(Tlp::Amber, &cz, Anonymity::None),
            &version(Tlp::Amber, &cz_sk, Anonymity::None),
        );
        assert_eq!(
            gain.widenings,
            vec![Widening::WiderAudience {
                added: codes(&["SK"])
            }]
        );
        assert_eq!(gain.narrowed.audience, cz);
        assert!(gain.widenings[0].describe().contains("Slovakia"));
        let loss = assess(
            &version(Tlp::Amber, &cz_sk, Anonymity::None),
            &version(Tlp::Amber, &cz, Anonymity::None),
        );
        assert!(!loss.widens());
        assert_eq!(loss.narrowed.audience, cz);
        // Swapping countries: those who lose it lose it now; the new ones wait.
        let swap = assess(
            &version(Tlp::Amber, &cz_sk, Anonymity::None),
            &version(Tlp::Amber, &sk_pl, Anonymity::None),
        );
        assert_eq!(
            swap.widenings,
            vec![Widening::WiderAudience {
                added: codes(&["PL"])
            }]
        );
        assert_eq!(swap.narrowed.tlp, Tlp::Amber);
        assert_eq!(swap.narrowed.audience, codes(&["SK"]));
        let disjoint = assess(
            &version(Tlp::Amber, &cz, Anonymity::None),
            &version(Tlp::Amber, &codes(&["PL"]), Anonymity::None),
        );
        assert_eq!(disjoint.narrowed.tlp, Tlp::Red, "AMBER for nobody is RED");
        // GREEN to AMBER narrows whatever the countries; AMBER to GREEN widens.
        assert!(
            !assess(
                &version(Tlp::Green, &[], Anonymity::None),
                &version(Tlp::Amber, &sk_pl, Anonymity::None)
            )
            .widens()
        );
        assert!(
            assess(
                &version(Tlp::Amber, &sk_pl, Anonymity::None),
                &version(Tlp::Green, &[], Anonymity::None)
            )
            .widens()
        );
        // The audience of another level means nothing.
        assert!(
            !assess(
                &version(Tlp::Green, &cz, Anonymity::None),
                &version(Tlp::Green, &sk_pl, Anonymity::None)
            )
            .widens()
        );
    }

    #[test]
    fn showing_more_of_who_reported_it_widens() {
        use Anonymity::*;
        for (from, to, widens) in [
            (HideCityAndCountry, HideCity, true),
            (HideCityAndCountry, None, true),
            (HideCity, None, true),
            (None, HideCity, false),
            (HideCity, HideCityAndCountry, false),
            (HideCity, HideCity, false),
        ] {
            let a = assess(
                &version(Tlp::Green, &[], from),
                &version(Tlp::Green, &[], to),
            );
            assert_eq!(
                a.widenings.contains(&Widening::LessAnonymity { from, to }),
                widens,
                "{from:?} -> {to:?}"
            );
            assert_eq!(
                a.narrowed.anonymity.hiding(),
                from.hiding().max(to.hiding())
            );
        }
    }

    #[test]
    fn new_text_on_an_anonymised_case_widens() {
        let published = version(Tlp::Green, &[], Anonymity::HideCity);
        let mut proposed = published;
        proposed.narrative = "The mayor of Brno received the embassy.";
        proposed.title = "Embassy letter to Brno";
        let a = assess(&published, &proposed);
        assert_eq!(
            a.widenings,
            vec![Widening::NewText {
                parts: vec!["Title", "Narrative"]
            }]
        );
        let references = [Reference {
            title: "Minutes".into(),
            url: "https://brno.example/minutes".into(),
        }];
        let mut with_link = published;
        with_link.references = &references;
        assert_eq!(
            assess(&published, &with_link).widenings,
            vec![Widening::NewText {
                parts: vec!["References"]
            }]
        );
        let mut other_counterpart = published;
        other_counterpart.counterpart = "cp-2";
        assert_eq!(
            assess(&published, &other_counterpart).widenings,
            vec![Widening::NewCounterpart]
        );
        // Whitespace at the ends is not a change.
        let mut spaced = published;
        spaced.summary = "  A letter came.\n";
        assert!(!assess(&published, &spaced).widens());
    }

    #[test]
    fn new_text_on_a_case_that_shows_its_author_is_neutral() {
        let published = version(Tlp::Green, &[], Anonymity::None);
        let mut proposed = published;
        proposed.narrative = "Rewritten.";
        proposed.counterpart = "cp-2";
        assert!(!assess(&published, &proposed).widens());
        // Anonymising applies at once, new text included.
        proposed.anonymity = Anonymity::HideCity;
        let a = assess(&published, &proposed);
        assert!(!a.widens());
        assert_eq!(a.narrowed, proposed.exposure());
        assert!(!new_text_needs_review(Anonymity::None));
        assert!(new_text_needs_review(Anonymity::HideCity));
    }

    #[test]
    fn an_edit_that_narrows_and_widens_narrows_at_once_and_waits_for_the_rest() {
        // A raised level with new text on an anonymised case.
        let published = version(Tlp::Green, &[], Anonymity::HideCity);
        let cz = codes(&["CZ"]);
        let mut proposed = version(Tlp::Amber, &cz, Anonymity::HideCity);
        proposed.outcome = "Brno declined.";
        let a = assess(&published, &proposed);
        assert!(a.widens());
        assert_eq!(
            a.narrowed,
            Exposure::new(Tlp::Amber, &cz, Anonymity::HideCity)
        );
        // A lower level with more anonymity: the anonymity now, the level later.
        let a = assess(
            &version(Tlp::Amber, &cz, Anonymity::None),
            &version(Tlp::Clear, &[], Anonymity::HideCityAndCountry),
        );
        assert_eq!(
            a.widenings,
            vec![Widening::LowerLevel {
                from: Tlp::Amber,
                to: Tlp::Clear
            }]
        );
        assert_eq!(
            a.narrowed,
            Exposure::new(Tlp::Amber, &cz, Anonymity::HideCityAndCountry)
        );
    }

    #[test]
    fn neutral_fields_never_widen() {
        let published = version(Tlp::Red, &[], Anonymity::HideCityAndCountry);
        let proposed = published;
        let a = assess(&published, &proposed);
        assert!(!a.widens());
        assert_eq!(a.narrowed, published.exposure());
    }
}
